//! Borrow fees: a cumulative per-market index.
//!
//! index(t1) = index(t0) + rate_bps_per_hour / 10_000 / 3_600 * (t1 - t0), scaled by
//! [`BORROW_INDEX_PRECISION`]; a position owes `entry_notional * (index_now -
//! index_at_open)`. Both steps round up: fees are owed to the protocol.

use crate::checked::{mul_div, sub, to_u64, Rounding};
use crate::constants::{BORROW_INDEX_PRECISION, BPS_DENOMINATOR, SECONDS_PER_HOUR};
use crate::error::{MathError, MathResult};

/// The index after `elapsed_secs` at `rate_bps_per_hour`.
pub fn accrue_borrow_index(
    index: u128,
    rate_bps_per_hour: u32,
    elapsed_secs: u64,
) -> MathResult<u128> {
    if rate_bps_per_hour == 0 || elapsed_secs == 0 {
        return Ok(index);
    }
    let rate_times_time = u128::from(rate_bps_per_hour)
        .checked_mul(u128::from(elapsed_secs))
        .ok_or(MathError::Overflow)?;
    let denominator = BPS_DENOMINATOR
        .checked_mul(SECONDS_PER_HOUR)
        .ok_or(MathError::Overflow)?;
    let increment = mul_div(
        rate_times_time,
        BORROW_INDEX_PRECISION,
        denominator,
        Rounding::Up,
    )?;
    index.checked_add(increment).ok_or(MathError::Overflow)
}

/// The index as of `now`, last updated at `updated_at`: unchanged when `now` is not
/// later (a clock never moves the index back), else accrued over the elapsed seconds.
/// What the program stores on every touch and what views project without storing.
pub fn borrow_index_at(
    index: u128,
    rate_bps_per_hour: u32,
    updated_at: i64,
    now: i64,
) -> MathResult<u128> {
    let elapsed = now.saturating_sub(updated_at);
    if elapsed <= 0 {
        return Ok(index);
    }
    accrue_borrow_index(index, rate_bps_per_hour, elapsed.unsigned_abs())
}

/// Fees a position owes: `entry_notional * (index_now - index_at_open)`, ceiled.
pub fn accrued_borrow_fee(
    entry_notional: u128,
    index_at_open: u128,
    index_now: u128,
) -> MathResult<u64> {
    let delta = sub(index_now, index_at_open)?;
    to_u64(mul_div(
        entry_notional,
        delta,
        BORROW_INDEX_PRECISION,
        Rounding::Up,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bps_per_hour_for_an_hour_charges_one_bps() {
        let index = accrue_borrow_index(0, 1, 3_600).unwrap();
        assert_eq!(index, BORROW_INDEX_PRECISION / 10_000);
        assert_eq!(accrued_borrow_fee(750_000_000, 0, index), Ok(75_000));
    }

    #[test]
    fn zero_rate_or_zero_time_leaves_the_index() {
        assert_eq!(accrue_borrow_index(42, 0, 1_000), Ok(42));
        assert_eq!(accrue_borrow_index(42, 10, 0), Ok(42));
    }

    #[test]
    fn accrual_rounds_up_so_splitting_time_never_charges_less() {
        let once = accrue_borrow_index(0, 7, 1_000).unwrap();
        let mut split = 0;
        for _ in 0..1_000 {
            split = accrue_borrow_index(split, 7, 1).unwrap();
        }
        assert!(split >= once);
        // A tiny fee still costs one atom, never zero.
        assert_eq!(accrued_borrow_fee(1, 0, 1), Ok(1));
    }

    #[test]
    fn index_going_backwards_is_an_error() {
        assert_eq!(accrued_borrow_fee(1, 5, 4), Err(MathError::Overflow));
    }
}
