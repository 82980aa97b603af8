//! The cascade engine against the real program: a small book is played through
//! `lever_risk::cascade`, then, position by position, through the program in the
//! in-process runtime with the scenario runner (`lever scenario run`), and every
//! liquidation record must be identical, atom for atom.
//!
//! The replay opens each position at its entry price with its collateral, funds the
//! pool (LP deposit) and the insurance fund (a donation swept into it), then for each
//! round publishes the round's spot and EMA and liquidates, in book order, what the
//! cascade liquidated; every other open position is tried too and must be refused as
//! `PositionHealthy`. Prices are published at the exponent that makes a Pyth mantissa
//! equal the internal price, so the program converts nothing.

use std::collections::BTreeMap;

use lever_math::Side;
use lever_risk::prices::identity_expo;
use lever_risk::{
    cascade, synth, Book, CascadeParams, LiquidationRecord, MarketSpec, Observer, SynthParams,
};
use serde_json::{json, Value};

use super::{lever, scratch};

#[derive(Default)]
struct Log(Vec<(u32, usize, LiquidationRecord)>);

impl Observer for Log {
    fn liquidated(&mut self, round: u32, index: usize, record: &LiquidationRecord) {
        self.0.push((round, index, *record));
    }
}

/// 20x allowed, 2.5 % maintenance, a bankrupt keeper fee: a book where a 7 % drop
/// leaves bad debt, bankrupt positions, partials and fulls over several rounds.
fn market() -> MarketSpec {
    MarketSpec {
        imr_bps: Some(500),
        mmr_bps: Some(250),
        liquidation_penalty_bps: Some(100),
        liquidation_buffer_bps: Some(100),
        ema_band_bps: Some(500),
        bankrupt_keeper_fee: Some(500_000),
        ..MarketSpec::default()
    }
}

/// The synthetic book of seed 30, without borrow fees (the replay opens positions
/// now, so none have accrued), with a small insurance fund that bad debt exhausts.
fn small_book() -> Book {
    let spec = market();
    let mut book = synth(&SynthParams {
        positions: 14,
        seed: 30,
        market: spec.resolve().expect("market"),
        market_spec: spec,
        price: SynthParams::DEFAULT_PRICE,
    })
    .expect("synth");
    for position in &mut book.positions {
        position.accrued_fees = 0;
    }
    book.insurance = 2_000_000;
    book
}

fn open_notional(book: &Book) -> u128 {
    book.positions
        .iter()
        .map(|p| p.snapshot().entry_notional().expect("notional"))
        .sum()
}

/// The scenario replaying `log` on `book`; returns it and, per liquidate step, the
/// record the program must return (`None`: it must refuse as healthy).
fn replay(
    book: &Book,
    result: &lever_risk::CascadeResult,
    log: &Log,
) -> (Value, Vec<Option<LiquidationRecord>>) {
    let expo = identity_expo(book.market.decimals);
    let book_price = lever_risk::prices::scaled_internal_nearest(
        book.price.price,
        book.price.expo,
        book.market.decimals,
        1,
        1,
    )
    .expect("price");
    let mut steps = vec![
        json!({"op": "set_price", "price": book_price as i64, "expo": expo}),
        json!({"op": "mint", "who": "lp", "amount": book.pool}),
        json!({"op": "lp_deposit", "who": "lp", "amount": book.pool}),
        json!({"op": "mint", "who": "donor", "amount": book.insurance}),
        json!({"op": "donate", "who": "donor", "amount": book.insurance}),
        json!({"op": "sweep_surplus", "who": "donor"}),
    ];
    for (index, position) in book.positions.iter().enumerate() {
        let owner = format!("owner{index}");
        let side = if position.side == Side::Long {
            "long"
        } else {
            "short"
        };
        steps.push(json!({"op": "advance_time", "seconds": 1}));
        steps.push(json!({"op": "set_price", "price": position.entry_price, "expo": expo}));
        steps.push(json!({"op": "mint", "who": owner, "amount": position.collateral}));
        steps.push(
            json!({"op": "open", "who": owner, "id": book.ids.get(index), "side": side,
                          "collateral": position.collateral, "size": position.size}),
        );
    }
    let mut expected = Vec::new();
    let mut open = vec![true; book.len()];
    for round in &result.rounds {
        steps.push(json!({"op": "advance_time", "seconds": 1}));
        steps.push(json!({"op": "set_price", "price": round.spot as i64, "ema": round.ema as i64, "expo": expo}));
        let liquidated: BTreeMap<usize, LiquidationRecord> = log
            .0
            .iter()
            .filter(|(r, _, _)| *r == round.round)
            .map(|(_, i, rec)| (*i, *rec))
            .collect();
        // The cascade's liquidations in book order, then every other open position.
        let order = liquidated
            .keys()
            .copied()
            .chain((0..book.len()).filter(|i| open[*i] && !liquidated.contains_key(i)));
        for index in order.collect::<Vec<_>>() {
            steps.push(json!({"op": "liquidate", "keeper": "keeper", "id": book.ids.get(index)}));
            let record = liquidated.get(&index).copied();
            if record.is_some_and(|r| !r.partial) {
                open[index] = false;
            }
            expected.push(record);
        }
    }
    (
        json!({"market": book.market_spec, "steps": steps}),
        expected,
    )
}

