//! Margin of one position, in real-number form first, then the integer code.
//!
//! For size s (base atoms), entry price x, mark P (both internal prices):
//! - notional N = s P
//! - PnL = s (P - x) for a long, s (x - P) for a short
//! - equity E = collateral + PnL - accrued fees
//! - initial requirement IM = imr N; maintenance MM = mmr N
//!
//! Rounding: PnL is floored (a gain rounds down, a loss rounds up in size), notional
//! and requirements are ceiled, fees are ceiled by their caller. So the equity a
//! position is credited with is never more than the exact value and the requirement it
//! must meet is never less.

use crate::checked::{add, checked_mul_wide, mul_div, sub, to_i128, Rounding};
use crate::constants::{BPS_DENOMINATOR, PRICE_PRECISION};
use crate::error::{MathError, MathResult};
use crate::price::{Price, Side};

/// Worst-case rounding of equity minus maintenance requirement, in collateral atoms:
/// one from the floored PnL, one from the ceiled notional, one from the ceiled ratio.
pub const LIQUIDATION_PRICE_SLACK_ATOMS: i128 = 3;

/// What the margin math needs to know about a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionSnapshot {
    pub side: Side,
    /// Base atoms.
    pub size: u64,
    pub entry_price: Price,
    /// Collateral atoms credited to the position.
    pub collateral: u64,
    /// Borrow fees accrued and not yet settled, collateral atoms.
    pub accrued_fees: u64,
}

/// `s * P / 1e12` in collateral atoms, rounded as asked.
pub fn notional(size: u64, price: Price, rounding: Rounding) -> MathResult<u128> {
    // u64 * u64-ranged price always fits in u128.
    mul_div(u128::from(size), price.raw(), PRICE_PRECISION, rounding)
}

/// PnL of `size` base atoms entered at `entry` and valued at `mark`, floored:
/// long `s (P - x)`, short `s (x - P)`.
pub fn pnl(side: Side, size: u64, entry: Price, mark: Price) -> MathResult<i128> {
    let gains = match side {
        Side::Long => mark >= entry,
        Side::Short => entry >= mark,
    };
    let distance = mark.raw().abs_diff(entry.raw());
    let magnitude_rounding = if gains { Rounding::Down } else { Rounding::Up };
    let magnitude = to_i128(mul_div(
        u128::from(size),
        distance,
        PRICE_PRECISION,
        magnitude_rounding,
    )?)?;
    if gains {
        Ok(magnitude)
    } else {
        magnitude.checked_neg().ok_or(MathError::Overflow)
    }
}

/// `ratio_bps * N / 10_000`, ceiled: a requirement never rounds in the trader's favour.
pub fn requirement(notional: u128, ratio_bps: u16) -> MathResult<u128> {
    mul_div(
        notional,
        u128::from(ratio_bps),
        BPS_DENOMINATOR,
        Rounding::Up,
    )
}

/// A fee of `rate_bps` on a notional, ceiled.
pub fn bps_fee(notional: u128, rate_bps: u16) -> MathResult<u128> {
    requirement(notional, rate_bps)
}

/// The margin figures of a position at one price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarginState {
    /// N at the price, ceiled.
    pub notional: u128,
    pub pnl: i128,
    /// E = collateral + PnL - accrued fees.
    pub equity: i128,
}

impl PositionSnapshot {
    /// Notional, PnL and equity at `price`.
    pub fn margin_at(&self, price: Price) -> MathResult<MarginState> {
        let notional = notional(self.size, price, Rounding::Up)?;
        let pnl = pnl(self.side, self.size, self.entry_price, price)?;
        let equity = sub(
            add(i128::from(self.collateral), pnl)?,
            i128::from(self.accrued_fees),
        )?;
        Ok(MarginState {
            notional,
            pnl,
            equity,
        })
    }

    /// E >= IM at `risk_price`: the check for open and withdraw.
    pub fn meets_initial_margin(&self, risk_price: Price, imr_bps: u16) -> MathResult<bool> {
        let state = self.margin_at(risk_price)?;
        Ok(state.equity >= to_i128(requirement(state.notional, imr_bps)?)?)
    }

