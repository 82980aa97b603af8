//! One file per instruction: Accounts struct, Args, validate, handler.
//!
//! # How the program's own accounts are identified
//!
//! A `Market`, a `Position` and the LP mint live at PDAs, and the IDL declares their
//! seeds so that clients (Anchor TS, Codama) derive them from the instruction's
//! arguments. On chain, an instruction that uses an existing one does not re-derive
//! the address (`create_program_address`, 1,500 CU each); it checks what the address
//! stands for, which is equivalent and costs a few compares:
//! - `AccountLoader` checks that the account is owned by this program and carries the
//!   type's discriminator. Only `create_market` (`init`, seeds `["market", index]`)
//!   and `open_position` (`init`, seeds `["position", market, owner, id]`) create such
//!   accounts, and both write the seeds into the account (`Market::index`;
//!   `Position::market`, `owner`, `position_id`), which nothing changes afterwards.
//! - So a `Market` whose stored `index` equals the `market_index` argument is the PDA
//!   of that index (`MarketIndexMismatch` otherwise), and a `Position` whose stored
//!   market, owner and id equal the market account, the owner and the `position_id`
//!   argument is the PDA of those seeds (`MarketMismatch`, `PositionOwnerMismatch`,
//!   `PositionIdMismatch`). The LP mint is the one the market recorded
//!   (`InvalidLpMint`), as the vault is (`InvalidVault`).
//!
//! The seeds are therefore written as `#[cfg_attr(feature = "idl-build", account(seeds
//! = .., bump = ..))]`: present in the IDL build (which is where clients learn them),
//! absent from the program, where the stored-field constraints beside them do the
//! check. `init` accounts keep their seeds in every build (they are created there). The
//! tests pass each wrong account and see the named refusal (`tests/tests/accounts.rs`),
//! and `tests/tests/idl.rs` holds the IDL, seeds included, to the committed file.

pub mod accept_admin;
pub mod claim_payout;
pub mod close_position;
pub mod create_market;
pub mod deposit_collateral;
pub mod initialize_config;
pub mod liquidate;
pub mod liquidate_batch;
pub mod lp_deposit;
pub mod lp_withdraw;
pub mod market_vault;
pub mod open_position;
pub mod position_health;
pub mod propose_admin;
pub mod recapitalize_pool;
pub mod reduce_position;
pub mod set_pause_flags;
pub mod sweep_surplus;
pub mod update_market_params;
pub mod withdraw_collateral;
pub mod withdraw_fees;

pub use accept_admin::*;
pub use claim_payout::*;
pub use close_position::*;
pub use create_market::*;
pub use deposit_collateral::*;
pub use initialize_config::*;
pub use liquidate::*;
pub use liquidate_batch::*;
pub use lp_deposit::*;
pub use lp_withdraw::*;
pub use market_vault::*;
pub use open_position::*;
pub use position_health::*;
pub use propose_admin::*;
pub use recapitalize_pool::*;
pub use reduce_position::*;
pub use set_pause_flags::*;
pub use sweep_surplus::*;
pub use update_market_params::*;
pub use withdraw_collateral::*;
pub use withdraw_fees::*;
