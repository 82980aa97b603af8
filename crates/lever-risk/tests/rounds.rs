//! The round rules of RISK.md on small books computed by hand. Prices are internal
//! (collateral atoms per base atom x 1e12): 150e9 is $150 for a 9-decimal asset against
//! a 6-decimal stablecoin. Expected spot and EMA values are recomputed here with the
//! contract's formulas written out independently (`nearest`).

use lever_math::margin::{notional, requirement};
use lever_math::{plan_liquidation, LiquidationPlan, Price, Rounding, Side};
use lever_risk::ids::Ids;
use lever_risk::{
    cascade, Book, BookPrice, CascadeParams, LiquidationRecord, MarketSpec, Observer, Position,
};

const P150: u128 = 150_000_000_000;
const SOL: u64 = 1_000_000_000;
const USDC: u64 = 1_000_000;

/// floor(a b / d + 1/2), the contract's "rounded to the nearest unit".
fn nearest(a: u128, b: u128, d: u128) -> u128 {
    // floor((x + 1) / 2) with x = floor(2 a b / d) is ceil(x / 2).
    (2 * a * b / d).div_ceil(2)
}

fn long(size: u64, entry: u128, collateral: u64) -> Position {
    Position {
        side: Side::Long,
        size,
        entry_price: entry as u64,
        collateral,
        accrued_fees: 0,
    }
}

fn short(size: u64, entry: u128, collateral: u64) -> Position {
    Position {
        side: Side::Short,
        ..long(size, entry, collateral)
    }
}

/// A book at $`price` with EMA $`ema` (Pyth mantissas at expo -8).
fn book(
    spec: MarketSpec,
    price: i64,
    ema: i64,
    pool: u64,
    insurance: u64,
    positions: Vec<Position>,
) -> Book {
    let mut ids = Ids::with_capacity(positions.len());
    for i in 0..positions.len() {
        ids.push(&format!("p{}", i + 1));
    }
    Book {
        market: spec.resolve().unwrap(),
        market_spec: spec,
        price: BookPrice {
            price,
            conf: 0,
            ema,
            expo: -8,
        },
        pool,
        insurance,
        positions,
        ids,
    }
}

/// Records every liquidation with its round and book index.
#[derive(Default)]
struct Log(Vec<(u32, usize, LiquidationRecord)>);

impl Observer for Log {
    fn liquidated(&mut self, round: u32, index: usize, record: &LiquidationRecord) {
        self.0.push((round, index, *record));
    }
}

fn params(shock_bps: i64, depth: u64) -> CascadeParams {
    CascadeParams {
        shock_bps,
        depth,
        ema_alpha_bps: 1_000,
        max_rounds: 100,
    }
}

