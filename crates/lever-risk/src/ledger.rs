//! One liquidation, as `liquidate` performs it (programs/lever/src/instructions/
//! liquidate.rs and settle.rs), on plain balances instead of accounts.
//!
//! The figures come from lever-math (`health`, `plan_from_health`, `split_penalty`,
//! `absorb_bad_debt`, `bankrupt_keeper_fee`); this file only applies them to the
//! balances in the program's order: the settlement's pool delta, then the bad-debt
//! cover (insurance first, the rest socialized), then the insurance share of the
//! penalty, then a bankrupt position's keeper fee.

use lever_math::settlement::{absorb_bad_debt, bankrupt_keeper_fee, split_penalty, BadDebtCover};
use lever_math::{health, plan_from_health, LiquidationPlan, MathError, Price};
use serde::Serialize;

use crate::book::Position;
use crate::market::Market;

/// Where the market's tokens are. Their sum never changes: collateral + pool +
/// insurance + paid out (to keepers and owners).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balances {
    /// Collateral of the positions still open.
    pub collateral: u128,
    pub pool: u64,
    pub insurance: u64,
    /// Paid to keepers and to owners.
    pub paid_out: u128,
}

impl Balances {
    /// Total tokens accounted for.
    pub fn total(&self) -> Option<u128> {
        self.collateral
            .checked_add(u128::from(self.pool))?
            .checked_add(u128::from(self.insurance))?
            .checked_add(self.paid_out)
    }
}

/// The liquidation record, field for field as the scenario runner reports the
/// program's `PositionLiquidated` (SCENARIOS.md, "Output").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LiquidationRecord {
    pub partial: bool,
    pub closed_size: u64,
    pub remaining_size: u64,
    pub mark_price: u128,
    pub equity_before: i128,
    pub equity_after: i128,
    pub penalty: u64,
    pub keeper_reward: u64,
    pub insurance_fee: u64,
    pub bad_debt: u64,
    pub owner_payout: u64,
    pub bad_debt_from_insurance: u64,
    pub bad_debt_socialized: u64,
    pub bankrupt_keeper_fee: u64,
}

/// A liquidation and the notional it closed (at the mark, ceiled, as the settlement
/// computes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub record: LiquidationRecord,
    pub closed_notional: u128,
}

/// Why a liquidation could not be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerError {
    Math(MathError),
    /// The settlement pays out of the pool more than it holds (the program refuses
    /// with `InsufficientPoolLiquidity`).
    PoolCannotPay,
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LedgerError::Math(e) => write!(f, "{e}"),
            LedgerError::PoolCannotPay => {
                f.write_str("the pool cannot pay the settlement (InsufficientPoolLiquidity)")
            }
        }
    }
}

impl From<MathError> for LedgerError {
    fn from(e: MathError) -> Self {
        LedgerError::Math(e)
    }
}

fn credit(balance: &mut u64, amount: u64) -> Result<(), LedgerError> {
    *balance = balance.checked_add(amount).ok_or(MathError::Overflow)?;
    Ok(())
}

fn debit(balance: &mut u64, amount: u64, short: LedgerError) -> Result<(), LedgerError> {
    *balance = balance.checked_sub(amount).ok_or(short)?;
    Ok(())
}

fn apply_pool_delta(pool: &mut u64, delta: i128) -> Result<(), LedgerError> {
    let amount = u64::try_from(delta.unsigned_abs()).map_err(|_| MathError::Overflow)?;
    if delta >= 0 {
        credit(pool, amount)
    } else {
        debit(pool, amount, LedgerError::PoolCannotPay)
    }
}

fn add_u128(total: &mut u128, amount: u128) -> Result<(), LedgerError> {
    *total = total.checked_add(amount).ok_or(MathError::Overflow)?;
    Ok(())
}

fn sub_u128(total: &mut u128, amount: u128) -> Result<(), LedgerError> {
    *total = total.checked_sub(amount).ok_or(MathError::Overflow)?;
    Ok(())
}

