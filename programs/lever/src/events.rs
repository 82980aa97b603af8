//! Every event the program emits: one per state change.

use anchor_lang::prelude::*;

use crate::error::LeverError;
use crate::state::{MarketParams, OracleSource, Side};

/// Room for the largest event, discriminator included (`PositionLiquidated`, 334
/// bytes); a test serializes every event type and checks that it fits.
pub const MAX_EVENT_BYTES: usize = 512;

/// Emits `event` exactly as `emit!` does (`sol_log_data` of the discriminator and the
/// borsh bytes; natively through the test runtime, see `native`, so that the native
/// tests decode what this function wrote), serialized into a stack buffer instead of
/// `emit!`'s `Vec`: on SBF, borsh's writes into a `Vec` cost about 1,000 CU for the
/// liquidation record (`liquidate` 25,072 -> 24,247 CU with the buffer).
pub fn publish<E: anchor_lang::Event>(event: &E) -> Result<()> {
    let mut buffer = [0u8; MAX_EVENT_BYTES];
    let length = encode(event, &mut buffer)?;
    let data = buffer.get(..length).unwrap_or_default();
    #[cfg(target_os = "solana")]
    anchor_lang::solana_program::log::sol_log_data(&[data]);
    #[cfg(not(target_os = "solana"))]
    crate::native::log_event_data(data);
    Ok(())
}

/// Writes `event` as `Event::data` lays it out (discriminator, then borsh) into
/// `buffer`; returns the length. `EventTooLarge` if it does not fit.
pub fn encode<E: anchor_lang::Event>(event: &E, buffer: &mut [u8]) -> Result<usize> {
    let mut writer = SliceWriter { buffer, written: 0 };
    writer
        .put(E::DISCRIMINATOR)
        .map_err(|_| error!(LeverError::EventTooLarge))?;
    event
        .serialize(&mut writer)
        .map_err(|_| error!(LeverError::EventTooLarge))?;
    Ok(writer.written)
}

/// Borsh's writer over a fixed buffer: each write is one bounds check and one copy.
struct SliceWriter<'a> {
    buffer: &'a mut [u8],
    written: usize,
}

impl SliceWriter<'_> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let end = self
            .written
            .checked_add(bytes.len())
            .ok_or(std::io::ErrorKind::WriteZero)?;
        self.buffer
            .get_mut(self.written..end)
            .ok_or(std::io::ErrorKind::WriteZero)?
            .copy_from_slice(bytes);
        self.written = end;
        Ok(())
    }
}

impl std::io::Write for SliceWriter<'_> {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.put(bytes).map(|()| bytes.len())
    }

    #[inline(always)]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.put(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[event]
pub struct ConfigInitialized {
    pub admin: Pubkey,
}

#[event]
pub struct AdminProposed {
    pub admin: Pubkey,
    pub pending_admin: Pubkey,
}

#[event]
pub struct AdminAccepted {
    pub previous_admin: Pubkey,
    pub admin: Pubkey,
}

#[event]
pub struct PauseFlagsSet {
    pub previous_flags: u16,
    pub flags: u16,
}

#[event]
pub struct MarketCreated {
    pub market: Pubkey,
    pub index: u16,
    pub collateral_mint: Pubkey,
    pub oracle_source: OracleSource,
    pub oracle_feed: [u8; 32],
    pub base_decimals: u8,
    pub params: MarketParams,
}

#[event]
pub struct MarketParamsUpdated {
    pub market: Pubkey,
    pub previous: MarketParams,
    pub params: MarketParams,
}

#[event]
pub struct LpDeposited {
    pub market: Pubkey,
    pub depositor: Pubkey,
    pub amount: u64,
    pub shares: u64,
    pub pool_value: u128,
}

#[event]
pub struct LpWithdrawn {
    pub market: Pubkey,
    pub withdrawer: Pubkey,
    pub shares: u64,
    pub amount: u64,
    pub pool_value: u128,
}

#[event]
pub struct PositionOpened {
    pub market: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub side: Side,
    pub size: u64,
    pub entry_price: u128,
    pub collateral: u64,
    pub open_fee: u64,
}

/// `claim_payout`: what a full liquidation in a batch owed the owner, paid.
#[event]
pub struct PayoutClaimed {
    pub market: Pubkey,
    /// The liquidated position's (and payout's) account.
    pub position: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
}

#[event]
pub struct CollateralDeposited {
    pub market: Pubkey,
    pub position: Pubkey,
    pub amount: u64,
    pub collateral: u64,
}

#[event]
pub struct CollateralWithdrawn {
    pub market: Pubkey,
    pub position: Pubkey,
    pub amount: u64,
    pub collateral: u64,
}

