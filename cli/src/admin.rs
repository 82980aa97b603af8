//! `lever admin ...`: the config admin's commands over RPC (and `init-config`,
//! `create-market`, `update-params`: one step of a cluster file's migration). Each is prepared from what
//! the cluster holds and refused before sending when the signer is not the one the
//! program would accept; it prints what it will do and asks unless `--yes`;
//! `--dry-run` simulates the transaction and sends nothing. Exit 2 for bad input, 1 for
//! a refusal or an unreachable cluster.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anchor_lang::prelude::Pubkey;
use lever_ops::admin::{parse_operations, prepare, AdminAction, AdminError, FileStep};
use lever_ops::chain::Chain;
use lever_ops::market_file::ClusterFile;
use solana_signer::Signer;

use lever_ops::cluster_args::ClusterArgs;

#[derive(clap::Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    action: AdminCommand,
    #[command(flatten)]
    cluster: ClusterArgs,
    /// Simulate the transaction and send nothing.
    #[arg(long, global = true)]
    dry_run: bool,
    /// Send without asking.
    #[arg(long, global = true)]
    yes: bool,
}

#[derive(clap::Subcommand)]
enum AdminCommand {
    /// Propose the next admin (the signer is the admin; the new one must accept).
    ProposeAdmin { new_admin: Pubkey },
    /// Accept the admin role (the signer is the proposed admin).
    AcceptAdmin,
    /// Pause operations in every market: open, deposit-collateral, withdraw-collateral,
    /// reduce, lp-deposit, lp-withdraw, liquidate, or all.
    Pause {
        #[arg(required = true)]
        operations: Vec<String>,
    },
    /// Unpause operations (same names as pause).
    Unpause {
        #[arg(required = true)]
        operations: Vec<String>,
    },
    /// Withdraw collected open/close fees of a market.
    WithdrawFees {
        #[arg(long)]
        market: u16,
        /// Collateral atoms; default everything collected.
        #[arg(long)]
        amount: Option<u64>,
        /// A token account of the collateral mint; default the signer's associated one.
        #[arg(long)]
        destination: Option<Pubkey>,
    },
    /// Initialize the config (the signer must be the program's upgrade authority; it
    /// becomes the admin). FILE is the cluster's file, checked against the cluster.
    InitConfig { file: PathBuf },
    /// Create one market of the cluster file.
    CreateMarket {
        file: PathBuf,
        #[arg(long)]
        market: u16,
    },
    /// Set one market's parameters to what the cluster file says.
    UpdateParams {
        file: PathBuf,
        #[arg(long)]
        market: u16,
    },
}

const BAD_INPUT: u8 = 2;

fn fail(message: &str, code: ExitCode) -> ExitCode {
    eprintln!("lever admin: {message}");
    code
}

fn action(command: AdminCommand) -> Result<AdminAction, String> {
    let operations = |names: &[String]| parse_operations(names).map_err(|e| e.to_string());
    Ok(match command {
        AdminCommand::ProposeAdmin { new_admin } => AdminAction::ProposeAdmin { new_admin },
        AdminCommand::AcceptAdmin => AdminAction::AcceptAdmin,
        AdminCommand::Pause { operations: names } => AdminAction::Pause {
            bits: operations(&names)?,
        },
        AdminCommand::Unpause { operations: names } => AdminAction::Unpause {
            bits: operations(&names)?,
        },
        AdminCommand::WithdrawFees {
            market,
            amount,
            destination,
        } => AdminAction::WithdrawFees {
            market,
            amount,
            destination,
        },
        AdminCommand::InitConfig { file } => from_file(&file, FileStep::InitializeConfig)?,
        AdminCommand::CreateMarket { file, market } => {
            from_file(&file, FileStep::CreateMarket(market))?
        }
        AdminCommand::UpdateParams { file, market } => {
            from_file(&file, FileStep::UpdateParams(market))?
        }
    })
}

fn from_file(path: &std::path::Path, step: FileStep) -> Result<AdminAction, String> {
    Ok(AdminAction::FromFile {
        file: ClusterFile::load(path).map_err(|e| e.to_string())?,
        step,
    })
}

pub async fn run(args: AdminArgs, out: &mut impl Write) -> ExitCode {
    let action = match action(args.action) {
        Ok(action) => action,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    let settings = match args.cluster.settings() {
        Ok(settings) => settings,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    let signer = match args.cluster.signer(&settings) {
        Ok(signer) => signer,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    let mut chain = match args.cluster.chain(&settings) {
        Ok(chain) => chain,
        Err(e) => return fail(&e, ExitCode::from(BAD_INPUT)),
    };
    if let AdminAction::FromFile { file, .. } = &action {
        match chain.genesis_hash().await {
            Ok(genesis) => {
                if let Err(e) = lever_ops::cluster::check_file_cluster(&file.cluster, &genesis) {
                    return fail(&e.to_string(), ExitCode::from(BAD_INPUT));
                }
            }
            Err(e) => return fail(&e.to_string(), ExitCode::FAILURE),
        }
    }
    let prepared = match prepare(&mut chain, &signer.pubkey(), &action).await {
        Ok(prepared) => prepared,
        Err(AdminError::Input(e)) => return fail(&e, ExitCode::from(BAD_INPUT)),
        Err(e) => return fail(&e.to_string(), ExitCode::FAILURE),
    };
    let _ = writeln!(
        out,
        "{} as {}: {}",
        settings.rpc_url,
        signer.pubkey(),
        prepared.description
    );
    if prepared.instructions.is_empty() {
        let _ = writeln!(out, "nothing to do");
        return ExitCode::SUCCESS;
    }
    if args.dry_run {
        return match chain.simulate(&prepared.instructions, &[&signer]).await {
            Ok(simulated) => {
                let _ = writeln!(
                    out,
                    "dry run: the simulation succeeded ({} CU); nothing sent",
                    simulated.units
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("dry run: {e}; nothing sent"), ExitCode::FAILURE),
        };
    }
    if !args.yes && !crate::migrate::confirmed(1) {
        let _ = writeln!(out, "not confirmed: nothing sent");
        return ExitCode::FAILURE;
    }
    match chain.send(&prepared.instructions, &[&signer]).await {
        Ok(()) => {
            let _ = writeln!(out, "done: confirmed");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string(), ExitCode::FAILURE),
    }
}
