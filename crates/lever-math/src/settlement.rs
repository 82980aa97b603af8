//! Settling a position against the pool, whole or in part.
//!
//! The same two functions serve the owner's close and reduce (fee = closing fee) and
//! the keeper's full and partial liquidation (fee = penalty), so the money moves the
//! same way whoever triggers them.
//!
//! Bucket flows (collateral, pool, fee-or-penalty, payout) always add up to the
//! collateral that leaves the position, so no settlement creates or destroys tokens;
//! `tests` at the bottom and the crate's property tests check that.

use crate::checked::{add, sub, to_i128, to_u64, Rounding};
use crate::error::{MathError, MathResult};
use crate::margin::{bps_fee, notional, pnl, positive_part, PositionSnapshot};
use crate::price::Price;

/// The whole position settled at one price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FullSettlement {
    /// PnL of the whole size at the price.
    pub pnl: i128,
    /// Equity before the fee: collateral + PnL - accrued fees.
    pub equity: i128,
    /// Notional closed, ceiled.
    pub closed_notional: u128,
    /// The fee charged (closing fee or penalty): `rate * N`, capped at max(E, 0) so the
    /// fee itself never creates bad debt.
    pub fee: u64,
    /// What the owner receives: E - fee when E > 0.
    pub owner_payout: u64,
    /// What nobody pays: -E when E < 0.
    pub bad_debt: u64,
    /// What the pool receives (negative: pays) before any bad-debt cover:
    /// collateral - E, i.e. accrued fees - PnL, or the whole collateral when E < 0.
    pub pool_delta: i128,
}

/// Which part of a PnL a settlement realizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Realize {
    /// Gains and losses (liquidations; exits after the minimum hold).
    All,
    /// Losses only: an exit priced within the minimum hold after the open forfeits its
    /// profit to the pool, so a round trip across price updates cannot pay.
    LossesOnly,
}

impl Realize {
    /// `LossesOnly` when the exit price was published less than `min_hold_secs` after
    /// the price the position was opened at.
    pub fn for_exit(entry_publish_time: i64, exit_publish_time: i64, min_hold_secs: u32) -> Self {
        let held = exit_publish_time.saturating_sub(entry_publish_time);
        if held < i64::from(min_hold_secs) {
            Realize::LossesOnly
        } else {
            Realize::All
        }
    }

    fn apply(self, pnl: i128) -> i128 {
        match self {
            Realize::All => pnl,
            Realize::LossesOnly => pnl.min(0),
        }
    }
}

/// Settles the whole position at `price`, charging `fee_bps` of the closed notional.
pub fn settle_full(
    position: &PositionSnapshot,
    price: Price,
    fee_bps: u16,
) -> MathResult<FullSettlement> {
    settle_full_realizing(position, price, fee_bps, Realize::All)
}

/// [`settle_full`] realizing only what `realize` allows of the PnL.
pub fn settle_full_realizing(
    position: &PositionSnapshot,
    price: Price,
    fee_bps: u16,
    realize: Realize,
) -> MathResult<FullSettlement> {
    let mut margin = position.margin_at(price)?;
    let forfeited = sub(margin.pnl, realize.apply(margin.pnl))?;
    margin.pnl = sub(margin.pnl, forfeited)?;
    margin.equity = sub(margin.equity, forfeited)?;
    let equity = margin.equity;
    let nominal_fee = bps_fee(margin.notional, fee_bps)?;
    let fee = nominal_fee.min(positive_part(equity));
    let collateral = i128::from(position.collateral);
    let (owner_payout, bad_debt, pool_delta) = if equity >= 0 {
        let payout = sub(equity.unsigned_abs(), fee)?;
        (payout, 0, sub(collateral, equity)?)
    } else {
        (0, equity.unsigned_abs(), collateral)
    };
    Ok(FullSettlement {
        pnl: margin.pnl,
        equity,
        closed_notional: margin.notional,
        fee: to_u64(fee)?,
        owner_payout: to_u64(owner_payout)?,
        bad_debt: to_u64(bad_debt)?,
        pool_delta,
    })
}

/// Part of a position settled at one price; the rest stays open at its entry price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialSettlement {
    pub closed_size: u64,
    pub remaining_size: u64,
    /// PnL realized on the closed part.
    pub realized_pnl: i128,
    /// Notional closed, ceiled.
    pub closed_notional: u128,
    /// All accrued borrow fees, settled now.
    pub fees_settled: u64,
    /// `fee_bps * closed notional`, ceiled.
    pub fee: u64,
    /// Collateral after: C - fees + realized PnL - fee. Negative means the collateral
    /// cannot carry the settlement (the caller refuses, or liquidates in full).
    pub new_collateral: i128,
    /// What the pool receives (negative: pays): fees - realized PnL.
    pub pool_delta: i128,
    /// Equity of what remains at the same price.
    pub remaining_equity: i128,
    /// Notional of what remains, ceiled.
    pub remaining_notional: u128,
}

