//! Checked arithmetic with explicit rounding.
//!
//! Every division in the crate goes through [`mul_div`] or [`div_round`], so the
//! rounding direction is visible at each call site. Products of two u128 that do not
//! fit are finished in 256 bits instead of failing, so no realistic input overflows.

use crate::error::{MathError, MathResult};

/// Which way a division rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Toward zero: for amounts the protocol pays out.
    Down,
    /// Away from zero: for amounts owed to the protocol.
    Up,
}

/// `a / d`, rounded as asked.
pub fn div_round(a: u128, d: u128, rounding: Rounding) -> MathResult<u128> {
    if d == 0 {
        return Err(MathError::DivisionByZero);
    }
    // Both in 64 bits: one native division (SBF has 64-bit division, not 128-bit).
    if let (Ok(a), Ok(d)) = (u64::try_from(a), u64::try_from(d)) {
        let quotient = a.checked_div(d).ok_or(MathError::DivisionByZero)?;
        // quotient * d <= a: cannot wrap.
        let has_remainder = quotient.wrapping_mul(d) != a;
        return match rounding {
            Rounding::Up if has_remainder => quotient
                .checked_add(1)
                .map(u128::from)
                .ok_or(MathError::Overflow),
            _ => Ok(u128::from(quotient)),
        };
    }
    let (quotient, has_remainder) = match div_by_small_odd_part(a, d) {
        Some((quotient, remainder_is_zero)) => (quotient, !remainder_is_zero),
        None => {
            // One division: on SBF a u128 division is a software routine, and computing
            // the remainder with a second one (`%`) doubled its cost. quotient * d <= a,
            // so the product cannot wrap (and needs no overflow-checked multiply).
            let quotient = a.checked_div(d).ok_or(MathError::DivisionByZero)?;
            (quotient, quotient.wrapping_mul(d) != a)
        }
    };
    match rounding {
        Rounding::Up if has_remainder => quotient.checked_add(1).ok_or(MathError::Overflow),
        _ => Ok(quotient),
    }
}

/// `a / d` and whether the remainder is zero, when d = odd * 2^k with odd < 2^32 and
/// k < 32: every divisor of the form 10^n up to 10^13 (1e12 = 5^12 * 2^12, 5^12 < 2^32)
/// and every bps denominator. Exact, because floor(floor(a / 2^k) / odd) = floor(a / d), and the
/// remainder is zero exactly when the k low bits of a and the second remainder are.
/// SBF has native 64-bit division but no 128-bit one: four 64-bit divisions by `odd`
/// (one per 32-bit digit of a >> k) replace the software u128 division. `None` for
/// other divisors (and for 0).
#[allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "shifts by constants or by less than 64; r < odd < 2^32, so (r << 32) | digit < 2^64 and each quotient digit is < 2^32; the casts keep the low 64 bits on purpose"
)]
fn div_by_small_odd_part(a: u128, d: u128) -> Option<(u128, bool)> {
    if d == 0 {
        return None;
    }
    // Only 64-bit operations below: variable shifts and ctz of a u128 are software
    // routines on SBF too.
    let (d_high, d_low) = ((d >> 64) as u64, d as u64);
    if d_high != 0 || d_low.trailing_zeros() >= 32 {
        return None;
    }
    let shift = d_low.trailing_zeros();
    let odd = d_low >> shift;
    if odd > u64::from(u32::MAX) {
        return None;
    }
    let (high, low) = ((a >> 64) as u64, a as u64);
    let low_bits_zero = shift == 0 || low & ((1u64 << shift) - 1) == 0;
    // a >> shift, as two 64-bit halves (shift < 32).
    let (high, low) = if shift == 0 {
        (high, low)
    } else {
        (high >> shift, (low >> shift) | (high << (64 - shift)))
    };
    // Long division by `odd` one 32-bit digit at a time, most significant first.
    let mut remainder = 0u64;
    let mut step = |digit: u64| {
        let current = (remainder << 32) | digit;
        remainder = current % odd;
        current / odd
    };
    let q3 = step(high >> 32);
    let q2 = step(high & 0xffff_ffff);
    let q1 = step(low >> 32);
    let q0 = step(low & 0xffff_ffff);
    let quotient = (u128::from((q3 << 32) | q2) << 64) | u128::from((q1 << 32) | q0);
    Some((quotient, low_bits_zero && remainder == 0))
}

