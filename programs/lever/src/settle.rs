//! Applies a settlement from `lever_math::settlement` to the market's buckets and the
//! position. Shared by the owner's reduce and close and the keeper's liquidation, so the
//! money moves the same way whoever closes.
//!
//! Where the fee goes (fee bucket for a closing fee; keeper and insurance for a
//! penalty) and the payout transfer are left to the caller.

use anchor_lang::prelude::*;
use lever_math::settlement::{absorb_bad_debt, BadDebtCover, FullSettlement, PartialSettlement};
use lever_math::Price;

use crate::error::LeverError;
use crate::state::{credit, debit, Market, Position};

/// Part of the position closed: realized PnL and borrow fees against the pool, the
/// fee out of collateral, open interest reduced. Refuses a settlement the collateral
/// cannot carry.
pub fn apply_partial(
    market: &mut Market,
    position: &mut Position,
    settlement: &PartialSettlement,
    now: i64,
) -> Result<()> {
    require!(
        settlement.new_collateral >= 0,
        LeverError::InsufficientCollateral
    );
    let side = position.side()?;
    market.remove_interest(
        side,
        settlement.closed_size,
        Price(position.entry_price.get()),
    )?;
    market.apply_pool_delta(settlement.pool_delta)?;
    market.remove_collateral(side, position.collateral)?;
    position.apply_partial(
        settlement.remaining_size,
        settlement.new_collateral,
        market.borrow_index.get(),
        now,
    )?;
    market.add_collateral(side, position.collateral)
}

/// The whole position closed: its collateral leaves the collateral bucket, the pool
/// receives (or pays) `pool_delta`, and any bad debt is covered by the insurance fund
/// first and socialized to the pool for the rest (the pool simply does not receive
/// it). Returns how the bad debt was covered.
pub fn apply_full(
    market: &mut Market,
    position: &Position,
    settlement: &FullSettlement,
) -> Result<BadDebtCover> {
    let side = position.side()?;
    market.remove_interest(side, position.size, Price(position.entry_price.get()))?;
    market.remove_collateral(side, position.collateral)?;
    market.apply_pool_delta(settlement.pool_delta)?;
    let cover = absorb_bad_debt(settlement.bad_debt, market.insurance_fund);
    debit(
        &mut market.insurance_fund,
        cover.from_insurance,
        LeverError::MathOverflow,
    )?;
    credit(&mut market.pool_liquidity, cover.from_insurance)?;
    credit(&mut market.bad_debt_insured_total, cover.from_insurance)?;
    credit(&mut market.bad_debt_socialized_total, cover.socialized)?;
    market.open_positions = market
        .open_positions
        .checked_sub(1)
        .ok_or_else(|| error!(LeverError::MathOverflow))?;
    Ok(cover)
}
