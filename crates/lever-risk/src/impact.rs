//! How forced flow moves spot, and how the EMA follows (RISK.md, "The cascade", steps
//! 3 to 5). Spot and EMA are internal prices rounded to the nearest unit (halves up)
//! after each update.

use lever_math::checked::{mul_div, Rounding};
use lever_math::constants::{BPS_DENOMINATOR, PRICE_PRECISION};
use lever_math::{MathError, MathResult, Price};

use crate::prices::mul_div_nearest;

/// Net forced flow in collateral atoms: `F = (bought - sold) x mark`, with a long's
/// closed size sold at the long mark and a short's bought at the short mark (the two
/// marks differ by at most a unit). Each leg's value is floored.
pub fn net_flow(
    bought_size: u128,
    short_mark: Price,
    sold_size: u128,
    long_mark: Price,
) -> MathResult<i128> {
    let value = |size: u128, mark: Price| -> MathResult<i128> {
        let atoms = mul_div(size, mark.raw(), PRICE_PRECISION, Rounding::Down)?;
        i128::try_from(atoms).map_err(|_| MathError::Overflow)
    };
    value(bought_size, short_mark)?
        .checked_sub(value(sold_size, long_mark)?)
        .ok_or(MathError::Overflow)
}

/// `s x max(1 + F / D / 100, 1 / 100)`, nearest, at least one unit: each `depth`
/// collateral atoms of net selling take 1 % off spot, and one round never more than
/// 99 %. In integers: s x max(100 D + F, D) / (100 D).
pub fn impacted_spot(spot: u128, net_flow: i128, depth: u64) -> MathResult<u128> {
    let hundred_depth = i128::from(depth)
        .checked_mul(100)
        .ok_or(MathError::Overflow)?;
    let factor = hundred_depth
        .checked_add(net_flow)
        .ok_or(MathError::Overflow)?
        .max(i128::from(depth));
    let next = mul_div_nearest(spot, factor.unsigned_abs(), hundred_depth.unsigned_abs())?;
    Ok(next.max(1))
}

/// `e + A / 10_000 x (s - e)`, nearest: the weighted mean (e (10_000 - A) + s A) / 10_000.
pub fn next_ema(ema: u128, spot: u128, alpha_bps: u16) -> MathResult<u128> {
    let alpha = u128::from(alpha_bps);
    let keep = BPS_DENOMINATOR
        .checked_sub(alpha)
        .ok_or(MathError::Overflow)?;
    let weighted = ema
        .checked_mul(keep)
        .and_then(|kept| spot.checked_mul(alpha)?.checked_add(kept))
        .ok_or(MathError::Overflow)?;
    mul_div_nearest(weighted, 1, BPS_DENOMINATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selling_one_depth_takes_one_percent_off() {
        // D = 1_000 atoms per 1 %; 1_000 atoms of net selling: 150e9 -> 148.5e9.
        assert_eq!(
            impacted_spot(150_000_000_000, -1_000, 1_000),
            Ok(148_500_000_000)
        );
        // Buying pushes up by the same rule.
        assert_eq!(
            impacted_spot(150_000_000_000, 2_000, 1_000),
            Ok(153_000_000_000)
        );
        // Selling 200 depths would take 200 %: the floor keeps 1 % of spot.
        assert_eq!(
            impacted_spot(150_000_000_000, -200_000, 1_000),
            Ok(1_500_000_000)
        );
        // Nearest: 101 x 0.99 = 99.99 -> 100.
        assert_eq!(impacted_spot(101, -1_000, 1_000), Ok(100));
    }

    #[test]
    fn the_ema_closes_its_share_of_the_gap() {
        // 10 % of the gap from 150 to 140: 149.
        assert_eq!(
            next_ema(150_000_000_000, 140_000_000_000, 1_000),
            Ok(149_000_000_000)
        );
        assert_eq!(next_ema(150, 140, 0), Ok(150));
        assert_eq!(next_ema(150, 140, 10_000), Ok(140));
        // 145.5 rounds up, 0.5 of a unit.
        assert_eq!(next_ema(150, 141, 5_000), Ok(146));
    }

    #[test]
    fn net_flow_is_bought_minus_sold_at_the_marks() {
        // Sold 2 SOL at 140, bought 0.5 SOL at 140: F = (0.5 - 2) x 140 = -210 USDC.
        let mark = Price(140_000_000_000);
        assert_eq!(
            net_flow(500_000_000, mark, 2_000_000_000, mark),
            Ok(-210_000_000)
        );
    }
}
