//! `lever risk synth|map|cascade|bench`: the risk tools (../shared/RISK.md) on the
//! `lever-risk` crate. Results are JSON on stdout; charts go under `--out`.
//!
//! Bad input (a malformed book or market file, an argument out of range, a file that
//! cannot be read, an `--out` that cannot be created): exit 2, a message on stderr
//! saying where and what, nothing on stdout. A computation that fails on valid input
//! (an overflow deep in a cascade) exits 1. Everything is computed before the first
//! byte is written, so stdout is either the whole result or empty.

mod commands;
mod progress;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use lever_risk::{CascadeParams, DEFAULT_BUCKET_BPS};

use commands::{run_bench, run_cascade, run_map, run_synth, MapArgs};
use progress::Progress;

#[derive(Subcommand)]
pub enum RiskCommand {
    /// Print a synthetic book of N positions (reproducible for a seed).
    Synth {
        #[arg(long, value_name = "N")]
        positions: usize,
        #[arg(long, value_name = "S")]
        seed: u64,
        /// Market parameters (a market object, or a book or scenario file's `market`);
        /// the program's defaults otherwise.
        #[arg(long, value_name = "FILE")]
        market: Option<PathBuf>,
        /// Extension: the book's price as a Pyth mantissa at expo -8 (default $150).
        #[arg(long, value_name = "MANTISSA")]
        price: Option<i64>,
        #[arg(long)]
        quiet: bool,
    },
    /// The liquidation map of BOOK: liquidation prices, notional at risk by price
    /// bucket, what is liquidatable now.
    Map {
        book: PathBuf,
        /// Write map.svg and leverage.svg (and map-compare.svg) here.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Bucket width, bps of the mark.
        #[arg(long, value_name = "B", default_value_t = DEFAULT_BUCKET_BPS,
              value_parser = clap::value_parser!(u16).range(1..))]
        bucket_bps: u16,
        /// The same book under a second market's parameters, side by side.
        #[arg(long, value_name = "OTHER_MARKET.json")]
        compare: Option<PathBuf>,
        #[arg(long)]
        quiet: bool,
    },
    /// A liquidation cascade after a price shock, round by round.
    Cascade {
        book: PathBuf,
        /// Signed shock to the book's price, bps (-800: an 8 % drop).
        #[arg(long, value_name = "S", allow_negative_numbers = true)]
        shock_bps: i64,
        /// Market depth: collateral atoms of net selling that take 1 % off spot.
        #[arg(long, value_name = "D")]
        depth: u64,
        /// Share of the gap to spot the EMA closes per round, bps.
        #[arg(long, value_name = "A", default_value_t = CascadeParams::DEFAULT_EMA_ALPHA_BPS)]
        ema_alpha_bps: u16,
        #[arg(long, value_name = "R", default_value_t = CascadeParams::DEFAULT_MAX_ROUNDS)]
        max_rounds: u32,
        /// Write cascade.svg (and cascade-compare.svg) here.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The same book and shock under a second market's parameters.
        #[arg(long, value_name = "OTHER_MARKET.json")]
        compare: Option<PathBuf>,
        #[arg(long)]
        quiet: bool,
    },
    /// Time the map and a cascade on synthetic books of growing size (build with
    /// --release for meaningful figures); prints a markdown table.
    Bench {
        #[arg(long, value_name = "N,N,..", value_delimiter = ',',
              default_values_t = [10_000usize, 100_000, 1_000_000])]
        positions: Vec<usize>,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long)]
        quiet: bool,
    },
}

/// Why a command stopped.
pub(crate) enum Failure {
    /// Exit 2.
    BadInput(String),
    /// Exit 1.
    Failed(String),
}

pub(crate) fn bad<E: std::fmt::Display>(
    place: impl std::fmt::Display,
) -> impl FnOnce(E) -> Failure {
    move |e| Failure::BadInput(format!("{place}: {e}"))
}

pub(crate) fn failed<E: std::fmt::Display>(e: E) -> Failure {
    Failure::Failed(e.to_string())
}

/// Runs a risk command; `stdout_is_terminal` decides whether progress is shown.
pub fn run(command: RiskCommand, stdout: &mut dyn Write, stdout_is_terminal: bool) -> ExitCode {
    let (name, result) = match command {
        RiskCommand::Synth {
            positions,
            seed,
            market,
            price,
            quiet,
        } => {
            let progress = Progress::new(stdout_is_terminal && !quiet);
            (
                "synth",
                run_synth(positions, seed, market.as_deref(), price, &progress, stdout),
            )
        }
        RiskCommand::Map {
            book,
            out,
            bucket_bps,
            compare,
            quiet,
        } => {
            let progress = Progress::new(stdout_is_terminal && !quiet);
            let args = MapArgs {
                book: &book,
                out: out.as_deref(),
                bucket_bps,
                compare: compare.as_deref(),
            };
            ("map", run_map(&args, &progress, stdout))
        }
        RiskCommand::Cascade {
            book,
            shock_bps,
            depth,
            ema_alpha_bps,
            max_rounds,
            out,
            compare,
            quiet,
        } => {
            let progress = Progress::new(stdout_is_terminal && !quiet);
            let params = CascadeParams {
                shock_bps,
                depth,
                ema_alpha_bps,
                max_rounds,
            };
            (
                "cascade",
                run_cascade(
                    &book,
                    &params,
                    out.as_deref(),
                    compare.as_deref(),
                    &progress,
                    stdout,
                ),
            )
        }
        RiskCommand::Bench {
            positions,
            seed,
            quiet,
        } => {
            let progress = Progress::new(stdout_is_terminal && !quiet);
            ("bench", run_bench(&positions, seed, &progress, stdout))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(message)) => {
            eprintln!("lever risk {name}: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("lever risk {name}: {message}");
            ExitCode::FAILURE
        }
    }
}
