//! Prices of the risk tools: the book's Pyth price as an internal price, the marks the
//! program would compute, and the nearest rounding RISK.md asks for spot and EMA.
//!
//! The liquidation mark is always `lever_math::price::liquidation_mark`, the program's
//! own function. The cascade keeps spot and EMA as internal prices; it hands them to
//! that function as a Pyth quote whose exponent makes the conversion the identity
//! (`identity_expo`), so the band edges round against each side exactly as on-chain.

use lever_math::checked::{div_round, mul_div, Rounding};
use lever_math::constants::{BPS_DENOMINATOR, PRICE_PRECISION_EXP};
use lever_math::price::liquidation_mark;
use lever_math::{MarketDecimals, MathError, MathResult, OracleQuote, Price, Side};

/// `a * b / d` rounded to the nearest integer, halves up:
/// floor(a b / d + 1/2) = floor((floor(2 a b / d) + 1) / 2).
pub fn mul_div_nearest(a: u128, b: u128, d: u128) -> MathResult<u128> {
    let doubled_b = b.checked_mul(2).ok_or(MathError::Overflow)?;
    let twice = mul_div(a, doubled_b, d, Rounding::Down)?;
    div_round(
        twice.checked_add(1).ok_or(MathError::Overflow)?,
        2,
        Rounding::Down,
    )
}

/// The Pyth exponent at which a mantissa equals the internal price of a market with
/// these decimals: internal = mantissa x 10^(expo + collateral - base + 12).
pub fn identity_expo(decimals: MarketDecimals) -> i32 {
    // Decimals are at most 18 (checked with the market): no overflow.
    i32::from(decimals.base)
        .saturating_sub(i32::from(decimals.collateral))
        .saturating_sub(PRICE_PRECISION_EXP)
}

/// A Pyth mantissa as an internal price scaled by `numerator / denominator`, rounded to
/// the nearest unit: mantissa x 10^shift x numerator / denominator.
pub fn scaled_internal_nearest(
    mantissa: i64,
    expo: i32,
    decimals: MarketDecimals,
    numerator: u128,
    denominator: u128,
) -> MathResult<u128> {
    let mantissa = u128::try_from(mantissa).map_err(|_| MathError::PriceOutOfRange)?;
    let shift = i64::from(expo)
        .saturating_sub(i64::from(identity_expo(decimals)))
        .unsigned_abs();
    let power = u32::try_from(shift)
        .ok()
        .and_then(|s| 10u128.checked_pow(s))
        .ok_or(MathError::PriceOutOfRange)?;
    if expo >= identity_expo(decimals) {
        let value = mantissa
            .checked_mul(power)
            .ok_or(MathError::PriceOutOfRange)?;
        mul_div_nearest(value, numerator, denominator)
    } else {
        let denominator = denominator
            .checked_mul(power)
            .ok_or(MathError::PriceOutOfRange)?;
        mul_div_nearest(mantissa, numerator, denominator)
    }
}

/// The quote the program would read for `spot` and `ema` (internal prices).
fn identity_quote(spot: u128, ema: u128, decimals: MarketDecimals) -> MathResult<OracleQuote> {
    let to_mantissa = |value: u128| i64::try_from(value).map_err(|_| MathError::PriceOutOfRange);
    Ok(OracleQuote {
        price: to_mantissa(spot)?,
        conf: 0,
        ema_price: to_mantissa(ema)?,
        expo: identity_expo(decimals),
        publish_time: 0,
    })
}

/// The liquidation marks (long, short) of internal spot and EMA: the program's
/// `liquidation_mark` for each side. They differ by at most one unit, only when the
/// band clamps at an edge that is not a whole unit.
pub fn marks_of_internal(
    spot: u128,
    ema: u128,
    band_bps: u16,
    decimals: MarketDecimals,
) -> MathResult<(Price, Price)> {
    let quote = identity_quote(spot, ema, decimals)?;
    Ok((
        liquidation_mark(&quote, band_bps, Side::Long, decimals)?,
        liquidation_mark(&quote, band_bps, Side::Short, decimals)?,
    ))
}

