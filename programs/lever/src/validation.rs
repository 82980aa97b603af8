//! Account checks shared by several instructions: written once, reused.

use anchor_lang::prelude::*;
use anchor_spl::token::TokenAccount;

use crate::error::LeverError;

/// A wallet's token account for `mint`, owned by `wallet`.
pub fn require_token_account(
    account: &TokenAccount,
    mint: &Pubkey,
    wallet: &Pubkey,
    wrong_mint: LeverError,
) -> Result<()> {
    require_keys_eq!(account.mint, *mint, wrong_mint);
    require_keys_eq!(
        account.owner,
        *wallet,
        LeverError::TokenAccountOwnerMismatch
    );
    Ok(())
}

/// A wallet's token account of the market's collateral.
pub fn require_collateral_account(
    account: &TokenAccount,
    collateral_mint: &Pubkey,
    wallet: &Pubkey,
) -> Result<()> {
    require_token_account(
        account,
        collateral_mint,
        wallet,
        LeverError::InvalidCollateralMint,
    )
}

pub fn require_positive(amount: u64) -> Result<()> {
    require!(amount > 0, LeverError::ZeroAmount);
    Ok(())
}

/// The cluster's unix time.
pub fn now() -> Result<i64> {
    Ok(Clock::get()?.unix_timestamp)
}
