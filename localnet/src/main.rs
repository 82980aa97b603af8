//! `lever-localnet`: a real Solana validator (agave's test validator, in this process)
//! with lever deployed through the upgradeable loader under a local upgrade authority,
//! SPL Token, Token-2022 and ATA in genesis, and a faucet, serving JSON-RPC and
//! websockets on 127.0.0.1. Prints the endpoints, the program id and where the
//! keypairs are, then one JSON line (`{"ready": ...}`) that scripts and tests read.
//! Ctrl-C (or SIGTERM) stops it cleanly.
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
        .add_upgradeable_programs_with_path(&[UpgradeableProgramInfo {
            program_id,
            loader: solana_sdk_ids::bpf_loader_upgradeable::id(),
            upgrade_authority: authority.pubkey(),
            program_path: args.program.clone(),
        }]);
    let files: Vec<AccountInfo> = preloaded
        .iter()
        .map(|(address, file)| AccountInfo {
            address: Some(*address),
            filename: file,
        })
        .collect();
    genesis.add_accounts_from_json_files(&files)?;
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
    println!("  faucet keypair    {}", faucet_path.display());
    println!("  ledger            {}", args.ledger.display());
    println!(
        "{}",
        serde_json::json!({"ready": {
            "rpc_url": validator.rpc_url(),
            "websocket_url": validator.rpc_pubsub_url(),
            "faucet": faucet_addr.to_string(),
            "program_id": program_id.to_string(),
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
