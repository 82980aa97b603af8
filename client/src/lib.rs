//! Client of the lever program: PDA derivation, instruction builders, account
//! decoding. The keeper, the tools and the tests all use this crate, so none of this is
//! written twice.
//!
//! Builders come in two layers: `*_accounts` returns the program's Accounts struct
//! (so a test can substitute one account), and `build` turns accounts + arguments into
//! an `Instruction`. The one-call helpers in `ix` do both.

pub mod decode;
pub mod errors;
pub mod events;
pub mod health;
pub mod ix;
pub mod oracle;
pub mod pda;

pub use anchor_lang::prelude::Pubkey;
pub use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
pub use lever::state::{Config, Market, MarketParams, OracleSource, Position, Side};
pub use lever::ID as PROGRAM_ID;

use anchor_lang::{InstructionData, ToAccountMetas};

/// Assembles an instruction of the lever program.
pub fn build<A: ToAccountMetas, D: InstructionData>(accounts: A, data: D) -> Instruction {
    Instruction {
        program_id: lever::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// Every address an instruction on one market needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarketKeys {
    pub index: u16,
    pub market: Pubkey,
    pub collateral_mint: Pubkey,
    pub vault: Pubkey,
    pub lp_mint: Pubkey,
    /// The oracle account passed to instructions that read a price (the price update
    /// account for pull markets, the price account for legacy markets).
    pub oracle: Pubkey,
}

impl MarketKeys {
    /// Derives the market's PDAs from its index.
    pub fn derive(index: u16, collateral_mint: Pubkey, oracle: Pubkey) -> Self {
        let market = pda::market(index);
        MarketKeys {
            index,
            market,
            collateral_mint,
            vault: pda::vault(&market),
            lp_mint: pda::lp_mint(&market),
            oracle,
        }
    }
}