#[test]
fn a_single_long_is_cut_to_the_target_then_closed() {
    // Remainders under $300 are closed in full.
    let spec = MarketSpec {
        min_position_notional: Some(300 * USDC),
        ..MarketSpec::default()
    };
    let position = long(10 * SOL, P150, 150 * USDC); // 10x at $150
                                                     // Price $150, EMA $140, shock -8 %: spot $138, inside the band [133, 147].
    let book = book(
        spec,
        15_000_000_000,
        14_000_000_000,
        1_000_000 * USDC,
        0,
        vec![position],
    );
    let depth = 500 * USDC; // $500 of selling per 1 %
    let mut log = Log::default();
    let result = cascade::run(&book, &params(-800, depth), &mut log).unwrap();
    let rounds = &result.rounds;

    // Round 1 at mark 138: E = 150 - 120 = 30 < MM = 69, partial to T = 6 %.
    let r1 = rounds[0];
    assert_eq!(
        (r1.spot, r1.ema, r1.mark),
        (138_000_000_000, 140_000_000_000, 138_000_000_000)
    );
    assert_eq!((r1.liquidations, r1.partial, r1.full), (1, 1, 0));
    let Some(LiquidationPlan::Partial(p)) = plan_liquidation(
        &position.snapshot(),
        Price(138_000_000_000),
        &book.market.liquidation(),
    )
    .unwrap() else {
        panic!("a partial is expected at 138")
    };
    let (_, _, first) = log.0[0];
    assert_eq!(
        (first.closed_size, first.remaining_size),
        (p.closed_size, 10 * SOL - p.closed_size)
    );
    // About 7.65 SOL closed: dN = (0.06 x 1380 - 30) / 0.05 = 1056.
    assert!(
        (7_650_000_000..7_660_000_000).contains(&p.closed_size),
        "{}",
        p.closed_size
    );
    // The remainder is at or above the target: E' >= 6 % of N'.
    let remaining_notional =
        notional(first.remaining_size, Price(138_000_000_000), Rounding::Up).unwrap();
    assert!(first.equity_after >= requirement(remaining_notional, 600).unwrap() as i128);
    // Forced selling: F = -(closed x 138), floored; spot falls F / (100 D).
    let sold = (u128::from(p.closed_size) * 138_000_000_000 / 1_000_000_000_000) as i128;
    assert_eq!(r1.net_flow, -sold);
    let hundred_depth = 100 * u128::from(depth);
    let s1 = nearest(138_000_000_000, hundred_depth - sold as u128, hundred_depth);
    let e1 = nearest(140_000_000_000 * 9_000 + s1 * 1_000, 1, 10_000);

    // Round 2: the remaining ~2.35 SOL is liquidatable again; its partial would leave
    // less than $300, so it is closed in full and the owner keeps E - penalty.
    let r2 = rounds[1];
    assert_eq!((r2.spot, r2.ema, r2.mark), (s1, e1, s1));
    assert_eq!((r2.liquidations, r2.partial, r2.full), (1, 0, 1));
    let (round, index, second) = log.0[1];
    assert_eq!(
        (round, index, second.partial, second.remaining_size),
        (2, 0, false, 0)
    );
    let closed_notional = notional(first.remaining_size, Price(s1), Rounding::Up).unwrap();
    assert_eq!(
        u128::from(second.penalty),
        (closed_notional * 100).div_ceil(10_000)
    );
    assert_eq!(
        i128::from(second.owner_payout + second.penalty),
        second.equity_before
    );

    // Round 3 finds nothing and ends the cascade.
    assert_eq!(rounds.len(), 3);
    assert_eq!(rounds[2].liquidations, 0);
    let s = result.summary;
    assert_eq!(
        (s.liquidations, s.positions_closed, s.peak_round),
        (2, 1, 1)
    );
    assert_eq!(s.closed_notional, r1.closed_notional + r2.closed_notional);
    assert_eq!(s.collateral_end, 0);
    // Both penalties split evenly: half to the keeper (floored), the rest insured.
    let penalties = u128::from(first.penalty + second.penalty);
    assert_eq!(r1.penalty + r2.penalty, penalties);
    assert_eq!(
        u128::from(s.insurance_end),
        penalties - r1.keeper_rewards - r2.keeper_rewards
    );
}

