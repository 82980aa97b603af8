//! Every event the program emits: one per state change.

use anchor_lang::prelude::*;

use crate::state::{MarketParams, OracleSource, Side};

/// Emits `event` (and, natively, logs it through the test runtime; see `native`).
pub fn publish<E: anchor_lang::Event>(event: E) {
    crate::native::log_event(&event);
    emit!(event);
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