/// Closes `closed_size` of the position at `price` and charges `fee_bps` on it.
pub fn settle_partial(
    position: &PositionSnapshot,
    closed_size: u64,
    price: Price,
    fee_bps: u16,
) -> MathResult<PartialSettlement> {
    settle_partial_realizing(position, closed_size, price, fee_bps, Realize::All)
}

/// [`settle_partial`] realizing only what `realize` allows of the closed part's PnL
/// (the remainder stays open and is valued in full).
pub fn settle_partial_realizing(
    position: &PositionSnapshot,
    closed_size: u64,
    price: Price,
    fee_bps: u16,
    realize: Realize,
) -> MathResult<PartialSettlement> {
    let remaining_size = position
        .size
        .checked_sub(closed_size)
        .ok_or(MathError::Overflow)?;
    let realized_pnl = realize.apply(pnl(
        position.side,
        closed_size,
        position.entry_price,
        price,
    )?);
    let closed_notional = notional(closed_size, price, Rounding::Up)?;
    let fee = to_u64(bps_fee(closed_notional, fee_bps)?)?;
    let new_collateral = sub(
        add(
            sub(
                i128::from(position.collateral),
                i128::from(position.accrued_fees),
            )?,
            realized_pnl,
        )?,
        i128::from(fee),
    )?;
    let pool_delta = sub(i128::from(position.accrued_fees), realized_pnl)?;
    let remaining_pnl = pnl(position.side, remaining_size, position.entry_price, price)?;
    let remaining_equity = add(new_collateral, remaining_pnl)?;
    let remaining_notional = notional(remaining_size, price, Rounding::Up)?;
    Ok(PartialSettlement {
        closed_size,
        remaining_size,
        realized_pnl,
        closed_notional,
        fees_settled: position.accrued_fees,
        fee,
        new_collateral,
        pool_delta,
        remaining_equity,
        remaining_notional,
    })
}

/// How bad debt is absorbed: the insurance fund first, the pool the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BadDebtCover {
    pub from_insurance: u64,
    pub socialized: u64,
}

/// Splits `bad_debt` between the insurance fund (up to its balance) and the pool.
pub fn absorb_bad_debt(bad_debt: u64, insurance_balance: u64) -> BadDebtCover {
    let from_insurance = bad_debt.min(insurance_balance);
    BadDebtCover {
        from_insurance,
        socialized: bad_debt.saturating_sub(from_insurance),
    }
}

/// Where a bankrupt position's keeper fee comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeeperFeeSource {
    pub from_insurance: u64,
    pub from_pool: u64,
}

impl KeeperFeeSource {
    pub fn total(&self) -> MathResult<u64> {
        self.from_insurance
            .checked_add(self.from_pool)
            .ok_or(MathError::Overflow)
    }
}

/// The fixed fee for liquidating a bankrupt position: from the insurance fund first,
/// the pool for the rest, never more than the two hold.
pub fn bankrupt_keeper_fee(fee: u64, insurance_balance: u64, pool_balance: u64) -> KeeperFeeSource {
    let from_insurance = fee.min(insurance_balance);
    let from_pool = fee.saturating_sub(from_insurance).min(pool_balance);
    KeeperFeeSource {
        from_insurance,
        from_pool,
    }
}

/// A penalty's split: `keeper_share` of it (floored) to the keeper, the rest to the
/// insurance fund.
pub fn split_penalty(penalty: u64, keeper_share_bps: u16) -> MathResult<(u64, u64)> {
    let keeper = to_u64(crate::checked::mul_div(
        u128::from(penalty),
        u128::from(keeper_share_bps),
        crate::constants::BPS_DENOMINATOR,
        Rounding::Down,
    )?)?;
    let insurance = penalty.checked_sub(keeper).ok_or(MathError::Overflow)?;
    Ok((keeper, insurance))
}

