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
use lever_harness::{Keypair, Signer};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;

mod support;
use support::lever;
use support::validator::*;

/// The validator, killed (SIGTERM, then waited for) when the test ends either way.
struct Localnet {
    child: Child,
    rpc_url: String,
    upgrade_authority: PathBuf,
}

impl Drop for Localnet {
    fn drop(&mut self) {
        terminate(&mut self.child);
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

    // A file for another cluster is refused before anything is read or sent.
    let devnet_file = workspace()
        .join("migrations/devnet.json")
        .display()
        .to_string();
    let (code, stdout, stderr) = lever(&[
        "migrate",
        &devnet_file,
        "--url",
        url,
        "--keypair",
        &keypair,
        "--yes",
    ]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("the file is for devnet, but the cluster is localnet"),
        "{stderr}"
    );

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
    let (code, _, stderr) = price_set(url, &stranger_path, "1");
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

#[test]
#[ignore = "needs localnet/ built and target/deploy/lever.so; .ci/run runs it"]
fn the_demo_on_a_real_validator() {
    let dir = temp_dir("localnet-demo");
    let (demo, seeded) = start_demo(&dir, 28899, 28950, 28000);
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
    let (code, _, stderr) = price_set(url, &operator, "135");
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
    let size_before = victim["size"].as_u64().unwrap();
    let expected_close = victim["health"]["liquidation_size"].as_u64().unwrap();

    // The keeper (lever-keeper, its own process) liquidates it: a dry run simulates
    // only, a minimum reward above what it pays skips it, then it is liquidated, and a
    // second pass finds nothing.
    let keeper = Keypair::new();
    let keeper_path = dir.join("keeper.json");
    write_keypair(&keeper_path, &keeper);
    airdrop(&rpc, &keeper.pubkey(), 1_000_000_000);
    let file =
        lever_ops::market_file::ClusterFile::load(&workspace().join("migrations/localnet.json"))
            .unwrap();
    let keys = file.markets[0].keys();
    let insurance_before = json_of(&["market", "show", "0", "--url", url, "--json"])
        ["insurance_fund"]
        .as_u64()
        .unwrap();
    let keeper_path = keeper_path.display().to_string();
    let keep = |extra: &[&str]| {
        let mut args = vec![
            "--market",
            "0",
            "--once",
            "--url",
            url,
            "--keypair",
            &keeper_path,
        ];
        args.extend_from_slice(extra);
        keeper_pass(&args)
    };
    // A market that does not exist is refused at start-up (exit 2), nothing sent.
    let binary = keeper_binary();
    let refused = Command::new(&binary)
        .args([
            "--market",
            "7",
            "--once",
            "--url",
            url,
            "--keypair",
            &keeper_path,
        ])
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no market 7"));
    let dry = keep(&["--dry-run"]);
    assert_eq!(
        (
            dry["positions_tracked"].as_u64(),
            dry["liquidatable_seen"].as_u64()
        ),
        (Some(3), Some(1)),
        "{dry}"
    );
    assert_eq!(
        (dry["would_liquidate"].as_u64(), dry["liquidated"].as_u64()),
        (Some(1), Some(0)),
        "{dry}"
    );
    let stingy = keep(&["--min-reward", "1000000000000"]);
    assert_eq!(
        (
            stingy["unprofitable"].as_u64(),
            stingy["liquidated"].as_u64()
        ),
        (Some(1), Some(0)),
        "{stingy}"
    );
    let size_unchanged = json_of(&["positions", "--market", "0", "--url", url, "--json"])
        ["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["address"] == victim["address"])
        .unwrap()["size"]
        .as_u64();
    assert_eq!(
        size_unchanged,
        Some(size_before),
        "a dry or skipped pass liquidated"
    );
    let done = keep(&[]);
    assert_eq!(
        (done["liquidated"].as_u64(), done["failures"].as_u64()),
        (Some(1), Some(0)),
        "{done}"
    );
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
    // The simulation just before the send predicted the reward, up to the borrow fees
    // of the moments in between.
    let simulated = done["rewards_simulated"].as_u64().unwrap();
    assert!(
        simulated.abs_diff(reward) * 10_000 <= reward,
        "simulated {simulated}, landed {reward}"
    );
    let again = keep(&[]);
    assert_eq!(
        (
            again["liquidatable_seen"].as_u64(),
            again["liquidated"].as_u64()
        ),
        (Some(0), Some(0)),
        "{again}"
    );
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

    // The keeper running (its own process): a second crash is liquidated within
    // seconds, /metrics and /health answer, SIGTERM stops it after its pass.
    let running = Command::new(&binary)
        .args(["--market", "0", "--url", url, "--keypair", &keeper_path])
        .args(["--metrics-addr", "127.0.0.1:28961", "--interval-ms", "300"])
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while scrape(28961, "/health").as_deref() != Some("ok\n") {
        assert!(started.elapsed() < Duration::from_secs(20), "no /health");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (code, _, stderr) = price_set(url, &operator, "125");
    assert_eq!(code, Some(0), "{stderr}");
    let liquidated = |metrics: &str| metrics.contains("\nlever_keeper_liquidations_total 1\n");
    let mut metrics = String::new();
    while !liquidated(&metrics) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "not liquidated: {metrics}"
        );
        std::thread::sleep(Duration::from_millis(300));
        metrics = scrape(28961, "/metrics").unwrap_or_default();
    }
    assert!(
        metrics.contains("# TYPE lever_keeper_liquidations_total counter"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lever_keeper_time_to_liquidation_seconds_count 1"),
        "{metrics}"
    );
    let _ = Command::new("kill")
        .args(["-TERM", &running.id().to_string()])
        .status();
    let output = running.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["liquidated"], 1, "{summary}");
    let listed = json_of(&["positions", "--market", "0", "--url", url, "--json"]);
    assert!(
        listed["positions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["health"]["liquidatable"] == false),
        "{listed}"
    );
    assert_vault_invariant(&rpc, url);

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
    let open = json_of(&["positions", "--market", "0", "--url", url, "--json"]);
    let open: Vec<&serde_json::Value> = open["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["address"])
        .collect();
    assert_eq!(open.len(), 2, "the 8x long was liquidated in full");
    let mapped: Vec<&serde_json::Value> = map["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(mapped.len(), open.len(), "{map}");
    assert!(open.iter().all(|address| mapped.contains(address)), "{map}");

    drop(demo);
    let _ = std::fs::remove_dir_all(&dir);
}
