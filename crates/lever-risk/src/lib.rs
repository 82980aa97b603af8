//! Risk tools of the lever protocol (../shared/RISK.md): the liquidation map, the
//! cascade engine, the synthetic book generator and their charts.
//!
//! On lever-math only: no Solana types, no runtime. Every liquidation goes through the
//! functions the program calls (`health`, `plan_from_health`, `split_penalty`,
//! `absorb_bad_debt`, `bankrupt_keeper_fee`, `liquidation_mark`), so a simulated
//! liquidation is, atom for atom, what `liquidate` does; `cli/tests/risk/crosscheck.rs`
//! replays a cascade through the program to check it.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
#![cfg_attr(
    test,
    allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)
)]

pub mod bench;
pub mod book;
pub mod cascade;
pub mod charts;
pub mod error;
pub mod ids;
pub mod impact;
pub mod ledger;
pub mod map;
pub mod market;
pub mod output;
pub mod prices;
pub mod queue;
pub mod rng;
pub mod summary;
pub mod synth;

pub use book::{Book, BookError, BookPrice, Position};
pub use cascade::{CascadeParams, CascadeResult, Observer, Quiet, Round};
pub use error::RiskError;
pub use ledger::{Balances, LiquidationRecord};
pub use map::{map, LiquidationMap, DEFAULT_BUCKET_BPS};
pub use market::{parse_market_file, Market, MarketSpec};
pub use summary::Summary;
pub use synth::{synth, SynthParams};
