//! Token movements in and out of a market's vault, and LP share mint/burn: the only
//! places the program calls the SPL Token program.

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, MintTo, Token, TokenAccount, TransferChecked};

use crate::constants::MARKET_SEED;
use crate::state::Market;

/// Signer seeds of a market PDA (authority of its vault and LP mint).
pub fn market_seeds(market: &Market) -> [Vec<u8>; 3] {
    [
        MARKET_SEED.to_vec(),
        market.index.to_le_bytes().to_vec(),
        vec![market.bump],
    ]
}

/// Moves `amount` from a wallet's token account into the vault; `authority` signs.
pub fn deposit_to_vault<'info>(
    token_program: &Program<'info, Token>,
    from: &Account<'info, TokenAccount>,
    vault: &Account<'info, TokenAccount>,
    mint: &Account<'info, Mint>,
    authority: &Signer<'info>,
    amount: u64,
) -> Result<()> {
    let accounts = TransferChecked {
        from: from.to_account_info(),
        mint: mint.to_account_info(),
        to: vault.to_account_info(),
        authority: authority.to_account_info(),
    };
    token::transfer_checked(
        CpiContext::new(token_program.key(), accounts),
        amount,
        mint.decimals,
    )
}

/// Moves `amount` out of the vault to `to`, signed by the market PDA.
pub fn pay_from_vault<'info>(
    token_program: &Program<'info, Token>,
    vault: &Account<'info, TokenAccount>,
    to: &Account<'info, TokenAccount>,
    mint: &Account<'info, Mint>,
    market: &Account<'info, Market>,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    let seeds = market_seeds(market);
    let seed_slices: [&[u8]; 3] = [&seeds[0], &seeds[1], &seeds[2]];
    let signer: &[&[&[u8]]] = &[&seed_slices];
    let accounts = TransferChecked {
        from: vault.to_account_info(),
        mint: mint.to_account_info(),
        to: to.to_account_info(),
        authority: market.to_account_info(),
    };
    token::transfer_checked(
        CpiContext::new_with_signer(token_program.key(), accounts, signer),
        amount,
        mint.decimals,
    )
}

/// Mints LP shares, signed by the market PDA.
pub fn mint_shares<'info>(
    token_program: &Program<'info, Token>,
    lp_mint: &Account<'info, Mint>,
    to: &Account<'info, TokenAccount>,
    market: &Account<'info, Market>,
    shares: u64,
) -> Result<()> {
    let seeds = market_seeds(market);
    let seed_slices: [&[u8]; 3] = [&seeds[0], &seeds[1], &seeds[2]];
    let signer: &[&[&[u8]]] = &[&seed_slices];
    let accounts = MintTo {
        mint: lp_mint.to_account_info(),
        to: to.to_account_info(),
        authority: market.to_account_info(),
    };
    token::mint_to(
        CpiContext::new_with_signer(token_program.key(), accounts, signer),
        shares,
    )
}

/// Burns LP shares from the holder's account; the holder signs.
pub fn burn_shares<'info>(
    token_program: &Program<'info, Token>,
    lp_mint: &Account<'info, Mint>,
    from: &Account<'info, TokenAccount>,
    holder: &Signer<'info>,
    shares: u64,
) -> Result<()> {
    let accounts = Burn {
        mint: lp_mint.to_account_info(),
        from: from.to_account_info(),
        authority: holder.to_account_info(),
    };
    token::burn(CpiContext::new(token_program.key(), accounts), shares)
}
