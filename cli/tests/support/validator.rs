//! A real validator for the end-to-end tests: `lever localnet --demo` as a child
//! process, the keeper binary, JSON from `lever`, and reads over RPC. Used by
//! `localnet.rs` and `keeper.rs` (`#[ignore]`d tests that `.ci/run` runs).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use lever_harness::Keypair;
use solana_rpc_client::rpc_client::RpcClient;

use super::lever;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// SIGTERM (the clean stop), 20 s to exit, then SIGKILL.
pub fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

pub fn airdrop(rpc: &RpcClient, to: &Pubkey, lamports: u64) {
    let signature = rpc.request_airdrop(to, lamports).expect("airdrop");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !rpc.confirm_transaction(&signature).unwrap_or(false) {
        assert!(Instant::now() < deadline, "airdrop not confirmed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

pub const SOL_USD_FEED: &str = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lever-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn write_keypair(path: &Path, keypair: &Keypair) {
    std::fs::write(path, format!("{:?}", keypair.to_bytes().to_vec())).unwrap();
}

/// `lever localnet --demo` as a child process; SIGTERM stops it (and its validator).
pub struct Demo {
    pub child: Child,
}

impl Drop for Demo {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// GET `path` from a running keeper's metrics endpoint on `port`; the body.
pub fn scrape(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    // One write: the keeper must also cope with a request split over segments (its
    // unit test does that), but this helper should not depend on it.
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes())
        .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
}

/// One `lever-keeper --once` pass; its counters.
pub fn keeper_pass(args: &[&str]) -> serde_json::Value {
    let output = Command::new(keeper_binary())
        .args(args)
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .output()
        .expect("run lever-keeper");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

pub fn json_of(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = lever(args);
    assert_eq!(code, Some(0), "lever {args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("lever {args:?}: {e}: {stdout}"))
}

/// Vault balance == the sum of the market's buckets, read over RPC.
pub fn assert_vault_invariant(rpc: &RpcClient, url: &str) {
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
        "pending_payouts",
    ]
    .iter()
    .map(|bucket| market[bucket].as_u64().unwrap())
    .sum();
    assert_eq!(balance, buckets, "vault invariant: {market}");
}

/// `lever localnet --demo --reset` on the given ports, in `dir`; returns once seeded,
/// with what it printed until then. The validator stops when the `Demo` drops.
pub fn start_demo(dir: &Path, rpc_port: u16, faucet_port: u16, gossip_port: u16) -> (Demo, String) {
    let binary = std::env::var_os("LEVER_LOCALNET_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("localnet/target/debug/lever-localnet"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_lever"))
        .current_dir(workspace())
        .args(["localnet", "--demo", "--reset", "--validator-bin"])
        .arg(&binary)
        .arg("--ledger")
        .arg(dir.join("ledger"))
        .args(["--rpc-port", &rpc_port.to_string()])
        .args(["--faucet-port", &faucet_port.to_string()])
        .args(["--gossip-port", &gossip_port.to_string()])
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
    (demo, seeded)
}

/// The keeper binary (`LEVER_KEEPER_BIN`, else target/debug/lever-keeper).
pub fn keeper_binary() -> PathBuf {
    let binary = std::env::var_os("LEVER_KEEPER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/debug/lever-keeper"));
    assert!(
        binary.is_file(),
        "{}: cargo build -p lever-keeper",
        binary.display()
    );
    binary
}

/// `lever price set` of SOL/USD to `price` (dollars, as typed) on `url`, signed by
/// `keypair`: exit code, stdout, stderr.
pub fn price_set(url: &str, keypair: &str, price: &str) -> (Option<i32>, String, String) {
    lever(&[
        "price",
        "set",
        "--feed",
        SOL_USD_FEED,
        "--price",
        price,
        "--url",
        url,
        "--keypair",
        keypair,
    ])
}
