use anchor_lang::prelude::*;

use super::Position;

/// What a full liquidation in a batch owes a position's owner: the position's account,
/// rewritten in place, so that a batch needs no token account nor wallet per position
/// (one account each). The amount stays in the market's `pending_payouts` bucket until
/// anyone calls `claim_payout`, which pays it to a token account of the owner and
/// closes this account (rent to the owner): the owner ends with exactly what
/// `liquidate` would have paid, in a second transaction.
///
/// `market` and `owner` sit where a `Position` has them (offsets 8 and 40) and the
/// account keeps the position's size, so the rewrite needs no reallocation; the
/// discriminator differs, so no position instruction accepts it.
#[account(zero_copy)]
#[derive(Debug)]
pub struct LiquidationPayout {
    pub market: Pubkey,
    pub owner: Pubkey,
    /// The liquidated position's id (its account's address is this account's).
    pub position_id: u64,
    /// Collateral atoms owed to the owner (may be 0: the rent is still theirs).
    pub amount: u64,
    pub liquidated_at: i64,
    /// Zero: the position's account size.
    pub reserved: [u64; 9],
}

impl LiquidationPayout {
    pub const SIZE: usize = 8 + core::mem::size_of::<Self>();
}

const _: () = assert!(LiquidationPayout::SIZE == Position::SIZE);
