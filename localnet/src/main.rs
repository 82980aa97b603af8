//! `lever-localnet`: a real Solana validator (agave's test validator, in this process)
//! with lever deployed through the upgradeable loader under a local upgrade authority,
//! SPL Token, Token-2022 and ATA in genesis, and a faucet, serving JSON-RPC and
//! websockets on 127.0.0.1. Prints the endpoints, the program id and where the
//! keypairs are, then one JSON line (`{"ready": ...}`) that scripts and tests read.
//! Ctrl-C (or SIGTERM) stops it cleanly.
//!
//! Collateral: a 6-decimal test USDC mint at a fixed address ([`LOCAL_USDC_MINT`], as
//! `migrations/localnet.json` names it), its mint authority the upgrade authority, so
//! the operator can fund wallets.
//!
//! Prices: the test-only Pyth publisher (programs/pyth-publisher) is loaded at the Pyth
//! push oracle's, the pull receiver's and the legacy oracle's program addresses, so
//! `lever price set` writes price accounts lever reads through its real oracle code.
//! Only here: on devnet and mainnet those addresses hold Pyth's own programs.
//!
//! `--ledger DIR` keeps state between runs (the faucet and upgrade-authority keypairs
//! are kept there too); `--reset` wipes it first. `--account ADDRESS:FILE` preloads an
//! account from a JSON file in `solana account --output json` form (the tests preload
//! Pyth price accounts and mints that way).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use clap::Parser;
use solana_keypair::{read_keypair_file, write_keypair_file, Keypair};
use solana_pubkey::Pubkey;
use solana_rpc::rpc::JsonRpcConfig;
use solana_signer::Signer;
use solana_test_validator::{AccountInfo, TestValidatorGenesis, UpgradeableProgramInfo};

/// lever's program id (`declare_id!` in programs/lever).
const LEVER_PROGRAM_ID: &str = "LevFuB3rLHfTRuwgDMs7f63qCmNk8vKPc7ewL5vUmKp";

/// The localnet's collateral mint (sha256 of "lever localnet USDC"; no keypair exists).
const LOCAL_USDC_MINT: &str = "AUGGRTNWxBLpPamrRjs72HvfnFDuNbEQL8SH11tAWnZ9";
const LOCAL_USDC_DECIMALS: u8 = 6;

/// The SPL Token program.
const TOKEN_PROGRAM_ID: &str = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";

/// An SPL Token mint account's 82 bytes: mint authority (COption<Pubkey>), supply,
/// decimals, is_initialized, freeze authority (COption<Pubkey>, none).
fn mint_account_data(authority: &Pubkey, decimals: u8) -> Vec<u8> {
    let mut data = Vec::with_capacity(82);
    data.extend_from_slice(&1u32.to_le_bytes());
    data.extend_from_slice(authority.as_ref());
    data.extend_from_slice(&0u64.to_le_bytes());
    data.push(decimals);
    data.push(1);
    data.extend_from_slice(&[0u8; 36]);
    data
}

/// The Pyth programs the publisher stands in for: push oracle, pull receiver, legacy.
const PYTH_PROGRAM_IDS: [&str; 3] = [
    "pythWSnswVUd12oZpeFP8e9CVaEqJg25g1Vtc2biRsT",
    "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ",
    "FsJ3A3u2vn5cTVofAjvy6y5kwABJAqYWpe4975bi2epH",
];

