//! Pyth pull: a `PriceUpdateV2` account of the Pyth receiver program, fully verified.

use anchor_lang::prelude::*;
use lever_math::OracleQuote;
use pyth_solana_receiver_sdk::price_update::{PriceUpdateV2, VerificationLevel};

use crate::error::LeverError;

/// Decodes an account's `owner` and `data` as a fully verified update of `feed_id`.
pub fn decode(owner: &Pubkey, data: &[u8], feed_id: &[u8; 32]) -> Result<OracleQuote> {
    require_keys_eq!(
        *owner,
        pyth_solana_receiver_sdk::ID,
        LeverError::OracleWrongOwner
    );
    let update = PriceUpdateV2::try_deserialize(&mut &data[..])
        .map_err(|_| error!(LeverError::OracleInvalidData))?;
    require!(
        update.price_message.feed_id == *feed_id,
        LeverError::OracleWrongFeed
    );
    require!(
        update.verification_level == VerificationLevel::Full,
        LeverError::OraclePartiallyVerified
    );
    let message = update.price_message;
    Ok(OracleQuote {
        price: message.price,
        conf: message.conf,
        ema_price: message.ema_price,
        expo: message.exponent,
        publish_time: message.publish_time,
    })
}
