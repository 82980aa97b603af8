//! Turns either Pyth format into one validated price (`ValidatedPrice`).
//!
//! Checks, each with its own error, in this order: owner program, feed binding,
//! decodable data, verification level (pull) or Trading status (legacy), then the
//! market's limits via `lever_math::price::check_quote`: p > 0, e > 0, age <=
//! max_staleness, age <= the action's own limit (trade or liquidation), c / p <=
//! max_conf; last, the price must be no older than the newest this market has used.

pub mod legacy;
pub mod pull;

use anchor_lang::prelude::*;
use lever_math::pool::LpAction;
pub use lever_math::price::PriceUse;
use lever_math::price::{
    check_quote, entry_price, execution_price, exit_price, liquidation_mark, risk_price,
    OracleRejection,
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

/// Reads and validates the market's oracle at `now` for `usage`.
pub fn read_price(
    market: &Market,
    oracle: &AccountInfo,
    now: i64,
    usage: PriceUse,
) -> Result<ValidatedPrice> {
    let data = oracle.try_borrow_data()?;
    validate_price(market, oracle.key, oracle.owner, &data, now, usage)
}

/// The same checks on an account given as (key, owner, data): what `read_price` runs
/// on-chain and what the client runs off-chain on a fetched account.
pub fn validate_price(
    market: &Market,
    key: &Pubkey,
    owner: &Pubkey,
    data: &[u8],
    now: i64,
    usage: PriceUse,
) -> Result<ValidatedPrice> {
    let quote = match market.oracle_source()? {
        OracleSource::PythPull => pull::decode(owner, data, &market.oracle_feed)?,
        OracleSource::PythLegacy => legacy::decode(key, owner, data, &market.oracle_feed)?,
    };
    check_quote(&quote, now, market.params.oracle_limits(), usage).map_err(|rejection| {
        error!(match rejection {
            OracleRejection::NonPositivePrice => LeverError::OracleNonPositivePrice,
            OracleRejection::NonPositiveEma => LeverError::OracleNonPositiveEma,
            OracleRejection::Stale => LeverError::OracleStale,
            OracleRejection::ConfidenceTooWide => LeverError::OracleConfidenceTooWide,
            OracleRejection::TooOldForTrade => LeverError::OraclePriceTooOldForTrade,
            OracleRejection::TooOldForLiquidation => LeverError::OraclePriceTooOldForLiquidation,
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
/// `now`, reads and validates the oracle for `usage`, and records the price's publish
/// time.
pub fn refresh(
    market: &mut Market,
    oracle: &AccountInfo,
    now: i64,
    usage: PriceUse,
) -> Result<ValidatedPrice> {
    market.accrue_borrow_fees(now)?;
    crate::cu::checkpoint("refresh: borrow fees accrued");
    let price = read_price(market, oracle, now, usage)?;
    crate::cu::checkpoint("refresh: price read");
    market.last_price_publish_time = price.quote.publish_time;
    market.record_price_window(
        price.quote.price,
        price.quote.expo,
        price.quote.publish_time,
        market.params.min_hold_secs,
    );
    Ok(price)
}

impl ValidatedPrice {
    /// Risk price for a trader's own action on `side` (open, withdraw).
    pub fn risk_price(&self, market: &Market, side: Side) -> Result<Price> {
        risk_price(&self.quote, side.into(), market.decimals()).or_lever()
    }

    /// Entry price of an open on `side`: p, rounded against the trader.
    pub fn entry_price(&self, market: &Market, side: Side) -> Result<Price> {
        entry_price(&self.quote, side.into(), market.decimals()).or_lever()
    }

    /// Exit price of an owner's reduce or close on `side`: the worse of p and the
    /// liquidation mark for the trader.
    pub fn exit_price(&self, market: &Market, side: Side) -> Result<Price> {
        exit_price(
            &self.quote,
            market.params.ema_band_bps,
            side.into(),
            market.decimals(),
        )
        .or_lever()
    }

    /// p as a value received by a holder of `side` (rounded against it): the reference
    /// of utilization checks.
    pub fn execution_price(&self, market: &Market, side: Side) -> Result<Price> {
        execution_price(&self.quote, side.into(), market.decimals()).or_lever()
    }

    /// The price each side is valued at for an LP `action`, among p, the mark and the
    /// spot prices the market used in its current window (`Market::price_window_*`,
    /// which `refresh` has already extended with this price): for a withdrawal the
    /// best for that side's traders, for a deposit the worst. An LP who deposits on an
    /// older update and withdraws on a newer one is valued both times at the worse of
    /// the two. Returns (long price, short price).
    pub fn lp_prices(&self, market: &Market, action: LpAction) -> Result<(Price, Price)> {
        let window_price = |mantissa: i64, side: Side| -> Result<Price> {
            let quote = OracleQuote {
                price: mantissa,
                expo: market.price_window_expo,
                ..self.quote
            };
            execution_price(&quote, side.into(), market.decimals()).or_lever()
        };
        let price_for = |side: Side| -> Result<Price> {
            let spot = self.execution_price(market, side)?;
            let mark = self.liquidation_mark(market, side)?;
            let low = window_price(market.price_window_low, side)?;
            let high = window_price(market.price_window_high, side)?;
            let holder = lever_math::Side::from(side);
            Ok(match action {
                LpAction::Withdrawal => {
                    holder.better_of(holder.better_of(spot, mark), holder.better_of(low, high))
                }
                LpAction::Deposit => {
                    holder.worse_of(holder.worse_of(spot, mark), holder.worse_of(low, high))
                }
            })
        };
        Ok((price_for(Side::Long)?, price_for(Side::Short)?))
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
