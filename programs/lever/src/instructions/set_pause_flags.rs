use anchor_lang::prelude::*;

use crate::constants::CONFIG_ADDRESS;
use crate::error::LeverError;
use crate::events::PauseFlagsSet;
use crate::state::Config;

/// Sets the pause bits (`constants::pause`); undefined bits are refused.
#[derive(Accounts)]
pub struct SetPauseFlags<'info> {
    pub admin: Signer<'info>,
    #[account(mut, dup, address = CONFIG_ADDRESS @ LeverError::InvalidConfig)]
    pub config: Account<'info, Config>,
}

impl<'info> SetPauseFlags<'info> {
    fn validate(&self, flags: u16) -> Result<()> {
        self.config.require_admin(&self.admin.key())?;
        Config::validate_pause_flags(flags)
    }

    #[access_control(ctx.accounts.validate(flags))]
    pub fn handle(ctx: Context<'_, Self>, flags: u16) -> Result<()> {
        let config = &mut ctx.accounts.config;
        let previous_flags = config.pause_flags;
        config.pause_flags = flags;
        crate::events::publish(&PauseFlagsSet {
            previous_flags,
            flags,
        })?;
        Ok(())
    }
}
