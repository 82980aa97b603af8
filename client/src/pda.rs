//! Program-derived addresses (seeds in `lever::constants`).

use anchor_lang::prelude::Pubkey;
use lever::constants::{CONFIG_SEED, LP_MINT_SEED, MARKET_SEED, POSITION_SEED, VAULT_SEED};

fn find(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &lever::ID).0
}

pub fn config() -> Pubkey {
    find(&[CONFIG_SEED])
}

pub fn market(index: u16) -> Pubkey {
    find(&[MARKET_SEED, &index.to_le_bytes()])
}

pub fn vault(market: &Pubkey) -> Pubkey {
    find(&[VAULT_SEED, market.as_ref()])
}

pub fn lp_mint(market: &Pubkey) -> Pubkey {
    find(&[LP_MINT_SEED, market.as_ref()])
}

pub fn position(market: &Pubkey, owner: &Pubkey, position_id: u64) -> Pubkey {
    find(&[
        POSITION_SEED,
        market.as_ref(),
        owner.as_ref(),
        &position_id.to_le_bytes(),
    ])
}

/// The program's ProgramData account (the upgradeable loader's PDA of the program id):
/// holds the upgrade authority `initialize_config` checks.
pub fn program_data() -> Pubkey {
    Pubkey::find_program_address(
        &[lever::ID.as_ref()],
        &anchor_lang::solana_program::bpf_loader_upgradeable::ID,
    )
    .0
}

/// The associated token account of `wallet` for `mint` (classic SPL Token).
pub fn associated_token(wallet: &Pubkey, mint: &Pubkey) -> Pubkey {
    anchor_spl::associated_token::get_associated_token_address(wallet, mint)
}
