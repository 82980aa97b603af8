use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_SEED, POSITION_SEED};
use crate::error::LeverError;
use crate::events::CollateralDeposited;
use crate::state::{credit, Config, Position};
use crate::validation::{now, require_collateral_account, require_positive};

/// Adds collateral to a position (lowers its leverage; needs no price).
#[derive(Accounts)]
pub struct DepositCollateral<'info> {
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, Config>,
    pub market: MarketVault<'info>,
    #[account(
        mut,
        seeds = [POSITION_SEED, market.market.key().as_ref(), owner.key().as_ref(), &position.position_id.to_le_bytes()],
        bump = position.bump,
        constraint = position.market == market.market.key() @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: Box<Account<'info, Position>>,
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
            &self.market.market.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let surplus = accounts.market.surplus()?;
        // Every touch brings the borrow index up to date (no price is needed for that).
        accounts.market.market.accrue_borrow_fees(now)?;
        credit(&mut accounts.position.collateral, amount)?;
        accounts.position.updated_at = now;
        let side = accounts.position.side;
        accounts.market.market.add_collateral(side, amount)?;
        accounts.market.deposit(
            &accounts.token_program,
            &accounts.owner_collateral,
            &accounts.owner,
            amount,
        )?;
        accounts.market.check_vault_invariant(surplus)?;
        crate::events::publish(CollateralDeposited {
            market: accounts.market.market.key(),
            position: accounts.position.key(),
            amount,
            collateral: accounts.position.collateral,
        });
        Ok(())
    }
}
