//! The fuzz's small parts: its random numbers, scale, outcome counts, per-position
//! ledger, exit terms and the honest price feed.

use std::collections::BTreeMap;

use lever_client::Side;
use lever_harness::{PriceSpec, TxError};
use lever_math::settlement::Realize;
use lever_math::{PositionSnapshot, Price};

use super::*;

/// xorshift64*: deterministic, dependency-free.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True once in `n` times.
    pub(crate) fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
    /// A signed value in [-max, max].
    pub(crate) fn within(&mut self, max: u64) -> i64 {
        self.below(2 * max + 1) as i64 - max as i64
    }
    /// An update's age: current half the time, else up to [`MAX_PUBLISH_AGE`] old.
    pub(crate) fn publish_age(&mut self) -> i64 {
        if self.one_in(2) {
            0
        } else {
            self.below(MAX_PUBLISH_AGE + 1) as i64
        }
    }
    pub(crate) fn side(&mut self) -> Side {
        if self.one_in(2) {
            Side::Long
        } else {
            Side::Short
        }
    }
}

/// Seeds and steps of this run: the CI defaults unless the environment asks for more.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub(crate) first_seed: u64,
    pub(crate) seeds: u64,
    pub(crate) steps: usize,
}

impl Scale {
    pub(crate) fn from_env() -> Self {
        Scale {
            first_seed: env_or("LEVER_FUZZ_FIRST_SEED", 1),
            seeds: env_or("LEVER_FUZZ_SEEDS", DEFAULT_SEEDS),
            steps: env_or("LEVER_FUZZ_STEPS", DEFAULT_STEPS),
        }
    }

    /// At least the CI run: coverage of the interesting paths is then required.
    pub(crate) fn covers_ci(&self) -> bool {
        self.seeds >= DEFAULT_SEEDS && self.steps >= DEFAULT_STEPS
    }
}

pub(crate) fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value} is not a number")),
        Err(_) => default,
    }
}

/// How often each outcome ("label: ok" or "label: ErrorName") occurred.
#[derive(Debug, Default)]
pub(crate) struct Outcomes(pub(crate) BTreeMap<String, u64>);

impl Outcomes {
    pub(crate) fn add(&mut self, outcome: &str) {
        *self.0.entry(outcome.to_string()).or_default() += 1;
    }

    pub(crate) fn merge(&mut self, other: Outcomes) {
        for (outcome, count) in other.0 {
            *self.0.entry(outcome).or_default() += count;
        }
    }

    pub(crate) fn assert_cover(&self, required: &[&str]) {
        let missing: Vec<&&str> = required
            .iter()
            .filter(|needed| !self.0.contains_key(**needed))
            .collect();
        assert!(
            missing.is_empty(),
            "never occurred: {missing:?} in {self:#?}"
        );
    }
}

pub(crate) fn outcome_of<T>(label: &str, result: &Result<T, TxError>) -> String {
    match result {
        Ok(_) => format!("{label}: ok"),
        Err(e) => format!("{label}: {}", e.name()),
    }
}

/// What went into one position and what came out of it, in collateral atoms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ledger {
    /// Open (fee included) and deposits.
    pub(crate) put_in: u64,
    /// Withdrawals, close payout, full-liquidation payout.
    pub(crate) taken_out: u64,
    /// Publish time of the price the position was opened at.
    pub(crate) entry_publish_time: i64,
}

/// What an owner's exit at the published price may give, taken before it runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExitTerms {
    /// The position with borrow fees accrued to now.
    pub(crate) snapshot: PositionSnapshot,
    /// The worse for the trader of spot and the liquidation mark.
    pub(crate) price: Price,
    /// Priced less than `min_hold_secs` (of publish time) after the open's price.
    pub(crate) within_hold: bool,
}

impl ExitTerms {
    pub(crate) fn realize(&self) -> Realize {
        if self.within_hold {
            Realize::LossesOnly
        } else {
            Realize::All
        }
    }
}

/// Which end of the open positions, by PnL.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rank {
    MostProfit,
    MostLoss,
}

/// The honest feed: the price and EMA the market really trades at (expo -8).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Feed {
    pub(crate) price: i64,
    pub(crate) ema: i64,
}

impl Feed {
    /// A lasting move of `bps`: the EMA follows three quarters of the way.
    pub(crate) fn moved(self, bps: i64) -> Self {
        let price = (self.price + self.price * bps / 10_000).max(1_000_000_000);
        Feed {
            price,
            ema: (self.ema + 3 * price) / 4,
        }
    }

    /// A wick of `bps`: the EMA stays, so spot can leave the EMA band.
    pub(crate) fn wicked(self, bps: i64) -> Self {
        Feed {
            price: (self.price + self.price * bps / 10_000).max(1_000_000_000),
            ema: self.ema,
        }
    }

    pub(crate) fn spec(self, expo: i32, publish_time: i64) -> PriceSpec {
        PriceSpec {
            price: self.price,
            conf: self.price as u64 / 5_000,
            ema_price: self.ema,
            expo,
            publish_time,
        }
    }
}

/// `size` base atoms (9 decimals) at a price mantissa of expo -8, in collateral atoms
/// (6 decimals).
pub(crate) fn notional_atoms(size: u64, price: i64) -> u64 {
    let atoms = u128::from(size) * price as u128 / 100_000_000_000;
    u64::try_from(atoms).unwrap_or(u64::MAX)
}

pub(crate) type Step = (&'static str, Result<(), TxError>);
