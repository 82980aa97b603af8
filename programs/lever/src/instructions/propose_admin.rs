use anchor_lang::prelude::*;

use crate::constants::CONFIG_ADDRESS;
use crate::error::LeverError;
use crate::events::AdminProposed;
use crate::state::Config;

/// Step one of the admin hand-over: the admin names a successor, who must accept.
/// Proposing `Pubkey::default()` cancels a pending hand-over.
#[derive(Accounts)]
pub struct ProposeAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(mut, dup, address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
}

impl<'info> ProposeAdmin<'info> {
    fn validate(&self) -> Result<()> {
        self.config.require_admin(&self.admin.key())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<'_, Self>, new_admin: Pubkey) -> Result<()> {
        let config = &mut ctx.accounts.config;
        config.pending_admin = new_admin;
        crate::events::publish(&AdminProposed {
            admin: config.admin,
            pending_admin: new_admin,
        })?;
        Ok(())
    }
}
