//! Turns either Pyth format into one validated price (`ValidatedPrice`).
//!
//! Checks, each with its own error, in this order: owner program, feed binding,
//! decodable data, verification level (pull) or Trading status (legacy), then the
//! market's limits via `lever_math::price::check_quote`: p > 0, e > 0, age <=
//! max_staleness, c / p <= max_conf.

mod legacy;
mod pull;

use anchor_lang::prelude::*;
use lever_math::price::{
    check_quote, execution_price, liquidation_mark, risk_price, OracleRejection,
};
use lever_math::{OracleQuote, Price};

use crate::error::{LeverError, OrLever};
use crate::state::{Market, OracleSource, Side};

/// A price read that passed every check, with its provenance for events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidatedPrice {
    pub quote: OracleQuote,
    /// Pull: the feed id; legacy: the price account's address.
    pub feed_id: [u8; 32],
}

/// Reads and validates the market's oracle at `now`.
pub fn read_price(market: &Market, oracle: &AccountInfo, now: i64) -> Result<ValidatedPrice> {
    let data = oracle.try_borrow_data()?;
    validate_price(market, oracle.key, oracle.owner, &data, now)
}

/// The same checks on an account given as (key, owner, data): what `read_price` runs
/// on-chain and what the client runs off-chain on a fetched account.
pub fn validate_price(
    market: &Market,
    key: &Pubkey,
    owner: &Pubkey,
    data: &[u8],
    now: i64,
) -> Result<ValidatedPrice> {
    let quote = match market.oracle_source {
        OracleSource::PythPull => pull::decode(owner, data, &market.oracle_feed)?,
        OracleSource::PythLegacy => legacy::decode(key, owner, data, &market.oracle_feed)?,
    };
    check_quote(&quote, now, market.params.oracle_limits()).map_err(|rejection| {
        error!(match rejection {
            OracleRejection::NonPositivePrice => LeverError::OracleNonPositivePrice,
            OracleRejection::NonPositiveEma => LeverError::OracleNonPositiveEma,
            OracleRejection::Stale => LeverError::OracleStale,
            OracleRejection::ConfidenceTooWide => LeverError::OracleConfidenceTooWide,
        })
    })?;
    // Within the staleness window several verified updates may exist; accepting only
    // ones at least as new as the last used keeps callers from choosing among them.
    require!(
        quote.publish_time >= market.last_price_publish_time,
        LeverError::OraclePriceOlderThanLastUsed
    );
    Ok(ValidatedPrice {
        quote,
        feed_id: market.oracle_feed,
    })
}

/// What every instruction that uses a price does first: brings the borrow index up to
/// `now`, reads and validates the oracle, and records the price's publish time.
pub fn refresh(market: &mut Market, oracle: &AccountInfo, now: i64) -> Result<ValidatedPrice> {
    market.accrue_borrow_fees(now)?;
    let price = read_price(market, oracle, now)?;
    market.last_price_publish_time = price.quote.publish_time;
    Ok(price)
}

impl ValidatedPrice {
    /// Risk price for a trader's own action on `side` (open, withdraw).
    pub fn risk_price(&self, market: &Market, side: Side) -> Result<Price> {
        risk_price(&self.quote, side.into(), market.decimals()).or_lever()
    }

    /// Execution price of an owner's open, reduce or close on `side`.
    pub fn execution_price(&self, market: &Market, side: Side) -> Result<Price> {
        execution_price(&self.quote, side.into(), market.decimals()).or_lever()
    }

    /// Liquidation mark for `side`: spot clamped into the EMA band.
    pub fn liquidation_mark(&self, market: &Market, side: Side) -> Result<Price> {
        liquidation_mark(
            &self.quote,
            market.params.ema_band_bps,
            side.into(),
            market.decimals(),
        )
        .or_lever()
    }
}
