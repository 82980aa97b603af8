use anchor_lang::prelude::*;

use super::market_vault::*;
use crate::error::LeverError;
use crate::events::SurplusSwept;
use crate::state::{credit, Market};

/// Credits what the vault holds beyond the market's buckets (tokens anyone sent it
/// outside the program) to the insurance fund. Permissionless: nobody can profit from
/// it, the tokens only become loss-absorbing capital. Refused (`NoSurplus`) when there
/// is nothing to sweep.
#[derive(Accounts)]
#[instruction(market_index: u16)]
pub struct SweepSurplus<'info> {
    pub caller: Signer<'info>,
    #[cfg_attr(feature = "idl-build", account(seeds = [crate::constants::MARKET_SEED, &market_index.to_le_bytes()], bump = market.load()?.bump))]
    #[account(
        mut,
        constraint = market.load()?.index == market_index @ LeverError::MarketIndexMismatch,
        has_one = vault @ LeverError::InvalidVault
    )]
    pub market: AccountLoader<'info, Market>,
    /// CHECK: the market's vault (`has_one`): the token account `create_market` made,
    /// owned by the market PDA; its balance is read in place.
    pub vault: UncheckedAccount<'info>,
}

impl<'info> SweepSurplus<'info> {
    pub fn handle(ctx: Context<'_, Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let mut market = accounts.market.load_mut()?;
        let surplus = vault_surplus(&market, &accounts.vault)?;
        require!(surplus > 0, LeverError::NoSurplus);
        credit(&mut market.insurance_fund, surplus)?;
        // The vault did not move and the buckets grew by the whole surplus.
        check_vault_invariant(&market, &accounts.vault, 0)?;
        crate::events::publish(&SurplusSwept {
            market: accounts.market.key(),
            amount: surplus,
            insurance_fund: market.insurance_fund,
        })?;
        Ok(())
    }
}
