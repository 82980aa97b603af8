//! A synthetic book with the shape real venues show (RISK.md, `synth`): most positions
//! at round leverages (2x, 3x, 5x, 10x, 20x, and 25x, 50x, 100x where the market's imr
//! allows them), the rest spread between 1.1x and the maximum; notionals over six
//! orders of magnitude, mostly small; 55 % longs; entries scattered around the price
//! (about 4 % standard deviation). Every position is opened as the program would let
//! it (collateral meets the initial margin at its entry) and is healthy at the book's
//! mark with at least 0.5 % to spare, since a real book holds no position a keeper
//! would already have liquidated.
//!
//! The same seed gives the same book: the generator is integer-only (`rng`).

use lever_math::checked::{mul_div, Rounding};
use lever_math::constants::PRICE_PRECISION;
use lever_math::{Price, Side};

use crate::book::{Book, BookPrice, Position};
use crate::ids::Ids;
use crate::market::{Market, MarketSpec};
use crate::prices::{marks_of_quote, scaled_internal_nearest, shift_by_bps};
use crate::rng::SplitMix64;

/// Round leverages and how common each is (weights).
const CLUSTERS: [(u64, u64); 8] = [
    (2, 10),
    (3, 12),
    (5, 22),
    (10, 30),
    (20, 16),
    (25, 4),
    (50, 4),
    (100, 2),
];

/// Share of positions at a round leverage, per mille.
const CLUSTERED_PER_MILLE: u64 = 850;

/// 10^(j / 16) x 1000 for j in 0..16: notionals spread evenly in log scale inside a
/// decade, without floating point.
const DECADE_STEPS: [u64; 16] = [
    1_000, 1_155, 1_334, 1_540, 1_778, 2_054, 2_371, 2_738, 3_162, 3_652, 4_217, 4_870, 5_623,
    6_494, 7_499, 8_660,
];

/// Decades of notional ($10 to $10M) and their weights: retail is mostly small.
const DECADE_WEIGHTS: [u64; 6] = [20, 30, 25, 15, 8, 2];

/// Half-width of each of the three uniform draws whose sum is the entry offset, bps
/// (standard deviation about the same).
const ENTRY_SPREAD_BPS: u64 = 400;

/// Room a position keeps between its liquidation price and the mark, bps.
const HEALTHY_ROOM_BPS: i64 = 50;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthParams {
    pub positions: usize,
    pub seed: u64,
    pub market_spec: MarketSpec,
    pub market: Market,
    pub price: BookPrice,
}

impl SynthParams {
    /// $150 (Pyth mantissa at expo -8) on the default market.
    pub const DEFAULT_PRICE: BookPrice = BookPrice {
        price: 15_000_000_000,
        conf: 0,
        ema: 15_000_000_000,
        expo: -8,
    };
}

/// Leverage in hundredths of x.
fn draw_leverage(rng: &mut SplitMix64, max_x100: u64) -> u64 {
    let allowed: Vec<(u64, u64)> = CLUSTERS
        .iter()
        .copied()
        .filter(|(x, _)| x.saturating_mul(100) <= max_x100)
        .collect();
    if !allowed.is_empty() && rng.chance(CLUSTERED_PER_MILLE) {
        let weights: Vec<u64> = allowed.iter().map(|(_, w)| *w).collect();
        let pick = allowed
            .get(rng.weighted(&weights))
            .copied()
            .unwrap_or((1, 0));
        return pick.0.saturating_mul(100);
    }
    let low = 110u64.min(max_x100);
    low.saturating_add(rng.below(max_x100.saturating_sub(low).saturating_add(1)))
}

/// Notional in collateral atoms.
fn draw_notional(rng: &mut SplitMix64, collateral_decimals: u8, floor: u64) -> u128 {
    let decade = rng.weighted(&DECADE_WEIGHTS).saturating_add(1);
    let step = DECADE_STEPS
        .get(usize::try_from(rng.below(16)).unwrap_or(0))
        .copied()
        .unwrap_or(1_000);
    let jitter = 950u64.saturating_add(rng.below(101));
    let exponent = u32::try_from(decade)
        .unwrap_or(1)
        .saturating_add(u32::from(collateral_decimals));
    let scale = 10u128.saturating_pow(exponent);
    let notional = u128::from(step)
        .saturating_mul(u128::from(jitter))
        .saturating_mul(scale)
        / 1_000_000;
    notional.max(u128::from(floor))
}

