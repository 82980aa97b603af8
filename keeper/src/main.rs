//! `lever-keeper`: watches lever markets over JSON-RPC and liquidates every position
//! the program would call liquidatable, most underwater first.
//!
//! Each pass re-reads the markets and all their positions (`getProgramAccounts`) and
//! evaluates them with the program's own health code (lever-client), so the keeper
//! never disagrees with the chain about who is liquidatable; a liquidation is simulated
//! first (its return data says what the keeper earns), skipped below `--min-reward`,
//! up to `--batch-size` positions per transaction (`liquidate_batch`), then sent with
//! a compute-unit limit from the measured budgets and a priority fee by the operator's
//! policy (percentile, floor, cap). Losing a race to another keeper is counted, not an
//! error. `--once` does one pass and prints the counters as JSON; otherwise it runs
//! until SIGINT/SIGTERM, which let the current pass finish. Logs: `tracing` on stderr,
//! text or JSON lines (`--log-format`), `RUST_LOG` filtered.
//!
//! Settings: flags, then env (`LEVER_RPC_URL`, `LEVER_KEYPAIR`, `LEVER_MARKETS`...),
//! then the Solana CLI config. Bad settings or a market that does not exist: exit 2 at
//! start-up.

mod decide;
mod logging;
mod metrics;
mod pass;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;
use lever_ops::book::MarketState;
use lever_ops::cluster_args::ClusterArgs;

#[derive(Parser)]
#[command(
    name = "lever-keeper",
    version,
    about = "Liquidates every liquidatable lever position, most underwater first"
)]
struct Args {
    /// Market indices to watch (repeat, or comma-separated).
    #[arg(
        long = "market",
        env = "LEVER_MARKETS",
        value_delimiter = ',',
        required = true
    )]
    markets: Vec<u16>,
    /// Skip a liquidation paying the keeper less than this (collateral atoms).
    #[arg(long, env = "LEVER_MIN_REWARD", default_value_t = 0)]
    min_reward: u64,
    /// Positions per transaction: above 1, `liquidate_batch` (at most 19: what one
    /// transaction's log holds); 1 sends one `liquidate` per position (the owner's
    /// payout paid at once instead of claimed).
    #[arg(long, env = "LEVER_BATCH_SIZE", default_value_t = 19,
          value_parser = clap::value_parser!(u16).range(1..=19))]
    batch_size: u16,
    /// After each pass, claim every payout the markets' batch liquidations left for
    /// their owners (to the owners' associated token accounts; the keeper pays the
    /// transaction fees).
    #[arg(long, env = "LEVER_CLAIM_PAYOUTS")]
    claim_payouts: bool,
    /// Simulate liquidations, send nothing.
    #[arg(long, env = "LEVER_DRY_RUN")]
    dry_run: bool,
    /// One pass, then print the counters as JSON and exit.
    #[arg(long)]
    once: bool,
    /// Where to serve /metrics (Prometheus) and /health; not served with --once.
    #[arg(long, env = "LEVER_METRICS_ADDR", default_value = "127.0.0.1:9464")]
    metrics_addr: std::net::SocketAddr,
    /// Milliseconds between passes (doubled per failed pass in a row, up to 30 s).
    #[arg(long, env = "LEVER_INTERVAL_MS", default_value_t = 1_000)]
    interval_ms: u64,
    /// Log lines on stderr: text, or one JSON object per line (fields at the top
    /// level). RUST_LOG filters them (default info).
    #[arg(long, env = "LEVER_LOG_FORMAT", value_enum, default_value_t = logging::LogFormat::Text)]
    log_format: logging::LogFormat,
    #[command(flatten)]
    cluster: ClusterArgs,
}

const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let args = Args::parse();
    if let Err(e) = logging::init(args.log_format) {
        return bad_input(&e);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lever-keeper: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let settings = match args.cluster.settings() {
        Ok(settings) => settings,
        Err(e) => return bad_input(&e),
    };
    let keeper = match args.cluster.signer(&settings) {
        Ok(keeper) => keeper,
        Err(e) => return bad_input(&e),
    };
    let mut chain = match args.cluster.chain(&settings) {
        Ok(chain) => chain,
        Err(e) => return bad_input(&e),
    };
    // Every market must exist now: a typo is an error at start-up, not a silent pass.
    for index in &args.markets {
        if let Err(e) = MarketState::fetch(&mut chain, *index, None).await {
            return bad_input(&format!("market {index}: {e}"));
        }
    }
    let options = pass::Options {
        markets: args.markets.clone(),
        min_reward: args.min_reward,
        dry_run: args.dry_run,
        batch_size: usize::from(args.batch_size),
        claim_payouts: args.claim_payouts,
    };
    let stats = Arc::new(Mutex::new(pass::Stats::default()));
    if !args.once {
        match tokio::net::TcpListener::bind(args.metrics_addr).await {
            Ok(listener) => {
                tracing::info!(metrics = %format!("http://{}/metrics", args.metrics_addr), "serving");
                tokio::spawn(metrics::serve(listener, Arc::clone(&stats)));
            }
            Err(e) => return bad_input(&format!("--metrics-addr {}: {e}", args.metrics_addr)),
        }
    }
    let mut accounts = pass::Accounts::default();
    let Ok(mut terminate) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        eprintln!("lever-keeper: cannot handle SIGTERM");
        return ExitCode::FAILURE;
    };
    let interval = Duration::from_millis(args.interval_ms);
    loop {
        // The pass works on a copy, so /metrics never waits on RPC.
        let mut current = stats.lock().map(|stats| stats.clone()).unwrap_or_default();
        pass::run(&mut chain, &keeper, &options, &mut accounts, &mut current).await;
        let pause = pass::backoff(interval, current.consecutive_failed_passes);
        if current.consecutive_failed_passes > 0 {
            tracing::warn!(
                failed_passes = current.consecutive_failed_passes,
                next_pass_in_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                "backing off"
            );
        }
        if let Ok(mut shared) = stats.lock() {
            *shared = current;
        }
        if args.once {
            break;
        }
        // A signal during a pass waits for the pass to finish (it is not polled then).
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = tokio::signal::ctrl_c() => break,
            _ = terminate.recv() => break,
        }
    }
    let summary = stats.lock().map(|stats| stats.json()).unwrap_or_default();
    println!("{summary}");
    ExitCode::SUCCESS
}

fn bad_input(message: &str) -> ExitCode {
    eprintln!("lever-keeper: {message}");
    ExitCode::from(BAD_INPUT)
}