/// The liquidation marks (long, short) of a Pyth quote, as the program computes them.
pub fn marks_of_quote(
    quote: &OracleQuote,
    band_bps: u16,
    decimals: MarketDecimals,
) -> MathResult<(Price, Price)> {
    Ok((
        liquidation_mark(quote, band_bps, Side::Long, decimals)?,
        liquidation_mark(quote, band_bps, Side::Short, decimals)?,
    ))
}

/// `value x (10_000 + bps) / 10_000`, nearest, for a signed `bps > -10_000`.
pub fn shift_by_bps(value: u128, bps: i64) -> MathResult<u128> {
    let factor = i128::from(bps)
        .checked_add(i128::try_from(BPS_DENOMINATOR).map_err(|_| MathError::Overflow)?)
        .filter(|f| *f > 0)
        .ok_or(MathError::PriceOutOfRange)?;
    mul_div_nearest(value, factor.unsigned_abs(), BPS_DENOMINATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOL_USDC: MarketDecimals = MarketDecimals {
        collateral: 6,
        base: 9,
    };

    #[test]
    fn nearest_rounds_halves_up() {
        assert_eq!(mul_div_nearest(7, 1, 2), Ok(4)); // 3.5
        assert_eq!(mul_div_nearest(5, 1, 4), Ok(1)); // 1.25
        assert_eq!(mul_div_nearest(7, 1, 4), Ok(2)); // 1.75
        assert_eq!(mul_div_nearest(8, 1, 4), Ok(2));
    }

    #[test]
    fn identity_exponent_makes_the_mantissa_the_internal_price() {
        assert_eq!(identity_expo(SOL_USDC), -9);
        let quote = identity_quote(150_000_000_000, 150_000_000_000, SOL_USDC).unwrap();
        let (long, short) = marks_of_quote(&quote, 500, SOL_USDC).unwrap();
        assert_eq!(
            (long, short),
            (Price(150_000_000_000), Price(150_000_000_000))
        );
    }

    #[test]
    fn book_price_converts_with_nearest_rounding() {
        // $150 at expo -8 is 15e9 x 10 = 150e9 internal.
        let p = scaled_internal_nearest(15_000_000_000, -8, SOL_USDC, 1, 1).unwrap();
        assert_eq!(p, 150_000_000_000);
        // An 8 % drop: 138e9.
        let s = scaled_internal_nearest(15_000_000_000, -8, SOL_USDC, 9_200, 10_000).unwrap();
        assert_eq!(s, 138_000_000_000);
        // Expo -13 is a shift of -4: 123_456 / 10^4 = 12.3456 -> 12; 125_000 -> 12.5 -> 13.
        assert_eq!(
            scaled_internal_nearest(123_456, -13, SOL_USDC, 1, 1),
            Ok(12)
        );
        assert_eq!(
            scaled_internal_nearest(125_000, -13, SOL_USDC, 1, 1),
            Ok(13)
        );
    }

    #[test]
    fn marks_clamp_into_the_band_and_round_against_each_side() {
        // EMA 101 units, band 5 %: lower edge 95.95 -> long 95, short 96.
        let (long, short) = marks_of_internal(1, 101, 500, SOL_USDC).unwrap();
        assert_eq!((long, short), (Price(95), Price(96)));
        // Inside the band both marks are spot.
        let (long, short) = marks_of_internal(100, 101, 500, SOL_USDC).unwrap();
        assert_eq!((long, short), (Price(100), Price(100)));
    }

    #[test]
    fn shifting_by_bps_is_signed_and_refuses_a_total_loss() {
        assert_eq!(shift_by_bps(1_000, -800), Ok(920));
        assert_eq!(shift_by_bps(1_000, 250), Ok(1_025));
        assert_eq!(
            shift_by_bps(1_000, -10_000),
            Err(MathError::PriceOutOfRange)
        );
    }
}
