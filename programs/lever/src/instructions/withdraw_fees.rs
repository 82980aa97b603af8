use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::CONFIG_ADDRESS;
use crate::error::LeverError;
use crate::events::FeesWithdrawn;
use crate::state::{debit, Config, Market};
use crate::token::{pay_from_vault, MarketSigner};
use crate::validation::require_positive;

/// The admin takes `amount` out of the fee bucket (open and close fees) to any token
/// account of the collateral mint (a treasury, a multisig vault). Nothing else moves.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct WithdrawFees<'info> {
    pub admin: Signer<'info>,
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
    /// Any token account of the collateral mint, whoever owns it.
    #[account(mut, dup)]
    pub destination: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> WithdrawFees<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_admin(&self.admin.key())?;
        require_positive(amount)?;
        require_keys_eq!(
            self.destination.mint,
            self.market.load()?.collateral_mint,
            LeverError::InvalidCollateralMint
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let (surplus, signer, fees_collected) = {
            let mut market = accounts.market.load_mut()?;
            let surplus = vault_surplus(&market, &accounts.vault)?;
            debit(
                &mut market.fees_collected,
                amount,
                LeverError::InsufficientFees,
            )?;
            (surplus, MarketSigner::of(&market), market.fees_collected)
        };
        pay_from_vault(
            &accounts.token_program,
            &accounts.market.to_account_info(),
            &signer,
            &accounts.vault,
            &accounts.destination,
            amount,
        )?;
        check_vault_invariant(&*accounts.market.load()?, &accounts.vault, surplus)?;
        crate::events::publish(&FeesWithdrawn {
            market: accounts.market.key(),
            destination: accounts.destination.key(),
            amount,
            fees_collected,
        })?;
        Ok(())
    }
}