#[derive(Parser)]
#[command(
    name = "lever-localnet",
    version,
    about = "A local Solana validator with lever deployed"
)]
struct Args {
    /// The program to deploy (built by `sbf/lane.sh build` or `anchor build`).
    #[arg(
        long,
        env = "LEVER_PROGRAM_SO",
        default_value = "target/deploy/lever.so"
    )]
    program: PathBuf,
    /// The test-only Pyth publisher, loaded at the Pyth programs' addresses.
    #[arg(
        long,
        env = "LEVER_PYTH_PUBLISHER_SO",
        default_value = "target/deploy/lever_pyth_publisher.so"
    )]
    pyth_publisher: PathBuf,
    /// Ledger directory; kept between runs.
    #[arg(long, default_value = "target/localnet/ledger")]
    ledger: PathBuf,
    /// Wipe the ledger before starting.
    #[arg(long)]
    reset: bool,
    /// JSON-RPC port (websockets on the next one).
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// Faucet port (`requestAirdrop` goes through it).
    #[arg(long, default_value_t = 9900)]
    faucet_port: u16,
    /// Gossip port and the range of the validator's other ports: set explicitly,
    /// because the defaults collide with ports some machines already use.
    #[arg(long, default_value_t = 28000)]
    gossip_port: u16,
    #[arg(long, default_value_t = 28001)]
    port_range_start: u16,
    /// Preload an account: ADDRESS:FILE, FILE in `solana account --output json` form.
    #[arg(long = "account", value_name = "ADDRESS:FILE")]
    accounts: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lever-localnet: {message}");
            ExitCode::from(2)
        }
    }
}

