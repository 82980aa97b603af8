//! Properties of the cascade on random books, markets and shocks:
//! - tokens are conserved: collateral + pool + insurance + paid out is constant;
//! - in each round exactly the positions liquidatable at that round's mark are
//!   liquidated (none while healthy, none missed by the price-ordered queues), in book
//!   order, each as `plan_liquidation` plans it;
//! - a partial leaves the position at or above the target ratio, as in the program;
//! - the same input gives the same output bytes.

use lever_math::margin::{notional, requirement};
use lever_math::{health, plan_liquidation, LiquidationPlan, Price, Rounding, Side};
use lever_risk::ids::Ids;
use lever_risk::{
    cascade, output, Book, BookPrice, CascadeParams, LiquidationRecord, MarketSpec, Observer,
    Position,
};
use proptest::prelude::*;

#[derive(Default)]
struct Log(Vec<(u32, usize, LiquidationRecord)>);

impl Observer for Log {
    fn liquidated(&mut self, round: u32, index: usize, record: &LiquidationRecord) {
        self.0.push((round, index, *record));
    }
}

prop_compose! {
    fn market()(
        mmr in 100u16..800,
        extra_imr in 1u16..1_500,
        penalty_percent_of_mmr in 1u16..100,
        buffer in 1u16..400,
        band in 50u16..2_000,
        keeper in 0u16..=10_000,
        min_notional in 0u64..50_000_000,
        bankrupt_fee_share in 0u64..=100,
    ) -> MarketSpec {
        let imr = mmr + extra_imr;
        // bankrupt fee <= min notional x imr (the program's bound).
        let bankrupt = min_notional * u64::from(imr) / 10_000 * bankrupt_fee_share / 100;
        MarketSpec {
            imr_bps: Some(imr),
            mmr_bps: Some(mmr),
            liquidation_penalty_bps: Some((u32::from(mmr) * u32::from(penalty_percent_of_mmr) / 100).max(1) as u16),
            liquidation_buffer_bps: Some(buffer),
            ema_band_bps: Some(band),
            keeper_share_bps: Some(keeper),
            min_position_notional: Some(min_notional),
            bankrupt_keeper_fee: Some(bankrupt),
            ..MarketSpec::default()
        }
    }
}

prop_compose! {
    fn position()(
        long in any::<bool>(),
        size in 1_000_000u64..100_000_000_000,
        entry in 100_000_000_000u64..200_000_000_000,
        leverage_x100 in 100u64..3_000,
        fee_per_mille in 0u64..100,
    ) -> Position {
        let entry_notional = (u128::from(size) * u128::from(entry)).div_ceil(1_000_000_000_000);
        let collateral = (entry_notional * 100 / u128::from(leverage_x100)).max(1) as u64;
        Position {
            side: if long { Side::Long } else { Side::Short },
            size,
            entry_price: entry,
            collateral,
            accrued_fees: collateral * fee_per_mille / 1_000,
        }
    }
}

