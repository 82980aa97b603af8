//! End to end on a real validator, over JSON-RPC, as operators and users run it:
//! - `lever-localnet` (localnet/, its own workspace) started as a child process with
//!   `target/deploy/lever.so` deployed under its upgrade authority, its test USDC, the
//!   test-only Pyth publisher and a preloaded account; `lever price set`, then `lever
//!   migrate migrations/localnet.json`: the config refused to a signer that is not the
//!   upgrade authority, then created with the market, a second run plans nothing,
//!   another signer is refused before anything is sent;
//! - `lever localnet --demo` (the command a newcomer runs): seeded, then `lever
//!   positions`, a price crash with `lever price set`, a liquidation sent with the
//!   client, balances and the vault invariant read over RPC, `lever snapshot` read by
//!   `lever risk map`, and the migration idempotent against it.
//!
//! Needs the validator binary and the SBF build, so it is `#[ignore]`d in `cargo test
//! --workspace`; `.ci/run` builds both and runs it with `--ignored`
//! (`LEVER_LOCALNET_BIN` overrides where the binary is).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use base64::Engine;
use lever_harness::runtime::spl_token;
use lever_harness::{Keypair, Signer};
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
        .arg("--pyth-publisher")
        .arg(workspace().join("target/deploy/lever_pyth_publisher.so"))
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

const SOL_USD_FEED: &str = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lever-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_keypair(path: &Path, keypair: &Keypair) {
    std::fs::write(path, format!("{:?}", keypair.to_bytes().to_vec())).unwrap();
}

