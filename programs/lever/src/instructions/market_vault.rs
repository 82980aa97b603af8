//! What every instruction that moves tokens does with its market's vault besides the
//! transfers (`crate::token`): the surplus read before it changes anything and the
//! vault invariant checked after. Written once, called by each handler.
//!
//! Each such instruction takes the market (zero-copy, `AccountLoader`) and its vault as
//! two accounts, validated the same way in every Accounts struct:
//! `#[account(mut, constraint = market.load()?.index == market_index @ .., has_one = vault @ LeverError::InvalidVault)]`
//! on the market (its seeds for the IDL only: see the module `instructions`) and `#[account(mut)]` on the vault (`UncheckedAccount`: `has_one`
//! pins it to the token account `create_market` made; its amount is read in place).
//! Handlers hold the market's data borrowed only while they change it: a CPI with the
//! market as a writable account (the vault's authority) needs the borrow released.
//!
//! `dup` on a mutable `Account` (token accounts, the config) skips Anchor's generated
//! duplicate-account check, which hashes every mutable `Account` into a `HashSet`
//! (SipHash, about 9 000 CU per instruction on SBF; `AccountLoader`s are not in it).
//! No mutable account of this program can alias another: `Market`, `Position` and
//! `Config` carry different discriminators, the vault belongs to the market PDA (which
//! never signs a user's transfer) and every user token account is checked for its owner
//! and mint; `tests/tests/aliasing.rs` passes each possible alias and sees it refused.

use anchor_lang::prelude::*;

use crate::state::Market;
use crate::token::token_amount;

/// Before the instruction changes anything: what the vault holds beyond the buckets
/// (tokens anyone sent it). Handlers take it first and pass it to
/// [`check_vault_invariant`].
pub fn vault_surplus(market: &Market, vault: &AccountInfo) -> Result<u64> {
    market.vault_surplus(token_amount(vault)?)
}

/// After the instruction's transfers: the vault moved by exactly the buckets' change
/// (the surplus is what it was), so it still holds at least the buckets.
pub fn check_vault_invariant(
    market: &Market,
    vault: &AccountInfo,
    surplus_before: u64,
) -> Result<()> {
    market.check_vault_invariant(token_amount(vault)?, surplus_before)
}
