use anchor_lang::prelude::*;

use crate::constants::pause;
use crate::error::LeverError;

/// One per deployment: who administers it and which operations are paused.
#[account]
#[derive(InitSpace, Debug)]
pub struct Config {
    pub admin: Pubkey,
    /// Proposed next admin; `Pubkey::default()` when no hand-over is pending.
    pub pending_admin: Pubkey,
    /// Bits of `constants::pause`; a set bit pauses that operation in every market.
    pub pause_flags: u16,
    /// Markets created so far; the next market's index.
    pub market_count: u16,
    pub bump: u8,
}

impl Config {
    /// Account size including the 8-byte discriminator.
    pub const SIZE: usize = 8 + Self::INIT_SPACE;

    /// Refuses when `operation` (a `pause` bit) is paused.
    pub fn require_not_paused(&self, operation: u16) -> Result<()> {
        require!(
            self.pause_flags & operation == 0,
            LeverError::OperationPaused
        );
        Ok(())
    }

    pub fn require_admin(&self, signer: &Pubkey) -> Result<()> {
        require_keys_eq!(*signer, self.admin, LeverError::Unauthorized);
        Ok(())
    }

    pub fn validate_pause_flags(flags: u16) -> Result<()> {
        require!(flags & !pause::ALL == 0, LeverError::UnknownPauseFlag);
        Ok(())
    }
}

const _: () = assert!(Config::SIZE == 8 + 32 + 32 + 2 + 2 + 1);