/// Entry offset from the price, bps: a sum of three uniform draws.
fn draw_offset(rng: &mut SplitMix64, spread: u64) -> i64 {
    let width = spread.saturating_mul(2).saturating_add(1);
    let sum = (0..3).fold(0u64, |s, _| s.saturating_add(rng.below(width)));
    i64::try_from(sum)
        .unwrap_or(0)
        .saturating_sub(i64::try_from(spread.saturating_mul(3)).unwrap_or(0))
}

/// True when the position keeps `HEALTHY_ROOM_BPS` between its liquidation price and
/// the mark.
fn keeps_room(position: &Position, mark: u128, mmr_bps: u16) -> bool {
    let Ok(price) = position.snapshot().liquidation_price(mmr_bps) else {
        return false;
    };
    let Some(price) = price else {
        return position.side == Side::Long;
    };
    match position.side {
        Side::Long => shift_by_bps(mark, -HEALTHY_ROOM_BPS).is_ok_and(|edge| price.raw() < edge),
        Side::Short => shift_by_bps(mark, HEALTHY_ROOM_BPS).is_ok_and(|edge| price.raw() > edge),
    }
}

/// One position, or `None` when its numbers leave the integer ranges.
fn draw_position(
    rng: &mut SplitMix64,
    market: &Market,
    price: u128,
    mark: u128,
    max_x100: u64,
) -> Option<Position> {
    let side = if rng.chance(550) {
        Side::Long
    } else {
        Side::Short
    };
    let leverage_x100 = draw_leverage(rng, max_x100).max(100);
    let floor = market.params.min_position_notional.saturating_mul(2);
    let notional = draw_notional(rng, market.decimals.collateral, floor);
    let with_fees = rng.chance(250);
    let fee_per_mille = rng.below(11);
    let mut spread = ENTRY_SPREAD_BPS;
    for attempt in 0..5 {
        let offset = if attempt == 4 {
            0
        } else {
            draw_offset(rng, spread)
        };
        let entry = shift_by_bps(price, offset).ok()?;
        let size = u64::try_from(mul_div(notional, PRICE_PRECISION, entry, Rounding::Down).ok()?)
            .ok()?
            .max(1);
        let entry_price = u64::try_from(entry).ok()?;
        let entry_notional = lever_math::margin::notional(size, Price(entry), Rounding::Up).ok()?;
        let collateral = u64::try_from(
            mul_div(entry_notional, 100, u128::from(leverage_x100), Rounding::Up).ok()?,
        )
        .ok()?
        .max(1);
        let accrued_fees = if with_fees && attempt < 4 {
            collateral.saturating_mul(fee_per_mille) / 1_000
        } else {
            0
        };
        let position = Position {
            side,
            size,
            entry_price,
            collateral,
            accrued_fees,
        };
        if keeps_room(&position, mark, market.params.mmr_bps) {
            return Some(position);
        }
        spread /= 2;
    }
    None
}

