use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::MARKET_SEED;
use crate::error::LeverError;
use crate::state::Market;
use crate::token::{deposit_to_vault, pay_from_vault};

/// A market with the vault and collateral mint it was created with: the accounts of
/// every instruction that moves tokens, validated here once. The market is the PDA of
/// its index; the vault and mint must be the ones it records.
#[derive(Accounts)]
pub struct MarketVault<'info> {
    #[account(
        mut,
        seeds = [MARKET_SEED, &market.index.to_le_bytes()],
        bump = market.bump,
        has_one = vault @ LeverError::InvalidVault,
        has_one = collateral_mint @ LeverError::InvalidCollateralMint
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut)]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub collateral_mint: Box<Account<'info, Mint>>,
}

impl<'info> MarketVault<'info> {
    /// Moves `amount` from `from` into the vault; `authority` signs.
    pub fn deposit(
        &self,
        token_program: &Program<'info, Token>,
        from: &Account<'info, TokenAccount>,
        authority: &Signer<'info>,
        amount: u64,
    ) -> Result<()> {
        deposit_to_vault(
            token_program,
            from,
            &self.vault,
            &self.collateral_mint,
            authority,
            amount,
        )
    }

    /// Pays `amount` out of the vault to `to`, signed by the market PDA.
    pub fn pay(
        &self,
        token_program: &Program<'info, Token>,
        to: &Account<'info, TokenAccount>,
        amount: u64,
    ) -> Result<()> {
        pay_from_vault(
            token_program,
            &self.vault,
            to,
            &self.collateral_mint,
            &self.market,
            amount,
        )
    }

    /// Before the instruction changes anything: what the vault holds beyond the
    /// buckets (tokens anyone sent it). Handlers take it first and pass it to
    /// [`Self::check_vault_invariant`].
    pub fn surplus(&self) -> Result<u64> {
        self.market.vault_surplus(self.vault.amount)
    }

    /// After the instruction's transfers: the vault moved by exactly the buckets'
    /// change (the surplus is what it was), so it still holds at least the buckets.
    pub fn check_vault_invariant(&mut self, surplus_before: u64) -> Result<()> {
        self.vault.reload()?;
        self.market
            .check_vault_invariant(self.vault.amount, surplus_before)
    }
}
