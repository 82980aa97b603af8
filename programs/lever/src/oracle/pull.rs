//! Pyth pull: a fully verified `PriceUpdateV2`, posted by the Pyth receiver program or
//! kept updated in place by the Pyth push oracle (sponsored feeds, one account per
//! feed, the form most integrators use on mainnet). Both store the same account type;
//! the feed id binds either to the market.

use anchor_lang::prelude::*;
use lever_math::OracleQuote;
use pyth_solana_receiver_sdk::price_update::{PriceUpdateV2, VerificationLevel};

use crate::constants::PYTH_PUSH_ORACLE_ID;
use crate::error::LeverError;

/// Programs whose `PriceUpdateV2` accounts a pull market accepts.
const PULL_ORACLE_OWNERS: [Pubkey; 2] = [pyth_solana_receiver_sdk::ID, PYTH_PUSH_ORACLE_ID];

/// Decodes an account's `owner` and `data` as a fully verified update of `feed_id`.
pub fn decode(owner: &Pubkey, data: &[u8], feed_id: &[u8; 32]) -> Result<OracleQuote> {
    require!(
        PULL_ORACLE_OWNERS.contains(owner),
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
