//! One position's liquidation, shared by `liquidate` and `liquidate_batch` so that a
//! position in a batch is liquidated by exactly the rules of a single liquidation.
//!
//! Split in two so that a batch can skip an item after seeing its plan and before
//! anything changed: [`plan`] only reads (health and plan at the mark), [`apply`]
//! moves the market's buckets and the position. Token transfers, closing the account,
//! the event and the vault check are left to the instruction.

use anchor_lang::prelude::*;
use lever_math::settlement::{bankrupt_keeper_fee, split_penalty, BadDebtCover, KeeperFeeSource};
use lever_math::{health, plan_from_health, LiquidationPlan, PositionSnapshot, Price};

use crate::error::{LeverError, OrLever};
use crate::events::PositionLiquidated;
use crate::oracle::ValidatedPrice;
use crate::settle::{apply_full, apply_partial};
use crate::state::{credit, debit, Market, Position, Side};

/// An unhealthy position's liquidation, worked out at the mark but not yet applied.
pub struct Planned {
    side: Side,
    mark: Price,
    snapshot: PositionSnapshot,
    equity_before: i128,
    plan: LiquidationPlan,
}

impl Planned {
    /// What a full liquidation pays the owner (0 for a partial one).
    pub fn owner_payout(&self) -> u64 {
        match &self.plan {
            LiquidationPlan::Partial(_) => 0,
            LiquidationPlan::Full(full) => full.owner_payout,
        }
    }
}

/// The liquidation applied to the market and the position.
pub struct Liquidated {
    pub record: PositionLiquidated,
    /// Closed with equity <= 0 at the mark: the keeper gets the account's rent.
    pub bankrupt: bool,
}

impl Liquidated {
    /// Reward and bankrupt-position fee: what the keeper is paid.
    pub fn keeper_total(&self) -> Result<u64> {
        self.record
            .keeper_reward
            .checked_add(self.record.bankrupt_keeper_fee)
            .ok_or_else(|| error!(LeverError::MathOverflow))
    }
}

/// The liquidation of `position` at the liquidation mark of `price`, or `None` when
/// the position is healthy (equity at or above maintenance margin). Inlined: as a call
/// it cost `liquidate` ~600 CU of moves (its result is large).
#[inline(always)]
pub fn plan(
    market: &Market,
    position: &Position,
    price: &ValidatedPrice,
) -> Result<Option<Planned>> {
    let side = position.side()?;
    let mark = price.liquidation_mark(market, side)?;
    let snapshot = position.snapshot(market.borrow_index.get())?;
    let params = market.params.liquidation();
    let health = health(&snapshot, mark, params.mmr_bps).or_lever()?;
    let equity_before = health.margin.equity;
    let plan = plan_from_health(&snapshot, mark, &params, &health).or_lever()?;
    Ok(plan.map(|plan| Planned {
        side,
        mark,
        snapshot,
        equity_before,
        plan,
    }))
}

/// Addresses the liquidation record names.
pub struct RecordKeys {
    pub market: Pubkey,
    pub position: Pubkey,
    pub keeper: Pubkey,
}

/// Applies `planned` (see `Liquidate` for the rules): the settlement, the insurance
/// fund's share of the penalty and, for a bankrupt position, the keeper's fixed fee.
#[inline(always)]
pub fn apply(
    market: &mut Market,
    position: &mut Position,
    planned: &Planned,
    price: &ValidatedPrice,
    keys: RecordKeys,
    now: i64,
) -> Result<Liquidated> {
    let plan = &planned.plan;
    let (keeper_reward, insurance_fee) =
        split_penalty(plan.penalty(), market.params.keeper_share_bps).or_lever()?;
    let (equity_after, owner_payout, bad_debt, cover) = match plan {
        LiquidationPlan::Partial(partial) => {
            apply_partial(market, position, partial, now)?;
            (partial.remaining_equity, 0, 0, BadDebtCover::default())
        }
        LiquidationPlan::Full(full) => {
            let cover = apply_full(market, position, full)?;
            (0, full.owner_payout, full.bad_debt, cover)
        }
    };
    credit(&mut market.insurance_fund, insurance_fee)?;
    let bankrupt = !plan.is_partial() && planned.equity_before <= 0;
    let bankrupt_fee = if bankrupt {
        take_bankrupt_fee(market)?
    } else {
        KeeperFeeSource::default()
    };
    let record = PositionLiquidated {
        market: keys.market,
        position: keys.position,
        owner: position.owner,
        keeper: keys.keeper,
        side: planned.side,
        partial: plan.is_partial(),
        closed_size: match plan {
            LiquidationPlan::Partial(partial) => partial.closed_size,
            LiquidationPlan::Full(_) => planned.snapshot.size,
        },
        remaining_size: if plan.is_partial() { position.size } else { 0 },
        mark_price: planned.mark.raw(),
        oracle_price: price.quote.price,
        oracle_conf: price.quote.conf,
        oracle_ema_price: price.quote.ema_price,
        oracle_expo: price.quote.expo,
        oracle_publish_time: price.quote.publish_time,
        oracle_feed_id: price.feed_id,
        equity_before: planned.equity_before,
        equity_after,
        penalty: plan.penalty(),
        keeper_reward,
        insurance_fee,
        bad_debt,
        bad_debt_from_insurance: cover.from_insurance,
        bad_debt_socialized: cover.socialized,
        owner_payout,
        bankrupt_keeper_fee: bankrupt_fee.total().or_lever()?,
    };
    Ok(Liquidated { record, bankrupt })
}

/// Takes the market's `bankrupt_keeper_fee` out of the insurance fund, then the pool.
fn take_bankrupt_fee(market: &mut Market) -> Result<KeeperFeeSource> {
    let source = bankrupt_keeper_fee(
        market.params.bankrupt_keeper_fee,
        market.insurance_fund,
        market.pool_liquidity,
    );
    debit(
        &mut market.insurance_fund,
        source.from_insurance,
        LeverError::MathOverflow,
    )?;
    debit(
        &mut market.pool_liquidity,
        source.from_pool,
        LeverError::MathOverflow,
    )?;
    Ok(source)
}
