//! `lever-keeper`: watches lever markets over JSON-RPC and liquidates every position
//! the program would call liquidatable, most underwater first.
//!
//! A full pass reads the markets and all their positions (`getProgramAccounts`);
//! between passes, websocket notifications (prices, markets, positions) keep that copy
//! current and a new price is acted on at once (`watch`, `cache`, `driver`). Positions
//! are evaluated with the program's own health code (lever-client), so the keeper never
//! disagrees with the chain about who is liquidatable; a liquidation is simulated first
//! (its return data says what the keeper earns), skipped when that does not cover
//! the transaction's fee at SOL's price (`--min-reward fee`, the default, with
//! `--sol-oracle`) or is below a fixed `--min-reward` in collateral atoms, up to
//! `--batch-size` positions per transaction (`liquidate_batch`) and `--max-in-flight`
//! transactions at once, sent with a compute-unit limit from the measured budgets and
//! a priority fee by the operator's policy (percentile, floor, cap). Losing a race to
//! another keeper is counted, not an error. `--once` does one pass and prints the
//! counters as JSON; otherwise it runs until SIGINT/SIGTERM, which let the current
//! pass or reaction finish. Logs: `tracing` on stderr, text or JSON lines
//! (`--log-format`), `RUST_LOG` filtered.
//!
//! Settings: flags, then env (`LEVER_RPC_URL`, `LEVER_KEYPAIR`, `LEVER_MARKETS`...),
//! then the Solana CLI config. Bad settings or a market that does not exist: exit 2 at
//! start-up.

mod cache;
mod decide;
mod driver;
mod logging;
mod metrics;
mod pass;
mod send;
mod watch;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use clap::Parser;
use decide::MinReward;
use lever_ops::book::MarketState;
use lever_ops::cluster_args::ClusterArgs;
use lever_ops::rpc::RpcChain;
use solana_commitment_config::CommitmentConfig;

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
    /// What a liquidation must pay the keeper. `fee` (the default): a transaction is
    /// sent when its rewards together cover the fee it pays (5,000 lamports a
    /// signature plus the priority fee), valued at the SOL price of --sol-oracle. A
    /// number: each position paying at least that many collateral atoms is sent (0:
    /// every liquidatable one, whatever it costs).
    #[arg(long, env = "LEVER_MIN_REWARD", default_value = "fee", value_parser = parse_min_reward)]
    min_reward: MinRewardArg,
    /// The Pyth price account (pull or legacy) of SOL in the collateral's currency:
    /// values the fees for --min-reward fee, read at start-up and at every full pass.
    /// The default is Pyth's sponsored SOL/USD feed account (the same address on
    /// mainnet-beta and devnet, and on localnet's demo), right for USD collateral.
    #[arg(long, env = "LEVER_SOL_ORACLE", default_value_t = SOL_USD_FEED_ACCOUNT)]
    sol_oracle: Pubkey,
    /// Positions per transaction: above 1, `liquidate_batch` (at most 24: what one
    /// legacy transaction carries); 1 sends one `liquidate` per position (the owner's
    /// payout paid at once instead of claimed).
    #[arg(long, env = "LEVER_BATCH_SIZE", default_value_t = MAX_BATCH,
          value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_BATCH)))]
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
    /// Milliseconds between passes while polling (doubled per failed pass in a row,
    /// up to 30 s).
    #[arg(long, env = "LEVER_INTERVAL_MS", default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(10..))]
    interval_ms: u64,
    /// Seconds between full reads while the websocket subscriptions are in place
    /// (between them, notifications keep the positions and prices current).
    #[arg(long, env = "LEVER_RESYNC_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    resync_secs: u64,
    /// Websocket URL for the subscriptions; default the one the Solana CLI derives from
    /// the RPC URL (or its config's websocket_url).
    #[arg(long, env = "LEVER_WS_URL")]
    ws_url: Option<String>,
    /// Liquidation transactions of one market in flight at once (each with other
    /// positions; a mass crash past --batch-size positions goes out in parallel).
    #[arg(long, env = "LEVER_MAX_IN_FLIGHT", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=32))]
    max_in_flight: u16,
    /// Poll only: no websocket subscriptions.
    #[arg(long, env = "LEVER_NO_SUBSCRIBE")]
    no_subscribe: bool,
    /// The commitment of notifications, reads, simulations and the preflight check:
    /// `confirmed` (default), or `processed` to act on a price as soon as the node has
    /// executed it, a slot sooner, at the risk of acting on a slot the cluster drops
    /// (the liquidation then fails and costs its fee). Sends count once `confirmed`.
    #[arg(long, env = "LEVER_COMMITMENT", default_value = "confirmed", value_parser = parse_commitment)]
    commitment: CommitmentConfig,
    /// Log lines on stderr: text, or one JSON object per line (fields at the top
    /// level). RUST_LOG filters them (default info).
    #[arg(long, env = "LEVER_LOG_FORMAT", value_enum, default_value_t = logging::LogFormat::Text)]
    log_format: logging::LogFormat,
    #[command(flatten)]
    cluster: ClusterArgs,
}

