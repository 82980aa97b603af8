use anchor_lang::prelude::*;

use crate::constants::CONFIG_SEED;
use crate::events::ConfigInitialized;
use crate::state::Config;

/// Creates the deployment's config; the signer becomes admin. Deploy scripts call this
/// in the same step as the deploy, so nobody else can take the admin seat first.
#[derive(Accounts)]
pub struct InitializeConfig<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(init, payer = admin, space = Config::SIZE, seeds = [CONFIG_SEED], bump)]
    pub config: Account<'info, Config>,
    pub system_program: Program<'info, System>,
}

impl<'info> InitializeConfig<'info> {
    pub fn handle(ctx: Context<'_, Self>) -> Result<()> {
        let config = &mut ctx.accounts.config;
        config.admin = ctx.accounts.admin.key();
        config.pending_admin = Pubkey::default();
        config.pause_flags = 0;
        config.market_count = 0;
        config.bump = ctx.bumps.config;
        crate::events::publish(ConfigInitialized {
            admin: config.admin,
        });
        Ok(())
    }
}
