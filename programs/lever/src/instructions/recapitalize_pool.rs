use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_SEED};
use crate::events::PoolRecapitalized;
use crate::state::{credit, Config};
use crate::validation::{require_collateral_account, require_positive};

/// Adds `amount` to the pool's liquidity without minting shares. The rescue for a pool
/// whose traders' profits exceed what it holds: LP shares then have no value to price
/// a deposit at (`lp_deposit` refuses with `PoolValueZero`) and profitable traders
/// cannot close (`InsufficientPoolLiquidity`). The funder (a protocol treasury, an
/// insurer) pays traders' claims first; whatever value is left accrues to the existing
/// LPs, after which `lp_deposit` works again. Anyone may call it; nobody can gain by it.
#[derive(Accounts)]
pub struct RecapitalizePool<'info> {
    pub funder: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, Config>,
    pub market: MarketVault<'info>,
    #[account(mut)]
    pub funder_collateral: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> RecapitalizePool<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_not_paused(pause::LP_DEPOSIT)?;
        require_positive(amount)?;
        require_collateral_account(
            &self.funder_collateral,
            &self.market.market.collateral_mint,
            &self.funder.key(),
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let surplus = accounts.market.surplus()?;
        credit(&mut accounts.market.market.pool_liquidity, amount)?;
        accounts.market.deposit(
            &accounts.token_program,
            &accounts.funder_collateral,
            &accounts.funder,
            amount,
        )?;
        accounts.market.check_vault_invariant(surplus)?;
        crate::events::publish(PoolRecapitalized {
            market: accounts.market.market.key(),
            funder: accounts.funder.key(),
            amount,
            pool_liquidity: accounts.market.market.pool_liquidity,
        });
        Ok(())
    }
}
