//! Operating a lever deployment: what a protocol team runs against devnet, mainnet or
//! a local validator.
//!
//! - [`cluster`]: `--url` shorthands, the websocket URL, defaults from the Solana CLI's
//!   config file, keypair loading with clear errors.
//! - [`market_file`]: market definitions per cluster (`migrations/<cluster>.json`),
//!   checked against the program's parameter bounds before anything is sent.
//! - [`chain`]: the two things the plan needs from a cluster (read an account, send
//!   instructions), so the same code runs over RPC and in the test runtime.
//! - [`migrate`]: the idempotent plan (config, then each market created or updated)
//!   and its execution.
//! - [`admin`]: the admin's instructions (`lever admin`), prepared from the cluster's
//!   state and refused before sending when the signer is not the one the program wants.
//! - [`price`]: `lever price set` on localnet, through the test-only Pyth publisher.
//! - [`book`]: a market's positions with the program's own health, the market summary
//!   and the risk tools' book (`lever positions`, `lever market show`, `lever snapshot`).
//! - [`deploy`]: `lever deploy`, the upgradeable loader's buffer, writes and upgrade.
//! - [`demo`]: the seeding of `lever localnet --demo`.
//! - [`rpc`]: [`chain::Chain`] over JSON-RPC, with a compute-unit limit from the
//!   measured budgets and a priority fee by [`priority_fee`]'s policy (a percentile of
//!   recent fees between a floor and a cap).

pub mod admin;
pub mod book;
pub mod chain;
pub mod cluster;
pub mod cluster_args;
pub mod demo;
pub mod deploy;
pub mod market_file;
pub mod migrate;
pub mod price;
pub mod priority_fee;
pub mod rpc;
