//! Action-sequence fuzzing: seeded random sequences of trader, LP, price, keeper and
//! donor actions against the program, checked against the accounting invariants and
//! the protocol's rules.
//!
//! The mix: opens; straddles (one trader holds a long and a short, then closes the
//! winning leg); collateral deposits and withdrawals (some taking up to all the
//! collateral of the position most in profit); reduces; closes (some cutting the worst
//! loss); price moves, gaps and wicks the EMA does not follow, published at mixed ages
//! (0..=20 s old); "shopping" (an update older or newer than the latest, better or
//! worse for the trader, posted just before the trader acts); time passing; keeper
//! sweeps; two LPs moving in and out; donations of a few atoms into the vault by an
//! outsider, and `sweep_surplus`.
//!
//! After every step: the tokens held by the vault and every wallet never change, and
//! the vault holds the buckets plus exactly what was donated since the last sweep.
//! On every action:
//! - a price-using instruction that succeeds used the oracle's update, no older than
//!   the newest the market had used and within the action's max age;
//! - an exit never gives more than settling at the worse of spot and mark for the
//!   trader; priced within `min_hold_secs` of the open's price it realizes no profit: a
//!   position closed then has paid out (withdrawals + close) at most what went in
//!   (open + deposits), and a reduce never raises its collateral;
//! - a close refused with `CloseWouldLeaveBadDebt` would have left bad debt, and a
//!   close that succeeds leaves none;
//! - a collateral withdrawal leaves E >= IM at the risk price with profit counted zero;
//! - a keeper sweep liquidates every position the off-chain health calls liquidatable
//!   when the price is fresh enough for a liquidation, exactly as the health predicted,
//!   and otherwise gets exactly the expected refusal.
//!
//! At the end of each sequence a last sweep at a fresh price, then LP fairness: the two
//! LPs withdraw the same number of shares one after the other (random order, no price
//! move between) and are paid within [`LP_FAIRNESS_ATOMS`].
//!
//! Scale: `LEVER_FUZZ_SEEDS` and `LEVER_FUZZ_STEPS` (defaults: the CI run), from seed
//! `LEVER_FUZZ_FIRST_SEED` (default 1; a failure names its seed, so
//! `LEVER_FUZZ_FIRST_SEED=<seed> LEVER_FUZZ_SEEDS=1` replays it). The outcome-coverage
//! assertions apply when the run is at least the CI scale.

mod sequence;
mod support;

use lever_tests::ONE_USD;

use std::time::Instant;

use sequence::Sequence;
use support::{Outcomes, Scale};

/// The CI run: seeds and steps per seed.
pub(crate) const DEFAULT_SEEDS: u64 = 20;
pub(crate) const DEFAULT_STEPS: usize = 40;

pub(crate) const TRADERS: usize = 3;
/// Per trader: ids 0 and 1 hold ordinary positions, 2 and 3 a straddle's two legs.
pub(crate) const POSITION_IDS: u64 = 4;
pub(crate) const ORDINARY_IDS: u64 = 2;
pub(crate) const STRADDLE_LONG: u64 = 2;
pub(crate) const STRADDLE_SHORT: u64 = 3;

/// Oldest publish time in the mix, seconds before now: twice the default max ages.
pub(crate) const MAX_PUBLISH_AGE: u64 = 20;
/// How far apart two equal LP withdrawals in a row may be paid, atoms.
pub(crate) const LP_FAIRNESS_ATOMS: u64 = 2;

pub(crate) const TRADER_FUNDS: u64 = 10_000 * ONE_USD;
pub(crate) const SECOND_LP_FUNDS: u64 = 50_000 * ONE_USD;
pub(crate) const DONOR_FUNDS: u64 = 1_000 * ONE_USD;

/// Paths every CI-scale run must take, not only refusals.
pub(crate) const REQUIRED_OUTCOMES: &[&str] = &[
    "open: ok",
    "open: OraclePriceTooOldForTrade",
    "open: OraclePriceOlderThanLastUsed",
    "straddle open: ok",
    "straddle close: ok",
    "close: ok",
    "close: profit forfeited",
    "close: CloseWouldLeaveBadDebt",
    "reduce: ok",
    "deposit: ok",
    "withdraw: ok",
    "liquidate: ok",
    "liquidate: bankrupt",
    "liquidate: PositionHealthy",
    "liquidate: OraclePriceTooOldForLiquidation",
    "lp deposit: ok",
    "lp withdraw: ok",
    "lp fairness: ok",
    "donate: ok",
    "sweep_surplus: ok",
    "sweep_surplus: NoSurplus",
];

#[tokio::test]
async fn random_sequences_keep_tokens_and_rules() {
    let scale = Scale::from_env();
    let started = Instant::now();
    let mut outcomes = Outcomes::default();
    let last_seed = scale.first_seed + scale.seeds - 1;
    for seed in scale.first_seed..=last_seed {
        let mut sequence = Sequence::start(seed).await;
        for _ in 0..scale.steps {
            sequence.step().await;
        }
        sequence.finish().await;
        outcomes.merge(sequence.outcomes);
        if seed % 50 == 0 {
            let elapsed = started.elapsed().as_secs_f64();
            println!("seed {seed} of {last_seed}: {elapsed:.0} s");
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let steps = scale.seeds * scale.steps as u64;
    println!(
        "seeds {}..={last_seed} x {} steps = {steps} steps in {seconds:.1} s ({:.0} steps/s)",
        scale.first_seed,
        scale.steps,
        steps as f64 / seconds
    );
    println!("{:#?}", outcomes.0);
    if scale.covers_ci() {
        outcomes.assert_cover(REQUIRED_OUTCOMES);
    }
}
