//! The benchmark (a measurement, not a timed test): synthetic books of growing size,
//! the map and a cascade whose shock liquidates a large share of the book over up to
//! 100 rounds, timed on one thread. `lever risk bench` and
//! `cargo run --release -p lever-risk --example bench` print the same table.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "timings and shares are f64 for display; no money is computed here"
)]

use std::time::Instant;

use crate::book::Book;
use crate::cascade::{self, CascadeParams, Observer};
use crate::error::RiskError;
use crate::map::{map, DEFAULT_BUCKET_BPS};
use crate::market::MarketSpec;
use crate::synth::{synth, SynthParams};

/// The bench's shock: -10 %.
pub const BENCH_SHOCK_BPS: i64 = -1_000;
/// The bench's depth: this fraction of the book's open notional, per 1 % (so forced
/// selling of 1/DEPTH_DIVISOR of the book takes 1 % off the price).
pub const BENCH_DEPTH_DIVISOR: u128 = 100;

/// One size's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchRow {
    pub positions: usize,
    pub synth_secs: f64,
    pub map_secs: f64,
    pub cascade_secs: f64,
    pub rounds: u32,
    pub liquidations: u64,
    pub positions_closed: u64,
    /// Share of the book's open notional the cascade closed, percent.
    pub closed_share_pct: f64,
    pub drawdown_bps: u128,
}

impl BenchRow {
    pub fn map_positions_per_sec(&self) -> f64 {
        per_sec(self.positions as f64, self.map_secs)
    }

    pub fn cascade_positions_per_sec(&self) -> f64 {
        per_sec(self.positions as f64, self.cascade_secs)
    }

    pub fn liquidations_per_sec(&self) -> f64 {
        per_sec(self.liquidations as f64, self.cascade_secs)
    }
}

fn per_sec(count: f64, secs: f64) -> f64 {
    if secs > 0.0 {
        count / secs
    } else {
        0.0
    }
}

/// The bench's cascade parameters for `book`.
pub fn bench_cascade_params(book: &Book) -> CascadeParams {
    let open = book
        .positions
        .iter()
        .map(|p| p.snapshot().entry_notional().unwrap_or(0))
        .fold(0u128, u128::saturating_add);
    let depth = open.checked_div(BENCH_DEPTH_DIVISOR).unwrap_or(0);
    CascadeParams {
        shock_bps: BENCH_SHOCK_BPS,
        depth: u64::try_from(depth).unwrap_or(u64::MAX).max(1),
        ema_alpha_bps: CascadeParams::DEFAULT_EMA_ALPHA_BPS,
        max_rounds: CascadeParams::DEFAULT_MAX_ROUNDS,
    }
}

/// The default market's synthetic book of `positions`, seed `seed`.
pub fn bench_book(positions: usize, seed: u64) -> Result<Book, RiskError> {
    let spec = MarketSpec::default();
    let market = spec.resolve().map_err(RiskError)?;
    synth(&SynthParams {
        positions,
        seed,
        market_spec: spec,
        market,
        price: SynthParams::DEFAULT_PRICE,
    })
    .map_err(RiskError)
}

/// Times the map and the cascade on `book` (`synth_secs` is the caller's).
pub fn measure(book: &Book, observer: &mut dyn Observer) -> Result<BenchRow, RiskError> {
    let started = Instant::now();
    let liquidation_map = map(book, DEFAULT_BUCKET_BPS, &mut |_| {})?;
    let map_secs = started.elapsed().as_secs_f64();
    let params = bench_cascade_params(book);
    let started = Instant::now();
    let result = cascade::run(book, &params, observer)?;
    let cascade_secs = started.elapsed().as_secs_f64();
    let open: u128 = liquidation_map
        .leverage
        .iter()
        .map(|b| b.notional)
        .fold(0, u128::saturating_add);
    let closed = result.summary.closed_notional;
    Ok(BenchRow {
        positions: book.len(),
        synth_secs: 0.0,
        map_secs,
        cascade_secs,
        rounds: result.summary.rounds,
        liquidations: result.summary.liquidations,
        positions_closed: result.summary.positions_closed,
        closed_share_pct: if open > 0 {
            closed as f64 * 100.0 / open as f64
        } else {
            0.0
        },
        drawdown_bps: result.summary.drawdown_bps,
    })
}

/// Generates and measures one size.
pub fn run(
    positions: usize,
    seed: u64,
    observer: &mut dyn Observer,
) -> Result<BenchRow, RiskError> {
    let started = Instant::now();
    let book = bench_book(positions, seed)?;
    let synth_secs = started.elapsed().as_secs_f64();
    let row = measure(&book, observer)?;
    Ok(BenchRow { synth_secs, ..row })
}

/// The figures as a markdown table.
pub fn markdown(rows: &[BenchRow]) -> String {
    let mut table = String::from(
        "| positions | synth (s) | map (s) | map positions/s | cascade (s) | cascade positions/s | rounds | liquidations | liquidations/s | closed in full | notional closed | drawdown |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        table.push_str(&format!(
            "| {} | {:.2} | {:.3} | {:.2}M | {:.3} | {:.2}M | {} | {} | {:.2}M | {} | {:.0} % | {:.1} % |\n",
            r.positions,
            r.synth_secs,
            r.map_secs,
            r.map_positions_per_sec() / 1e6,
            r.cascade_secs,
            r.cascade_positions_per_sec() / 1e6,
            r.rounds,
            r.liquidations,
            r.liquidations_per_sec() / 1e6,
            r.positions_closed,
            r.closed_share_pct,
            r.drawdown_bps as f64 / 100.0,
        ));
    }
    table
}
