//! `lever migrate FILE`: brings a cluster to what its market file says (config, then
//! each market created or updated), printing the plan first and asking before sending
//! unless `--yes`; `--dry-run` prints the plan only. Exit 2 for bad input (file,
//! settings, keypair), 1 when the cluster refuses or is unreachable.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use lever_ops::cluster::{read_keypair, CliConfig, Settings};
use lever_ops::market_file::ClusterFile;
use lever_ops::migrate::{apply, plan};
use lever_ops::rpc::RpcChain;
use solana_signer::Signer;

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// The cluster's market file (migrations/<cluster>.json).
    file: PathBuf,
    /// RPC URL or moniker (localhost, devnet, testnet, mainnet-beta; l, d, t, m);
    /// default from the Solana CLI config, else localhost.
    #[arg(long, short = 'u', env = "LEVER_RPC_URL")]
    url: Option<String>,
    /// The admin's keypair file; default from the Solana CLI config.
    #[arg(long, short = 'k', env = "LEVER_KEYPAIR")]
    keypair: Option<PathBuf>,
    /// The Solana CLI config file to read defaults from.
    #[arg(long, env = "SOLANA_CONFIG")]
    config: Option<PathBuf>,
    /// Print the plan and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send without asking.
    #[arg(long)]
    yes: bool,
    /// Cap on the priority fee, micro-lamports per compute unit.
    #[arg(long, default_value_t = 100_000)]
    max_priority_fee: u64,
    /// Seconds to wait for each RPC answer.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

const BAD_INPUT: u8 = 2;

pub async fn run(args: MigrateArgs, out: &mut impl Write) -> ExitCode {
    let file = match ClusterFile::load(&args.file) {
        Ok(file) => file,
        Err(e) => return bad_input(&e.to_string()),
    };
    let config_path = args.config.clone().or_else(CliConfig::default_path);
    let config = match config_path.map(|path| CliConfig::load(&path)).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(e) => return bad_input(&e.to_string()),
    };
    let settings = match Settings::resolve(args.url.as_deref(), args.keypair.as_deref(), &config) {
        Ok(settings) => settings,
        Err(e) => return bad_input(&e.to_string()),
    };
    let admin = match read_keypair(&settings.keypair_path) {
        Ok(admin) => admin,
        Err(e) => return bad_input(&e.to_string()),
    };
    let mut chain = RpcChain::new(
        &settings.rpc_url,
        Duration::from_secs(args.timeout),
        args.max_priority_fee,
    );
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
fn confirmed(transactions: usize) -> bool {
    eprint!("send {transactions} transactions? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).is_ok()
        && matches!(answer.trim(), "y" | "Y" | "yes")
}