#[test]
fn the_cascade_liquidates_as_the_program_does() {
    let book = small_book();
    let depth = u64::try_from(open_notional(&book) / 200).expect("depth");
    let params = CascadeParams {
        shock_bps: -700,
        depth,
        ema_alpha_bps: 1_000,
        max_rounds: 100,
    };
    let mut log = Log::default();
    let result = cascade::run(&book, &params, &mut log).expect("cascade");

    // The book exercises every branch of a liquidation.
    let records: Vec<LiquidationRecord> = log.0.iter().map(|(_, _, r)| *r).collect();
    assert!(result.rounds.len() >= 4, "{} rounds", result.rounds.len());
    assert!(records.iter().any(|r| r.partial), "a partial");
    assert!(
        records.iter().any(|r| !r.partial && r.equity_before > 0),
        "a solvent full"
    );
    assert!(
        records.iter().any(|r| r.bankrupt_keeper_fee > 0),
        "a bankrupt position"
    );
    assert!(
        records.iter().any(|r| r.bad_debt_from_insurance > 0),
        "insurance paying bad debt"
    );
    assert!(
        records.iter().any(|r| r.bad_debt_socialized > 0),
        "socialized bad debt"
    );

    let (scenario, expected) = replay(&book, &result, &log);
    let dir = scratch("crosscheck");
    let path = dir.join("replay.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&scenario).expect("JSON"),
    )
    .expect("write");
    let run = lever(&["scenario", "run", path.to_str().expect("path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let played: Value = serde_json::from_str(&run.stdout).expect("scenario result");
    let steps = played["steps"].as_array().expect("steps");
    for (i, step) in steps.iter().enumerate() {
        if step["op"] != "liquidate" {
            assert_eq!(
                step["ok"], true,
                "step {i} ({}) refused: {step}",
                step["op"]
            );
        }
    }
    let liquidations: Vec<&Value> = steps.iter().filter(|s| s["op"] == "liquidate").collect();
    assert_eq!(liquidations.len(), expected.len());
    let mut compared = 0;
    for (i, (step, record)) in liquidations.iter().zip(&expected).enumerate() {
        match record {
            Some(record) => {
                assert_eq!(step["ok"], true, "liquidation {i}: {step}");
                assert_eq!(
                    step["liquidation"],
                    serde_json::to_value(record).expect("record"),
                    "liquidation {i}"
                );
                compared += 1;
            }
            None => assert_eq!(step["error"], "PositionHealthy", "liquidation {i}: {step}"),
        }
    }
    assert_eq!(compared, records.len());
    let market = &played["final"]["market"];
    assert_eq!(market["pool"].as_u64(), Some(result.summary.pool_end));
    assert_eq!(
        market["insurance"].as_u64(),
        Some(result.summary.insurance_end)
    );
    let _ = std::fs::remove_dir_all(dir);
}
