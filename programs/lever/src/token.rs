//! Token movements in and out of a market's vault, and LP share mint/burn: the only
//! places the program calls the SPL Token program.
//!
//! Classic SPL Token only (`Program<Token>`): transfers use `transfer`, whose
//! source and destination must hold the same mint (the token program refuses
//! otherwise), so the collateral mint need not be passed or read; `transfer_checked`
//! would cost a mint account and ~1 500 CU more per transfer for a decimals check
//! that classic SPL Token does not need.

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, Mint, MintTo, Token, TokenAccount, Transfer};

use crate::constants::MARKET_SEED;
use crate::error::LeverError;
use crate::state::Market;

/// Byte range of `amount` in an SPL Token account (mint 32, owner 32, amount 8).
const TOKEN_AMOUNT_RANGE: std::ops::Range<usize> = 64..72;

/// The balance of a token account, read in place (no full unpack). For the market's
/// vault only: its address is pinned by the market's `has_one = vault`, and
/// `create_market` made it an SPL Token account of the collateral mint.
pub fn token_amount(account: &AccountInfo) -> Result<u64> {
    let data = account.try_borrow_data()?;
    let bytes: [u8; 8] = data
        .get(TOKEN_AMOUNT_RANGE)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(LeverError::InvalidVault)?;
    Ok(u64::from_le_bytes(bytes))
}

/// Moves `amount` from a wallet's token account into the vault; `authority` signs.
pub fn deposit_to_vault<'info>(
    token_program: &Program<'info, Token>,
    from: &Account<'info, TokenAccount>,
    vault: &AccountInfo<'info>,
    authority: &Signer<'info>,
    amount: u64,
) -> Result<()> {
    let accounts = Transfer {
        from: from.to_account_info(),
        to: vault.clone(),
        authority: authority.to_account_info(),
    };
    token::transfer(CpiContext::new(token_program.key(), accounts), amount)
}

/// The market PDA as the signer of a transfer out of its vault or a mint of its LP
/// shares: its seeds `[MARKET_SEED, index (u16 LE), bump]`, copied out of the market
/// so that no borrow of the market's data is held during the CPI (the runtime refuses
/// a CPI with a writable account whose data is borrowed).
pub struct MarketSigner {
    index: [u8; 2],
    bump: [u8; 1],
}

impl MarketSigner {
    pub fn of(market: &Market) -> Self {
        MarketSigner {
            index: market.index.to_le_bytes(),
            bump: [market.bump],
        }
    }

    fn sign<T>(&self, cpi: impl FnOnce(&[&[&[u8]]]) -> Result<T>) -> Result<T> {
        let seeds: [&[u8]; 3] = [MARKET_SEED, &self.index, &self.bump];
        cpi(&[&seeds])
    }
}

/// Moves `amount` out of the vault to `to`, signed by the market PDA. Nothing for 0.
pub fn pay_from_vault<'info>(
    token_program: &Program<'info, Token>,
    market: &AccountInfo<'info>,
    signer: &MarketSigner,
    vault: &AccountInfo<'info>,
    to: &Account<'info, TokenAccount>,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    let accounts = Transfer {
        from: vault.clone(),
        to: to.to_account_info(),
        authority: market.clone(),
    };
    signer.sign(|seeds| {
        token::transfer(
            CpiContext::new_with_signer(token_program.key(), accounts, seeds),
            amount,
        )
    })
}

/// Mints LP shares, signed by the market PDA.
pub fn mint_shares<'info>(
    token_program: &Program<'info, Token>,
    lp_mint: &Account<'info, Mint>,
    to: &Account<'info, TokenAccount>,
    market: &AccountInfo<'info>,
    signer: &MarketSigner,
    shares: u64,
) -> Result<()> {
    let accounts = MintTo {
        mint: lp_mint.to_account_info(),
        to: to.to_account_info(),
        authority: market.clone(),
    };
    signer.sign(|seeds| {
        token::mint_to(
            CpiContext::new_with_signer(token_program.key(), accounts, seeds),
            shares,
        )
    })
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
