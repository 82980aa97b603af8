use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use lever_math::pool::{shares_for_deposit, LpAction};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::{LeverError, OrLever};
use crate::events::LpDeposited;
use crate::oracle::{refresh, PriceUse};
use crate::state::{credit, Config, Market};
use crate::token::{deposit_to_vault, mint_shares, MarketSigner};
use crate::validation::{now, require_collateral_account, require_positive, require_token_account};

/// Deposits collateral into the pool for LP shares:
///   shares = amount * supply / value (floored), 1:1 for the first deposit,
/// with value = pool + claim(long) + claim(short): each side valued on its own at the
/// price least favourable to its traders (worse of p and mark), a side in profit owed
/// its PnL, a side in loss counted up to its collateral (`lever_math::pool`). Refused
/// (`PoolValueZero`) when shares exist but the pool is worth nothing: then
/// `recapitalize_pool` adds liquidity first.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct LpDeposit<'info> {
    pub depositor: Signer<'info>,
    #[account(address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(
        mut,
        constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch,
        has_one = vault @ LeverError::InvalidVault,
        constraint = market.load()?.lp_mint == lp_mint.key() @ LeverError::InvalidLpMint
    )]
    pub market: AccountLoader<'info, Market>,
    /// CHECK: the market's vault (`has_one`): the token account `create_market` made,
    /// owned by the market PDA; its balance is read in place.
    #[account(mut)]
    pub vault: UncheckedAccount<'info>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::LP_MINT_SEED, market.key().as_ref()], bump = market.load()?.lp_mint_bump))]
    #[account(mut, dup)]
    pub lp_mint: Box<Account<'info, Mint>>,
    #[account(mut, dup)]
    pub depositor_collateral: Box<Account<'info, TokenAccount>>,
    #[account(mut, dup)]
    pub depositor_shares: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

impl<'info> LpDeposit<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_not_paused(pause::LP_DEPOSIT)?;
        require_positive(amount)?;
        let depositor = self.depositor.key();
        require_collateral_account(
            &self.depositor_collateral,
            &self.market.load()?.collateral_mint,
            &depositor,
        )?;
        require_token_account(
            &self.depositor_shares,
            &self.market.load()?.lp_mint,
            &depositor,
            LeverError::InvalidLpMint,
        )
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, signer, shares, pool_value) = {
            let mut market = accounts.market.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Trade)?;
            let (long_price, short_price) = price.lp_prices(&market, LpAction::Deposit)?;
            let pool_value = market.pool_value(long_price, short_price, LpAction::Deposit)?;
            let shares = shares_for_deposit(amount, accounts.lp_mint.supply, pool_value)
                .or_lever()?
                .ok_or_else(|| error!(LeverError::PoolValueZero))?;
            require!(shares > 0, LeverError::DepositTooSmall);
            credit(&mut market.pool_liquidity, amount)?;
            (surplus, MarketSigner::of(&market), shares, pool_value)
        };
        deposit_to_vault(
            &accounts.token_program,
            &accounts.depositor_collateral,
            &accounts.vault,
            &accounts.depositor,
            amount,
        )?;
        mint_shares(
            &accounts.token_program,
            &accounts.lp_mint,
            &accounts.depositor_shares,
            &accounts.market.to_account_info(),
            &signer,
            shares,
        )?;

        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&LpDeposited {
            market: accounts.market.key(),
            depositor: accounts.depositor.key(),
            amount,
            shares,
            pool_value,
        })?;
        Ok(())
    }
}
