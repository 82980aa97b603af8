//! Liquidation sizing.
//!
//! With mark P, equity E, notional N, maintenance ratio mmr, penalty rate q and target
//! ratio T = mmr + buffer:
//! - liquidatable iff E < mmr N;
//! - partial: close the least dN with E - q dN >= T (N - dN), i.e.
//!   dN = (T N - E) / (T - q),
//!   as a whole number of base atoms ds = ceil(dN / P); integer effects (floored PnL
//!   on each part, ceiled penalty) can leave the remainder a few atoms short, so ds is
//!   raised by the shortfall until the remainder meets T N' (at most
//!   [`MAX_SIZING_STEPS`] corrections, then full);
//! - full instead when E <= 0, when ds reaches the whole size, when the remaining
//!   notional would be below `min_position_notional`, or when the remaining collateral
//!   could not carry the settlement;
//! - penalty = q dN, capped at the equity left so it never creates bad debt.

use crate::checked::{checked_mul_wide, div_round, mul_div, to_i128, Rounding};
use crate::constants::{BPS_DENOMINATOR, PRICE_PRECISION};
use crate::error::{MathError, MathResult};
use crate::margin::{requirement, MarginState, PositionSnapshot};
use crate::price::Price;
use crate::settlement::{settle_full, settle_partial, FullSettlement, PartialSettlement};

/// How many times the closed-form amount may be corrected for integer effects.
pub const MAX_SIZING_STEPS: usize = 4;

/// The market parameters liquidation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiquidationParams {
    pub mmr_bps: u16,
    pub penalty_bps: u16,
    pub buffer_bps: u16,
    pub min_position_notional: u64,
}

impl LiquidationParams {
    /// T = mmr + buffer, in bps.
    pub fn target_bps(&self) -> MathResult<u16> {
        self.mmr_bps
            .checked_add(self.buffer_bps)
            .ok_or(MathError::Overflow)
    }
}

/// What a liquidation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiquidationPlan {
    Partial(PartialSettlement),
    Full(FullSettlement),
}

impl LiquidationPlan {
    pub fn is_partial(&self) -> bool {
        matches!(self, LiquidationPlan::Partial(_))
    }

    /// The penalty charged.
    pub fn penalty(&self) -> u64 {
        match self {
            LiquidationPlan::Partial(p) => p.fee,
            LiquidationPlan::Full(f) => f.fee,
        }
    }
}

/// The health figures of a position at the liquidation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
    pub margin: MarginState,
    /// mmr N, ceiled.
    pub maintenance_requirement: u128,
    pub liquidatable: bool,
}

/// Health at `mark`.
pub fn health(position: &PositionSnapshot, mark: Price, mmr_bps: u16) -> MathResult<Health> {
    let margin = position.margin_at(mark)?;
    let maintenance_requirement = requirement(margin.notional, mmr_bps)?;
    let liquidatable = margin.equity < to_i128(maintenance_requirement)?;
    Ok(Health {
        margin,
        maintenance_requirement,
        liquidatable,
    })
}

/// Plans the liquidation of a position at `mark`; `None` when it is healthy.
pub fn plan_liquidation(
    position: &PositionSnapshot,
    mark: Price,
    params: &LiquidationParams,
) -> MathResult<Option<LiquidationPlan>> {
    let health = health(position, mark, params.mmr_bps)?;
    plan_from_health(position, mark, params, &health)
}

/// [`plan_liquidation`] for a caller that already computed the position's `health` at
/// `mark` (the program and the health report need it too; computed once).
pub fn plan_from_health(
    position: &PositionSnapshot,
    mark: Price,
    params: &LiquidationParams,
    health: &Health,
) -> MathResult<Option<LiquidationPlan>> {
    if !health.liquidatable {
        return Ok(None);
    }
    if health.margin.equity > 0 {
        if let Some(partial) = plan_partial(position, mark, params, &health.margin)? {
            return Ok(Some(LiquidationPlan::Partial(partial)));
        }
    }
    Ok(Some(LiquidationPlan::Full(settle_full(
        position,
        mark,
        params.penalty_bps,
    )?)))
}