#[test]
fn a_short_is_squeezed_in_a_rally_at_the_clamped_mark() {
    let position = short(10 * SOL, P150, 150 * USDC);
    let book = book(
        MarketSpec::default(),
        15_000_000_000,
        15_000_000_000,
        1_000_000 * USDC,
        0,
        vec![position],
    );
    let depth = 1_000 * USDC;
    let mut log = Log::default();
    let result = cascade::run(&book, &params(1_000, depth), &mut log).unwrap();
    let r1 = result.rounds[0];
    // Spot +10 % = 165, but the mark stops at the band's upper edge 150 x 1.05 = 157.5:
    // E = 150 - 75 = 75 < MM = 78.75.
    assert_eq!(
        (r1.spot, r1.mark, r1.mark_short),
        (165_000_000_000, 157_500_000_000, 157_500_000_000)
    );
    assert_eq!((r1.liquidations, r1.partial), (1, 1));
    let (_, _, record) = log.0[0];
    assert_eq!(record.mark_price, 157_500_000_000);
    // The short's closed size is bought: positive flow, spot rises further.
    let bought = (u128::from(record.closed_size) * 157_500_000_000 / 1_000_000_000_000) as i128;
    assert_eq!(r1.net_flow, bought);
    let hundred_depth = 100 * u128::from(depth);
    let s1 = nearest(
        165_000_000_000,
        hundred_depth + bought as u128,
        hundred_depth,
    );
    assert!(s1 > 165_000_000_000);
    // Round 2: the EMA moved 10 % of the way (150 -> ~151.6), so the upper edge rose to
    // ~159.1: the cut-down short (6 % margin at 157.5, ~4.9 % at 159.1) goes again.
    let r2 = result.rounds[1];
    assert_eq!(r2.spot, s1);
    assert_eq!(r2.ema, nearest(P150 * 9_000 + s1 * 1_000, 1, 10_000));
    assert_eq!(r2.mark_short, (r2.ema * 10_500).div_ceil(10_000));
    assert_eq!(r2.liquidations, 1);
    // Every round: the short mark is the band's upper edge (spot stays above it), the
    // flow is buying, and spot only rises until the short is gone.
    for pair in result.rounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert_eq!(a.mark_short, a.spot.min((a.ema * 10_500).div_ceil(10_000)));
        assert!(a.net_flow >= 0 && b.spot >= a.spot);
    }
    let last = result.rounds.last().unwrap();
    assert_eq!(last.liquidations, 0);
    // Each round cuts the short again to the target: partials with shrinking sizes.
    assert_eq!(result.summary.liquidations, log.0.len() as u64);
    assert!(log.0.len() >= 2);
    assert!(log
        .0
        .windows(2)
        .all(|w| w[1].2.remaining_size < w[0].2.remaining_size));
    // A rally's drawdown counts up from the book's price to the highest spot.
    let highest = result.summary.final_spot;
    assert_eq!(
        result.summary.drawdown_bps,
        (highest - P150) * 10_000 / P150
    );
}

#[test]
fn bad_debt_empties_insurance_then_is_socialized() {
    // Shock -10 %: mark clamped at 142.5. At 142.5 a 10 SOL long from 150 lost 75.
    let p1 = long(10 * SOL, P150, 50 * USDC); // E = -25
    let p2 = long(10 * SOL, P150, 60 * USDC); // E = -15
    let insurance = 10 * USDC;
    let pool = 1_000 * USDC;
    let book = book(
        MarketSpec::default(),
        15_000_000_000,
        15_000_000_000,
        pool,
        insurance,
        vec![p1, p2],
    );
    let mut log = Log::default();
    let result = cascade::run(&book, &params(-1_000, u64::MAX), &mut log).unwrap();
    let r1 = result.rounds[0];
    assert_eq!(r1.mark, 142_500_000_000);
    let records: Vec<LiquidationRecord> = log.0.iter().map(|(_, _, r)| *r).collect();
    // Book order: p1 takes the whole fund (10 of 25), p2 finds it empty.
    assert_eq!(
        records
            .iter()
            .map(|r| (
                r.bad_debt,
                r.bad_debt_from_insurance,
                r.bad_debt_socialized,
                r.penalty
            ))
            .collect::<Vec<_>>(),
        [
            (25 * USDC, 10 * USDC, 15 * USDC, 0),
            (15 * USDC, 0, 15 * USDC, 0)
        ]
    );
    assert_eq!(
        (r1.bad_debt, r1.bad_debt_socialized),
        (40 * u128::from(USDC), 30 * u128::from(USDC))
    );
    // The pool receives both collaterals and what insurance paid; insurance is empty.
    assert_eq!(
        (r1.insurance, r1.pool),
        (0, pool + 50 * USDC + 60 * USDC + 10 * USDC)
    );
    let s = result.summary;
    assert_eq!(
        (s.bad_debt_socialized, s.insurance_end, s.paid_out),
        (30 * u128::from(USDC), 0, 0)
    );
    assert_eq!(result.rounds.len(), 2);
}

