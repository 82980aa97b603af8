use anchor_lang::prelude::*;
use anchor_lang::solana_program::bpf_loader_upgradeable;

use crate::constants::CONFIG_SEED;
use crate::error::LeverError;
use crate::events::ConfigInitialized;
use crate::state::Config;

/// Creates the deployment's config; the signer becomes admin and must be the program's
/// upgrade authority, read from its ProgramData account (the upgradeable loader's PDA
/// of the program id). A new program can be invoked only from the slot after its
/// deployment, so "deploy and initialize in one step" is impossible; without this
/// check whoever calls first would become admin.
#[derive(Accounts)]
pub struct InitializeConfig<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(init, payer = admin, space = Config::SIZE, seeds = [CONFIG_SEED], bump)]
    pub config: Account<'info, Config>,
    /// The program's ProgramData: owned by the upgradeable loader (checked by the
    /// account type), at the loader's PDA of this program's id.
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(admin.key())
            @ LeverError::NotUpgradeAuthority
    )]
    pub program_data: Account<'info, ProgramData>,
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
        crate::events::publish(&ConfigInitialized {
            admin: config.admin,
        })?;
        Ok(())
    }
}
