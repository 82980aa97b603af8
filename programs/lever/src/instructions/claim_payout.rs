use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::{pause, CONFIG_ADDRESS};
use crate::error::LeverError;
use crate::events::PayoutClaimed;
use crate::state::{debit, Config, LiquidationPayout, Market};
use crate::token::{pay_from_vault, MarketSigner};
use crate::validation::require_collateral_account;

/// Pays what a full liquidation in a batch owes a position's owner (see
/// `liquidate_batch`) to a token account of the owner's, and closes the payout account
/// with its rent to the owner. Anyone may call it (a keeper, a frontend, the owner):
/// the money only goes to the owner. Paused with collateral withdrawals.
#[derive(Accounts)]
#[instruction(market_index: u16, position_id: u64)]
pub struct ClaimPayout<'info> {
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
    /// The liquidated position's account (its seeds), which `liquidate_batch` rewrote
    /// as a `LiquidationPayout`.
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::POSITION_SEED, market.key().as_ref(), owner.key().as_ref(), &position_id.to_le_bytes()], bump))]
    #[account(
        mut,
        constraint = position.load()?.position_id == position_id @ LeverError::PositionIdMismatch,
        constraint = position.load()?.market == market.key() @ LeverError::MarketMismatch,
        has_one = owner @ LeverError::PositionOwnerMismatch
    )]
    pub position: AccountLoader<'info, LiquidationPayout>,
    /// CHECK: the position's owner (checked by `has_one`); receives the rent.
    #[account(mut)]
    pub owner: UncheckedAccount<'info>,
    #[account(mut, dup)]
    pub owner_collateral: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> ClaimPayout<'info> {
    fn validate(&self) -> Result<()> {
        self.config.require_not_paused(pause::WITHDRAW_COLLATERAL)?;
        require_collateral_account(
            &self.owner_collateral,
            &self.market.load()?.collateral_mint,
            &self.owner.key(),
        )
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<'_, Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let (surplus, signer, amount) = {
            let mut market = accounts.market.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            let amount = accounts.position.load()?.amount;
            debit(
                &mut market.pending_payouts,
                amount,
                LeverError::VaultInvariantBroken,
            )?;
            (surplus, MarketSigner::of(&market), amount)
        };
        let market_info = accounts.market.to_account_info();
        pay_from_vault(
            &accounts.token_program,
            &market_info,
            &signer,
            &accounts.vault,
            &accounts.owner_collateral,
            amount,
        )?;
        accounts.position.close(accounts.owner.to_account_info())?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&PayoutClaimed {
            market: accounts.market.key(),
            position: accounts.position.key(),
            owner: accounts.owner.key(),
            amount,
        })
    }
}
