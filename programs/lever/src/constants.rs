//! Seeds, pause bits, precision constants and oracle program ids. `#[constant]` puts
//! each in the IDL's `constants`, where clients read them.

use anchor_lang::prelude::*;

/// Config PDA: `[CONFIG_SEED]`, one per deployment.
#[constant]
pub const CONFIG_SEED: &[u8] = b"config";
/// The config PDA's address, derived once here (a test re-derives it): instructions
/// pin the config with `address = CONFIG_ADDRESS`, a 32-byte comparison, instead of
/// re-deriving the PDA on every call (`create_program_address`, 1 500 CU).
#[constant]
pub const CONFIG_ADDRESS: Pubkey = pubkey!("9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c");
/// Market PDA: `[MARKET_SEED, market_index (u16 LE)]`.
#[constant]
pub const MARKET_SEED: &[u8] = b"market";
/// Vault token account PDA: `[VAULT_SEED, market]`; authority: the market PDA.
#[constant]
pub const VAULT_SEED: &[u8] = b"vault";
/// LP share mint PDA: `[LP_MINT_SEED, market]`; authority: the market PDA.
#[constant]
pub const LP_MINT_SEED: &[u8] = b"lp_mint";
/// Position PDA: `[POSITION_SEED, market, owner, position_id (u64 LE)]`.
#[constant]
pub const POSITION_SEED: &[u8] = b"position";

/// Pause bits, one per operation (`Config::pause_flags`).
pub mod pause {
    use anchor_lang::prelude::*;

    /// Pause bit: `open_position`.
    #[constant]
    pub const OPEN_POSITION: u16 = 1 << 0;
    /// Pause bit: `deposit_collateral`.
    #[constant]
    pub const DEPOSIT_COLLATERAL: u16 = 1 << 1;
    /// Pause bit: `withdraw_collateral`.
    #[constant]
    pub const WITHDRAW_COLLATERAL: u16 = 1 << 2;
    /// Pause bit: `reduce_position` and `close_position`.
    #[constant]
    pub const REDUCE_POSITION: u16 = 1 << 3;
    /// Pause bit: `lp_deposit` and `recapitalize_pool`.
    #[constant]
    pub const LP_DEPOSIT: u16 = 1 << 4;
    /// Pause bit: `lp_withdraw`.
    #[constant]
    pub const LP_WITHDRAW: u16 = 1 << 5;
    /// Pause bit: `liquidate`.
    #[constant]
    pub const LIQUIDATE: u16 = 1 << 6;
    /// Every defined pause bit; others are refused.
    #[constant]
    pub const ALL: u16 = (1 << 7) - 1;
}

/// Precision of internal prices: collateral atoms per base atom x 1e12 (expo -12).
#[constant]
pub const PRICE_PRECISION: u128 = 1_000_000_000_000_u128;
/// Precision of the borrow index: fee per unit of notional x 1e18.
#[constant]
pub const BORROW_INDEX_PRECISION: u128 = 1_000_000_000_000_000_000_u128;
/// Basis points in one: rates and ratios are in bps.
#[constant]
pub const BPS_DENOMINATOR: u128 = 10_000_u128;
// The IDL shows these literals; the math crate owns the values.
const _: () = assert!(PRICE_PRECISION == lever_math::constants::PRICE_PRECISION);
const _: () = assert!(BORROW_INDEX_PRECISION == lever_math::constants::BORROW_INDEX_PRECISION);
const _: () = assert!(BPS_DENOMINATOR == lever_math::constants::BPS_DENOMINATOR);

/// Owners accepted for legacy Pyth price accounts: the Pyth oracle program on
/// mainnet-beta and on devnet (pythnet push oracle accounts are pull-format).
pub const LEGACY_PYTH_PROGRAM_IDS: [Pubkey; 2] = [
    pubkey!("FsJ3A3u2vn5cTVofAjvy6y5kwABJAqYWpe4975bi2epH"),
    pubkey!("gSbePebfvPy7tRqimPoVecS2UsBvYv46ynrzWocc92s"),
];

/// The Pyth push oracle program: owner of the sponsored price feed accounts, which hold
/// a `PriceUpdateV2` updated in place (same on mainnet-beta and devnet).
pub const PYTH_PUSH_ORACLE_ID: Pubkey = pubkey!("pythWSnswVUd12oZpeFP8e9CVaEqJg25g1Vtc2biRsT");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_address_is_the_config_pda() {
        let (derived, _) = Pubkey::find_program_address(&[CONFIG_SEED], &crate::ID);
        assert_eq!(derived, CONFIG_ADDRESS, "CONFIG_ADDRESS must be {derived}");
    }
}
