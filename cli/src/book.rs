//! Reading a market over RPC with the program's own health code:
//! - `lever positions --market N [--owner O] [--json]`: every position, most underwater
//!   first, with its health, liquidation price and what a liquidation would do now;
//! - `lever market show N [--json]`: the market's parameters and buckets;
//! - `lever snapshot --market N`: the book of ../shared/RISK.md for the risk tools.
//!
//! Read-only: no keypair needed. Exit 2 for bad input, 1 when the cluster is
//! unreachable or the market does not exist.

use std::io::Write;
use std::process::ExitCode;

use anchor_lang::prelude::Pubkey;
use lever_ops::book::{
    decode_positions, evaluate, market_json, row_json, row_text, snapshot, MarketState, PositionRow,
};
use lever_ops::rpc::RpcChain;

use lever_ops::cluster_args::ClusterArgs;

#[derive(clap::Args)]
pub struct PositionsArgs {
    /// The market's index.
    #[arg(long)]
    market: u16,
    /// Only this owner's positions.
    #[arg(long)]
    owner: Option<Pubkey>,
    /// The price account to read (default: the feed's sponsored account, or a legacy
    /// market's bound account).
    #[arg(long)]
    oracle: Option<Pubkey>,
    /// Print JSON (one object: the market's address, the cluster time and the rows).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    cluster: ClusterArgs,
}

#[derive(clap::Subcommand)]
pub enum MarketCommand {
    /// The market's parameters, buckets and open interest.
    Show {
        /// The market's index.
        index: u16,
        #[arg(long)]
        oracle: Option<Pubkey>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        cluster: ClusterArgs,
    },
}

#[derive(clap::Args)]
pub struct SnapshotArgs {
    /// The market's index.
    #[arg(long)]
    market: u16,
    #[arg(long)]
    oracle: Option<Pubkey>,
    #[command(flatten)]
    cluster: ClusterArgs,
}

const BAD_INPUT: u8 = 2;

fn fail(command: &str, message: &str, code: ExitCode) -> ExitCode {
    eprintln!("lever {command}: {message}");
    code
}

/// Connects and fetches market `index` (exit codes on failure).
async fn fetch(
    command: &str,
    cluster: &ClusterArgs,
    index: u16,
    oracle: Option<Pubkey>,
) -> Result<(RpcChain, MarketState), ExitCode> {
    let settings = cluster
        .settings()
        .map_err(|e| fail(command, &e, ExitCode::from(BAD_INPUT)))?;
    let mut chain = cluster
        .chain(&settings)
        .map_err(|e| fail(command, &e, ExitCode::from(BAD_INPUT)))?;
    let state = MarketState::fetch(&mut chain, index, oracle)
        .await
        .map_err(|e| fail(command, &e.to_string(), ExitCode::FAILURE))?;
    Ok((chain, state))
}

/// The market and its positions (of `owner` if given), evaluated.
async fn book(
    command: &str,
    cluster: &ClusterArgs,
    index: u16,
    oracle: Option<Pubkey>,
    owner: Option<&Pubkey>,
) -> Result<(MarketState, Vec<PositionRow>), ExitCode> {
    let (chain, state) = fetch(command, cluster, index, oracle).await?;
    let accounts = chain
        .positions(&state.address, owner)
        .await
        .map_err(|e| fail(command, &e.to_string(), ExitCode::FAILURE))?;
    let rows = evaluate(&state, decode_positions(&state.address, accounts));
    Ok((state, rows))
}

pub async fn positions(args: PositionsArgs, out: &mut impl Write) -> ExitCode {
    let (state, rows) = match book(
        "positions",
        &args.cluster,
        args.market,
        args.oracle,
        args.owner.as_ref(),
    )
    .await
    {
        Ok(book) => book,
        Err(code) => return code,
    };
    let written = if args.json {
        let json = serde_json::json!({
            "market": state.address.to_string(),
            "oracle": state.oracle.to_string(),
            "cluster_time": state.now,
            "positions": rows.iter().map(|row| row_json(&state, row)).collect::<Vec<_>>(),
        });
        writeln!(out, "{json}")
    } else {
        let liquidatable = rows
            .iter()
            .filter(|row| row.health.as_ref().is_ok_and(|h| h.liquidatable))
            .count();
        let mut text = format!(
            "market {} ({}): {} positions, {liquidatable} liquidatable now\n",
            args.market,
            state.address,
            rows.len()
        );
        for row in &rows {
            text.push_str(&row_text(&state, row));
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

pub async fn market(command: MarketCommand, out: &mut impl Write) -> ExitCode {
    let MarketCommand::Show {
        index,
        oracle,
        json,
        cluster,
    } = command;
    let state = match fetch("market show", &cluster, index, oracle).await {
        Ok((_, state)) => state,
        Err(code) => return code,
    };
    let value = market_json(&state);
    let written = if json {
        writeln!(out, "{value}")
    } else {
        serde_json::to_string_pretty(&value)
            .map_err(std::io::Error::other)
            .and_then(|text| writeln!(out, "{text}"))
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

pub async fn snapshot_book(args: SnapshotArgs, out: &mut impl Write) -> ExitCode {
    let (state, rows) = match book("snapshot", &args.cluster, args.market, args.oracle, None).await
    {
        Ok(book) => book,
        Err(code) => return code,
    };
    match snapshot(&state, &rows) {
        Ok(book) => match writeln!(out, "{book}") {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        },
        Err(e) => fail("snapshot", &e, ExitCode::FAILURE),
    }
}