#[test]
#[ignore = "needs localnet/ built and target/deploy/lever.so; .ci/run runs it"]
fn migrate_over_rpc_on_a_real_validator() {
    let dir = temp_dir("localnet-e2e");
    // One preloaded account (`--account`), read back over RPC.
    let preloaded = Pubkey::new_unique();
    let accounts = [account_file(
        &dir,
        "preloaded.json",
        &preloaded,
        &Pubkey::new_unique(),
        b"preloaded by lever-localnet",
    )];
    let localnet = start(&dir, &accounts);
    let rpc =
        RpcClient::new_with_commitment(localnet.rpc_url.clone(), CommitmentConfig::confirmed());
    assert_eq!(
        rpc.get_account(&preloaded).unwrap().data,
        b"preloaded by lever-localnet"
    );

    // The program is deployed upgradeable under the printed authority.
    let program = rpc.get_account(&lever::ID).expect("program account");
    assert!(program.executable);
    let authority = lever_ops::cluster::read_keypair(&localnet.upgrade_authority).unwrap();
    // Enough for the migration and an upgrade's buffer (~10.2 SOL of rent for 1.5 MB).
    airdrop(&rpc, &authority.pubkey(), 30_000_000_000);
    let keypair = localnet.upgrade_authority.display().to_string();
    let url = localnet.rpc_url.as_str();

    // SOL/USD through the publisher, at the address the feed has on devnet.
    let (code, stdout, stderr) = lever(&[
        "price",
        "set",
        "--feed",
        SOL_USD_FEED,
        "--price",
        "150",
        "--conf",
        "0.05",
        "--url",
        url,
        "--keypair",
        &keypair,
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let published: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        published["account"],
        "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE"
    );
    assert_eq!(published["price"], 15_000_000_000i64);

    let file = workspace()
        .join("migrations/localnet.json")
        .display()
        .to_string();
    let migrate = |keypair: &str, mode: &str| {
        lever(&["migrate", &file, "--url", url, "--keypair", keypair, mode])
    };

    // A signer that is not the upgrade authority cannot initialize the config.
    let stranger = Keypair::new();
    let stranger_path = dir.join("stranger.json");
    write_keypair(&stranger_path, &stranger);
    airdrop(&rpc, &stranger.pubkey(), 1_000_000_000);
    let stranger_path = stranger_path.display().to_string();
    let (code, stdout, stderr) = migrate(&stranger_path, "--yes");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("NotUpgradeAuthority"), "{stderr}");
    assert!(
        rpc.get_account(&lever_client::pda::config()).is_err(),
        "config created"
    );

    let (code, stdout, stderr) = migrate(&keypair, "--dry-run");
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

    let (code, stdout, stderr) = migrate(&keypair, "--yes");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("done: 2 transactions confirmed"),
        "{stdout}"
    );
    let market = rpc
        .get_account(&lever_client::pda::market(0))
        .expect("market created");
    let market = lever_client::decode::market(&market.data).unwrap();
    let wanted = lever_ops::market_file::ClusterFile::load(Path::new(&file)).unwrap();
    assert_eq!(market.collateral_mint, wanted.markets[0].collateral_mint);
    assert_eq!(
        lever_math::RiskParams::from(market.params),
        wanted.markets[0].params
    );

    // Idempotent: the second run plans nothing.
    let (code, stdout, stderr) = migrate(&keypair, "--yes");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("nothing to do"), "{stdout}");

    // Another signer than the config's admin: refused before anything is sent.
    let changed = dir.join("changed.json");
    std::fs::write(
        &changed,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("\"imr_bps\": 1000", "\"imr_bps\": 1250"),
    )
    .unwrap();
    let (code, stdout, stderr) = lever(&[
        "migrate",
        &changed.display().to_string(),
        "--url",
        url,
        "--keypair",
        &stranger_path,
        "--yes",
    ]);
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

    // Another keypair cannot move a feed the authority published first.
    let (code, _, stderr) = lever(&[
        "price",
        "set",
        "--feed",
        SOL_USD_FEED,
        "--price",
        "1",
        "--url",
        url,
        "--keypair",
        &stranger_path,
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("WrongAuthority"), "{stderr}");

    // `lever deploy`: a stranger is refused before any buffer exists; the authority's
    // upload, interrupted after 50 writes, resumes with only the missing chunks; the
    // program data then holds the file's bytes and the state survives the upgrade.
    let so = workspace().join("target/deploy/lever.so");
    let so_bytes = std::fs::read(&so).unwrap();
    let so = so.display().to_string();
    let buffer = dir.join("buffer.json");
    let buffer_path = buffer.display().to_string();
    let deploy = |keypair: &str, extra: &[&str]| {
        let mut args = vec![
            "deploy",
            "--program",
            &so,
            "--buffer",
            &buffer_path,
            "--url",
            url,
            "--keypair",
            keypair,
            "--yes",
        ];
        args.extend_from_slice(extra);
        lever(&args)
    };
    let (code, stdout, stderr) = deploy(&stranger_path, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("not the upgrade authority"), "{stderr}");
    assert!(!buffer.exists(), "a refused deploy made a buffer");
    let market_before = rpc.get_account(&lever_client::pda::market(0)).unwrap().data;
    let (code, _, stderr) = deploy(&keypair, &["--max-writes", "50"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("interrupted after 50 writes"), "{stderr}");
    assert!(buffer.exists(), "the buffer keypair is kept for the resume");
    let (code, stdout, stderr) = deploy(&keypair, &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("resumed: 50 of"), "{stdout}");
    assert!(stdout.contains("upgraded"), "{stdout}");
    assert!(
        !buffer.exists(),
        "the buffer keypair outlived the deployment"
    );
    let programdata = rpc
        .get_account(
            &anchor_lang::solana_program::bpf_loader_upgradeable::get_program_data_address(
                &lever::ID,
            ),
        )
        .unwrap()
        .data;
    assert_eq!(
        programdata.get(45..45 + so_bytes.len()),
        Some(so_bytes.as_slice())
    );
    assert_eq!(
        rpc.get_account(&lever_client::pda::market(0)).unwrap().data,
        market_before
    );
    // A first deployment at a new program id (the small publisher build).
    let fresh = Keypair::new();
    let fresh_path = dir.join("fresh-program.json");
    write_keypair(&fresh_path, &fresh);
    let publisher = workspace().join("target/deploy/lever_pyth_publisher.so");
    let (code, stdout, stderr) = lever(&[
        "deploy",
        "--program",
        &publisher.display().to_string(),
        "--program-keypair",
        &fresh_path.display().to_string(),
        "--url",
        url,
        "--keypair",
        &keypair,
        "--yes",
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("deployed"), "{stdout}");
    assert!(rpc.get_account(&fresh.pubkey()).unwrap().executable);
    let fresh_data = rpc
        .get_account(
            &anchor_lang::solana_program::bpf_loader_upgradeable::get_program_data_address(
                &fresh.pubkey(),
            ),
        )
        .unwrap()
        .data;
    let publisher_bytes = std::fs::read(&publisher).unwrap();
    assert_eq!(
        fresh_data.get(45..45 + publisher_bytes.len()),
        Some(publisher_bytes.as_slice())
    );

    // The upgraded program runs (from the next slot on).
    std::thread::sleep(Duration::from_secs(2));
    let (code, stdout, stderr) = lever(&[
        "admin",
        "pause",
        "open",
        "--url",
        url,
        "--keypair",
        &keypair,
        "--yes",
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    drop(localnet);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `lever localnet --demo` as a child process; SIGTERM stops it (and its validator).
struct Demo {
    child: Child,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = lever(args);
    assert_eq!(code, Some(0), "lever {args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("lever {args:?}: {e}: {stdout}"))
}

/// Vault balance == the sum of the market's buckets, read over RPC.
fn assert_vault_invariant(rpc: &RpcClient, url: &str) {
    let market = json_of(&["market", "show", "0", "--url", url, "--json"]);
    let vault = Pubkey::from_str_const(market["vault"].as_str().unwrap());
    let balance: u64 = rpc
        .get_token_account_balance(&vault)
        .unwrap()
        .amount
        .parse()
        .unwrap();
    let buckets: u64 = [
        "collateral_total",
        "pool_liquidity",
        "insurance_fund",
        "fees_collected",
    ]
    .iter()
    .map(|bucket| market[bucket].as_u64().unwrap())
    .sum();
    assert_eq!(balance, buckets, "vault invariant: {market}");
}

#[test]
#[ignore = "needs localnet/ built and target/deploy/lever.so; .ci/run runs it"]
fn the_demo_on_a_real_validator() {
    let dir = temp_dir("localnet-demo");
    let binary = std::env::var_os("LEVER_LOCALNET_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("localnet/target/debug/lever-localnet"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_lever"))
        .current_dir(workspace())
        .args(["localnet", "--demo", "--reset", "--validator-bin"])
        .arg(&binary)
        .arg("--ledger")
        .arg(dir.join("ledger"))
        .args([
            "--rpc-port",
            "28899",
            "--faucet-port",
            "28950",
            "--gossip-port",
            "28000",
        ])
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start lever localnet");
    let stdout = child.stdout.take().unwrap();
    let demo = Demo { child };
    let mut lines = BufReader::new(stdout).lines();
    let mut seeded = String::new();
    loop {
        let line = lines
            .next()
            .expect("lever localnet --demo exited before it was seeded")
            .unwrap();
        seeded.push_str(&line);
        seeded.push('\n');
        if line.starts_with("running") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    assert!(seeded.contains("3 positions opened"), "{seeded}");
    let url = "http://127.0.0.1:28899";
    let operator = dir
        .join("ledger.keys/upgrade-authority.json")
        .display()
        .to_string();
    let rpc = RpcClient::new_with_commitment(url.to_owned(), CommitmentConfig::confirmed());

    // A second terminal: the positions, all healthy at $150.
    let listed = json_of(&["positions", "--market", "0", "--url", url, "--json"]);
    let positions = listed["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 3, "{listed}");
    assert!(positions
        .iter()
        .all(|p| p["health"]["liquidatable"] == false));
    assert_vault_invariant(&rpc, url);

    // The migration is idempotent against the demo.
    let localnet_file = workspace()
        .join("migrations/localnet.json")
        .display()
        .to_string();
    let (code, stdout, stderr) = lever(&[
        "migrate",
        &localnet_file,
        "--url",
        url,
        "--keypair",
        &operator,
        "--dry-run",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("nothing to do"), "{stdout}");

    // SOL crashes to $135: the 8x long, and only it, is liquidatable.
    let (code, _, stderr) = lever(&[
        "price",
        "set",
        "--feed",
        SOL_USD_FEED,
        "--price",
        "135",
        "--url",
        url,
        "--keypair",
        &operator,
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let listed = json_of(&["positions", "--market", "0", "--url", url, "--json"]);
    let positions = listed["positions"].as_array().unwrap();
    let liquidatable: Vec<&serde_json::Value> = positions
        .iter()
        .filter(|p| p["health"]["liquidatable"] == true)
        .collect();
    assert_eq!(liquidatable.len(), 1, "{listed}");
    let victim = liquidatable[0];
    assert_eq!(victim["side"], "long");
    assert_eq!(
        victim["address"], positions[0]["address"],
        "most underwater first"
    );
    let owner = Pubkey::from_str_const(victim["owner"].as_str().unwrap());
    let size_before = victim["size"].as_u64().unwrap();
    let expected_close = victim["health"]["liquidation_size"].as_u64().unwrap();

    // A keeper liquidates it with the client over RPC.
    let keeper = Keypair::new();
    airdrop(&rpc, &keeper.pubkey(), 1_000_000_000);
    let file =
        lever_ops::market_file::ClusterFile::load(&workspace().join("migrations/localnet.json"))
            .unwrap();
    let keys = file.markets[0].keys();
    let insurance_before = json_of(&["market", "show", "0", "--url", url, "--json"])
        ["insurance_fund"]
        .as_u64()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(async {
            use lever_ops::chain::Chain;
            let mut chain = lever_ops::rpc::RpcChain::new(url, Duration::from_secs(60), 0);
            let create = anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
                &keeper.pubkey(),
                &keeper.pubkey(),
                &keys.collateral_mint,
                &spl_token::ID,
            );
            let liquidate = lever_client::ix::liquidate(&keys, keeper.pubkey(), owner, 1);
            chain.send(&[create, liquidate], &[&keeper]).await
        })
        .expect("liquidation over RPC");
    let keeper_account = anchor_spl::associated_token::get_associated_token_address(
        &keeper.pubkey(),
        &keys.collateral_mint,
    );
    let reward: u64 = rpc
        .get_token_account_balance(&keeper_account)
        .unwrap()
        .amount
        .parse()
        .unwrap();
    assert!(reward > 0, "the keeper was paid nothing");
    let market = json_of(&["market", "show", "0", "--url", url, "--json"]);
    assert!(market["insurance_fund"].as_u64().unwrap() > insurance_before);
    assert_vault_invariant(&rpc, url);
    let listed = json_of(&["positions", "--market", "0", "--url", url, "--json"]);
    let after = listed["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["address"] == victim["address"])
        .expect("a partial liquidation leaves the position open");
    // What `lever positions` predicted, up to the borrow fees of the seconds between the
    // listing and the liquidation (they move the sizing a hair).
    let closed = size_before - after["size"].as_u64().unwrap();
    assert!(
        closed.abs_diff(expected_close) * 1_000 <= expected_close,
        "closed {closed}, predicted {expected_close}"
    );
    assert_eq!(after["health"]["liquidatable"], false, "{after}");

    // The admin over RPC: a stranger is refused before sending; a dry run simulates and
    // changes nothing; a pause, an unpause and a fee withdrawal land.
    let stranger = Keypair::new();
    let stranger_path = dir.join("stranger.json");
    write_keypair(&stranger_path, &stranger);
    let stranger_path = stranger_path.display().to_string();
    let pause_flags = || {
        let data = rpc.get_account(&lever_client::pda::config()).unwrap().data;
        lever_client::decode::config(&data).unwrap().pause_flags
    };
    let admin = |keypair: &str, args: &[&str]| {
        let mut all = vec!["admin", "--url", url, "--keypair", keypair];
        all.extend_from_slice(args);
        lever(&all)
    };
    let (code, stdout, stderr) = admin(&stranger_path, &["pause", "open", "--yes"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("not the admin") && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    let (code, stdout, stderr) = admin(&operator, &["pause", "open", "--dry-run"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("simulation succeeded"), "{stdout}");
    assert_eq!(pause_flags(), 0, "a dry run paused");
    let (code, _, stderr) = admin(&operator, &["pause", "open", "liquidate", "--yes"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(pause_flags(), 0b100_0001);
    let (code, _, stderr) = admin(&operator, &["unpause", "all", "--yes"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(pause_flags(), 0);
    let fees = json_of(&["market", "show", "0", "--url", url, "--json"])["fees_collected"]
        .as_u64()
        .unwrap();
    assert!(fees > 0, "the demo's opens paid fees");
    let (code, stdout, stderr) = admin(&operator, &["withdraw-fees", "--market", "0", "--yes"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let market = json_of(&["market", "show", "0", "--url", url, "--json"]);
    assert_eq!(market["fees_collected"], 0);
    assert_vault_invariant(&rpc, url);

    // The book for the risk tools, read by `lever risk map`.
    let book = dir.join("book.json");
    let (code, stdout, stderr) = lever(&["snapshot", "--market", "0", "--url", url]);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::write(&book, &stdout).unwrap();
    let map = json_of(&["risk", "map", &book.display().to_string()]);
    assert_eq!(map["positions"].as_array().unwrap().len(), 3, "{map}");

    drop(demo);
    let _ = std::fs::remove_dir_all(&dir);
}