#[event]
pub struct PositionReduced {
    pub market: Pubkey,
    pub position: Pubkey,
    pub closed_size: u64,
    pub remaining_size: u64,
    pub price: u128,
    pub realized_pnl: i128,
    pub borrow_fees: u64,
    pub close_fee: u64,
    pub collateral: u64,
}

#[event]
pub struct PositionClosed {
    pub market: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub size: u64,
    pub price: u128,
    pub pnl: i128,
    pub borrow_fees: u64,
    pub close_fee: u64,
    pub payout: u64,
    pub bad_debt: u64,
}

/// A liquidation, with the oracle read it was priced on. Also the return data of
/// `liquidate`, so a keeper reads its result without parsing logs.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionLiquidated {
    pub market: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
    pub keeper: Pubkey,
    pub side: Side,
    pub partial: bool,
    pub closed_size: u64,
    pub remaining_size: u64,
    /// The liquidation mark (internal price, 1e12).
    pub mark_price: u128,
    pub oracle_price: i64,
    pub oracle_conf: u64,
    pub oracle_ema_price: i64,
    pub oracle_expo: i32,
    pub oracle_publish_time: i64,
    /// Pull: the feed id; legacy: the price account's address.
    pub oracle_feed_id: [u8; 32],
    /// Equity at the mark before, and of what remains after (0 when closed in full).
    pub equity_before: i128,
    pub equity_after: i128,
    pub penalty: u64,
    pub keeper_reward: u64,
    pub insurance_fee: u64,
    /// Equity below zero at a full liquidation.
    pub bad_debt: u64,
    pub bad_debt_from_insurance: u64,
    pub bad_debt_socialized: u64,
    /// Remaining equity paid to the owner after a full liquidation.
    pub owner_payout: u64,
    /// Fixed fee paid to the keeper for a bankrupt position (E <= 0), on top of
    /// `keeper_reward`: from the insurance fund first, then the pool. The keeper also
    /// receives the position account's rent then.
    pub bankrupt_keeper_fee: u64,
}

/// What the liquidations of one `liquidate_batch` share, logged once before them: each
/// `BatchPositionLiquidated` that follows it in the same instruction is one
/// liquidation of this batch. Together they are a `PositionLiquidated` apiece
/// ([`PositionLiquidated::from_batch`]) in ~290 log bytes per position instead of 470,
/// which is what lets a batch's log hold `MAX_BATCH_POSITIONS` events.
#[event]
pub struct LiquidationBatch {
    pub market: Pubkey,
    pub keeper: Pubkey,
    pub oracle_price: i64,
    pub oracle_conf: u64,
    pub oracle_ema_price: i64,
    pub oracle_expo: i32,
    pub oracle_publish_time: i64,
    /// Pull: the feed id; legacy: the price account's address.
    pub oracle_feed_id: [u8; 32],
}

/// One liquidation of a `liquidate_batch`: the fields of `PositionLiquidated` that are
/// not the batch's (see `LiquidationBatch`). The mark is per position: it depends on
/// the side.
#[event]
pub struct BatchPositionLiquidated {
    pub position: Pubkey,
    pub owner: Pubkey,
    pub side: Side,
    pub partial: bool,
    pub closed_size: u64,
    pub remaining_size: u64,
    pub mark_price: u128,
    pub equity_before: i128,
    pub equity_after: i128,
    pub penalty: u64,
    pub keeper_reward: u64,
    pub insurance_fee: u64,
    pub bad_debt: u64,
    pub bad_debt_from_insurance: u64,
    pub bad_debt_socialized: u64,
    pub owner_payout: u64,
    pub bankrupt_keeper_fee: u64,
}

impl PositionLiquidated {
    /// The part of this record a batch logs once, in its header.
    pub fn batch_header(&self) -> LiquidationBatch {
        LiquidationBatch {
            market: self.market,
            keeper: self.keeper,
            oracle_price: self.oracle_price,
            oracle_conf: self.oracle_conf,
            oracle_ema_price: self.oracle_ema_price,
            oracle_expo: self.oracle_expo,
            oracle_publish_time: self.oracle_publish_time,
            oracle_feed_id: self.oracle_feed_id,
        }
    }

    /// The part of this record a batch logs per position.
    pub fn batch_item(&self) -> BatchPositionLiquidated {
        BatchPositionLiquidated {
            position: self.position,
            owner: self.owner,
            side: self.side,
            partial: self.partial,
            closed_size: self.closed_size,
            remaining_size: self.remaining_size,
            mark_price: self.mark_price,
            equity_before: self.equity_before,
            equity_after: self.equity_after,
            penalty: self.penalty,
            keeper_reward: self.keeper_reward,
            insurance_fee: self.insurance_fee,
            bad_debt: self.bad_debt,
            bad_debt_from_insurance: self.bad_debt_from_insurance,
            bad_debt_socialized: self.bad_debt_socialized,
            owner_payout: self.owner_payout,
            bankrupt_keeper_fee: self.bankrupt_keeper_fee,
        }
    }