    /// E >= IM at `risk_price` with a gain counted as zero (losses in full): the check
    /// for a collateral withdrawal, which may not take out unrealized profit.
    pub fn meets_initial_margin_without_profit(
        &self,
        risk_price: Price,
        imr_bps: u16,
    ) -> MathResult<bool> {
        let state = self.margin_at(risk_price)?;
        let equity = sub(state.equity, state.pnl.max(0))?;
        Ok(equity >= to_i128(requirement(state.notional, imr_bps)?)?)
    }

    /// E < MM at `mark`: liquidatable.
    pub fn is_liquidatable(&self, mark: Price, mmr_bps: u16) -> MathResult<bool> {
        let state = self.margin_at(mark)?;
        Ok(state.equity < to_i128(requirement(state.notional, mmr_bps)?)?)
    }

    /// The entry notional `s x`, ceiled: the base of the borrow fee.
    pub fn entry_notional(&self) -> MathResult<u128> {
        notional(self.size, self.entry_price, Rounding::Up)
    }

    /// The mark at which E = MM, or `None` when no positive price makes the position
    /// liquidatable (a long whose collateral covers its whole entry notional).
    ///
    /// Long:  C - F + s (P - x) = mmr s P  =>  P = (s x - (C - F)) / (s (1 - mmr))
    /// Short: C - F + s (x - P) = mmr s P  =>  P = (s x + (C - F)) / (s (1 + mmr))
    ///
    /// Reported conservatively, so a frontend never shows a safer price than the program
    /// uses: integer equity (floored PnL) and requirements (ceiled) can make a position
    /// liquidatable up to [`LIQUIDATION_PRICE_SLACK_ATOMS`] of equity before the exact
    /// root, so the root is taken with that much less cushion, then rounded up for a
    /// long and down for a short. The position is healthy at any mark above (long) or
    /// below (short) the reported price.
    pub fn liquidation_price(&self, mmr_bps: u16) -> MathResult<Option<Price>> {
        if self.size == 0 {
            return Ok(None);
        }
        let size = u128::from(self.size);
        let entry_value = checked_mul_wide(size, self.entry_price.raw())?;
        let cushion = i128::from(self.collateral)
            .checked_sub(i128::from(self.accrued_fees))
            .and_then(|c| c.checked_sub(LIQUIDATION_PRICE_SLACK_ATOMS))
            .ok_or(MathError::Overflow)?;
        // |cushion| * 1e12 as a magnitude (a 64-bit by 64-bit multiply), signed after.
        let cushion_scaled_magnitude =
            to_i128(checked_mul_wide(cushion.unsigned_abs(), PRICE_PRECISION)?)?;
        let cushion_scaled = if cushion < 0 {
            cushion_scaled_magnitude
                .checked_neg()
                .ok_or(MathError::Overflow)?
        } else {
            cushion_scaled_magnitude
        };
        let mmr = u128::from(mmr_bps);
        let (numerator, factor, rounding) = match self.side {
            Side::Long => (
                to_i128(entry_value)?
                    .checked_sub(cushion_scaled)
                    .ok_or(MathError::Overflow)?,
                BPS_DENOMINATOR
                    .checked_sub(mmr)
                    .ok_or(MathError::Overflow)?,
                Rounding::Up,
            ),
            Side::Short => (
                to_i128(entry_value)?
                    .checked_add(cushion_scaled)
                    .ok_or(MathError::Overflow)?,
                BPS_DENOMINATOR
                    .checked_add(mmr)
                    .ok_or(MathError::Overflow)?,
                Rounding::Down,
            ),
        };
        if numerator <= 0 {
            return Ok(None);
        }
        let denominator = checked_mul_wide(size, factor)?;
        let price = mul_div(
            numerator.unsigned_abs(),
            BPS_DENOMINATOR,
            denominator,
            rounding,
        )?;
        Ok((price > 0).then_some(Price(price)))
    }
}

