use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::LeverError;
use crate::events::CollateralDeposited;
use crate::state::{credit, Config, Market, Position};
use crate::token::deposit_to_vault;
use crate::validation::{now, require_collateral_account, require_positive};

/// Adds collateral to a position (lowers its leverage; needs no price).
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct DepositCollateral<'info> {
    pub owner: Signer<'info>,
    #[account(address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(
        mut,
        constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch,
        has_one = vault @ LeverError::InvalidVault
    )]
    pub market: AccountLoader<'info, Market>,
    /// CHECK: the market's vault (`has_one`): the token account `create_market` made,
    /// owned by the market PDA; its balance is read in place.
    #[account(mut)]
    pub vault: UncheckedAccount<'info>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position_id.to_le_bytes()], bump = position.load()?.bump))]
    #[account(
        mut,
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        constraint = position.load()?.market == market.key() @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: AccountLoader<'info, Position>,
    #[account(mut, dup)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> DepositCollateral<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_not_paused(pause::DEPOSIT_COLLATERAL)?;
        require_positive(amount)?;
        require_collateral_account(
            &self.owner_collateral,
            &self.market.load()?.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, collateral) = {
            let mut market = accounts.market.load_mut()?;
            let mut position = accounts.position.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            // Every touch brings the borrow index up to date (no price is needed for that).
            market.accrue_borrow_fees(now)?;
            credit(&mut position.collateral, amount)?;
            position.updated_at = now;
            market.add_collateral(position.side()?, amount)?;
            (surplus, position.collateral)
        };
        deposit_to_vault(
            &accounts.token_program,
            &accounts.owner_collateral,
            &accounts.vault,
            &accounts.owner,
            amount,
        )?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&CollateralDeposited {
            market: accounts.market.key(),
            position: accounts.position.key(),
            amount,
            collateral,
        })?;
        Ok(())
    }
}