/// The least partial liquidation that restores T, or `None` when the rules call for a
/// full one.
fn plan_partial(
    position: &PositionSnapshot,
    mark: Price,
    params: &LiquidationParams,
    margin: &MarginState,
) -> MathResult<Option<PartialSettlement>> {
    let target = params.target_bps()?;
    let target_minus_penalty = target
        .checked_sub(params.penalty_bps)
        .filter(|gap| *gap > 0)
        .ok_or(MathError::Overflow)?;
    let mut closed_size =
        closed_form_size(position, mark, margin.equity, target, target_minus_penalty)?;

    for _ in 0..MAX_SIZING_STEPS {
        if closed_size >= position.size {
            return Ok(None);
        }
        let settlement = settle_partial(position, closed_size, mark, params.penalty_bps)?;
        if settlement.new_collateral < 0 {
            return Ok(None);
        }
        let required = to_i128(requirement(settlement.remaining_notional, target)?)?;
        if settlement.remaining_equity >= required {
            if settlement.remaining_notional < u128::from(params.min_position_notional) {
                return Ok(None);
            }
            return Ok(Some(settlement));
        }
        // Close enough more to cover what is still missing, in the same units.
        let missing = required
            .checked_sub(settlement.remaining_equity)
            .ok_or(MathError::Overflow)?
            .unsigned_abs()
            .checked_mul(BPS_DENOMINATOR)
            .ok_or(MathError::Overflow)?;
        let extra = size_for_shortfall(missing, target_minus_penalty, mark)?.max(1);
        closed_size = closed_size.saturating_add(extra);
    }
    Ok(None)
}

/// The closed form in exact rationals, in base atoms:
///   ds = ceil((T s P - E) / ((T - q) P))
/// with every term scaled to integers (P carries 1e12, rates 1e4). E > 0 here.
/// Divided in two steps, ceil(ceil(n / (T - q)) / P), which equals ceil(n / ((T - q) P))
/// for positive divisors: the division by a bps rate takes the fast path of
/// `div_round`, and only the one by P is a full 128-bit division.
pub fn closed_form_size(
    position: &PositionSnapshot,
    mark: Price,
    equity: i128,
    target_bps: u16,
    target_minus_penalty_bps: u16,
) -> MathResult<u64> {
    let size_times_price = checked_mul_wide(u128::from(position.size), mark.raw())?;
    let target_value = checked_mul_wide(size_times_price, u128::from(target_bps))?;
    let equity_scaled = checked_mul_wide(equity.unsigned_abs(), SCALED_EQUITY_UNIT)?;
    let numerator = target_value.saturating_sub(equity_scaled);
    let closed_value = div_round(
        numerator,
        u128::from(target_minus_penalty_bps),
        Rounding::Up,
    )?;
    let size = div_round(closed_value, mark.raw(), Rounding::Up)?;
    Ok(u64::try_from(size).unwrap_or(u64::MAX))
}

/// E's scale in the closed form: collateral atoms times bps times the price's 1e12.
const SCALED_EQUITY_UNIT: u128 = BPS_DENOMINATOR * PRICE_PRECISION;

