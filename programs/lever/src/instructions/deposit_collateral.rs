use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

use crate::constants::{pause, CONFIG_SEED, MARKET_SEED, POSITION_SEED};
use crate::error::LeverError;
use crate::events::CollateralDeposited;
use crate::state::{credit, Config, Market, Position};
use crate::token::deposit_to_vault;
use crate::validation::{require_collateral_account, require_positive};

/// Adds collateral to a position (lowers its leverage; needs no price).
#[derive(Accounts)]
pub struct DepositCollateral<'info> {
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, Config>,
    #[account(
        mut,
        seeds = [MARKET_SEED, &market.index.to_le_bytes()],
        bump = market.bump,
        has_one = vault @ LeverError::InvalidVault,
        has_one = collateral_mint @ LeverError::InvalidCollateralMint
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        seeds = [POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position.position_id.to_le_bytes()],
        bump = position.bump,
        has_one = market @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: Box<Account<'info, Position>>,
    #[account(mut)]
    pub vault: Box<Account<'info, TokenAccount>>,
    pub collateral_mint: Box<Account<'info, Mint>>,
    #[account(mut)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> DepositCollateral<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_not_paused(pause::DEPOSIT_COLLATERAL)?;
        require_positive(amount)?;
        require_collateral_account(
            &self.owner_collateral,
            &self.market.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        credit(&mut accounts.position.collateral, amount)?;
        accounts.position.updated_at = Clock::get()?.unix_timestamp;
        credit(&mut accounts.market.collateral_total, amount)?;
        deposit_to_vault(
            &accounts.token_program,
            &accounts.owner_collateral,
            &accounts.vault,
            &accounts.collateral_mint,
            &accounts.owner,
            amount,
        )?;
        accounts.vault.reload()?;
        accounts
            .market
            .check_vault_invariant(accounts.vault.amount)?;
        crate::events::publish(CollateralDeposited {
            market: accounts.market.key(),
            position: accounts.position.key(),
            amount,
            collateral: accounts.position.collateral,
        });
        Ok(())
    }
}
