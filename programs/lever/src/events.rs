//! Every event the program emits: one per state change.

use anchor_lang::prelude::*;

use crate::state::{MarketParams, OracleSource, Side};

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
