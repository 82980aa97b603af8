//! A Pyth price read off-chain with the program's own decoders: for prices the program
//! does not bind to a market (the keeper's SOL price, to value its fees).

use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use lever::constants::LEGACY_PYTH_PROGRAM_IDS;
use lever_math::OracleQuote;
use pyth_solana_receiver_sdk::price_update::PriceUpdateV2;

/// The price in the account at `key` (its `owner` and `data`): a fully verified
/// `PriceUpdateV2` of whichever feed it holds, or a legacy price account that is
/// trading. Errors are the program's error names.
pub fn quote(key: &Pubkey, owner: &Pubkey, data: &[u8]) -> Result<OracleQuote, String> {
    let decoded = if LEGACY_PYTH_PROGRAM_IDS.contains(owner) {
        lever::oracle::legacy::decode(key, owner, data, &key.to_bytes())
    } else {
        // The feed is whichever the account holds; `pull::decode` checks the owner
        // and the verification level.
        let feed_id = PriceUpdateV2::try_deserialize(&mut &data[..])
            .map(|update| update.price_message.feed_id)
            .unwrap_or_default();
        lever::oracle::pull::decode(owner, data, &feed_id)
    };
    decoded.map_err(|error| match error {
        anchor_lang::error::Error::AnchorError(error) => error.error_name.clone(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::AccountSerialize;
    use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, VerificationLevel};

    fn update(level: VerificationLevel) -> Vec<u8> {
        let update = PriceUpdateV2 {
            write_authority: Pubkey::new_unique(),
            verification_level: level,
            price_message: PriceFeedMessage {
                feed_id: [7; 32],
                price: 13_500_000_000,
                conf: 1_000_000,
                exponent: -8,
                publish_time: 1_700_000_000,
                prev_publish_time: 1_699_999_999,
                ema_price: 13_600_000_000,
                ema_conf: 2_000_000,
            },
            posted_slot: 1,
        };
        let mut data = Vec::new();
        update.try_serialize(&mut data).unwrap();
        data
    }

    #[test]
    fn a_verified_pull_update_of_any_feed_is_read() {
        let key = Pubkey::new_unique();
        let quote = quote(
            &key,
            &pyth_solana_receiver_sdk::ID,
            &update(VerificationLevel::Full),
        )
        .unwrap();
        assert_eq!(
            (quote.price, quote.conf, quote.expo, quote.publish_time),
            (13_500_000_000, 1_000_000, -8, 1_700_000_000)
        );
        assert_eq!(quote.ema_price, 13_600_000_000);
    }

    #[test]
    fn what_is_not_a_verified_pyth_price_is_refused_by_name() {
        let key = Pubkey::new_unique();
        let full = update(VerificationLevel::Full);
        let partial = update(VerificationLevel::Partial { num_signatures: 3 });
        let receiver = pyth_solana_receiver_sdk::ID;
        let refusal = |owner: &Pubkey, data: &[u8]| quote(&key, owner, data).unwrap_err();
        assert_eq!(refusal(&Pubkey::new_unique(), &full), "OracleWrongOwner");
        assert_eq!(refusal(&receiver, &partial), "OraclePartiallyVerified");
        assert_eq!(refusal(&receiver, &full[..20]), "OracleInvalidData");
        let legacy = LEGACY_PYTH_PROGRAM_IDS[0];
        assert_eq!(refusal(&legacy, &[0u8; 64]), "OracleInvalidData");
    }
}
