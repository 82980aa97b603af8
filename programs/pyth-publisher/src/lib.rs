//! A test-only Pyth publisher for the local validator.
//!
//! A validator on this machine has no Pyth. Like Drift's and marginfi's local test
//! setups, `lever-localnet` loads this program at the Pyth programs' own addresses (the
//! push oracle, the pull receiver and the legacy oracle), so the price accounts it
//! writes have the owners lever accepts and lever reads them through its real oracle
//! code, unchanged. It never ships to devnet or mainnet: there the addresses hold Pyth's
//! programs.
//!
//! One instruction, [`instruction::Publish`]: the price of one feed, written at the
//! feed's address under the program it runs as:
//! - as the push oracle or the receiver: a fully verified `PriceUpdateV2` at the PDA
//!   `[shard 0 (u16 LE), feed id]`, which under the push oracle is the address the
//!   sponsored feed has on devnet and mainnet-beta;
//! - as the legacy oracle: a legacy price account (status Trading) at the PDA
//!   `["legacy", feed id]`.
//!
//! The first publication creates the account and makes its signer the feed's
//! authority (the `write_authority` of a `PriceUpdateV2`; the unused product-account
//! field of a legacy account); only that signer may publish it again, and never a
//! publish time older than the stored one.

pub mod error;
pub mod instruction;
mod processor;

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

pub use processor::process_instruction;

#[cfg(not(feature = "no-entrypoint"))]
anchor_lang::solana_program::entrypoint!(process_instruction);