/// A keypair kept in the ledger directory, created on first use.
fn kept_keypair(path: &Path) -> Result<Keypair, String> {
    if path.exists() {
        return read_keypair_file(path).map_err(|e| format!("{}: {e}", path.display()));
    }
    let keypair = Keypair::new();
    write_keypair_file(&keypair, path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(keypair)
}

fn run(args: Args) -> Result<(), String> {
    let program_id = Pubkey::from_str(LEVER_PROGRAM_ID).map_err(|e| e.to_string())?;
    if !args.program.is_file() {
        return Err(format!(
            "{}: no program to deploy (build it with sbf/lane.sh build)",
            args.program.display()
        ));
    }
    if !args.pyth_publisher.is_file() {
        return Err(format!(
            "{}: no Pyth publisher to load (build it with sbf/lane.sh build)",
            args.pyth_publisher.display()
        ));
    }
    let pyth_programs = PYTH_PROGRAM_IDS
        .iter()
        .map(|id| Pubkey::from_str(id).map_err(|e| format!("{id}: {e}")))
        .collect::<Result<Vec<_>, String>>()?;
    let port_range_end = args
        .port_range_start
        .checked_add(100)
        .ok_or("--port-range-start leaves no room for 100 ports")?;
    let preloaded = args
        .accounts
        .iter()
        .map(|spec| {
            let (address, file) = spec
                .split_once(':')
                .ok_or_else(|| format!("--account {spec:?}: expected ADDRESS:FILE"))?;
            let address = Pubkey::from_str(address)
                .map_err(|_| format!("--account {spec:?}: {address:?} is not an address"))?;
            Ok((address, file.to_owned()))
        })
        .collect::<Result<Vec<_>, String>>()?;

    if args.reset && args.ledger.exists() {
        std::fs::remove_dir_all(&args.ledger)
            .map_err(|e| format!("--reset: {}: {e}", args.ledger.display()))?;
    }
    // Keypairs live beside the ledger (the validator owns the ledger directory).
    let keys = args.ledger.with_extension("keys");
    std::fs::create_dir_all(&keys).map_err(|e| format!("{}: {e}", keys.display()))?;
    let faucet_path = keys.join("faucet.json");
    let authority_path = keys.join("upgrade-authority.json");
    if args.reset {
        let _ = std::fs::remove_file(&faucet_path);
    }
    let faucet = kept_keypair(&faucet_path)?;
    let authority = kept_keypair(&authority_path)?;

    let localhost = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let faucet_addr = SocketAddr::new(localhost, args.faucet_port);
    let (sender, receiver) = crossbeam_channel::unbounded();
    // Its replacement (`run_local_faucet_with_config`, which can bind 127.0.0.1 only)
    // exists behind agave's dev-context-only-utils feature; this one binds all
    // interfaces, as `solana-test-validator`'s faucet does.
    #[allow(deprecated)]
    solana_faucet::faucet::run_local_faucet_with_port(
        faucet.insecure_clone(),
        sender,
        None,
        None,
        None,
        args.faucet_port,
    );
    receiver
        .recv()
        .map_err(|e| format!("faucet: {e}"))?
        .map_err(|e| format!("faucet on {faucet_addr}: {e}"))?;

    // Lever under the local upgrade authority; the publisher under none (the default
    // address, whose key nobody holds): it is never upgraded, only replaced on restart.
    let mut programs = vec![UpgradeableProgramInfo {
        program_id,
        loader: solana_sdk_ids::bpf_loader_upgradeable::id(),
        upgrade_authority: authority.pubkey(),
        program_path: args.program.clone(),
    }];
    programs.extend(pyth_programs.iter().map(|id| UpgradeableProgramInfo {
        program_id: *id,
        loader: solana_sdk_ids::bpf_loader_upgradeable::id(),
        upgrade_authority: Pubkey::default(),
        program_path: args.pyth_publisher.clone(),
    }));

    let mut rpc = JsonRpcConfig::default_for_test();
    rpc.enable_rpc_transaction_history = true;
    rpc.enable_extended_tx_metadata_storage = true;
    let mut genesis = TestValidatorGenesis::default();
    genesis
        .ledger_path(&args.ledger)
        .rpc_config(rpc)
        .faucet_addr(Some(faucet_addr))
        .rpc_port(args.rpc_port)
        .bind_ip_addr(localhost)
        .gossip_host(localhost)
        .gossip_port(args.gossip_port)
        .port_range((args.port_range_start, port_range_end))
        .add_upgradeable_programs_with_path(&programs);
    let files: Vec<AccountInfo> = preloaded
        .iter()
        .map(|(address, file)| AccountInfo {
            address: Some(*address),
            filename: file,
        })
        .collect();
    genesis.add_accounts_from_json_files(&files)?;
    let usdc = Pubkey::from_str(LOCAL_USDC_MINT).map_err(|e| e.to_string())?;
    let usdc_data = mint_account_data(&authority.pubkey(), LOCAL_USDC_DECIMALS);
    genesis.add_account(
        usdc,
        solana_account::AccountSharedData::from(solana_account::Account {
            lamports: solana_rent::Rent::default().minimum_balance(usdc_data.len()),
            data: usdc_data,
            owner: Pubkey::from_str(TOKEN_PROGRAM_ID).map_err(|e| e.to_string())?,
            executable: false,
            rent_epoch: 0,
        }),
    );
    let validator = genesis
        .start_with_mint_address(
            faucet.pubkey(),
            solana_streamer::socket::SocketAddrSpace::new(true),
        )
        .map_err(|e| format!("validator: {e}"))?;

    println!("lever localnet");
    println!("  JSON-RPC          {}", validator.rpc_url());
    println!("  websocket         {}", validator.rpc_pubsub_url());
    println!("  faucet            {faucet_addr}");
    println!(
        "  program           {program_id} ({})",
        args.program.display()
    );
    println!(
        "  upgrade authority {} ({})",
        authority.pubkey(),
        authority_path.display()
    );
    println!(
        "  Pyth publisher    {} (test-only, at {})",
        args.pyth_publisher.display(),
        PYTH_PROGRAM_IDS.join(", ")
    );
    println!("  faucet keypair    {}", faucet_path.display());
    println!("  collateral mint   {usdc} (test USDC, {LOCAL_USDC_DECIMALS} decimals, minted by the upgrade authority)");
    println!("  ledger            {}", args.ledger.display());
    println!(
        "{}",
        serde_json::json!({"ready": {
            "rpc_url": validator.rpc_url(),
            "websocket_url": validator.rpc_pubsub_url(),
            "faucet": faucet_addr.to_string(),
            "program_id": program_id.to_string(),
            "pyth_publisher_programs": PYTH_PROGRAM_IDS,
            "collateral_mint": LOCAL_USDC_MINT,
            "upgrade_authority": authority_path.display().to_string(),
            "faucet_keypair": faucet_path.display().to_string(),
            "ledger": args.ledger.display().to_string(),
        }})
    );

    let signals = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("signal handler: {e}"))?;
    signals.block_on(async {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .map_err(|e| format!("SIGTERM handler: {e}"))?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        Ok::<(), String>(())
    })?;
    println!("stopping");
    drop(validator);
    Ok(())
}