/// ceil(shortfall / (T - q)) of notional, as ceil(dN / P) base atoms. `shortfall` is
/// in collateral atoms times bps.
fn size_for_shortfall(
    shortfall_bps: u128,
    target_minus_penalty_bps: u16,
    mark: Price,
) -> MathResult<u64> {
    let closed_notional = mul_div(
        shortfall_bps,
        1,
        u128::from(target_minus_penalty_bps),
        Rounding::Up,
    )?;
    let size = mul_div(closed_notional, PRICE_PRECISION, mark.raw(), Rounding::Up)?;
    Ok(u64::try_from(size).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price::Side;

    const PARAMS: LiquidationParams = LiquidationParams {
        mmr_bps: 500,
        penalty_bps: 100,
        buffer_bps: 100,
        min_position_notional: 10_000_000,
    };

    fn long(size: u64, entry: u128, collateral: u64) -> PositionSnapshot {
        PositionSnapshot {
            side: Side::Long,
            size,
            entry_price: Price(entry),
            collateral,
            accrued_fees: 0,
        }
    }

    #[test]
    fn healthy_position_has_no_plan() {
        let pos = long(5_000_000_000, 150_000_000_000, 75_000_000);
        assert_eq!(
            plan_liquidation(&pos, Price(145_000_000_000), &PARAMS),
            Ok(None)
        );
    }

    #[test]
    fn worked_example_partial_long() {
        // 10 SOL long @150 with 150 collateral (10x). Mark 137: PnL -130, E = 20,
        // N = 1370, MM = 68.5 -> liquidatable. T = 6 %, q = 1 %:
        // dN = (0.06 * 1370 - 20) / 0.05 = 1244 -> ds = 1244 / 137 = 9.0803 SOL.
        let pos = long(10_000_000_000, 150_000_000_000, 150_000_000);
        let plan = plan_liquidation(&pos, Price(137_000_000_000), &PARAMS)
            .unwrap()
            .unwrap();
        let LiquidationPlan::Partial(p) = plan else {
            panic!("expected partial")
        };
        let closed_form =
            closed_form_size(&pos, Price(137_000_000_000), 20_000_000, 600, 500).unwrap();
        assert_eq!(closed_form, 9_080_291_971);
        // Integer rounding (floored PnL on both parts, ceiled penalty) costs the
        // remainder about two atoms; covering them at (T - q) P costs 146 lamports each.
        assert!(p.closed_size >= closed_form);
        assert!(
            p.closed_size - closed_form <= 4 * 146,
            "{}",
            p.closed_size - closed_form
        );
        // Penalty is q dN, ceiled: about 12.44.
        assert_eq!(
            p.fee,
            crate::margin::bps_fee(p.closed_notional, 100).unwrap() as u64
        );
        assert!((12_440_000..12_441_000).contains(&p.fee));
        // Remaining 0.92 SOL with equity >= 6 % of its notional.
        let required = requirement(p.remaining_notional, 600).unwrap() as i128;
        assert!(p.remaining_equity >= required);
        // The closed form alone falls short by the rounding, which is why ds is raised.
        let exact = settle_partial(&pos, closed_form, Price(137_000_000_000), 100).unwrap();
        assert!(
            exact.remaining_equity < requirement(exact.remaining_notional, 600).unwrap() as i128
        );
    }

    #[test]
    fn underwater_position_is_liquidated_in_full_without_penalty() {
        let pos = long(10_000_000_000, 150_000_000_000, 150_000_000);
        let plan = plan_liquidation(&pos, Price(130_000_000_000), &PARAMS)
            .unwrap()
            .unwrap();
        let LiquidationPlan::Full(f) = plan else {
            panic!("expected full")
        };
        assert_eq!((f.equity, f.fee, f.bad_debt), (-50_000_000, 0, 50_000_000));
    }

    #[test]
    fn dust_remainder_forces_full() {
        let params = LiquidationParams {
            min_position_notional: 500_000_000,
            ..PARAMS
        };
        let pos = long(10_000_000_000, 150_000_000_000, 150_000_000);
        let plan = plan_liquidation(&pos, Price(137_000_000_000), &params)
            .unwrap()
            .unwrap();
        assert!(!plan.is_partial());
        // Equity 20, penalty 1 % of 1370 = 13.7 -> owner keeps 6.3.
        let LiquidationPlan::Full(f) = plan else {
            unreachable!()
        };
        assert_eq!((f.fee, f.owner_payout), (13_700_000, 6_300_000));
    }
}

/// Everything a frontend or keeper needs to know about a position's health at one
/// mark: the exact figures `position_health` and `liquidate` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthReport {
    pub mark: Price,
    /// N at the mark, ceiled.
    pub notional: u128,
    /// E = collateral + PnL - accrued fees.
    pub equity: i128,
    pub accrued_fees: u64,
    /// mmr N, ceiled.
    pub maintenance_requirement: u128,
    /// floor(E / N) in bps (negative when underwater).
    pub margin_ratio_bps: i64,
    /// The mark at which E = MM, with fees accrued so far; `None` when no positive
    /// price liquidates the position.
    pub liquidation_price: Option<Price>,
    pub liquidatable: bool,
    /// Base atoms a liquidation now would close (0 when healthy).
    pub liquidation_size: u64,
    /// Whether that liquidation would be partial.
    pub liquidation_is_partial: bool,
}

