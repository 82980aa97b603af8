//! The liquidation map (RISK.md, "The map"): each position's liquidation price as
//! `position_health` reports it, the notional at risk in price buckets around the
//! mark, what is liquidatable at the mark now, and the leverage clusters.

use std::collections::BTreeMap;

use lever_math::checked::{mul_div, Rounding};
use lever_math::constants::BPS_DENOMINATOR;
use lever_math::margin::notional;
use lever_math::{health, Price, Side};
use serde::Serialize;

use crate::book::{Book, BookError};
use crate::error::{at, RiskError};
use crate::prices::mul_div_nearest;

/// Default bucket width, bps of the mark.
pub const DEFAULT_BUCKET_BPS: u16 = 50;

/// Positions whose liquidation prices fall in `[price_low, price_high)`, with their
/// notional at the liquidation price. Bucket `index` k spans
/// `[mark (1 + k B), mark (1 + (k + 1) B))`, edges rounded up to whole units (a
/// negative lower edge is shown as 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Bucket {
    pub price_low: u128,
    pub price_high: u128,
    pub long_notional: u128,
    pub short_notional: u128,
    pub long_count: u64,
    pub short_count: u64,
    /// Extension: k, the bucket's offset from the mark in widths.
    pub index: i64,
}

/// Positions liquidatable at the book's mark, with their notional at the mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LiquidatableNow {
    pub count: u64,
    pub notional: u128,
    /// Extension.
    pub long_count: u64,
    pub short_count: u64,
}

/// Positions at one leverage: entry notional / collateral, to the nearest whole x.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LeverageBin {
    pub leverage: u128,
    pub long_count: u64,
    pub short_count: u64,
    /// Entry notional.
    pub notional: u128,
}

/// The map of a book.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LiquidationMap {
    /// The long side's liquidation mark of the book's price; `mark_price_short` the
    /// short side's (they differ by a unit at most, when the band clamps).
    pub mark_price: u128,
    pub mark_price_short: u128,
    pub bucket_bps: u16,
    /// Per position in book order; 0 where no positive price liquidates it.
    pub liquidation_prices: Vec<u128>,
    /// Non-empty buckets, by price.
    pub buckets: Vec<Bucket>,
    pub liquidatable_now: LiquidatableNow,
    pub leverage: Vec<LeverageBin>,
}

/// Bucket of a liquidation price: floor((L - mark) / (mark B)).
fn bucket_index(price: u128, mark: u128, bucket_bps: u16) -> Result<i64, lever_math::MathError> {
    let width = mark
        .checked_mul(u128::from(bucket_bps))
        .ok_or(lever_math::MathError::Overflow)?;
    let to_i64 = |v: u128| i64::try_from(v).map_err(|_| lever_math::MathError::Overflow);
    if price >= mark {
        to_i64(mul_div(
            price.abs_diff(mark),
            BPS_DENOMINATOR,
            width,
            Rounding::Down,
        )?)
    } else {
        let below = mul_div(mark.abs_diff(price), BPS_DENOMINATOR, width, Rounding::Up)?;
        Ok(to_i64(below)?.saturating_neg())
    }
}

/// Lower edge of bucket k: ceil(mark (10_000 + k B) / 10_000), 0 when not positive.
fn bucket_edge(k: i64, mark: u128, bucket_bps: u16) -> u128 {
    let factor = i128::from(k)
        .saturating_mul(i128::from(bucket_bps))
        .saturating_add(10_000);
    if factor <= 0 {
        return 0;
    }
    mul_div(mark, factor.unsigned_abs(), BPS_DENOMINATOR, Rounding::Up).unwrap_or(u128::MAX)
}

fn add(total: &mut u128, amount: u128) {
    *total = total.saturating_add(amount);
}

