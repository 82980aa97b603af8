use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::LeverError;
use crate::events::PoolRecapitalized;
use crate::state::{credit, Config, Market};
use crate::token::deposit_to_vault;
use crate::validation::{require_collateral_account, require_positive};

/// Adds `amount` to the pool's liquidity without minting shares. The rescue for a pool
/// whose traders' profits exceed what it holds: LP shares then have no value to price
/// a deposit at (`lp_deposit` refuses with `PoolValueZero`) and profitable traders
/// cannot close (`InsufficientPoolLiquidity`). The funder (a protocol treasury, an
/// insurer) pays traders' claims first; whatever value is left accrues to the existing
/// LPs, after which `lp_deposit` works again. Anyone may call it; nobody can gain by it.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct RecapitalizePool<'info> {
    pub funder: Signer<'info>,
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
    #[account(mut, dup)]
    pub funder_collateral: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> RecapitalizePool<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_not_paused(pause::LP_DEPOSIT)?;
        require_positive(amount)?;
        require_collateral_account(
            &self.funder_collateral,
            &self.market.load()?.collateral_mint,
            &self.funder.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let (surplus, pool_liquidity) = {
            let mut market = accounts.market.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            credit(&mut market.pool_liquidity, amount)?;
            (surplus, market.pool_liquidity)
        };
        deposit_to_vault(
            &accounts.token_program,
            &accounts.funder_collateral,
            &accounts.vault,
            &accounts.funder,
            amount,
        )?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&PoolRecapitalized {
            market: accounts.market.key(),
            funder: accounts.funder.key(),
            amount,
            pool_liquidity,
        })?;
        Ok(())
    }
}