const BAD_INPUT: u8 = 2;

/// Pyth's sponsored SOL/USD price feed account (push oracle, shard 0).
const SOL_USD_FEED_ACCOUNT: Pubkey =
    Pubkey::from_str_const("7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE");

/// The most positions `liquidate_batch` takes (checked against the program's constant).
const MAX_BATCH: u16 = 24;
const _: () = assert!(MAX_BATCH as usize == lever::instructions::MAX_BATCH_POSITIONS);

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
        Ok(chain) => chain.reading_at(args.commitment),
        Err(e) => return bad_input(&e),
    };
    let ws_url = args
        .ws_url
        .clone()
        .unwrap_or_else(|| settings.websocket_url.clone());
    if !(ws_url.starts_with("ws://") || ws_url.starts_with("wss://")) {
        return bad_input(&format!("--ws-url {ws_url}: not a ws:// or wss:// URL"));
    }
    // Every market must exist now: a typo is an error at start-up, not a silent pass.
    let mut targets = Vec::new();
    for index in &args.markets {
        match MarketState::fetch(&mut chain, *index, None).await {
            Ok(state) => targets.push(watch::Target {
                index: *index,
                market: state.address,
                oracle: state.oracle,
            }),
            Err(e) => return bad_input(&format!("market {index}: {e}")),
        }
    }
    let min_reward = match min_reward(&args, &mut chain).await {
        Ok(min_reward) => min_reward,
        Err(e) => return bad_input(&e),
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
    let subscribe = !args.once && !args.no_subscribe;
    let work = pass::Keeper {
        chain,
        keypair: keeper,
        options: pass::Options {
            markets: args.markets.clone(),
            min_reward,
            sol_oracle: args.sol_oracle,
            dry_run: args.dry_run,
            batch_size: usize::from(args.batch_size),
            claim_payouts: args.claim_payouts,
            max_in_flight: usize::from(args.max_in_flight),
        },
        accounts: pass::Accounts::default(),
        caches: Default::default(),
    };
    let mut keeper = driver::Keeper {
        work,
        events: subscribe.then(|| watch::spawn(ws_url, targets, args.commitment)),
        subscribed: false,
    };
    let cadence = driver::Cadence {
        interval: Duration::from_millis(args.interval_ms),
        resync: Duration::from_secs(args.resync_secs),
    };
    if let Err(e) = driver::drive(&mut keeper, &stats, &cadence, args.once).await {
        eprintln!("lever-keeper: {e}");
        return ExitCode::FAILURE;
    }
    let summary = stats.lock().map(|stats| stats.json()).unwrap_or_default();
    println!("{summary}");
    ExitCode::SUCCESS
}

fn parse_commitment(value: &str) -> Result<CommitmentConfig, String> {
    match value {
        "confirmed" => Ok(CommitmentConfig::confirmed()),
        "processed" => Ok(CommitmentConfig::processed()),
        other => Err(format!(
            "{other}: `confirmed` or `processed` (`finalized` is 13 s behind, too late to liquidate)"
        )),
    }
}

/// `--min-reward` as given: `fee`, or collateral atoms.
#[derive(Debug, Clone, Copy)]
enum MinRewardArg {
    Fee,
    Atoms(u64),
}

fn parse_min_reward(value: &str) -> Result<MinRewardArg, String> {
    if value == "fee" {
        return Ok(MinRewardArg::Fee);
    }
    value
        .parse()
        .map(MinRewardArg::Atoms)
        .map_err(|_| format!("{value}: `fee` or a number of collateral atoms"))
}

/// The minimum reward to work with: `fee` needs SOL's price, read now so that a wrong
/// or missing --sol-oracle is an error at start-up.
async fn min_reward(args: &Args, chain: &mut RpcChain) -> Result<MinReward, String> {
    match args.min_reward {
        MinRewardArg::Atoms(least) => Ok(MinReward::Atoms(least)),
        MinRewardArg::Fee => pass::read_sol_price(chain, &args.sol_oracle)
            .await
            .map(|sol| {
                // Said once, so that a feed of the wrong asset (BTC's price for SOL's)
                // is seen at start-up.
                tracing::info!(oracle = %args.sol_oracle, price = sol.price, expo = sol.expo, "fees valued at this SOL price");
                MinReward::Fee { sol }
            })
            .map_err(|e| {
                format!(
                    "--sol-oracle {}: {e} (--min-reward fee, the default, values fees at \
                     SOL's price: give the cluster's Pyth SOL account, or --min-reward ATOMS; \
                     0 sends every liquidation)",
                    args.sol_oracle
                )
            }),
    }
}

fn bad_input(message: &str) -> ExitCode {
    eprintln!("lever-keeper: {message}");
    ExitCode::from(BAD_INPUT)
}