/// Generates the book.
pub fn synth(params: &SynthParams) -> Result<Book, String> {
    let market = params.market;
    let decimals = market.decimals;
    let quote = params.price.quote();
    let price = scaled_internal_nearest(quote.price, quote.expo, decimals, 1, 1)
        .map_err(|e| format!("price: {e}"))?;
    let (long_mark, short_mark) = marks_of_quote(&quote, market.params.ema_band_bps, decimals)
        .map_err(|e| format!("price: {e}"))?;
    let mark = long_mark.raw().max(short_mark.raw());
    let max_x100 = 1_000_000u64
        .checked_div(u64::from(market.params.imr_bps))
        .unwrap_or(100);
    let mut rng = SplitMix64::new(params.seed);
    let mut positions = Vec::with_capacity(params.positions);
    let mut ids = Ids::with_capacity(params.positions);
    let mut total_notional: u128 = 0;
    let mut number = 0usize;
    while positions.len() < params.positions {
        let Some(position) = draw_position(&mut rng, &market, price, mark, max_x100) else {
            continue;
        };
        number = number.saturating_add(1);
        total_notional =
            total_notional.saturating_add(position.snapshot().entry_notional().unwrap_or(0));
        ids.push(&format!("p{number}"));
        positions.push(position);
    }
    let to_u64 = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
    Ok(Book {
        market_spec: MarketSpec::explicit(&market),
        market,
        price: params.price,
        // The pool holds twice the open interest (a market at 50 % utilization, so
        // the program would have let every position open); insurance 0.1 % of it.
        pool: to_u64(total_notional.saturating_mul(2)).max(1),
        insurance: to_u64(total_notional / 1_000),
        positions,
        ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(positions: usize, seed: u64, spec: MarketSpec) -> SynthParams {
        SynthParams {
            positions,
            seed,
            market: spec.resolve().unwrap(),
            market_spec: spec,
            price: SynthParams::DEFAULT_PRICE,
        }
    }

    #[test]
    fn a_seed_gives_the_same_book_and_another_seed_another() {
        let a = synth(&params(500, 42, MarketSpec::default())).unwrap();
        let b = synth(&params(500, 42, MarketSpec::default())).unwrap();
        let c = synth(&params(500, 43, MarketSpec::default())).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.positions, c.positions);
        assert_eq!(a.len(), 500);
    }

    #[test]
    fn leverage_clusters_respect_the_markets_maximum() {
        // imr 5 %: at most 20x; clusters 2, 3, 5, 10, 20 allowed, 25x and up not.
        let spec = MarketSpec {
            imr_bps: Some(500),
            mmr_bps: Some(250),
            ..MarketSpec::default()
        };
        let book = synth(&params(4_000, 1, spec)).unwrap();
        let map = crate::map::map(&book, 50, &mut |_| {}).unwrap();
        let count = |x: u128| {
            map.leverage
                .iter()
                .find(|b| b.leverage == x)
                .map_or(0, |b| b.long_count + b.short_count)
        };
        for x in [2, 3, 5, 10, 20] {
            assert!(count(x) > 200, "{x}x: {}", count(x));
        }
        assert!(map.leverage.iter().all(|b| b.leverage <= 20));
        // Clustered: the round leverages hold most positions.
        let clustered: u64 = [2, 3, 5, 10, 20].iter().map(|x| count(*x)).sum();
        assert!(clustered * 100 > 80 * 4_000, "{clustered}");
    }

    #[test]
    fn every_position_meets_initial_margin_and_is_healthy_now() {
        let book = synth(&params(2_000, 9, MarketSpec::default())).unwrap();
        let imr = book.market.params.imr_bps;
        let (long_mark, short_mark) = book.marks();
        let mut longs = 0;
        let mut smallest = u128::MAX;
        let mut largest = 0;
        for position in &book.positions {
            let snapshot = position.snapshot();
            let at_entry = PositionSnapshot {
                accrued_fees: 0,
                ..snapshot
            };
            assert_eq!(
                at_entry.meets_initial_margin(snapshot.entry_price, imr),
                Ok(true)
            );
            let mark = if position.side == Side::Long {
                long_mark
            } else {
                short_mark
            };
            assert!(!snapshot
                .is_liquidatable(mark, book.market.params.mmr_bps)
                .unwrap());
            longs += usize::from(position.side == Side::Long);
            let n = snapshot.entry_notional().unwrap();
            smallest = smallest.min(n);
            largest = largest.max(n);
        }
        // Both sides, and sizes over at least four orders of magnitude.
        assert!((900..1_300).contains(&longs), "{longs}");
        assert!(largest > smallest * 10_000, "{smallest}..{largest}");
    }

    use lever_math::PositionSnapshot;
}
