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
//! - [`rpc`]: [`chain::Chain`] over JSON-RPC, with a compute-unit limit from the
//!   measured budgets and a capped priority fee.

pub mod chain;
pub mod cluster;
pub mod market_file;
pub mod migrate;
pub mod rpc;
