//! The migration a team runs per cluster after deploying the program: initialize the
//! config if absent, then create each market of the cluster's file that does not exist
//! and update the parameters of each that differs. Idempotent: the plan is computed
//! from what the cluster holds, so a second run plans nothing. The plan is printed
//! before anything is sent, and a file the cluster cannot follow (a market whose mint
//! or oracle differ from the file's: those never change after creation; a config whose
//! admin is not the signer) is refused before anything is sent.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use lever::state::OracleSource;
use lever_math::RiskParams;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::chain::{Chain, ChainError};
use crate::market_file::{ClusterFile, MarketDefinition};

/// Why the migration cannot be planned or did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateError {
    /// The cluster's state contradicts the file or the signer; nothing was sent.
    Conflict(String),
    /// A read or a send failed; `completed` steps were confirmed before it.
    Chain { completed: usize, error: ChainError },
}

impl std::fmt::Display for MigrateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MigrateError::Conflict(why) => write!(f, "{why}; nothing was sent"),
            MigrateError::Chain { completed, error } => {
                write!(
                    f,
                    "{error} (after {completed} completed steps; run again to resume)"
                )
            }
        }
    }
}

impl std::error::Error for MigrateError {}

/// One change the migration makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    InitializeConfig,
    CreateMarket(MarketDefinition),
    UpdateParams {
        market: MarketDefinition,
        current: RiskParams,
    },
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::InitializeConfig => write!(f, "initialize the config (admin: the signer)"),
            Step::CreateMarket(market) => write!(
                f,
                "create market {} {} (collateral {}, oracle {}, base decimals {}, imr {} / mmr {} bps)",
                market.index,
                market.name,
                market.collateral_mint,
                market.oracle_account,
                market.base_decimals,
                market.params.imr_bps,
                market.params.mmr_bps
            ),
            Step::UpdateParams { market, current } => {
                write!(f, "update market {} {} params:", market.index, market.name)?;
                for (field, from, to) in params_diff(current, &market.params) {
                    write!(f, " {field} {from} -> {to};")?;
                }
                Ok(())
            }
        }
    }
}

/// The fields that differ between two parameter sets, as (name, from, to).
pub fn params_diff(from: &RiskParams, to: &RiskParams) -> Vec<(&'static str, u64, u64)> {
    let fields = |p: &RiskParams| {
        [
            ("imr_bps", u64::from(p.imr_bps)),
            ("mmr_bps", u64::from(p.mmr_bps)),
            (
                "liquidation_penalty_bps",
                u64::from(p.liquidation_penalty_bps),
            ),
            ("keeper_share_bps", u64::from(p.keeper_share_bps)),
            (
                "liquidation_buffer_bps",
                u64::from(p.liquidation_buffer_bps),
            ),
            ("ema_band_bps", u64::from(p.ema_band_bps)),
            ("max_staleness_secs", u64::from(p.max_staleness_secs)),
            ("max_conf_bps", u64::from(p.max_conf_bps)),
            ("min_position_notional", p.min_position_notional),
            ("open_fee_bps", u64::from(p.open_fee_bps)),
            ("close_fee_bps", u64::from(p.close_fee_bps)),
            (
                "borrow_rate_bps_per_hour",
                u64::from(p.borrow_rate_bps_per_hour),
            ),
            ("max_open_interest", p.max_open_interest),
            ("max_utilization_bps", u64::from(p.max_utilization_bps)),
            (
                "max_trade_price_age_secs",
                u64::from(p.max_trade_price_age_secs),
            ),
            (
                "max_liquidation_price_age_secs",
                u64::from(p.max_liquidation_price_age_secs),
            ),
            ("min_hold_secs", u64::from(p.min_hold_secs)),
            ("bankrupt_keeper_fee", p.bankrupt_keeper_fee),
        ]
    };
    fields(from)
        .into_iter()
        .zip(fields(to))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((name, a), (_, b))| (name, a, b))
        .collect()
}

async fn read<C: Chain>(chain: &mut C, address: &Pubkey) -> Result<Option<Vec<u8>>, MigrateError> {
    chain
        .account_data(address)
        .await
        .map_err(|error| MigrateError::Chain {
            completed: 0,
            error,
        })
}

/// What the migration would change on the cluster, in order.
pub async fn plan<C: Chain>(
    chain: &mut C,
    signer: &Pubkey,
    file: &ClusterFile,
) -> Result<Vec<Step>, MigrateError> {
    let mut steps = Vec::new();
    match read(chain, &lever_client::pda::config()).await? {
        None => steps.push(Step::InitializeConfig),
        Some(data) => {
            let config = lever_client::decode::config(&data)
                .map_err(|e| MigrateError::Conflict(format!("the config account: {e}")))?;
            if config.admin != *signer {
                return Err(MigrateError::Conflict(format!(
                    "the config's admin is {}, not the signer {signer}",
                    config.admin
                )));
            }
        }
    }
    for market in &file.markets {
        match read(chain, &lever_client::pda::market(market.index)).await? {
            None => steps.push(Step::CreateMarket(market.clone())),
            Some(data) => {
                let current = lever_client::decode::market(&data)
                    .map_err(|e| MigrateError::Conflict(format!("market {}: {e}", market.index)))?;
                require_same_binding(market, &current)?;
                let current_params = RiskParams::from(current.params);
                if current_params != market.params {
                    steps.push(Step::UpdateParams {
                        market: market.clone(),
                        current: current_params,
                    });
                }
            }
        }
    }
    Ok(steps)
}

/// What `create_market` fixed for good: the mint, the oracle binding, the decimals.
fn require_same_binding(
    wanted: &MarketDefinition,
    current: &lever::state::Market,
) -> Result<(), MigrateError> {
    let conflict = |field: &str| {
        MigrateError::Conflict(format!(
            "market {} ({}) exists with another {field} than the file's, which cannot change after creation",
            wanted.index, wanted.name
        ))
    };
    if current.collateral_mint != wanted.collateral_mint {
        return Err(conflict("collateral mint"));
    }
    let source = current
        .oracle_source()
        .map_err(|_| conflict("oracle source"))?;
    if source != wanted.oracle_source || current.oracle_feed != wanted.oracle_feed {
        return Err(conflict(match wanted.oracle_source {
            OracleSource::PythPull => "oracle feed",
            OracleSource::PythLegacy => "oracle price account",
        }));
    }
    if current.base_decimals != wanted.base_decimals {
        return Err(conflict("base decimals"));
    }
    Ok(())
}

/// The instruction of one step, signed by `admin`.
pub fn step_instruction(admin: &Pubkey, step: &Step) -> Instruction {
    match step {
        Step::InitializeConfig => lever_client::ix::initialize_config(*admin),
        Step::CreateMarket(market) => {
            lever_client::ix::create_market(*admin, &market.keys(), market.create_args())
        }
        Step::UpdateParams { market, .. } => lever_client::ix::update_market_params(
            *admin,
            &market.keys(),
            market.create_args().params,
        ),
    }
}

/// Sends the plan's steps in order, one transaction each, signed by the admin.
pub async fn apply<C: Chain>(
    chain: &mut C,
    admin: &Keypair,
    steps: &[Step],
) -> Result<(), MigrateError> {
    let signer = admin.pubkey();
    for (completed, step) in steps.iter().enumerate() {
        let instruction = step_instruction(&signer, step);
        chain
            .send(&[instruction], &[admin])
            .await
            .map_err(|error| MigrateError::Chain { completed, error })?;
    }
    Ok(())
}
