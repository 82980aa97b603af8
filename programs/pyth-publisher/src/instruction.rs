//! The `Publish` instruction: its bytes, its accounts and where a feed's account lives.
//! Shared by the program and its clients (`lever price set`, the tests).

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::system_program;

use crate::error::PublisherError;

/// The Pyth programs this one stands in for on a local validator.
pub const PUSH_ORACLE_ID: Pubkey =
    anchor_lang::pubkey!("pythWSnswVUd12oZpeFP8e9CVaEqJg25g1Vtc2biRsT");
pub const RECEIVER_ID: Pubkey = pyth_solana_receiver_sdk::ID;
pub const LEGACY_ORACLE_ID: Pubkey =
    anchor_lang::pubkey!("FsJ3A3u2vn5cTVofAjvy6y5kwABJAqYWpe4975bi2epH");

/// The only instruction's tag.
const PUBLISH_TAG: u8 = 0;

/// Serialized length: tag, feed id, price, conf, expo, ema price, ema conf, time.
pub const PUBLISH_LEN: usize = 1 + 32 + 8 + 8 + 4 + 8 + 8 + 8;

/// A price publication, Pyth's (mantissa, exponent) form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publish {
    pub feed_id: [u8; 32],
    pub price: i64,
    pub conf: u64,
    pub expo: i32,
    pub ema_price: i64,
    pub ema_conf: u64,
    /// Unix time of the publication; 0 means the cluster's clock now.
    pub publish_time: i64,
}

impl Publish {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut data = Vec::with_capacity(PUBLISH_LEN);
        data.push(PUBLISH_TAG);
        data.extend_from_slice(&self.feed_id);
        data.extend_from_slice(&self.price.to_le_bytes());
        data.extend_from_slice(&self.conf.to_le_bytes());
        data.extend_from_slice(&self.expo.to_le_bytes());
        data.extend_from_slice(&self.ema_price.to_le_bytes());
        data.extend_from_slice(&self.ema_conf.to_le_bytes());
        data.extend_from_slice(&self.publish_time.to_le_bytes());
        data
    }

    pub fn from_bytes(data: &[u8]) -> Result<Publish, PublisherError> {
        let (&tag, rest) = data
            .split_first()
            .ok_or(PublisherError::InvalidInstruction)?;
        if tag != PUBLISH_TAG || rest.len() != PUBLISH_LEN.saturating_sub(1) {
            return Err(PublisherError::InvalidInstruction);
        }
        let mut reader = Reader(rest);
        Ok(Publish {
            feed_id: reader.take()?,
            price: i64::from_le_bytes(reader.take()?),
            conf: u64::from_le_bytes(reader.take()?),
            expo: i32::from_le_bytes(reader.take()?),
            ema_price: i64::from_le_bytes(reader.take()?),
            ema_conf: u64::from_le_bytes(reader.take()?),
            publish_time: i64::from_le_bytes(reader.take()?),
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], PublisherError> {
        let (head, tail) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(PublisherError::InvalidInstruction)?;
        self.0 = tail;
        Ok(*head)
    }
}

/// Whether `program_id` writes legacy-format accounts.
pub fn is_legacy(program_id: &Pubkey) -> bool {
    *program_id == LEGACY_ORACLE_ID
}

/// The seeds of a feed's account: the push oracle's shard-0 seeds, or `["legacy", feed]`.
pub fn price_account_seeds<'a>(program_id: &Pubkey, feed_id: &'a [u8; 32]) -> [&'a [u8]; 2] {
    const SHARD_ZERO: [u8; 2] = 0u16.to_le_bytes();
    if is_legacy(program_id) {
        [b"legacy", feed_id]
    } else {
        [&SHARD_ZERO, feed_id]
    }
}

/// The feed's account under `program_id` and its bump.
pub fn price_account(program_id: &Pubkey, feed_id: &[u8; 32]) -> (Pubkey, u8) {
    Pubkey::find_program_address(&price_account_seeds(program_id, feed_id), program_id)
}

/// `Publish` sent to the publisher running as `program_id`, signed by `authority`
/// (which pays for the account the first time).
pub fn publish(program_id: &Pubkey, authority: &Pubkey, publish: &Publish) -> Instruction {
    Instruction {
        program_id: *program_id,
        accounts: vec![
            AccountMeta::new(*authority, true),
            AccountMeta::new(price_account(program_id, &publish.feed_id).0, false),
            AccountMeta::new_readonly(system_program::ID, false),
        ],
        data: publish.to_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Publish {
        Publish {
            feed_id: [7; 32],
            price: -12_345,
            conf: 67,
            expo: -8,
            ema_price: 12_000,
            ema_conf: 70,
            publish_time: 1_767_225_600,
        }
    }

    #[test]
    fn publish_round_trips() {
        let bytes = sample().to_bytes();
        assert_eq!(bytes.len(), PUBLISH_LEN);
        assert_eq!(Publish::from_bytes(&bytes), Ok(sample()));
    }

    #[test]
    fn malformed_publish_is_refused() {
        let bytes = sample().to_bytes();
        let short = bytes.get(..PUBLISH_LEN - 1).unwrap_or_default();
        assert_eq!(
            Publish::from_bytes(short),
            Err(PublisherError::InvalidInstruction)
        );
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            Publish::from_bytes(&long),
            Err(PublisherError::InvalidInstruction)
        );
        let mut wrong_tag = bytes;
        wrong_tag[0] = 1;
        assert_eq!(
            Publish::from_bytes(&wrong_tag),
            Err(PublisherError::InvalidInstruction)
        );
        assert_eq!(
            Publish::from_bytes(&[]),
            Err(PublisherError::InvalidInstruction)
        );
    }

    /// Under the push oracle, a feed's account is where Pyth's sponsored feed lives on
    /// devnet and mainnet-beta: SOL/USD's, as migrations/devnet.json names it.
    #[test]
    fn push_oracle_address_is_the_sponsored_feed_address() {
        let feed = <[u8; 32]>::try_from(
            (0..32)
                .map(|i| {
                    u8::from_str_radix(
                        &"ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d"
                            [i * 2..i * 2 + 2],
                        16,
                    )
                    .unwrap_or_default()
                })
                .collect::<Vec<u8>>(),
        )
        .unwrap_or_default();
        assert_eq!(
            price_account(&PUSH_ORACLE_ID, &feed).0.to_string(),
            "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE"
        );
    }
}