/// The full 128-bit product of two u64, from four 32-bit by 32-bit products. On SBF a
/// u128 multiply is a call to a generic software routine (about 70 CU); this is about
/// 25 instructions. Natively the compiler would do better with `*`, but one code path
/// keeps the native tests on what runs on chain.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "each partial product is of two 32-bit halves (< 2^64); `middle` < 3 * 2^32; `high` is the exact high word of a product below 2^128"
)]
pub fn mul_64x64(a: u64, b: u64) -> u128 {
    const LOW_HALF: u64 = 0xffff_ffff;
    let (a_high, a_low) = (a >> 32, a & LOW_HALF);
    let (b_high, b_low) = (b >> 32, b & LOW_HALF);
    let low_low = a_low * b_low;
    let high_low = a_high * b_low;
    let low_high = a_low * b_high;
    let high_high = a_high * b_high;
    let middle = (low_low >> 32) + (high_low & LOW_HALF) + (low_high & LOW_HALF);
    let low = (middle << 32) | (low_low & LOW_HALF);
    let high = high_high + (high_low >> 32) + (low_high >> 32) + (middle >> 32);
    (u128::from(high) << 64) | u128::from(low)
}

/// `a * b`, or `Overflow`. When both fit in 64 bits the product cannot wrap, and one
/// widening multiply replaces the overflow-checked 128-bit one (a software routine on
/// SBF, about twice the cost).
pub fn checked_mul_wide(a: u128, b: u128) -> MathResult<u128> {
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return Ok(mul_64x64(a, b));
    }
    a.checked_mul(b).ok_or(MathError::Overflow)
}

/// `a * b / d`, rounded as asked; the product is exact in 256 bits.
pub fn mul_div(a: u128, b: u128, d: u128, rounding: Rounding) -> MathResult<u128> {
    if d == 0 {
        return Err(MathError::DivisionByZero);
    }
    // Two 64-bit factors: (2^64 - 1)^2 < 2^128, so the product cannot wrap and needs
    // no overflow-checked multiply (a software routine on SBF).
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return div_round(mul_64x64(a, b), d, rounding);
    }
    if let Some(product) = a.checked_mul(b) {
        return div_round(product, d, rounding);
    }
    let (high, low) = widening_mul(a, b);
    let (quotient, remainder_is_zero) = div_256_by_128(high, low, d)?;
    match rounding {
        Rounding::Up if !remainder_is_zero => quotient.checked_add(1).ok_or(MathError::Overflow),
        _ => Ok(quotient),
    }
}

/// Full 256-bit product of two u128, as (high, low) halves.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "each partial product is of two 64-bit halves and each sum is bounded below 2^128, as commented"
)]
fn widening_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    // Each partial product of two 64-bit halves fits in u128.
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    // Sum of the middle column: at most 3 * (2^64 - 1), carried explicitly.
    let middle = (lo_lo >> 64) + (hi_lo & MASK) + (lo_hi & MASK);
    let low = (middle << 64) | (lo_lo & MASK);
    let high = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (middle >> 64);
    (high, low)
}

/// (high:low) / d by shift-and-subtract; fails when the quotient exceeds u128.
/// Returns the quotient and whether the remainder is zero.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "shifts only; the one subtraction is wrapping by design (remainder < 2d)"
)]
fn div_256_by_128(high: u128, low: u128, d: u128) -> MathResult<(u128, bool)> {
    if high >= d {
        return Err(MathError::Overflow);
    }
    let mut remainder = high;
    let mut quotient: u128 = 0;
    for bit in (0..128).rev() {
        // remainder < d, so (remainder << 1 | next bit) < 2d; track the carried-out bit.
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || remainder >= d {
            remainder = remainder.wrapping_sub(d);
            quotient |= 1;
        }
    }
    Ok((quotient, remainder == 0))
}

/// Checked u128 -> u64.
pub fn to_u64(value: u128) -> MathResult<u64> {
    u64::try_from(value).map_err(|_| MathError::Overflow)
}

/// Checked u128 -> i128.
pub fn to_i128(value: u128) -> MathResult<i128> {
    i128::try_from(value).map_err(|_| MathError::Overflow)
}

/// `a + b` or [`MathError::Overflow`].
pub fn add<T: CheckedOps>(a: T, b: T) -> MathResult<T> {
    a.checked_add_(b).ok_or(MathError::Overflow)
}

/// `a - b` or [`MathError::Overflow`] (underflow included).
pub fn sub<T: CheckedOps>(a: T, b: T) -> MathResult<T> {
    a.checked_sub_(b).ok_or(MathError::Overflow)
}

/// `a * b` or [`MathError::Overflow`].
pub fn mul<T: CheckedOps>(a: T, b: T) -> MathResult<T> {
    a.checked_mul_(b).ok_or(MathError::Overflow)
}

