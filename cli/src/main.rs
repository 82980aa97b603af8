//! `lever`: the project's command line.
//!
//! - `lever demo`: a market on an in-process Solana runtime, traders at several
//!   leverages, a falling price, a keeper liquidating what becomes liquidatable.
//! - `lever scenario run FILE.json`: plays a scenario file against the program and
//!   prints the result JSON (../shared/SCENARIOS.md). Exit 0 for a valid file (even
//!   with refused steps), 2 for a malformed one (message on stderr, nothing on stdout).

mod demo;
mod quiet;
mod scenario;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lever",
    version,
    about = "Leveraged positions and their liquidation, on an in-process Solana runtime"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the liquidation demo and print a table per price step.
    Demo,
    /// Scenario files: parameter sets and price paths played against the program.
    Scenario {
        #[command(subcommand)]
        action: ScenarioCommand,
    },
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Play FILE and print the result JSON on stdout.
    Run { file: PathBuf },
}

/// Exit code of a malformed scenario file.
const MALFORMED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::Scenario {
            action: ScenarioCommand::Run { file },
        } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("lever scenario: {}: cannot read: {e}", file.display());
                    return ExitCode::from(MALFORMED);
                }
            };
            match runtime.block_on(scenario::run(&text)) {
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