/// Maps `book`; `progress` is told how many positions are done, now and then.
pub fn map(
    book: &Book,
    bucket_bps: u16,
    progress: &mut dyn FnMut(usize),
) -> Result<LiquidationMap, RiskError> {
    if bucket_bps == 0 {
        return Err(RiskError(
            BookError("--bucket-bps: must be positive".into()).0,
        ));
    }
    let (long_mark, short_mark) = book.marks();
    let mmr = book.market.params.mmr_bps;
    let mark = long_mark.raw();
    let mut out = LiquidationMap {
        mark_price: mark,
        mark_price_short: short_mark.raw(),
        bucket_bps,
        liquidation_prices: Vec::with_capacity(book.len()),
        ..LiquidationMap::default()
    };
    let mut buckets: BTreeMap<i64, Bucket> = BTreeMap::new();
    let mut leverage: BTreeMap<u128, LeverageBin> = BTreeMap::new();
    for (index, position) in book.positions.iter().enumerate() {
        if index % 65_536 == 0 {
            progress(index);
        }
        let place = || format!("positions[{index}] (id \"{}\")", book.ids.get(index));
        let snapshot = position.snapshot();
        let is_long = position.side == Side::Long;
        let liquidation_price = snapshot.liquidation_price(mmr).map_err(at(place))?;
        out.liquidation_prices
            .push(liquidation_price.map(Price::raw).unwrap_or(0));
        if let Some(price) = liquidation_price {
            let k = bucket_index(price.raw(), mark, bucket_bps).map_err(at(place))?;
            let at_risk = notional(position.size, price, Rounding::Up).map_err(at(place))?;
            let bucket = buckets.entry(k).or_insert_with(|| Bucket {
                price_low: bucket_edge(k, mark, bucket_bps),
                price_high: bucket_edge(k.saturating_add(1), mark, bucket_bps),
                index: k,
                ..Bucket::default()
            });
            if is_long {
                add(&mut bucket.long_notional, at_risk);
                bucket.long_count = bucket.long_count.saturating_add(1);
            } else {
                add(&mut bucket.short_notional, at_risk);
                bucket.short_count = bucket.short_count.saturating_add(1);
            }
        }
        let side_mark = if is_long { long_mark } else { short_mark };
        let now = health(&snapshot, side_mark, mmr).map_err(at(place))?;
        if now.liquidatable {
            let l = &mut out.liquidatable_now;
            l.count = l.count.saturating_add(1);
            add(&mut l.notional, now.margin.notional);
            if is_long {
                l.long_count = l.long_count.saturating_add(1);
            } else {
                l.short_count = l.short_count.saturating_add(1);
            }
        }
        let entry_notional = snapshot.entry_notional().map_err(at(place))?;
        let x = mul_div_nearest(entry_notional, 1, u128::from(position.collateral))
            .map_err(at(place))?;
        let bin = leverage.entry(x).or_insert_with(|| LeverageBin {
            leverage: x,
            ..LeverageBin::default()
        });
        add(&mut bin.notional, entry_notional);
        if is_long {
            bin.long_count = bin.long_count.saturating_add(1);
        } else {
            bin.short_count = bin.short_count.saturating_add(1);
        }
    }
    progress(book.len());
    out.buckets = buckets.into_values().collect();
    out.leverage = leverage.into_values().collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_their_edges_agree() {
        let mark = 150_000_000_000;
        for price in [
            149_999_999_999u128,
            150_000_000_000,
            150_750_000_000,
            149_250_000_000,
            149_249_999_999,
            75_000_000_000,
            10,
        ] {
            let k = bucket_index(price, mark, 50).unwrap();
            let (low, high) = (bucket_edge(k, mark, 50), bucket_edge(k + 1, mark, 50));
            assert!(
                low <= price && price < high,
                "{price} in bucket {k} [{low}, {high})"
            );
        }
        assert_eq!(bucket_index(150_750_000_000, mark, 50), Ok(1));
        assert_eq!(bucket_index(149_250_000_000, mark, 50), Ok(-1));
        assert_eq!(bucket_index(149_249_999_999, mark, 50), Ok(-2));
    }
}