/// The checked operations of the integer types the crate uses.
pub trait CheckedOps: Sized + Copy {
    fn checked_add_(self, other: Self) -> Option<Self>;
    fn checked_sub_(self, other: Self) -> Option<Self>;
    fn checked_mul_(self, other: Self) -> Option<Self>;
}

macro_rules! impl_checked_ops {
    ($($t:ty),*) => {$(
        impl CheckedOps for $t {
            fn checked_add_(self, other: Self) -> Option<Self> { self.checked_add(other) }
            fn checked_sub_(self, other: Self) -> Option<Self> { self.checked_sub(other) }
            fn checked_mul_(self, other: Self) -> Option<Self> { self.checked_mul(other) }
        }
    )*};
}
impl_checked_ops!(u64, u128, i128);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn division_rounds_as_asked() {
        assert_eq!(div_round(7, 2, Rounding::Down), Ok(3));
        assert_eq!(div_round(7, 2, Rounding::Up), Ok(4));
        assert_eq!(div_round(8, 2, Rounding::Up), Ok(4));
        assert_eq!(div_round(0, 5, Rounding::Up), Ok(0));
        assert_eq!(
            div_round(1, 0, Rounding::Down),
            Err(MathError::DivisionByZero)
        );
    }

    #[test]
    fn mul_div_finishes_wide_products_in_256_bits() {
        let a = u128::MAX / 3;
        // (a * 6) / 4 overflows u128 in the product but not in the result.
        assert_eq!(
            mul_div(a, 6, 4, Rounding::Down),
            Ok(a / 2 * 3 + (a % 2) * 3 / 2)
        );
        assert_eq!(
            mul_div(u128::MAX, u128::MAX, u128::MAX, Rounding::Down),
            Ok(u128::MAX)
        );
        assert_eq!(
            mul_div(u128::MAX, 2, 1, Rounding::Down),
            Err(MathError::Overflow)
        );
        assert_eq!(
            mul_div(u128::MAX, u128::MAX, u128::MAX - 1, Rounding::Down),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn wide_rounding_up_adds_one_only_with_a_remainder() {
        let big = 1u128 << 100;
        assert_eq!(mul_div(big, big, big, Rounding::Up), Ok(big));
        assert_eq!(mul_div(big, big + 1, big + 2, Rounding::Up), Ok(big));
        assert_eq!(mul_div(big, big + 1, big + 2, Rounding::Down), Ok(big - 1));
    }

    proptest! {
        #[test]
        fn mul_div_matches_exact_arithmetic(a in any::<u64>(), b in any::<u64>(), d in 1u64..) {
            let exact = (a as u128) * (b as u128);
            let down = mul_div(a as u128, b as u128, d as u128, Rounding::Down).unwrap();
            let up = mul_div(a as u128, b as u128, d as u128, Rounding::Up).unwrap();
            prop_assert_eq!(down, exact / d as u128);
            prop_assert!(up == down || (up == down + 1 && !exact.is_multiple_of(d as u128)));
        }

        #[test]
        fn small_odd_divisors_divide_exactly(a in any::<u128>(), odd in 1u64..=u32::MAX as u64, shift in 0u32..32) {
            let d = u128::from(odd | 1) << shift;
            let (quotient, remainder_is_zero) = div_by_small_odd_part(a, d).unwrap();
            prop_assert_eq!(quotient, a / d);
            prop_assert_eq!(remainder_is_zero, a % d == 0);
        }

        #[test]
        fn powers_of_ten_take_the_fast_path(a in any::<u128>(), exponent in 0u32..=13) {
            let d = 10u128.pow(exponent);
            prop_assert_eq!(div_by_small_odd_part(a, d), Some((a / d, a % d == 0)));
            prop_assert_eq!(div_by_small_odd_part(d * 7, d), Some((7, true)));
        }

        #[test]
        fn wide_path_agrees_with_scaled_narrow_path(a in any::<u128>(), b in 1u128..1 << 64, d in 1u128..) {
            // a*b/d == ((a*b) >> k) / (d >> k) is not exact, so compare against the
            // identity (a*b/d)*d + r == a*b, checked through the wide product.
            if let Ok(q) = mul_div(a, b, d, Rounding::Down) {
                let (hi, lo) = widening_mul(q, d);
                let (phi, plo) = widening_mul(a, b);
                // q*d <= a*b < (q+1)*d
                prop_assert!((hi, lo) <= (phi, plo));
                if let Some(next) = q.checked_add(1) {
                    let (hi2, lo2) = widening_mul(next, d);
                    prop_assert!((hi2, lo2) > (phi, plo));
                }
            }
        }
    }
}
