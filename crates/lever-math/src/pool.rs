//! The LP pool: its value against traders' unrealized PnL, and LP share math.
//!
//! The market keeps, per side, the total size and the sum of `size * entry_price`, so
//! the traders' aggregate PnL at a price is O(1):
//!   long PnL  = (P * size_long - sum_long) / 1e12
//!   short PnL = (sum_short - P * size_short) / 1e12
//!
//! Two valuations, each against the LP who acts:
//! - deposits use `pool - traders' PnL` (traders' unrealized losses count as pool gains,
//!   so a depositor pays for them and gets fewer shares);
//! - withdrawals use `pool - max(traders' PnL, 0)` (traders' unrealized losses are not
//!   counted until realized, since collateral may not cover them).

use crate::checked::{mul_div, to_i128, Rounding};
use crate::constants::{BPS_DENOMINATOR, PRICE_PRECISION};
use crate::error::{MathError, MathResult};
use crate::margin::positive_part;
use crate::price::Price;

/// Aggregate open interest of one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SideInterest {
    /// Total size, base atoms.
    pub size: u128,
    /// Sum of size * entry_price (unscaled).
    pub entry_value: u128,
}

impl SideInterest {
    /// Adds a position of `size` at `entry`.
    pub fn add(&mut self, size: u64, entry: Price) -> MathResult<()> {
        let value = u128::from(size)
            .checked_mul(entry.raw())
            .ok_or(MathError::Overflow)?;
        self.size = self
            .size
            .checked_add(u128::from(size))
            .ok_or(MathError::Overflow)?;
        self.entry_value = self
            .entry_value
            .checked_add(value)
            .ok_or(MathError::Overflow)?;
        Ok(())
    }

    /// Removes `size` entered at `entry` (the exact inverse of [`Self::add`]).
    pub fn remove(&mut self, size: u64, entry: Price) -> MathResult<()> {
        let value = u128::from(size)
            .checked_mul(entry.raw())
            .ok_or(MathError::Overflow)?;
        self.size = self
            .size
            .checked_sub(u128::from(size))
            .ok_or(MathError::Overflow)?;
        self.entry_value = self
            .entry_value
            .checked_sub(value)
            .ok_or(MathError::Overflow)?;
        Ok(())
    }

    /// Notional at `price`, ceiled.
    pub fn notional(&self, price: Price) -> MathResult<u128> {
        mul_div(self.size, price.raw(), PRICE_PRECISION, Rounding::Up)
    }
}

/// Traders' aggregate unrealized PnL (positive: traders are owed money), floored.
pub fn traders_pnl(
    long: SideInterest,
    short: SideInterest,
    long_price: Price,
    short_price: Price,
) -> MathResult<i128> {
    let long_pnl = signed_scaled_difference(mark_value(long.size, long_price)?, long.entry_value)?;
    let short_pnl =
        signed_scaled_difference(short.entry_value, mark_value(short.size, short_price)?)?;
    long_pnl.checked_add(short_pnl).ok_or(MathError::Overflow)
}

fn mark_value(size: u128, price: Price) -> MathResult<u128> {
    size.checked_mul(price.raw()).ok_or(MathError::Overflow)
}

/// floor((a - b) / 1e12) as a signed amount.
fn signed_scaled_difference(a: u128, b: u128) -> MathResult<i128> {
    let distance = a.abs_diff(b);
    if a >= b {
        to_i128(mul_div(distance, 1, PRICE_PRECISION, Rounding::Down)?)
    } else {
        to_i128(mul_div(distance, 1, PRICE_PRECISION, Rounding::Up)?)?
            .checked_neg()
            .ok_or(MathError::Overflow)
    }
}

/// Pool value a depositor buys into: `pool - traders' PnL`, floored at zero.
pub fn pool_value_for_deposit(pool_liquidity: u64, traders_pnl: i128) -> MathResult<u128> {
    let value = i128::from(pool_liquidity)
        .checked_sub(traders_pnl)
        .ok_or(MathError::Overflow)?;
    Ok(positive_part(value))
}

