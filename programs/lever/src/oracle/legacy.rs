//! Legacy Pyth price accounts (pyth-sdk-solana's byte-level API).

use anchor_lang::prelude::*;
use lever_math::OracleQuote;
use pyth_sdk_solana::state::{load_price_account, PriceStatus, SolanaPriceAccount};

use crate::constants::LEGACY_PYTH_PROGRAM_IDS;
use crate::error::LeverError;

/// Decodes the account at `key` (its `owner` and `data`) as the legacy price account
/// `price_account`.
pub fn decode(
    key: &Pubkey,
    owner: &Pubkey,
    data: &[u8],
    price_account: &[u8; 32],
) -> Result<OracleQuote> {
    require!(
        LEGACY_PYTH_PROGRAM_IDS.contains(owner),
        LeverError::OracleWrongOwner
    );
    require!(
        key.to_bytes() == *price_account,
        LeverError::OracleWrongFeed
    );
    let account = load_aligned(data)?;
    require!(
        account.agg.status == PriceStatus::Trading,
        LeverError::OracleNotTrading
    );
    Ok(OracleQuote {
        price: account.agg.price,
        conf: account.agg.conf,
        ema_price: account.ema_price.val,
        expo: account.expo,
        publish_time: account.timestamp,
    })
}

/// `load_price_account` casts with bytemuck, which panics on misaligned data. Account
/// data is 8-aligned on a validator; should it not be, decode a copy instead of
/// panicking.
fn load_aligned(data: &[u8]) -> Result<SolanaPriceAccount> {
    let size = core::mem::size_of::<SolanaPriceAccount>();
    require!(data.len() >= size, LeverError::OracleInvalidData);
    let aligned = data
        .as_ptr()
        .align_offset(core::mem::align_of::<SolanaPriceAccount>())
        == 0;
    if aligned {
        return load_price_account::<32, ()>(data)
            .copied()
            .map_err(|_| error!(LeverError::OracleInvalidData));
    }
    let words = size.div_ceil(8);
    let mut buffer: Vec<u64> = vec![0; words];
    let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut buffer);
    let prefix = bytes
        .get_mut(..size)
        .ok_or_else(|| error!(LeverError::OracleInvalidData))?;
    prefix.copy_from_slice(
        data.get(..size)
            .ok_or_else(|| error!(LeverError::OracleInvalidData))?,
    );
    load_price_account::<32, ()>(prefix)
        .copied()
        .map_err(|_| error!(LeverError::OracleInvalidData))
}
