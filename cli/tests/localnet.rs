//! End to end on a real validator: `lever-localnet` (localnet/, its own workspace)
//! started as a child process with `target/deploy/lever.so` deployed under its upgrade
//! authority, a collateral mint and a Pyth price update preloaded; then `lever migrate`
//! over JSON-RPC, as an operator runs it: the config and the market are created, a
//! second run plans nothing, another signer is refused before anything is sent.
//!
//! Needs the validator binary and the SBF build, so it is `#[ignore]`d in `cargo test
//! --workspace`; `.ci/run` builds both and runs it with `--ignored`
//! (`LEVER_LOCALNET_BIN` overrides where the binary is).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_option::COption;
use anchor_lang::solana_program::program_pack::Pack;
use base64::Engine;
use lever_harness::fixture::FEED_ID;
use lever_harness::runtime::spl_token;
use lever_harness::{Keypair, PriceSpec, PullVerification, Signer};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;

mod support;
use support::lever;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The validator, killed (SIGTERM, then waited for) when the test ends either way.
struct Localnet {
    child: Child,
    rpc_url: String,
    upgrade_authority: PathBuf,
}

impl Drop for Localnet {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An account file in `solana account --output json` form.
fn account_file(dir: &Path, name: &str, address: &Pubkey, owner: &Pubkey, data: &[u8]) -> String {
    let path = dir.join(name);
    let json = serde_json::json!({
        "pubkey": address.to_string(),
        "account": {
            "lamports": 1_000_000_000u64,
            "data": [base64::engine::general_purpose::STANDARD.encode(data), "base64"],
            "owner": owner.to_string(),
            "executable": false,
            "rentEpoch": 0,
            "space": data.len(),
        }
    });
    std::fs::write(&path, json.to_string()).unwrap();
    format!("{address}:{}", path.display())
}

fn start(dir: &Path, accounts: &[String]) -> Localnet {
    let binary = std::env::var_os("LEVER_LOCALNET_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("localnet/target/debug/lever-localnet"));
    let program = workspace().join("target/deploy/lever.so");
    assert!(
        binary.is_file(),
        "{}: build it with localnet/build.sh",
        binary.display()
    );
    assert!(
        program.is_file(),
        "{}: build it with sbf/lane.sh build",
        program.display()
    );
    let mut command = Command::new("nice");
    command
        .arg(binary)
        .arg("--program")
        .arg(&program)
        .arg("--ledger")
        .arg(dir.join("ledger"))
        .arg("--reset")
        .args(["--rpc-port", "18899", "--faucet-port", "19900"])
        .args(["--gossip-port", "18000", "--port-range-start", "18001"]);
    for account in accounts {
        command.arg("--account").arg(account);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start lever-localnet");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let ready = loop {
        let line = lines
            .next()
            .expect("lever-localnet exited before it was ready")
            .unwrap();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
            if let Some(ready) = value.get("ready") {
                break ready.clone();
            }
        }
    };
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Localnet {
        child,
        rpc_url: ready["rpc_url"].as_str().unwrap().to_owned(),
        upgrade_authority: PathBuf::from(ready["upgrade_authority"].as_str().unwrap()),
    }
}

fn airdrop(rpc: &RpcClient, to: &Pubkey, lamports: u64) {
    let signature = rpc.request_airdrop(to, lamports).expect("airdrop");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !rpc.confirm_transaction(&signature).unwrap_or(false) {
        assert!(Instant::now() < deadline, "airdrop not confirmed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "needs localnet/ built and target/deploy/lever.so; .ci/run runs it"]
fn migrate_over_rpc_on_a_real_validator() {
    let dir = std::env::temp_dir().join(format!("lever-localnet-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // A collateral mint and a verified SOL/USD price update, preloaded in genesis.
    let mint = Pubkey::new_unique();
    let mint_authority = Keypair::new();
    let mut mint_data = vec![0u8; spl_token::state::Mint::LEN];
    spl_token::state::Mint {
        mint_authority: COption::Some(mint_authority.pubkey()),
        supply: 0,
        decimals: 6,
        is_initialized: true,
        freeze_authority: COption::None,
    }
    .pack_into_slice(&mut mint_data);
    let oracle = Pubkey::new_unique();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let price = PriceSpec {
        price: 15_000_000_000,
        conf: 1_000_000,
        ema_price: 15_000_000_000,
        expo: -8,
        publish_time: now,
    };
    let price_data =
        lever_harness::pyth::pull_account_data(FEED_ID, price, PullVerification::Full, 1);
    let accounts = [
        account_file(&dir, "mint.json", &mint, &spl_token::ID, &mint_data),
        account_file(
            &dir,
            "price.json",
            &oracle,
            &pyth_solana_receiver_sdk::ID,
            &price_data,
        ),
    ];
    let localnet = start(&dir, &accounts);
    let rpc =
        RpcClient::new_with_commitment(localnet.rpc_url.clone(), CommitmentConfig::confirmed());

    // The program is deployed upgradeable under the printed authority.
    let program = rpc.get_account(&lever::ID).expect("program account");
    assert!(program.executable);
    let authority = lever_ops::cluster::read_keypair(&localnet.upgrade_authority).unwrap();
    airdrop(&rpc, &authority.pubkey(), 10_000_000_000);

    // The market file for this cluster; a long staleness bound so a slow start-up
    // cannot make the genesis price too old to create the market.
    let feed: String = FEED_ID.iter().map(|b| format!("{b:02x}")).collect();
    let devnet = std::fs::read_to_string(workspace().join("migrations/devnet.json")).unwrap();
    let file_text = devnet
        .replace("\"devnet\"", "\"localnet\"")
        .replace(
            "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
            &mint.to_string(),
        )
        .replace(
            "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE",
            &oracle.to_string(),
        )
        .replace(
            "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
            &feed,
        )
        .replace("\"max_staleness_secs\": 60", "\"max_staleness_secs\": 3600");
    let file = dir.join("localnet.json");
    std::fs::write(&file, &file_text).unwrap();
    let file = file.display().to_string();
    let keypair = localnet.upgrade_authority.display().to_string();
    let url = localnet.rpc_url.as_str();
    let migrate = |file: &str, keypair: &str, mode: &str| {
        lever(&["migrate", file, "--url", url, "--keypair", keypair, mode])
    };

    let (code, stdout, stderr) = migrate(&file, &keypair, "--dry-run");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("initialize the config") && stdout.contains("create market 0"),
        "{stdout}"
    );
    assert!(stdout.contains("dry run: nothing sent"), "{stdout}");
    assert!(
        rpc.get_account(&lever_client::pda::config()).is_err(),
        "a dry run sent something"
    );

    let (code, stdout, stderr) = migrate(&file, &keypair, "--yes");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("done: 2 transactions confirmed"),
        "{stdout}"
    );
    let market = rpc
        .get_account(&lever_client::pda::market(0))
        .expect("market created");
    let market = lever_client::decode::market(&market.data).unwrap();
    assert_eq!(market.collateral_mint, mint);
    let wanted = lever_ops::market_file::ClusterFile::parse(&file_text).unwrap();
    assert_eq!(
        lever_math::RiskParams::from(market.params),
        wanted.markets[0].params
    );

    // Idempotent: the second run plans nothing.
    let (code, stdout, stderr) = migrate(&file, &keypair, "--yes");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("nothing to do"), "{stdout}");

    // Another signer than the config's admin: refused before anything is sent.
    let stranger = Keypair::new();
    let stranger_path = dir.join("stranger.json");
    std::fs::write(
        &stranger_path,
        format!("{:?}", stranger.to_bytes().to_vec()),
    )
    .unwrap();
    let changed = dir.join("changed.json");
    std::fs::write(
        &changed,
        file_text.replace("\"imr_bps\": 1000", "\"imr_bps\": 1250"),
    )
    .unwrap();
    let (code, stdout, stderr) = migrate(
        &changed.display().to_string(),
        &stranger_path.display().to_string(),
        "--yes",
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("admin") && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    let unchanged = rpc.get_account(&lever_client::pda::market(0)).unwrap();
    let unchanged = lever_client::decode::market(&unchanged.data).unwrap();
    assert_eq!(
        lever_math::RiskParams::from(unchanged.params).imr_bps,
        1_000
    );

    drop(localnet);
    let _ = std::fs::remove_dir_all(&dir);
}
