//! Account state. Every account is a PDA; seeds are in `constants.rs`.

pub mod config;
pub mod market;
pub mod params;
pub mod payout;
pub mod position;

pub use config::*;
pub use market::*;
pub use params::*;
pub use payout::*;
pub use position::*;
