//! Pure integer money math of the lever protocol.
//!
//! No Solana types: the program, the client, the keeper and the risk tools all link
//! this crate, so the numbers they compute agree by construction. Every division names
//! its rounding direction; see `checked`.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
#![cfg_attr(
    test,
    allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)
)]

pub mod checked;
pub mod constants;
pub mod error;
pub mod fees;
pub mod liquidation;
pub mod margin;
pub mod params;
pub mod pool;
pub mod price;
pub mod settlement;

pub use checked::Rounding;
pub use error::{MathError, MathResult};
pub use liquidation::{
    health, health_report, plan_from_health, plan_liquidation, Health, HealthReport,
    LiquidationParams, LiquidationPlan,
};
pub use margin::PositionSnapshot;
pub use params::{ParamError, RiskParams};
pub use price::{MarketDecimals, OracleQuote, Price, Side};
