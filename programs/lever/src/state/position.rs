use anchor_lang::prelude::*;
use lever_math::fees::accrued_borrow_fee;
use lever_math::{PositionSnapshot, Price};

use super::StoredU128;
use crate::error::{LeverError, OrLever};

/// Long or short.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Long,
    Short,
}

impl Side {
    /// The byte stored in `Position::side`.
    pub fn to_stored(self) -> u8 {
        match self {
            Side::Long => 0,
            Side::Short => 1,
        }
    }

    /// The stored byte back; only the program writes it, so anything else is corrupt.
    pub fn from_stored(stored: u8) -> Result<Self> {
        match stored {
            0 => Ok(Side::Long),
            1 => Ok(Side::Short),
            _ => err!(LeverError::InvalidStoredEnum),
        }
    }
}

impl From<Side> for lever_math::Side {
    fn from(side: Side) -> Self {
        match side {
            Side::Long => lever_math::Side::Long,
            Side::Short => lever_math::Side::Short,
        }
    }
}

/// A leveraged position. Closed (rent to the owner) when fully closed or liquidated.
///
/// Zero-copy like `Market` (no borsh decode on load nor encode on exit). `market` and
/// `owner` come first, at offsets 8 and 40 of the account, where `getProgramAccounts`
/// filters find them.
#[account(zero_copy)]
#[derive(Debug)]
pub struct Position {
    pub market: Pubkey,
    pub owner: Pubkey,
    /// Owner-chosen id; part of the seeds, so one owner can hold several positions.
    pub position_id: u64,
    /// Base atoms.
    pub size: u64,
    /// Collateral atoms credited to the position.
    pub collateral: u64,
    pub opened_at: i64,
    pub opened_slot: u64,
    /// Publish time of the oracle price the position was opened at: exits priced less
    /// than `min_hold_secs` after it realize losses only.
    pub entry_publish_time: i64,
    pub updated_at: i64,
    /// Internal price (collateral atoms per base atom, 1e12).
    pub entry_price: StoredU128,
    /// The market's borrow index when fees were last settled (at open, or at a reduce
    /// or partial liquidation).
    pub borrow_index_snapshot: StoredU128,
    /// `Side::to_stored`.
    pub side: u8,
    pub bump: u8,
    pub reserved: [u8; 6],
}

impl Position {
    /// Account size including the 8-byte discriminator.
    pub const SIZE: usize = 8 + core::mem::size_of::<Self>();

    /// Long or short.
    pub fn side(&self) -> Result<Side> {
        Side::from_stored(self.side)
    }

    /// Borrow fees owed since the last settlement at `borrow_index`.
    pub fn accrued_fees(&self, borrow_index: u128) -> Result<u64> {
        let entry_notional = self.snapshot_with_fees(0)?.entry_notional().or_lever()?;
        accrued_borrow_fee(
            entry_notional,
            self.borrow_index_snapshot.get(),
            borrow_index,
        )
        .or_lever()
    }

    /// The math view of this position with `accrued_fees` owed.
    pub fn snapshot_with_fees(&self, accrued_fees: u64) -> Result<PositionSnapshot> {
        Ok(PositionSnapshot {
            side: self.side()?.into(),
            size: self.size,
            entry_price: Price(self.entry_price.get()),
            collateral: self.collateral,
            accrued_fees,
        })
    }

    /// The math view with fees accrued up to `borrow_index`.
    pub fn snapshot(&self, borrow_index: u128) -> Result<PositionSnapshot> {
        self.snapshot_with_fees(self.accrued_fees(borrow_index)?)
    }

    /// After a partial settlement: new size and collateral, fees settled at `index`.
    pub fn apply_partial(
        &mut self,
        remaining_size: u64,
        new_collateral: i128,
        borrow_index: u128,
        now: i64,
    ) -> Result<()> {
        self.size = remaining_size;
        self.collateral = u64::try_from(new_collateral)
            .map_err(|_| error!(LeverError::InsufficientCollateral))?;
        self.borrow_index_snapshot.set(borrow_index);
        self.updated_at = now;
        Ok(())
    }
}

const _: () = assert!(Position::SIZE == 8 + 32 * 2 + 8 * 7 + 16 * 2 + 1 + 1 + 6);
const _: () = assert!(Position::SIZE == 168);