/// Liquidates `position` at `mark` if it is liquidatable there, updating it (a partial
/// leaves the rest open; a full one leaves size 0) and the balances. `None` when it is
/// healthy at `mark`: nothing changes, as the program refuses with `PositionHealthy`.
pub fn liquidate(
    position: &mut Position,
    mark: Price,
    market: &Market,
    balances: &mut Balances,
) -> Result<Option<Outcome>, LedgerError> {
    let snapshot = position.snapshot();
    let params = market.liquidation();
    let health = health(&snapshot, mark, params.mmr_bps)?;
    let equity_before = health.margin.equity;
    let Some(plan) = plan_from_health(&snapshot, mark, &params, &health)? else {
        return Ok(None);
    };
    let (keeper_reward, insurance_fee) =
        split_penalty(plan.penalty(), market.params.keeper_share_bps)?;
    let mut work = *balances;
    let (closed_size, equity_after, owner_payout, bad_debt, cover, closed_notional) = match &plan {
        LiquidationPlan::Partial(partial) => {
            let new_collateral =
                u64::try_from(partial.new_collateral).map_err(|_| MathError::Overflow)?;
            apply_pool_delta(&mut work.pool, partial.pool_delta)?;
            sub_u128(&mut work.collateral, u128::from(position.collateral))?;
            add_u128(&mut work.collateral, u128::from(new_collateral))?;
            position.size = partial.remaining_size;
            position.collateral = new_collateral;
            position.accrued_fees = 0;
            (
                partial.closed_size,
                partial.remaining_equity,
                0,
                0,
                BadDebtCover::default(),
                partial.closed_notional,
            )
        }
        LiquidationPlan::Full(full) => {
            sub_u128(&mut work.collateral, u128::from(position.collateral))?;
            apply_pool_delta(&mut work.pool, full.pool_delta)?;
            let cover = absorb_bad_debt(full.bad_debt, work.insurance);
            debit(
                &mut work.insurance,
                cover.from_insurance,
                MathError::Overflow.into(),
            )?;
            credit(&mut work.pool, cover.from_insurance)?;
            let closed = snapshot.size;
            position.size = 0;
            position.collateral = 0;
            position.accrued_fees = 0;
            (
                closed,
                0,
                full.owner_payout,
                full.bad_debt,
                cover,
                full.closed_notional,
            )
        }
    };
    credit(&mut work.insurance, insurance_fee)?;
    let bankrupt = !plan.is_partial() && equity_before <= 0;
    let bankrupt_fee = if bankrupt {
        let source =
            bankrupt_keeper_fee(market.params.bankrupt_keeper_fee, work.insurance, work.pool);
        debit(
            &mut work.insurance,
            source.from_insurance,
            MathError::Overflow.into(),
        )?;
        debit(&mut work.pool, source.from_pool, MathError::Overflow.into())?;
        source.total()?
    } else {
        0
    };
    for paid in [keeper_reward, bankrupt_fee, owner_payout] {
        add_u128(&mut work.paid_out, u128::from(paid))?;
    }
    *balances = work;
    Ok(Some(Outcome {
        record: LiquidationRecord {
            partial: plan.is_partial(),
            closed_size,
            remaining_size: position.size,
            mark_price: mark.raw(),
            equity_before,
            equity_after,
            penalty: plan.penalty(),
            keeper_reward,
            insurance_fee,
            bad_debt,
            owner_payout,
            bad_debt_from_insurance: cover.from_insurance,
            bad_debt_socialized: cover.socialized,
            bankrupt_keeper_fee: bankrupt_fee,
        },
        closed_notional,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::MarketSpec;
    use lever_math::Side;

    fn market() -> Market {
        MarketSpec::default().resolve().unwrap()
    }

    /// 10 SOL long @150 with 150 collateral (10x), the math crate's worked example.
    fn worked_long() -> Position {
        Position {
            side: Side::Long,
            size: 10_000_000_000,
            entry_price: 150_000_000_000,
            collateral: 150_000_000,
            accrued_fees: 0,
        }
    }

    fn balances(position: &Position, insurance: u64) -> Balances {
        Balances {
            collateral: u128::from(position.collateral),
            pool: 1_000_000_000,
            insurance,
            paid_out: 0,
        }
    }

    #[test]
    fn a_healthy_position_is_left_alone() {
        let mut position = worked_long();
        let mut b = balances(&position, 0);
        let before = (position, b);
        let outcome = liquidate(&mut position, Price(145_000_000_000), &market(), &mut b);
        assert_eq!(outcome, Ok(None));
        assert_eq!((position, b), before);
    }

    #[test]
    fn a_partial_moves_the_penalty_and_the_loss_and_conserves_tokens() {
        let mut position = worked_long();
        let mut b = balances(&position, 0);
        let total = b.total();
        let outcome = liquidate(&mut position, Price(137_000_000_000), &market(), &mut b)
            .unwrap()
            .unwrap();
        let r = outcome.record;
        assert!(r.partial);
        assert_eq!(r.remaining_size, 10_000_000_000 - r.closed_size);
        assert_eq!(position.size, r.remaining_size);
        // Penalty about 1 % of 1244 closed, split evenly (keeper floored).
        assert!(
            (12_440_000..12_441_000).contains(&r.penalty),
            "{}",
            r.penalty
        );
        assert_eq!(r.keeper_reward, r.penalty / 2);
        assert_eq!(b.insurance, r.penalty - r.penalty / 2);
        // The pool received the realized loss of the closed part: 13 x closed SOL.
        let realized_loss =
            u64::try_from((u128::from(r.closed_size) * 13_000_000_000).div_ceil(1_000_000_000_000))
                .unwrap();
        assert_eq!(b.pool, 1_000_000_000 + realized_loss);
        assert_eq!(b.total(), total);
    }

    #[test]
    fn bad_debt_takes_insurance_first_then_the_pool() {
        // At 130 the worked long has E = -50: 30 of insurance covers part of it.
        let mut position = worked_long();
        let mut b = balances(&position, 30_000_000);
        let total = b.total();
        let r = liquidate(&mut position, Price(130_000_000_000), &market(), &mut b)
            .unwrap()
            .unwrap()
            .record;
        assert_eq!((r.partial, r.bad_debt, r.penalty), (false, 50_000_000, 0));
        assert_eq!(
            (r.bad_debt_from_insurance, r.bad_debt_socialized),
            (30_000_000, 20_000_000)
        );
        assert_eq!(b.insurance, 0);
        // The pool gets the whole collateral (150) plus the 30 insurance paid.
        assert_eq!(b.pool, 1_000_000_000 + 150_000_000 + 30_000_000);
        assert_eq!(position.size, 0);
        assert_eq!(b.total(), total);
    }
}
