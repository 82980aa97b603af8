//! `lever migrate FILE`: brings a cluster to what its market file says (config, then
//! each market created or updated), printing the plan first and asking before sending
//! unless `--yes`; `--dry-run` prints the plan only. A file for another cluster than the
//! one `--url` reaches (by its genesis hash) is refused before anything is read. Exit 2 for bad input (file,
//! settings, keypair), 1 when the cluster refuses or is unreachable.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use lever_ops::market_file::ClusterFile;
use lever_ops::migrate::{apply, plan};
use solana_signer::Signer;

use lever_ops::cluster_args::ClusterArgs;

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// The cluster's market file (migrations/<cluster>.json).
    file: PathBuf,
    #[command(flatten)]
    cluster: ClusterArgs,
    /// Print the plan and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send without asking.
    #[arg(long)]
    yes: bool,
}

const BAD_INPUT: u8 = 2;

pub async fn run(args: MigrateArgs, out: &mut impl Write) -> ExitCode {
    let file = match ClusterFile::load(&args.file) {
        Ok(file) => file,
        Err(e) => return bad_input(&e.to_string()),
    };
    let settings = match args.cluster.settings() {
        Ok(settings) => settings,
        Err(e) => return bad_input(&e),
    };
    let admin = match args.cluster.signer(&settings) {
        Ok(admin) => admin,
        Err(e) => return bad_input(&e),
    };
    let mut chain = match args.cluster.chain(&settings) {
        Ok(chain) => chain,
        Err(e) => return bad_input(&e),
    };
    match chain.genesis_hash().await {
        Ok(genesis) => {
            if let Err(e) = lever_ops::cluster::check_file_cluster(&file.cluster, &genesis) {
                return bad_input(&e.to_string());
            }
        }
        Err(e) => {
            eprintln!("lever migrate: {e}");
            return ExitCode::FAILURE;
        }
    }
    let steps = match plan(&mut chain, &admin.pubkey(), &file).await {
        Ok(steps) => steps,
        Err(e) => {
            eprintln!("lever migrate: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _ = writeln!(
        out,
        "cluster file {:?} ({} markets) against {} as {}:",
        file.cluster,
        file.markets.len(),
        settings.rpc_url,
        admin.pubkey()
    );
    if steps.is_empty() {
        let _ = writeln!(out, "  nothing to do: the cluster matches the file");
        return ExitCode::SUCCESS;
    }
    for (number, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", number + 1);
    }
    if args.dry_run {
        let _ = writeln!(out, "dry run: nothing sent");
        return ExitCode::SUCCESS;
    }
    if !args.yes && !confirmed(steps.len()) {
        let _ = writeln!(out, "not confirmed: nothing sent");
        return ExitCode::FAILURE;
    }
    match apply(&mut chain, &admin, &steps).await {
        Ok(()) => {
            let _ = writeln!(out, "done: {} transactions confirmed", steps.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lever migrate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bad_input(message: &str) -> ExitCode {
    eprintln!("lever migrate: {message}");
    ExitCode::from(BAD_INPUT)
}

/// Asks on the terminal; anything but y or yes is a no.
pub fn confirmed(transactions: usize) -> bool {
    eprint!("send {transactions} transactions? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).is_ok()
        && matches!(answer.trim(), "y" | "Y" | "yes")
}
