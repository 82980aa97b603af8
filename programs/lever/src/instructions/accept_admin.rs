use anchor_lang::prelude::*;

use crate::constants::CONFIG_ADDRESS;
use crate::error::LeverError;
use crate::events::AdminAccepted;
use crate::state::Config;

/// Step two of the admin hand-over: the proposed admin signs to take the seat.
#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    pub new_admin: Signer<'info>,
    #[account(mut, dup, address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
}

impl<'info> AcceptAdmin<'info> {
    fn validate(&self) -> Result<()> {
        require_keys_neq!(
            self.config.pending_admin,
            Pubkey::default(),
            LeverError::NoPendingAdmin
        );
        require_keys_eq!(
            self.new_admin.key(),
            self.config.pending_admin,
            LeverError::NotPendingAdmin
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<'_, Self>) -> Result<()> {
        let config = &mut ctx.accounts.config;
        let previous_admin = config.admin;
        config.admin = config.pending_admin;
        config.pending_admin = Pubkey::default();
        crate::events::publish(&AdminAccepted {
            previous_admin,
            admin: config.admin,
        })?;
        Ok(())
    }
}
