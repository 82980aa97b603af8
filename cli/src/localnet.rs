//! `lever localnet [--demo]`: starts `lever-localnet` (the validator, its own binary so
//! that `lever` stays light; built by `localnet/build.sh`) as a child process, prints
//! what it prints, and with `--demo` seeds it (lever_ops::demo): a SOL/USD price,
//! `migrations/localnet.json`, an LP and three positions. Runs until Ctrl-C or
//! SIGTERM, which stop the validator cleanly.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::Duration;

use lever_ops::cluster::{kept_keypair, read_keypair};
use lever_ops::demo::{seed, Seeded};
use lever_ops::market_file::ClusterFile;
use lever_ops::rpc::RpcChain;
use solana_signer::Signer;

#[derive(clap::Args)]
pub struct LocalnetArgs {
    /// Seed the validator: price, config and market, an LP, three positions.
    #[arg(long)]
    demo: bool,
    /// The cluster file the demo migrates.
    #[arg(long, default_value = "migrations/localnet.json")]
    demo_file: PathBuf,
    /// The validator binary (default: localnet/target/debug/lever-localnet, else
    /// beside this executable, else lever-localnet on PATH).
    #[arg(long, env = "LEVER_LOCALNET_BIN")]
    validator_bin: Option<PathBuf>,
    /// Ledger directory; kept between runs.
    #[arg(long, default_value = "target/localnet/ledger")]
    ledger: PathBuf,
    /// Wipe the ledger first.
    #[arg(long)]
    reset: bool,
    /// JSON-RPC port (websockets on the next one).
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// Faucet port.
    #[arg(long, default_value_t = 9900)]
    faucet_port: u16,
    /// Gossip port; the validator's other ports follow it.
    #[arg(long, default_value_t = 28000)]
    gossip_port: u16,
    /// Further arguments for lever-localnet (after `--`), e.g. `--account ADDRESS:FILE`.
    #[arg(last = true)]
    validator_args: Vec<String>,
}

const BAD_INPUT: u8 = 2;

/// What the validator reports on its `{"ready": ...}` line.
#[derive(serde::Deserialize)]
struct Ready {
    rpc_url: String,
    upgrade_authority: PathBuf,
}

fn validator_binary(flag: Option<PathBuf>) -> PathBuf {
    if let Some(path) = flag {
        return path;
    }
    let built = PathBuf::from("localnet/target/debug/lever-localnet");
    if built.is_file() {
        return built;
    }
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("lever-localnet")));
    match beside {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from("lever-localnet"),
    }
}

/// A keypair kept in the validator's keys directory, created on first use.
pub async fn run(args: LocalnetArgs, out: &mut impl Write) -> ExitCode {
    let demo_file = if args.demo {
        match ClusterFile::load(&args.demo_file) {
            Ok(file) => Some(file),
            Err(e) => {
                eprintln!("lever localnet: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        }
    } else {
        None
    };
    let binary = validator_binary(args.validator_bin.clone());
    let mut command = Command::new(&binary);
    command
        .arg("--ledger")
        .arg(&args.ledger)
        .args(["--rpc-port", &args.rpc_port.to_string()])
        .args(["--faucet-port", &args.faucet_port.to_string()])
        .args(["--gossip-port", &args.gossip_port.to_string()])
        .args([
            "--port-range-start",
            &args.gossip_port.saturating_add(1).to_string(),
        ])
        .args(&args.validator_args)
        .stdout(Stdio::piped());
    if args.reset {
        command.arg("--reset");
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!(
                "lever localnet: cannot start {}: {e} (build it with localnet/build.sh)",
                binary.display()
            );
            return ExitCode::from(BAD_INPUT);
        }
    };
    let Some(stdout) = child.stdout.take() else {
        return stop(child, ExitCode::FAILURE);
    };
    let mut lines = BufReader::new(stdout).lines();
    let mut ready = None;
    for line in lines.by_ref() {
        let Ok(line) = line else { break };
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
            if let Some(inner) = value.get("ready") {
                ready = serde_json::from_value::<Ready>(inner.clone()).ok();
                break;
            }
        }
    }
    let Some(ready) = ready else {
        eprintln!("lever localnet: the validator stopped before it was ready");
        return stop(child, ExitCode::FAILURE);
    };
    // The validator's later lines (its stop) go to stderr: stdout is the command's.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            eprintln!("{line}");
        }
    });

    if let Some(file) = demo_file {
        if let Err(e) = run_demo(&ready, &file, out).await {
            eprintln!("lever localnet --demo: {e}");
            return stop(child, ExitCode::FAILURE);
        }
    }
    let _ = writeln!(out, "running; Ctrl-C stops it");
    let _ = out.flush();
    wait_for_signal_or_exit(child).await
}

async fn run_demo(ready: &Ready, file: &ClusterFile, out: &mut impl Write) -> Result<(), String> {
    let operator = read_keypair(&ready.upgrade_authority).map_err(|e| e.to_string())?;
    let keys = ready
        .upgrade_authority
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let lp = kept_keypair(&keys.join("demo-lp.json")).map_err(|e| e.to_string())?;
    let traders = (1..=3)
        .map(|n| {
            kept_keypair(&keys.join(format!("demo-trader-{n}.json"))).map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut chain = RpcChain::new(
        &ready.rpc_url,
        Duration::from_secs(60),
        lever_ops::priority_fee::FeePolicy::median_capped(0),
    );
    chain
        .airdrop(&operator.pubkey(), 100_000_000_000)
        .await
        .map_err(|e| e.to_string())?;
    let seeded = seed(&mut chain, &operator, &lp, &traders, file)
        .await
        .map_err(|e| e.to_string())?;
    let text = match seeded {
        Seeded::Fresh { steps, positions } => format!(
            "demo: {steps} migration steps, LP {} deposited, {} positions opened ({})\n",
            lp.pubkey(),
            positions.len(),
            positions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Seeded::AlreadySeeded => "demo: this ledger was already seeded; price refreshed\n".into(),
    };
    let url = &ready.rpc_url;
    let hints = format!(
        "try, in another terminal:\n  lever positions --market 0 --url {url}\n  lever market show 0 --url {url}\n  lever price set --feed {} --price 135 --url {url} --keypair {}\n",
        hex(&file.markets.first().map(|m| m.oracle_feed).unwrap_or_default()),
        ready.upgrade_authority.display()
    );
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(hints.as_bytes()))
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stops the validator with SIGTERM (its clean shutdown) and waits for it.
fn stop(mut child: Child, code: ExitCode) -> ExitCode {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    }
    let _ = child.wait();
    code
}

async fn wait_for_signal_or_exit(mut child: Child) -> ExitCode {
    let Ok(mut terminate) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        return stop(child, ExitCode::FAILURE);
    };
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return stop(child, ExitCode::SUCCESS),
            _ = terminate.recv() => return stop(child, ExitCode::SUCCESS),
            _ = tokio::time::sleep(Duration::from_millis(500)) => {
                if let Ok(Some(status)) = child.try_wait() {
                    eprintln!("lever localnet: the validator exited ({status})");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
}