/// Checks a full settlement's conservation: collateral out == pool + fee + payout
/// (bad debt is what the pool did not receive).
pub fn full_settlement_conserves(
    position: &PositionSnapshot,
    settlement: &FullSettlement,
) -> MathResult<bool> {
    let out = add(
        add(settlement.pool_delta, i128::from(settlement.fee))?,
        i128::from(settlement.owner_payout),
    )?;
    Ok(out == to_i128(u128::from(position.collateral))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price::Side;

    const P150: Price = Price(150_000_000_000);
    const P140: Price = Price(140_000_000_000);
    const P130: Price = Price(130_000_000_000);

    fn long_5_sol(collateral: u64) -> PositionSnapshot {
        PositionSnapshot {
            side: Side::Long,
            size: 5_000_000_000,
            entry_price: P150,
            collateral,
            accrued_fees: 0,
        }
    }

    #[test]
    fn close_in_profit_pays_the_owner_from_the_pool() {
        let s = settle_full(&long_5_sol(75_000_000), Price(160_000_000_000), 10).unwrap();
        // PnL +50, equity 125, fee 0.1 % of 800 = 0.8.
        assert_eq!(s.pnl, 50_000_000);
        assert_eq!(s.fee, 800_000);
        assert_eq!(s.owner_payout, 124_200_000);
        assert_eq!(s.pool_delta, -50_000_000);
        assert!(full_settlement_conserves(&long_5_sol(75_000_000), &s).unwrap());
    }

    #[test]
    fn close_underwater_records_bad_debt_and_no_fee() {
        let s = settle_full(&long_5_sol(25_000_000), P140, 100).unwrap();
        // PnL -50 on 25 collateral: E = -25.
        assert_eq!(
            (s.fee, s.owner_payout, s.bad_debt, s.pool_delta),
            (0, 0, 25_000_000, 25_000_000)
        );
    }

    #[test]
    fn fee_is_capped_at_the_equity_left() {
        // E = 75 - 50 = 25 with a 10 % fee on 700 = 70: capped at 25.
        let s = settle_full(&long_5_sol(75_000_000), P140, 1_000).unwrap();
        assert_eq!((s.fee, s.owner_payout, s.bad_debt), (25_000_000, 0, 0));
    }

    #[test]
    fn partial_settlement_realizes_pnl_and_settles_fees() {
        let mut position = long_5_sol(75_000_000);
        position.accrued_fees = 1_000_000;
        let s = settle_partial(&position, 2_000_000_000, P130, 100).unwrap();
        // Realized -40 on 2 SOL, fee 1 % of 260 = 2.6: C = 75 - 1 - 40 - 2.6 = 31.4.
        assert_eq!(s.realized_pnl, -40_000_000);
        assert_eq!(s.fee, 2_600_000);
        assert_eq!(s.new_collateral, 31_400_000);
        assert_eq!(s.pool_delta, 41_000_000);
        // Remaining 3 SOL lose 60: equity -28.6.
        assert_eq!(s.remaining_equity, -28_600_000);
        assert_eq!(s.remaining_size, 3_000_000_000);
    }

    #[test]
    fn bad_debt_goes_to_insurance_first() {
        assert_eq!(
            absorb_bad_debt(100, 30),
            BadDebtCover {
                from_insurance: 30,
                socialized: 70
            }
        );
        assert_eq!(
            absorb_bad_debt(100, 300),
            BadDebtCover {
                from_insurance: 100,
                socialized: 0
            }
        );
    }

    #[test]
    fn an_exit_within_the_hold_forfeits_profit_but_realizes_losses() {
        assert_eq!(Realize::for_exit(1_000, 1_029, 30), Realize::LossesOnly);
        assert_eq!(Realize::for_exit(1_000, 1_030, 30), Realize::All);
        // +50 of profit at 160 is forfeited: the owner gets the collateral back, the
        // pool pays nothing.
        let s = settle_full_realizing(
            &long_5_sol(75_000_000),
            Price(160_000_000_000),
            0,
            Realize::LossesOnly,
        )
        .unwrap();
        assert_eq!((s.pnl, s.owner_payout, s.pool_delta), (0, 75_000_000, 0));
        // A loss is realized in full.
        let s =
            settle_full_realizing(&long_5_sol(75_000_000), P140, 0, Realize::LossesOnly).unwrap();
        assert_eq!((s.pnl, s.owner_payout), (-50_000_000, 25_000_000));
        // A reduce forfeits the closed part's profit only; the rest keeps its PnL.
        let s = settle_partial_realizing(
            &long_5_sol(75_000_000),
            1_000_000_000,
            Price(160_000_000_000),
            0,
            Realize::LossesOnly,
        )
        .unwrap();
        assert_eq!(s.realized_pnl, 0);
        assert_eq!(s.remaining_equity, 75_000_000 + 40_000_000);
    }

    #[test]
    fn bankrupt_fee_comes_from_insurance_then_pool() {
        assert_eq!(
            bankrupt_keeper_fee(100, 30, 1_000),
            KeeperFeeSource {
                from_insurance: 30,
                from_pool: 70
            }
        );
        assert_eq!(
            bankrupt_keeper_fee(100, 300, 0),
            KeeperFeeSource {
                from_insurance: 100,
                from_pool: 0
            }
        );
        assert_eq!(bankrupt_keeper_fee(100, 10, 20).total(), Ok(30));
    }

    #[test]
    fn penalty_split_floors_the_keeper() {
        assert_eq!(split_penalty(101, 5_000), Ok((50, 51)));
        assert_eq!(split_penalty(101, 10_000), Ok((101, 0)));
        assert_eq!(split_penalty(101, 0), Ok((0, 101)));
    }
}
