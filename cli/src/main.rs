//! `lever`: the project's command line.
//!
//! - `lever demo`: a market on an in-process Solana runtime, traders at several
//!   leverages, a falling price, a keeper liquidating what becomes liquidatable.

mod demo;
mod quiet;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "lever", version, about = "Leveraged positions and their liquidation, on an in-process Solana runtime")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the liquidation demo and print a table per price step.
    Demo,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The runtime logs at debug level unless told otherwise; the demo prints tables.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let mut out = match quiet::Stdout::take() {
        Ok(out) => out,
        Err(e) => {
            eprintln!("lever: cannot set up output: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lever: cannot start async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Demo => runtime.block_on(demo::run(&mut out)),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lever: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
