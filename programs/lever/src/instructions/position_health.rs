use anchor_lang::prelude::*;
use lever_math::health_report;

use crate::error::{LeverError, OrLever};
use crate::oracle::{read_price, PriceUse};
use crate::state::{Market, Position};
use crate::validation::now;

/// What `position_health` returns (borsh, as return data). Layout in the README,
/// "Integrating: position_health".
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PositionHealth {
    /// Liquidation mark used (internal price, 1e12).
    pub mark_price: u128,
    /// Notional at the mark, collateral atoms.
    pub notional: u128,
    /// E = collateral + PnL - accrued fees.
    pub equity: i128,
    pub accrued_fees: u64,
    /// mmr N.
    pub maintenance_requirement: u128,
    /// floor(E / N) in bps.
    pub margin_ratio_bps: i64,
    /// Mark at which E = MM; 0 when no positive price liquidates the position.
    pub liquidation_price: u128,
    pub liquidatable: bool,
    /// Base atoms `liquidate` would close now (0 when healthy).
    pub liquidation_size: u64,
    pub liquidation_is_partial: bool,
}

/// Read-only view of a position's health, with the numbers `liquidate` would use now
/// (borrow fees projected to the current time, same mark, same sizing). No signer;
/// call it in a simulated transaction.
#[derive(Accounts)]
#[instruction(market_index: u16, owner: Pubkey, position_id: u64)]
pub struct PositionHealthView<'info> {
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch)]
    pub market: AccountLoader<'info, Market>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::POSITION_SEED, market.key().as_ref(), owner.as_ref(), &position_id.to_le_bytes()], bump = position.load()?.bump))]
    #[account(
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        constraint = position.load()?.owner == owner @ LeverError::PositionOwnerMismatch,
        has_one = market @ LeverError::MarketMismatch
    )]
    pub position: AccountLoader<'info, Position>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
}

impl<'info> PositionHealthView<'info> {
    pub fn handle(ctx: Context<'_, Self>) -> Result<PositionHealth> {
        crate::cu::checkpoint("position_health: accounts loaded and checked");
        let now = now()?;
        let market = ctx.accounts.market.load()?;
        let position = ctx.accounts.position.load()?;
        let price = read_price(&market, &ctx.accounts.oracle, now, PriceUse::View)?;
        crate::cu::checkpoint("position_health: oracle read");
        let health = compute_health(&market, &position, &price, now)?;
        crate::cu::checkpoint("position_health: health computed");
        crate::native::set_return_data(&health)?;
        Ok(health)
    }
}

/// The health of `position` at a validated price, as of `now`. Shared with the client.
pub fn compute_health(
    market: &Market,
    position: &Position,
    price: &crate::oracle::ValidatedPrice,
    now: i64,
) -> Result<PositionHealth> {
    let index = market.projected_borrow_index(now)?;
    crate::cu::checkpoint("position_health: borrow index projected");
    let snapshot = position.snapshot(index)?;
    crate::cu::checkpoint("position_health: snapshot (accrued fees)");
    let mark = price.liquidation_mark(market, position.side()?)?;
    crate::cu::checkpoint("position_health: mark");
    let params = market.params.liquidation();
    let report = health_report(&snapshot, mark, &params).or_lever()?;
    crate::cu::checkpoint("position_health: health report");
    Ok(PositionHealth {
        mark_price: report.mark.raw(),
        notional: report.notional,
        equity: report.equity,
        accrued_fees: report.accrued_fees,
        maintenance_requirement: report.maintenance_requirement,
        margin_ratio_bps: report.margin_ratio_bps,
        liquidation_price: report.liquidation_price.map(|p| p.raw()).unwrap_or(0),
        liquidatable: report.liquidatable,
        liquidation_size: report.liquidation_size,
        liquidation_is_partial: report.liquidation_is_partial,
    })
}
