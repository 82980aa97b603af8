//! The cascade's `summary` (RISK.md): totals over the rounds, the drawdown, the peak.

use lever_math::checked::{mul_div, Rounding};
use serde::Serialize;

use crate::cascade::Round;
use crate::error::RiskError;
use crate::ledger::Balances;

/// The summary fields of RISK.md in its order; fields past `peak_round` are
/// extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub rounds: u32,
    /// Spot after the last round's impact.
    pub final_spot: u128,
    /// From the book's price to the lowest spot reached (highest for a rally), bps,
    /// floored; 0 when spot never went that way.
    pub drawdown_bps: u128,
    pub liquidations: u64,
    /// Positions liquidated in full.
    pub positions_closed: u64,
    pub closed_notional: u128,
    pub bad_debt: u128,
    pub bad_debt_socialized: u128,
    pub insurance_end: u64,
    pub pool_end: u64,
    /// The round with the largest `closed_notional` (the earliest on a tie); 0 when
    /// nothing was liquidated.
    pub peak_round: u32,
    /// Extension: traders' collateral before and after; `paid_out` went to keepers
    /// and owners. collateral + pool + insurance (+ paid out) is the same at both ends.
    pub collateral_start: u128,
    pub collateral_end: u128,
    pub paid_out: u128,
}

fn total(rounds: &[Round], field: impl Fn(&Round) -> u128) -> Result<u128, RiskError> {
    rounds.iter().try_fold(0u128, |sum, round| {
        sum.checked_add(field(round))
            .ok_or_else(|| RiskError("summary: a total overflowed".into()))
    })
}

/// Sums `rounds`; `spots` are every spot the cascade reached (round 0 included),
/// `reference` the book's price, `rally` whether the shock was upward.
pub fn summarize(
    rounds: &[Round],
    spots: &[u128],
    reference: u128,
    rally: bool,
    start: &Balances,
    end: &Balances,
) -> Result<Summary, RiskError> {
    let count = |field: fn(&Round) -> u64| -> u64 {
        rounds
            .iter()
            .fold(0u64, |sum, r| sum.saturating_add(field(r)))
    };
    let extreme = if rally {
        spots.iter().copied().max().unwrap_or(reference)
    } else {
        spots.iter().copied().min().unwrap_or(reference)
    };
    let moved = if rally {
        extreme.saturating_sub(reference)
    } else {
        reference.saturating_sub(extreme)
    };
    let drawdown_bps = mul_div(moved, 10_000, reference, Rounding::Down)
        .map_err(|e| RiskError(format!("summary: drawdown: {e}")))?;
    let mut peak_round = 0;
    let mut peak = 0;
    for round in rounds {
        if round.closed_notional > peak {
            peak = round.closed_notional;
            peak_round = round.round;
        }
    }
    Ok(Summary {
        rounds: u32::try_from(rounds.len()).unwrap_or(u32::MAX),
        final_spot: spots.last().copied().unwrap_or(reference),
        drawdown_bps,
        liquidations: count(|r| r.liquidations),
        positions_closed: count(|r| r.full),
        closed_notional: total(rounds, |r| r.closed_notional)?,
        bad_debt: total(rounds, |r| r.bad_debt)?,
        bad_debt_socialized: total(rounds, |r| r.bad_debt_socialized)?,
        insurance_end: end.insurance,
        pool_end: end.pool,
        peak_round,
        collateral_start: start.collateral,
        collateral_end: end.collateral,
        paid_out: end.paid_out,
    })
}
