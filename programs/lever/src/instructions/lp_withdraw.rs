use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use lever_math::pool::{payout_for_withdrawal, LpAction};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::{LeverError, OrLever};
use crate::events::LpWithdrawn;
use crate::oracle::{refresh, PriceUse};
use crate::state::{debit, Config, Market, Side};
use crate::token::{burn_shares, pay_from_vault, MarketSigner};
use crate::validation::{now, require_collateral_account, require_positive, require_token_account};

/// Burns LP shares for their pro-rata pool value:
///   amount = shares * value / supply (floored),
/// with value = pool + claim(long) + claim(short): each side valued on its own at the
/// price most favourable to its traders (better of p and mark), a side in profit owed
/// its PnL, a side in loss counted up to its collateral (`lever_math::pool`), so LPs
/// who leave in any order get the same value. Refused when the remaining liquidity
/// would not cover open interest at the market's max utilization.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct LpWithdraw<'info> {
    pub withdrawer: Signer<'info>,
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
    pub withdrawer_collateral: Box<Account<'info, TokenAccount>>,
    #[account(mut, dup)]
    pub withdrawer_shares: Box<Account<'info, TokenAccount>>,
    /// CHECK: validated by `oracle::read_price` against the market's binding.
    pub oracle: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token>,
}

impl<'info> LpWithdraw<'info> {
    fn validate(&self, shares: u64) -> Result<()> {
        self.config.require_not_paused(pause::LP_WITHDRAW)?;
        require_positive(shares)?;
        let withdrawer = self.withdrawer.key();
        require_collateral_account(
            &self.withdrawer_collateral,
            &self.market.load()?.collateral_mint,
            &withdrawer,
        )?;
        require_token_account(
            &self.withdrawer_shares,
            &self.market.load()?.lp_mint,
            &withdrawer,
            LeverError::InvalidLpMint,
        )?;
        require!(
            self.withdrawer_shares.amount >= shares,
            LeverError::InsufficientShares
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(shares))]
    pub fn handle(ctx: Context<'_, Self>, shares: u64) -> Result<()> {
        let now = now()?;
        let accounts = ctx.accounts;
        let (surplus, signer, amount, pool_value) = {
            let mut market = accounts.market.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let price = refresh(&mut market, &accounts.oracle, now, PriceUse::Trade)?;
            let (long_price, short_price) = price.lp_prices(&market, LpAction::Withdrawal)?;
            let pool_value = market.pool_value(long_price, short_price, LpAction::Withdrawal)?;
            let amount =
                payout_for_withdrawal(shares, accounts.lp_mint.supply, pool_value).or_lever()?;
            require!(amount > 0, LeverError::WithdrawalTooSmall);
            debit(
                &mut market.pool_liquidity,
                amount,
                LeverError::InsufficientPoolLiquidity,
            )?;
            market.require_utilization_covered(price.execution_price(&market, Side::Short)?)?;
            (surplus, MarketSigner::of(&market), amount, pool_value)
        };
        burn_shares(
            &accounts.token_program,
            &accounts.lp_mint,
            &accounts.withdrawer_shares,
            &accounts.withdrawer,
            shares,
        )?;
        pay_from_vault(
            &accounts.token_program,
            &accounts.market.to_account_info(),
            &signer,
            &accounts.vault,
            &accounts.withdrawer_collateral,
            amount,
        )?;

        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&LpWithdrawn {
            market: accounts.market.key(),
            withdrawer: accounts.withdrawer.key(),
            shares,
            amount,
            pool_value,
        })?;
        Ok(())
    }
}