prop_compose! {
    fn scenario()(
        spec in market(),
        positions in prop::collection::vec(position(), 1..25),
        ema in 13_000_000_000i64..17_000_000_000,
        pool in 1_000_000_000_000u64..10_000_000_000_000,
        insurance in 0u64..1_000_000_000,
        shock_bps in -3_000i64..3_000,
        depth in 1_000_000u64..1_000_000_000_000,
        ema_alpha_bps in 0u16..=10_000,
        max_rounds in 1u32..30,
    ) -> (Book, CascadeParams) {
        let mut ids = Ids::with_capacity(positions.len());
        for i in 0..positions.len() {
            ids.push(&format!("p{i}"));
        }
        let book = Book {
            market: spec.resolve().expect("valid market"),
            market_spec: spec,
            price: BookPrice { price: 15_000_000_000, conf: 0, ema, expo: -8 },
            pool,
            insurance,
            positions,
            ids,
        };
        (book, CascadeParams { shock_bps, depth, ema_alpha_bps, max_rounds })
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tokens_are_conserved((book, params) in scenario()) {
        let result = cascade::run(&book, &params, &mut Log::default()).unwrap();
        let s = result.summary;
        let collateral: u128 = book.positions.iter().map(|p| u128::from(p.collateral)).sum();
        prop_assert_eq!(s.collateral_start, collateral);
        let before = collateral + u128::from(book.pool) + u128::from(book.insurance);
        let after = s.collateral_end + u128::from(s.pool_end) + u128::from(s.insurance_end) + s.paid_out;
        prop_assert_eq!(before, after);
    }

    #[test]
    fn each_round_liquidates_exactly_the_unhealthy_in_book_order((book, params) in scenario()) {
        let mut log = Log::default();
        let result = cascade::run(&book, &params, &mut log).unwrap();
        let liquidation = book.market.liquidation();
        let target = liquidation.target_bps().unwrap();
        let mut model = book.positions.clone();
        let mut open = vec![true; model.len()];
        let mut events = log.0.iter().peekable();
        for round in &result.rounds {
            let mark_of = |side: Side| Price(if side == Side::Long { round.mark } else { round.mark_short });
            let expected: Vec<usize> = (0..model.len())
                .filter(|i| open[*i])
                .filter(|i| {
                    let p = model[*i];
                    health(&p.snapshot(), mark_of(p.side), liquidation.mmr_bps).unwrap().liquidatable
                })
                .collect();
            let mut seen = Vec::new();
            while let Some((_, index, record)) = events.next_if(|(r, _, _)| *r == round.round) {
                let p = model[*index];
                let mark = mark_of(p.side);
                let plan = plan_liquidation(&p.snapshot(), mark, &liquidation).unwrap();
                prop_assert!(plan.is_some(), "liquidated while healthy at {:?}", mark);
                match plan.unwrap() {
                    LiquidationPlan::Partial(partial) => {
                        prop_assert!(record.partial);
                        prop_assert_eq!(record.closed_size, partial.closed_size);
                        let rest = notional(record.remaining_size, mark, Rounding::Up).unwrap();
                        prop_assert!(record.equity_after >= requirement(rest, target).unwrap() as i128);
                        model[*index].size = partial.remaining_size;
                        model[*index].collateral = partial.new_collateral as u64;
                        model[*index].accrued_fees = 0;
                    }
                    LiquidationPlan::Full(_) => {
                        prop_assert!(!record.partial);
                        prop_assert_eq!(record.remaining_size, 0);
                        open[*index] = false;
                    }
                }
                seen.push(*index);
            }
            prop_assert_eq!(&seen, &expected, "round {}", round.round);
            prop_assert_eq!(round.liquidations, seen.len() as u64);
        }
        prop_assert!(events.next().is_none());
    }

    #[test]
    fn the_same_input_gives_the_same_bytes((book, params) in scenario()) {
        let render = || {
            let result = cascade::run(&book, &params, &mut Log::default()).unwrap();
            let mut bytes = Vec::new();
            output::write_cascade(&mut bytes, &result, None).unwrap();
            bytes
        };
        let first = render();
        prop_assert!(!first.is_empty());
        prop_assert_eq!(first, render());
    }
}

/// The generated cases reach every branch the properties speak about: partial and full
/// liquidations, bad debt, and quiet cascades (otherwise the properties would hold
/// vacuously).
#[test]
fn the_generator_covers_partials_fulls_bad_debt_and_quiet_books() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut partial, mut full, mut bad_debt, mut quiet) = (0, 0, 0, 0);
    for _ in 0..300 {
        let (book, params) = scenario().new_tree(&mut runner).unwrap().current();
        let result = cascade::run(&book, &params, &mut Log::default()).unwrap();
        partial += result.rounds.iter().map(|r| r.partial).sum::<u64>();
        full += result.summary.positions_closed;
        bad_debt += u64::from(result.summary.bad_debt > 0);
        quiet += u64::from(result.summary.liquidations == 0);
    }
    assert!(
        partial > 100 && full > 100 && bad_debt > 10 && quiet > 10,
        "{partial} {full} {bad_debt} {quiet}"
    );
}
