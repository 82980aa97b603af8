//! One file per instruction: Accounts struct, Args, validate, handler.

pub mod accept_admin;
pub mod close_position;
pub mod create_market;
pub mod deposit_collateral;
pub mod initialize_config;
pub mod liquidate;
pub mod lp_deposit;
pub mod lp_withdraw;
pub mod market_vault;
pub mod open_position;
pub mod position_health;
pub mod propose_admin;
pub mod reduce_position;
pub mod set_pause_flags;
pub mod update_market_params;
pub mod withdraw_collateral;

pub use accept_admin::*;
pub use close_position::*;
pub use create_market::*;
pub use deposit_collateral::*;
pub use initialize_config::*;
pub use liquidate::*;
pub use lp_deposit::*;
pub use lp_withdraw::*;
pub use market_vault::*;
pub use open_position::*;
pub use position_health::*;
pub use propose_admin::*;
pub use reduce_position::*;
pub use set_pause_flags::*;
pub use update_market_params::*;
pub use withdraw_collateral::*;
