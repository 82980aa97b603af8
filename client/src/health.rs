//! Position health for frontends and keepers, two ways that agree by construction:
//! decode what the program's `position_health` returned, or compute the same thing
//! off-chain from fetched accounts. Both run `lever::instructions::compute_health`,
//! which runs `lever_math::health_report`.

use anchor_lang::prelude::Pubkey;
use anchor_lang::AnchorDeserialize;
pub use lever::events::PositionLiquidated;
pub use lever::instructions::{BatchLiquidation, PositionHealth};
use lever::state::{Market, Position};

/// A fetched account: what an RPC `getAccountInfo` returns, minus the lamports.
#[derive(Debug, Clone, Copy)]
pub struct AccountView<'a> {
    pub key: &'a Pubkey,
    pub owner: &'a Pubkey,
    pub data: &'a [u8],
}

/// Why health could not be computed off-chain: the program's own error name, as the
/// program would have refused (stale oracle, wrong feed...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthError(pub String);

impl std::fmt::Display for HealthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HealthError {}

fn name_of(error: anchor_lang::error::Error) -> HealthError {
    match error {
        anchor_lang::error::Error::AnchorError(e) => HealthError(e.error_name.clone()),
        other => HealthError(other.to_string()),
    }
}

/// The health `position_health` would return at unix time `now`, from the market, the
/// position and the oracle account as fetched.
pub fn compute(
    market: &Market,
    position: &Position,
    oracle: AccountView,
    now: i64,
) -> Result<PositionHealth, HealthError> {
    let price = lever::oracle::validate_price(
        market,
        oracle.key,
        oracle.owner,
        oracle.data,
        now,
        lever::oracle::PriceUse::View,
    )
    .map_err(name_of)?;
    lever::instructions::compute_health(market, position, &price, now).map_err(name_of)
}

/// Decodes `position_health`'s return data.
pub fn decode_return(data: &[u8]) -> Result<PositionHealth, HealthError> {
    PositionHealth::try_from_slice(data).map_err(|e| HealthError(format!("bad return data: {e}")))
}

/// Decodes `liquidate_batch`'s return data: what the keeper was paid, and one status
/// per position, in order (each liquidation's details are in its event).
pub fn decode_batch(data: &[u8]) -> Result<BatchLiquidation, HealthError> {
    BatchLiquidation::try_from_slice(data).map_err(|e| HealthError(format!("bad return data: {e}")))
}

/// Decodes `liquidate`'s return data.
pub fn decode_liquidation(data: &[u8]) -> Result<PositionLiquidated, HealthError> {
    PositionLiquidated::try_from_slice(data)
        .map_err(|e| HealthError(format!("bad return data: {e}")))
}
