//! Seeds, pause bits and oracle program ids.

use anchor_lang::prelude::*;

/// Config PDA: `[CONFIG_SEED]`, one per deployment.
pub const CONFIG_SEED: &[u8] = b"config";
/// The config PDA's address, derived once here (a test re-derives it): instructions
/// pin the config with `address = CONFIG_ADDRESS`, a 32-byte comparison, instead of
/// re-deriving the PDA on every call (`create_program_address`, 1 500 CU).
pub const CONFIG_ADDRESS: Pubkey = pubkey!("9DHnumgqLXs9y5gK3ybjywykCLm1AX9wDMjU2CwHyQ1c");
/// Market PDA: `[MARKET_SEED, market_index (u16 LE)]`.
pub const MARKET_SEED: &[u8] = b"market";
/// Vault token account PDA: `[VAULT_SEED, market]`; authority: the market PDA.
pub const VAULT_SEED: &[u8] = b"vault";
/// LP share mint PDA: `[LP_MINT_SEED, market]`; authority: the market PDA.
pub const LP_MINT_SEED: &[u8] = b"lp_mint";
/// Position PDA: `[POSITION_SEED, market, owner, position_id (u64 LE)]`.
pub const POSITION_SEED: &[u8] = b"position";

/// Pause bits, one per operation (`Config::pause_flags`).
pub mod pause {
    pub const OPEN_POSITION: u16 = 1 << 0;
    pub const DEPOSIT_COLLATERAL: u16 = 1 << 1;
    pub const WITHDRAW_COLLATERAL: u16 = 1 << 2;
    /// Reduce and close.
    pub const REDUCE_POSITION: u16 = 1 << 3;
    pub const LP_DEPOSIT: u16 = 1 << 4;
    pub const LP_WITHDRAW: u16 = 1 << 5;
    pub const LIQUIDATE: u16 = 1 << 6;
    /// Every defined bit; others are refused.
    pub const ALL: u16 = (1 << 7) - 1;
}

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
