use anchor_lang::prelude::*;

use super::market_vault::*;
use crate::error::LeverError;
use crate::events::SurplusSwept;
use crate::state::credit;

/// Credits what the vault holds beyond the market's buckets (tokens anyone sent it
/// outside the program) to the insurance fund. Permissionless: nobody can profit from
/// it, the tokens only become loss-absorbing capital. Refused (`NoSurplus`) when there
/// is nothing to sweep.
#[derive(Accounts)]
pub struct SweepSurplus<'info> {
    pub caller: Signer<'info>,
    pub market: MarketVault<'info>,
}

impl<'info> SweepSurplus<'info> {
    pub fn handle(ctx: Context<'_, Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let surplus = accounts.market.surplus()?;
        require!(surplus > 0, LeverError::NoSurplus);
        let market = &mut accounts.market.market;
        credit(&mut market.insurance_fund, surplus)?;
        // The vault did not move and the buckets grew by the whole surplus.
        accounts.market.check_vault_invariant(0)?;
        crate::events::publish(SurplusSwept {
            market: accounts.market.market.key(),
            amount: surplus,
            insurance_fund: accounts.market.market.insurance_fund,
        });
        Ok(())
    }
}