/// Floors a signed amount at zero and returns it as unsigned.
pub fn positive_part(value: i128) -> u128 {
    if value > 0 {
        value.unsigned_abs()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(size: u64, entry: u128, collateral: u64) -> PositionSnapshot {
        PositionSnapshot {
            side: Side::Long,
            size,
            entry_price: Price(entry),
            collateral,
            accrued_fees: 0,
        }
    }

    fn short(size: u64, entry: u128, collateral: u64) -> PositionSnapshot {
        PositionSnapshot {
            side: Side::Short,
            ..long(size, entry, collateral)
        }
    }

    const P150: u128 = 150_000_000_000;

    #[test]
    fn notional_of_five_sol_at_150_is_750_dollars() {
        assert_eq!(
            notional(5_000_000_000, Price(P150), Rounding::Down),
            Ok(750_000_000)
        );
        // One lamport at $150 is 0.15 atoms: floor 0, ceil 1.
        assert_eq!(notional(1, Price(P150), Rounding::Down), Ok(0));
        assert_eq!(notional(1, Price(P150), Rounding::Up), Ok(1));
    }

    #[test]
    fn pnl_has_the_sign_of_the_side_and_rounds_against_the_trader() {
        let up = Price(151_000_000_000);
        assert_eq!(
            pnl(Side::Long, 5_000_000_000, Price(P150), up),
            Ok(5_000_000)
        );
        assert_eq!(
            pnl(Side::Short, 5_000_000_000, Price(P150), up),
            Ok(-5_000_000)
        );
        // 1 lamport, $1 move = 0.001 atoms: a gain floors to 0, a loss ceils to -1.
        assert_eq!(pnl(Side::Long, 1, Price(P150), up), Ok(0));
        assert_eq!(pnl(Side::Short, 1, Price(P150), up), Ok(-1));
    }

    #[test]
    fn ten_x_long_meets_initial_margin_exactly_at_ten_percent() {
        // 750 notional, 75 collateral, imr 10 %: E = 75 = IM.
        let pos = long(5_000_000_000, P150, 75_000_000);
        assert_eq!(pos.meets_initial_margin(Price(P150), 1_000), Ok(true));
        let thinner = long(5_000_000_000, P150, 74_999_999);
        assert_eq!(thinner.meets_initial_margin(Price(P150), 1_000), Ok(false));
    }

    #[test]
    fn accrued_fees_reduce_equity() {
        let mut pos = long(5_000_000_000, P150, 100_000_000);
        pos.accrued_fees = 1_000_000;
        assert_eq!(pos.margin_at(Price(P150)).unwrap().equity, 99_000_000);
    }

    #[test]
    fn liquidation_price_of_a_long_and_a_short() {
        // Long 5 SOL @150, collateral 75, mmr 5 %, less 3 atoms of slack:
        // P = (750 - 74.999997) / (5 * 0.95) = 142.1052637894... -> rounded up.
        let pos = long(5_000_000_000, P150, 75_000_000);
        let price = pos.liquidation_price(500).unwrap().unwrap();
        assert_eq!(price, Price(142_105_263_790));
        assert_eq!(pos.is_liquidatable(price, 500), Ok(false));
        assert_eq!(
            pos.is_liquidatable(Price(price.raw() - 2_000), 500),
            Ok(true)
        );
        // Short: P = (750 + 74.999997) / (5 * 1.05) = 157.1428565714... -> down.
        let pos = short(5_000_000_000, P150, 75_000_000);
        let price = pos.liquidation_price(500).unwrap().unwrap();
        assert_eq!(price, Price(157_142_856_571));
        assert_eq!(pos.is_liquidatable(price, 500), Ok(false));
        assert_eq!(
            pos.is_liquidatable(Price(price.raw() + 2_000), 500),
            Ok(true)
        );
    }

    #[test]
    fn fully_collateralised_long_has_no_liquidation_price() {
        // Collateral covering the entry notional plus the rounding slack.
        let pos = long(5_000_000_000, P150, 750_000_003);
        assert_eq!(pos.liquidation_price(500), Ok(None));
    }
}