/// The health report of a position at `mark`.
pub fn health_report(
    position: &PositionSnapshot,
    mark: Price,
    params: &LiquidationParams,
) -> MathResult<HealthReport> {
    let health = health(position, mark, params.mmr_bps)?;
    let plan = plan_from_health(position, mark, params, &health)?;
    let (liquidation_size, liquidation_is_partial) = match plan {
        None => (0, false),
        Some(LiquidationPlan::Partial(p)) => (p.closed_size, true),
        Some(LiquidationPlan::Full(_)) => (position.size, false),
    };
    let margin_ratio_bps = margin_ratio_bps(health.margin.equity, health.margin.notional)?;
    Ok(HealthReport {
        mark,
        notional: health.margin.notional,
        equity: health.margin.equity,
        accrued_fees: position.accrued_fees,
        maintenance_requirement: health.maintenance_requirement,
        margin_ratio_bps,
        liquidation_price: position.liquidation_price(params.mmr_bps)?,
        liquidatable: health.liquidatable,
        liquidation_size,
        liquidation_is_partial,
    })
}

/// floor(E * 10_000 / N), saturated to the i64 range; 0 for a zero notional.
fn margin_ratio_bps(equity: i128, notional: u128) -> MathResult<i64> {
    if notional == 0 {
        return Ok(0);
    }
    let rounding = if equity >= 0 {
        Rounding::Down
    } else {
        Rounding::Up
    };
    let magnitude = mul_div(equity.unsigned_abs(), BPS_DENOMINATOR, notional, rounding)?;
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    Ok(if equity >= 0 {
        magnitude
    } else {
        magnitude.saturating_neg()
    })
}

#[cfg(test)]
mod report_tests {
    use super::*;
    use crate::price::Side;

    #[test]
    fn report_agrees_with_the_plan_and_the_margin() {
        let params = LiquidationParams {
            mmr_bps: 500,
            penalty_bps: 100,
            buffer_bps: 100,
            min_position_notional: 10_000_000,
        };
        let pos = PositionSnapshot {
            side: Side::Long,
            size: 10_000_000_000,
            entry_price: Price(150_000_000_000),
            collateral: 150_000_000,
            accrued_fees: 0,
        };
        let healthy = health_report(&pos, Price(145_000_000_000), &params).unwrap();
        assert!(!healthy.liquidatable);
        assert_eq!((healthy.liquidation_size, healthy.equity), (0, 100_000_000));
        // 100 / 1450 = 6.896 % -> 689 bps.
        assert_eq!(healthy.margin_ratio_bps, 689);
        let sick = health_report(&pos, Price(137_000_000_000), &params).unwrap();
        assert!(sick.liquidatable && sick.liquidation_is_partial);
        let Some(LiquidationPlan::Partial(p)) =
            plan_liquidation(&pos, Price(137_000_000_000), &params).unwrap()
        else {
            panic!("partial expected")
        };
        assert_eq!(sick.liquidation_size, p.closed_size);
        let underwater = health_report(&pos, Price(130_000_000_000), &params).unwrap();
        assert_eq!(
            (
                underwater.liquidation_size,
                underwater.liquidation_is_partial
            ),
            (pos.size, false)
        );
        assert_eq!(underwater.margin_ratio_bps, -385); // -50 / 1300 = -3.846 % -> floor
    }
}
