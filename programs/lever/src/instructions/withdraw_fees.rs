use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

use super::market_vault::*;
use crate::constants::CONFIG_SEED;
use crate::error::LeverError;
use crate::events::FeesWithdrawn;
use crate::state::{debit, Config};
use crate::validation::require_positive;

/// The admin takes `amount` out of the fee bucket (open and close fees) to any token
/// account of the collateral mint (a treasury, a multisig vault). Nothing else moves.
#[derive(Accounts)]
pub struct WithdrawFees<'info> {
    pub admin: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Account<'info, Config>,
    pub market: MarketVault<'info>,
    /// Any token account of the collateral mint, whoever owns it.
    #[account(mut)]
    pub destination: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl<'info> WithdrawFees<'info> {
    fn validate(&self, amount: u64) -> Result<()> {
        self.config.require_admin(&self.admin.key())?;
        require_positive(amount)?;
        require_keys_eq!(
            self.destination.mint,
            self.market.market.collateral_mint,
            LeverError::InvalidCollateralMint
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(ctx: Context<'_, Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let surplus = accounts.market.surplus()?;
        debit(
            &mut accounts.market.market.fees_collected,
            amount,
            LeverError::InsufficientFees,
        )?;
        accounts
            .market
            .pay(&accounts.token_program, &accounts.destination, amount)?;
        accounts.market.check_vault_invariant(surplus)?;
        crate::events::publish(FeesWithdrawn {
            market: accounts.market.market.key(),
            destination: accounts.destination.key(),
            amount,
            fees_collected: accounts.market.market.fees_collected,
        });
        Ok(())
    }
}