/// Pool value a withdrawer is paid from: `pool - max(traders' PnL, 0)`, floored at zero.
pub fn pool_value_for_withdrawal(pool_liquidity: u64, traders_pnl: i128) -> MathResult<u128> {
    let owed = positive_part(traders_pnl);
    Ok(u128::from(pool_liquidity).saturating_sub(owed))
}

/// Shares minted for `amount`: 1:1 for the first deposit, else
/// `amount * supply / value`, floored. `None` when the pool has shares but no value
/// (shares would be infinite).
pub fn shares_for_deposit(amount: u64, supply: u64, pool_value: u128) -> MathResult<Option<u64>> {
    if supply == 0 {
        return Ok(Some(amount));
    }
    if pool_value == 0 {
        return Ok(None);
    }
    let shares = mul_div(
        u128::from(amount),
        u128::from(supply),
        pool_value,
        Rounding::Down,
    )?;
    Ok(Some(
        u64::try_from(shares).map_err(|_| MathError::Overflow)?,
    ))
}

/// Collateral paid for burning `shares`: `shares * value / supply`, floored.
pub fn payout_for_withdrawal(shares: u64, supply: u64, pool_value: u128) -> MathResult<u64> {
    let payout = mul_div(
        u128::from(shares),
        pool_value,
        u128::from(supply),
        Rounding::Down,
    )?;
    u64::try_from(payout).map_err(|_| MathError::Overflow)
}

/// True when `pool_liquidity * max_utilization` covers the open interest's notional.
pub fn covers_open_interest(
    pool_liquidity: u64,
    open_interest_notional: u128,
    max_utilization_bps: u16,
) -> MathResult<bool> {
    let capacity = mul_div(
        u128::from(pool_liquidity),
        u128::from(max_utilization_bps),
        BPS_DENOMINATOR,
        Rounding::Down,
    )?;
    Ok(open_interest_notional <= capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P150: Price = Price(150_000_000_000);
    const P160: Price = Price(160_000_000_000);

    #[test]
    fn aggregate_pnl_matches_positions_summed() {
        let mut long = SideInterest::default();
        long.add(5_000_000_000, P150).unwrap();
        long.add(1_000_000_000, P160).unwrap();
        let mut short = SideInterest::default();
        short.add(2_000_000_000, P150).unwrap();
        // Longs at 160: +50 and 0; short at 160: -20.
        assert_eq!(traders_pnl(long, short, P160, P160), Ok(30_000_000));
        long.remove(1_000_000_000, P160).unwrap();
        assert_eq!(long.size, 5_000_000_000);
        assert_eq!(long.remove(6_000_000_000, P150), Err(MathError::Overflow));
    }

    #[test]
    fn valuations_are_each_against_the_acting_lp() {
        // Traders losing 10: a depositor pays for the gain, a withdrawer is not paid it.
        assert_eq!(pool_value_for_deposit(100, -10), Ok(110));
        assert_eq!(pool_value_for_withdrawal(100, -10), Ok(100));
        // Traders winning 10: both see it.
        assert_eq!(pool_value_for_deposit(100, 10), Ok(90));
        assert_eq!(pool_value_for_withdrawal(100, 10), Ok(90));
        assert_eq!(pool_value_for_withdrawal(5, 10), Ok(0));
    }

    #[test]
    fn first_deposit_is_one_to_one_then_pro_rata() {
        assert_eq!(shares_for_deposit(1_000, 0, 0), Ok(Some(1_000)));
        assert_eq!(shares_for_deposit(1_000, 1_000, 2_000), Ok(Some(500)));
        assert_eq!(shares_for_deposit(1, 1_000, 3_000), Ok(Some(0)));
        assert_eq!(shares_for_deposit(1_000, 1_000, 0), Ok(None));
        assert_eq!(payout_for_withdrawal(500, 1_000, 2_001), Ok(1_000));
    }

    #[test]
    fn coverage_is_capacity_against_notional() {
        assert_eq!(covers_open_interest(1_000, 800, 8_000), Ok(true));
        assert_eq!(covers_open_interest(1_000, 801, 8_000), Ok(false));
    }
}