    /// The record of one batch liquidation, joined from its batch's header and its item
    /// (the inverse of [`Self::batch_item`] with the header the batch logged).
    pub fn from_batch(batch: &LiquidationBatch, item: &BatchPositionLiquidated) -> Self {
        PositionLiquidated {
            market: batch.market,
            position: item.position,
            owner: item.owner,
            keeper: batch.keeper,
            side: item.side,
            partial: item.partial,
            closed_size: item.closed_size,
            remaining_size: item.remaining_size,
            mark_price: item.mark_price,
            oracle_price: batch.oracle_price,
            oracle_conf: batch.oracle_conf,
            oracle_ema_price: batch.oracle_ema_price,
            oracle_expo: batch.oracle_expo,
            oracle_publish_time: batch.oracle_publish_time,
            oracle_feed_id: batch.oracle_feed_id,
            equity_before: item.equity_before,
            equity_after: item.equity_after,
            penalty: item.penalty,
            keeper_reward: item.keeper_reward,
            insurance_fee: item.insurance_fee,
            bad_debt: item.bad_debt,
            bad_debt_from_insurance: item.bad_debt_from_insurance,
            bad_debt_socialized: item.bad_debt_socialized,
            owner_payout: item.owner_payout,
            bankrupt_keeper_fee: item.bankrupt_keeper_fee,
        }
    }
}

/// Tokens sent to the vault outside the program, credited to the insurance fund.
#[event]
pub struct SurplusSwept {
    pub market: Pubkey,
    pub amount: u64,
    pub insurance_fund: u64,
}

/// The admin took fees out of the fee bucket.
#[event]
pub struct FeesWithdrawn {
    pub market: Pubkey,
    pub destination: Pubkey,
    pub amount: u64,
    pub fees_collected: u64,
}

/// Liquidity added to the pool without minting shares (a rescue when traders' profits
/// exceed what the pool can value).
#[event]
pub struct PoolRecapitalized {
    pub market: Pubkey,
    pub funder: Pubkey,
    pub amount: u64,
    pub pool_liquidity: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn liquidation_record() -> PositionLiquidated {
        PositionLiquidated {
            market: Pubkey::new_from_array([1; 32]),
            position: Pubkey::new_from_array([2; 32]),
            owner: Pubkey::new_from_array([3; 32]),
            keeper: Pubkey::new_from_array([4; 32]),
            side: Side::Short,
            partial: true,
            closed_size: u64::MAX,
            remaining_size: 5,
            mark_price: u128::MAX - 6,
            oracle_price: i64::MIN + 7,
            oracle_conf: 8,
            oracle_ema_price: -9,
            oracle_expo: -10,
            oracle_publish_time: 11,
            oracle_feed_id: [12; 32],
            equity_before: i128::MIN + 13,
            equity_after: 14,
            penalty: 15,
            keeper_reward: 16,
            insurance_fee: 17,
            bad_debt: 18,
            bad_debt_from_insurance: 19,
            bad_debt_socialized: 20,
            owner_payout: 21,
            bankrupt_keeper_fee: 22,
        }
    }

    #[test]
    fn encoding_is_the_event_data_emit_would_log() -> Result<()> {
        let record = liquidation_record();
        let mut buffer = [0u8; MAX_EVENT_BYTES];
        let length = encode(&record, &mut buffer)?;
        assert_eq!(
            buffer.get(..length),
            Some(anchor_lang::Event::data(&record).as_slice())
        );
        // The largest event: the buffer's size is chosen from it.
        assert_eq!(length, 334);
        Ok(())
    }

    #[test]
    fn a_batch_logs_a_record_in_two_parts_that_join_back_into_it() -> Result<()> {
        let record = liquidation_record();
        let header = record.batch_header();
        let item = record.batch_item();
        let joined = PositionLiquidated::from_batch(&header, &item);
        assert_eq!(
            anchor_lang::Event::data(&joined),
            anchor_lang::Event::data(&record)
        );
        // The per-position part is what bounds a batch's log: 202 bytes, a 286-byte
        // `Program data:` line (base64 of 202 is 272 characters), and the header once.
        let mut buffer = [0u8; MAX_EVENT_BYTES];
        assert_eq!(encode(&item, &mut buffer)?, 202);
        assert_eq!(encode(&header, &mut buffer)?, 140);
        Ok(())
    }

    #[test]
    fn an_event_larger_than_the_buffer_is_refused() {
        let too_large = Some(error!(LeverError::EventTooLarge));
        assert_eq!(
            encode(&liquidation_record(), &mut [0u8; 333]).err(),
            too_large
        );
        assert_eq!(
            encode(&liquidation_record(), &mut [0u8; 4]).err(),
            too_large
        );
    }
}
