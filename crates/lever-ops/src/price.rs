//! Prices on a local validator: `lever price set` through the test-only Pyth publisher
//! (programs/pyth-publisher), which localnet loads at the Pyth programs' addresses.
//! Devnet and mainnet have Pyth's own programs there, which refuse these instructions.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use lever_pyth_publisher::instruction::{
    price_account, publish, Publish, LEGACY_ORACLE_ID, PUSH_ORACLE_ID, RECEIVER_ID,
};

/// Which Pyth program's accounts to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PriceFormat {
    /// A sponsored feed: `PriceUpdateV2` owned by the push oracle, at the address the
    /// feed has on devnet and mainnet-beta.
    #[default]
    Push,
    /// A `PriceUpdateV2` owned by the pull receiver.
    Receiver,
    /// A legacy price account.
    Legacy,
}

impl PriceFormat {
    pub const ALL: [PriceFormat; 3] = [
        PriceFormat::Push,
        PriceFormat::Receiver,
        PriceFormat::Legacy,
    ];

    pub fn program_id(self) -> Pubkey {
        match self {
            PriceFormat::Push => PUSH_ORACLE_ID,
            PriceFormat::Receiver => RECEIVER_ID,
            PriceFormat::Legacy => LEGACY_ORACLE_ID,
        }
    }

    /// The feed's price account in this format.
    pub fn account(self, feed_id: &[u8; 32]) -> Pubkey {
        price_account(&self.program_id(), feed_id).0
    }
}

/// Why a price or feed argument was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceInputError(pub String);

impl std::fmt::Display for PriceInputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PriceInputError {}

/// A feed id: 64 hex digits, with or without `0x` (Pyth's notation).
pub fn parse_feed_id(text: &str) -> Result<[u8; 32], PriceInputError> {
    let hex = text.strip_prefix("0x").unwrap_or(text);
    let refuse = || PriceInputError(format!("{text:?} is not a feed id (64 hex digits)"));
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(refuse());
    }
    let mut feed = [0u8; 32];
    for (byte, pair) in feed.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| refuse())?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| refuse())?;
    }
    Ok(feed)
}

/// A decimal such as `152.37` as a mantissa at exponent `expo` (`-8`: 15 237 000 000),
/// exactly: more fractional digits than the exponent keeps is refused, not rounded.
pub fn parse_decimal(text: &str, expo: i32) -> Result<i64, PriceInputError> {
    let refuse = |why: &str| PriceInputError(format!("{text:?}: {why}"));
    if !(-18..=0).contains(&expo) {
        return Err(refuse("the exponent must be between -18 and 0"));
    }
    let places = usize::try_from(expo.unsigned_abs()).map_err(|_| refuse("bad exponent"))?;
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(refuse("not a decimal number"));
    }
    if fraction.len() > places {
        return Err(refuse(&format!(
            "more than {places} decimal places at exponent {expo}"
        )));
    }
    let mantissa = format!("{whole}{fraction:0<places$}");
    let magnitude: i64 = mantissa
        .parse()
        .map_err(|_| refuse("out of range for a Pyth price"))?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Whether `rpc_url` is one of Solana's public clusters, where the Pyth addresses hold
/// Pyth's own programs and `lever price set` must not be tried.
pub fn is_public_cluster(rpc_url: &str) -> bool {
    ["devnet", "testnet", "mainnet-beta"].iter().any(|moniker| {
        crate::cluster::rpc_url(moniker).is_ok_and(|public| rpc_url.trim_end_matches('/') == public)
    })
}

/// What `lever price set` publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceUpdate {
    pub format: PriceFormat,
    pub publish: Publish,
}

impl PriceUpdate {
    /// The publisher's instruction, signed by `authority` (the feed's first publisher).
    pub fn instruction(&self, authority: &Pubkey) -> Instruction {
        publish(&self.format.program_id(), authority, &self.publish)
    }

    /// The account it writes.
    pub fn account(&self) -> Pubkey {
        self.format.account(&self.publish.feed_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact_at_the_exponent() {
        assert_eq!(parse_decimal("152.37", -8), Ok(15_237_000_000));
        assert_eq!(parse_decimal("150", -8), Ok(15_000_000_000));
        assert_eq!(parse_decimal("0.00000001", -8), Ok(1));
        assert_eq!(parse_decimal("-3.5", -2), Ok(-350));
        assert_eq!(parse_decimal("7", 0), Ok(7));
        for bad in ["", ".5", "1.2.3", "1e5", "abc", "+1", "1,5", "--1"] {
            assert!(parse_decimal(bad, -8).is_err(), "{bad:?} accepted");
        }
        assert!(parse_decimal("0.000000001", -8).is_err(), "rounded");
        assert!(parse_decimal("100000000000", -8).is_err(), "overflow");
        assert!(parse_decimal("1", 3).is_err());
        assert!(parse_decimal("1", -19).is_err());
    }

    #[test]
    fn feed_ids_are_64_hex_digits() {
        let sol = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";
        let parsed = parse_feed_id(sol).unwrap();
        assert_eq!(parsed[0], 0xef);
        assert_eq!(parsed[31], 0x6d);
        assert_eq!(parse_feed_id(&format!("0x{sol}")), Ok(parsed));
        assert!(parse_feed_id(&sol[1..]).is_err());
        assert!(parse_feed_id(&format!("{}zz", &sol[2..])).is_err());
        assert!(parse_feed_id(&format!("{}é", &sol[2..])).is_err());
    }

    #[test]
    fn public_clusters_are_recognized() {
        assert!(is_public_cluster("https://api.devnet.solana.com"));
        assert!(is_public_cluster("https://api.mainnet-beta.solana.com/"));
        assert!(!is_public_cluster("http://127.0.0.1:8899"));
        assert!(!is_public_cluster("http://validator.internal:8899"));
    }

    #[test]
    fn push_feeds_sit_at_their_devnet_addresses() {
        let sol = parse_feed_id("ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d")
            .unwrap();
        assert_eq!(
            PriceFormat::Push.account(&sol).to_string(),
            "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE"
        );
        assert_ne!(
            PriceFormat::Receiver.account(&sol),
            PriceFormat::Push.account(&sol)
        );
        assert_ne!(
            PriceFormat::Legacy.account(&sol),
            PriceFormat::Push.account(&sol)
        );
    }
}