#[test]
fn nothing_liquidatable_plays_one_quiet_round() {
    let positions = vec![
        long(10 * SOL, P150, 150 * USDC),
        short(5 * SOL, P150, 75 * USDC),
    ];
    let pool = 1_000 * USDC;
    let book = book(
        MarketSpec::default(),
        15_000_000_000,
        15_000_000_000,
        pool,
        7,
        positions,
    );
    let result = cascade::run(&book, &params(-100, 1_000 * USDC), &mut Log::default()).unwrap();
    assert_eq!(result.rounds.len(), 1);
    let r = result.rounds[0];
    assert_eq!(
        (r.spot, r.mark, r.liquidations, r.net_flow),
        (148_500_000_000, 148_500_000_000, 0, 0)
    );
    let s = result.summary;
    assert_eq!(
        (s.final_spot, s.drawdown_bps, s.peak_round),
        (148_500_000_000, 100, 0)
    );
    assert_eq!(
        (s.pool_end, s.insurance_end, s.collateral_end),
        (pool, 7, 225 * u128::from(USDC))
    );
}

#[test]
fn the_ema_catches_up_and_the_band_stops_clamping() {
    // Spot drops 15 % to 127.5 and stays there (unlimited depth); the EMA closes 10 % of
    // the gap per round, and the long mark is max(spot, floor(0.95 e)).
    let spot: u128 = 127_500_000_000;
    let mut emas = vec![P150];
    let mut marks = Vec::new();
    loop {
        let e = *emas.last().unwrap();
        let mark = spot.max(e * 9_500 / 10_000);
        marks.push(mark);
        if mark == spot {
            break;
        }
        emas.push(nearest(e * 9_000 + spot * 1_000, 1, 10_000));
    }
    let unclamped_round = marks.len(); // the first round whose mark is spot
    assert!(unclamped_round > 5, "{marks:?}");
    // One 1 SOL long per round, liquidation price halfway between that round's mark and
    // the previous one, so each round liquidates exactly one. From 150 with collateral
    // C, the price is about (150 - C) / 0.95: C = 150 - 0.95 L.
    let mut previous = marks[0] + 2_000_000_000;
    let positions: Vec<Position> = marks
        .iter()
        .map(|mark| {
            let target = (mark + previous) / 2;
            previous = *mark;
            let collateral = ((P150 - target * 95 / 100) / 1_000) as u64;
            long(SOL, P150, collateral)
        })
        .collect();
    // Remainders below $1000 are closed in full: one liquidation per position.
    let spec = MarketSpec {
        min_position_notional: Some(1_000 * USDC),
        ..MarketSpec::default()
    };
    let book = book(
        spec,
        15_000_000_000,
        15_000_000_000,
        1_000_000 * USDC,
        0,
        positions,
    );
    let mut log = Log::default();
    let result = cascade::run(&book, &params(-1_500, u64::MAX), &mut log).unwrap();
    assert_eq!(result.rounds.len(), unclamped_round + 1);
    for (i, round) in result.rounds.iter().take(unclamped_round).enumerate() {
        assert_eq!(
            (round.spot, round.ema, round.mark),
            (spot, emas[i], marks[i]),
            "round {}",
            i + 1
        );
        let clamped = i + 1 < unclamped_round;
        assert_eq!(round.mark > round.spot, clamped, "round {}", i + 1);
        assert_eq!(round.liquidations, 1, "round {}", i + 1);
    }
    let order: Vec<(u32, usize)> = log.0.iter().map(|(r, i, _)| (*r, *i)).collect();
    let expected: Vec<(u32, usize)> = (0..unclamped_round).map(|i| (i as u32 + 1, i)).collect();
    assert_eq!(order, expected);
}

#[test]
fn within_a_round_positions_go_in_book_order_whatever_their_prices() {
    // p1 is the least leveraged (crossed last by a falling mark), p3 the most; one
    // round at 142.5 crosses all three, and they are liquidated p1, p2, p3.
    let positions = vec![
        long(10 * SOL, P150, 70 * USDC),
        long(10 * SOL, P150, 60 * USDC),
        long(10 * SOL, P150, 50 * USDC),
    ];
    let book = book(
        MarketSpec::default(),
        15_000_000_000,
        15_000_000_000,
        1_000 * USDC,
        0,
        positions,
    );
    let mut log = Log::default();
    cascade::run(&book, &params(-1_000, u64::MAX), &mut log).unwrap();
    let order: Vec<usize> = log.0.iter().map(|(_, i, _)| *i).collect();
    assert_eq!(order, [0, 1, 2]);
}
