//! `lever`: the project's command line.
//!
//! - `lever demo`: a market on an in-process Solana runtime, traders at several
//!   leverages, a falling price, a keeper liquidating what becomes liquidatable.
//! - `lever scenario run FILE.json`: plays a scenario file against the program and
//!   prints the result JSON (../shared/SCENARIOS.md). Exit 0 for a valid file (even
//!   with refused steps), 2 for a malformed one (message on stderr, nothing on stdout).
//! - `lever risk synth|map|cascade|bench`: the liquidation map and the cascade simulator
//!   (../shared/RISK.md), on lever-math alone (`risk`).
//! - `lever migrate FILE`: brings a cluster (over JSON-RPC) to its market file
//!   (`migrate`).
//! - `lever localnet [--demo]`: a local validator with lever deployed, seeded on demand
//!   (`localnet`); `lever price set` moves its prices (`price`).
//! - `lever deploy`: deploys or upgrades the program over RPC (`deploy`).
//! - `lever admin ...`: the admin's instructions over RPC (`admin`).
//! - `lever positions`, `lever market show`, `lever snapshot`: a market over RPC with the
//!   program's own health code (`book`).

mod admin;
mod bench;
mod book;
mod demo;
mod deploy;
mod localnet;
mod migrate;
mod price;
mod quiet;
mod risk;
mod scenario;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lever_harness::Engine;

#[derive(Parser)]
#[command(
    name = "lever",
    version,
    about = "Leveraged positions and their liquidation: the demo, scenarios, risk tools, and operating a cluster (localnet, migrations, prices, positions)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the liquidation demo and print a table per price step.
    Demo,
    /// Benchmarks of the SBF build.
    Bench {
        #[command(subcommand)]
        action: BenchCommand,
    },
    /// Scenario files: parameter sets and price paths played against the program.
    Scenario {
        #[command(subcommand)]
        action: ScenarioCommand,
    },
    /// Risk tools: synthetic books, the liquidation map, cascades.
    Risk {
        #[command(subcommand)]
        action: risk::RiskCommand,
    },
    /// Bring a cluster to its market file: initialize the config, create or update
    /// each market (plan printed first; idempotent).
    Migrate(migrate::MigrateArgs),
    /// A local validator with lever deployed (`--demo`: seeded with a market, an LP and
    /// positions). Needs localnet/build.sh and sbf/lane.sh build first.
    Localnet(localnet::LocalnetArgs),
    /// Prices on a local validator (the test-only Pyth publisher).
    Price {
        #[command(subcommand)]
        action: price::PriceCommand,
    },
    /// Every position of a market with its health, liquidation price and what a
    /// liquidation would do now (the program's own math).
    Positions(book::PositionsArgs),
    /// A market's parameters and buckets.
    Market {
        #[command(subcommand)]
        action: book::MarketCommand,
    },
    /// Deploy or upgrade the program with the upgradeable loader (resumable buffer
    /// upload, concurrent writes, the buffer checked against the file).
    Deploy(deploy::DeployArgs),
    /// The config admin's commands: propose/accept admin, pause/unpause, withdraw-fees,
    /// update-params (confirmation unless --yes; --dry-run simulates).
    Admin(admin::AdminArgs),
    /// A market's positions as a risk-tool book (../shared/RISK.md) on stdout.
    Snapshot(book::SnapshotArgs),
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Play FILE and print the result JSON on stdout.
    Run {
        file: PathBuf,
        /// Run the SBF build (e.g. target/deploy/lever.so) instead of the native program.
        #[arg(long, value_name = "SO")]
        sbf: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Compute units of every instruction on the SBF build, checked against the budget,
    /// and the checked-in scenarios played on the SBF build and natively.
    Cu {
        /// The SBF build of the program.
        #[arg(long, value_name = "SO", default_value = "target/deploy/lever.so")]
        so: PathBuf,
        /// CU ceilings per instruction.
        #[arg(long, value_name = "FILE", default_value = "sbf/budget.json")]
        budget: PathBuf,
        /// Also write the table as markdown to FILE.
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
        /// Run the bench's flows on the native program instead (checks the bench
        /// itself; native figures count only the token program's CU, not lever's).
        #[arg(long)]
        native: bool,
    },
}

/// Exit code of a malformed scenario file.
const MALFORMED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Asked before stdout is silenced: the risk tools show progress only to a terminal.
    let stdout_is_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    // The runtime logs at debug level unless told otherwise.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let mut out = match quiet::Stdout::take() {
        Ok(out) => out,
        Err(e) => {
            eprintln!("lever: cannot set up output: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lever: cannot start async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Demo => match runtime.block_on(demo::run(&mut out)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lever demo: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Bench {
            action:
                BenchCommand::Cu {
                    so,
                    budget,
                    write,
                    native,
                },
        } => match runtime.block_on(bench::run(&mut out, &so, &budget, write.as_deref(), native)) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("lever bench: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Risk { action } => risk::run(action, &mut out, stdout_is_terminal),
        Command::Migrate(args) => runtime.block_on(migrate::run(args, &mut out)),
        Command::Localnet(args) => runtime.block_on(localnet::run(args, &mut out)),
        Command::Price { action } => runtime.block_on(price::run(action, &mut out)),
        Command::Positions(args) => runtime.block_on(book::positions(args, &mut out)),
        Command::Market { action } => runtime.block_on(book::market(action, &mut out)),
        Command::Deploy(args) => runtime.block_on(deploy::run(args, &mut out)),
        Command::Admin(args) => runtime.block_on(admin::run(args, &mut out)),
        Command::Snapshot(args) => runtime.block_on(book::snapshot_book(args, &mut out)),
        Command::Scenario {
            action: ScenarioCommand::Run { file, sbf },
        } => {
            let engine = sbf.map(Engine::Sbf).unwrap_or_else(Engine::from_env);
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("lever scenario: {}: cannot read: {e}", file.display());
                    return ExitCode::from(MALFORMED);
                }
            };
            match runtime.block_on(scenario::run(&text, &engine)) {
                Ok(json) => match out.write_all(json.as_bytes()).and_then(|()| out.flush()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("lever scenario: cannot write result: {e}");
                        ExitCode::FAILURE
                    }
                },
                Err(malformed) => {
                    eprintln!("lever scenario: {}: {malformed}", file.display());
                    ExitCode::from(MALFORMED)
                }
            }
        }
    }
}
