//! Oracle prices: validation, conversion to internal prices, the risk price and the
//! liquidation mark.
//!
//! An oracle read (Pyth, either format) gives price p, confidence c, EMA price e and an
//! exponent, all in Pyth's (mantissa, expo) form. Internally a [`Price`] is collateral
//! atoms per base atom, scaled by [`PRICE_PRECISION`].

use crate::checked::{div_round, mul_div, Rounding};
use crate::constants::{BPS_DENOMINATOR, PRICE_PRECISION_EXP};
use crate::error::{MathError, MathResult};

/// Direction of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Long,
    Short,
}

impl Side {
    /// The rounding that is worst for a holder of this side when valuing at a price:
    /// a long loses when the price is low, a short when it is high.
    pub fn adverse_rounding(self) -> Rounding {
        match self {
            Side::Long => Rounding::Down,
            Side::Short => Rounding::Up,
        }
    }

    /// The rounding that is worst for a holder of this side when entering at a price:
    /// a long pays more the higher its entry, a short the lower.
    pub fn entry_rounding(self) -> Rounding {
        match self {
            Side::Long => Rounding::Up,
            Side::Short => Rounding::Down,
        }
    }

    /// Of two prices, the one worse for a holder of this side (long: lower).
    pub fn worse_of(self, a: Price, b: Price) -> Price {
        match self {
            Side::Long => a.min(b),
            Side::Short => a.max(b),
        }
    }

    /// Of two prices, the one better for a holder of this side (long: higher).
    pub fn better_of(self, a: Price, b: Price) -> Price {
        match self {
            Side::Long => a.max(b),
            Side::Short => a.min(b),
        }
    }
}

/// An internal price: collateral atoms per base atom, scaled by 1e12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Price(pub u128);

impl Price {
    /// The raw scaled value.
    pub fn raw(self) -> u128 {
        self.0
    }
}

/// Decimal places of the two tokens a market relates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarketDecimals {
    pub collateral: u8,
    pub base: u8,
}

/// One oracle read, already checked to come from the right account and feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OracleQuote {
    /// Aggregate price mantissa.
    pub price: i64,
    /// Confidence interval mantissa (same exponent).
    pub conf: u64,
    /// EMA price mantissa (same exponent).
    pub ema_price: i64,
    /// Decimal exponent of the three mantissas.
    pub expo: i32,
    /// Unix time the price was published.
    pub publish_time: i64,
}

/// Why an oracle read may not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OracleRejection {
    /// p <= 0.
    NonPositivePrice,
    /// e <= 0.
    NonPositiveEma,
    /// now - t > max_staleness.
    Stale,
    /// c / p > max_conf.
    ConfidenceTooWide,
    /// Fresh enough for the market, too old for a trade (`max_trade_price_age_secs`).
    TooOldForTrade,
    /// Fresh enough for the market, too old for a liquidation.
    TooOldForLiquidation,
}

/// Freshness and certainty limits of a market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OracleLimits {
    /// Oldest price any instruction accepts (views, market creation).
    pub max_staleness_secs: u32,
    pub max_conf_bps: u16,
    /// Oldest price a trader's or LP's action executes at.
    pub max_trade_age_secs: u32,
    /// Oldest price a liquidation executes at.
    pub max_liquidation_age_secs: u32,
}

/// What a price read is for: each use has its own maximum age (per-action validity,
/// as Drift classifies oracle reads). Several verified updates of one feed can exist
/// at once and anyone can post them; a tight age per action bounds which of them a
/// caller can choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceUse {
    /// Read-only views and market creation: `max_staleness_secs`.
    View,
    /// Opens, reduces, closes, collateral withdrawals, LP deposits and withdrawals.
    Trade,
    /// Liquidations.
    Liquidation,
}

impl OracleLimits {
    /// The oldest accepted price for `usage`, and the rejection past it.
    fn max_age(&self, usage: PriceUse) -> (u32, OracleRejection) {
        match usage {
            PriceUse::View => (self.max_staleness_secs, OracleRejection::Stale),
            PriceUse::Trade => (self.max_trade_age_secs, OracleRejection::TooOldForTrade),
            PriceUse::Liquidation => (
                self.max_liquidation_age_secs,
                OracleRejection::TooOldForLiquidation,
            ),
        }
    }
}

/// Checks an oracle read against the market's limits for `usage`. A publish time in
/// the future (clock skew between Pythnet and Solana) counts as age zero. A price past
/// `max_staleness_secs` is `Stale` whatever the use; a younger one past the use's own
/// limit gets that use's rejection.
pub fn check_quote(
    quote: &OracleQuote,
    now: i64,
    limits: OracleLimits,
    usage: PriceUse,
) -> Result<(), OracleRejection> {
    if quote.price <= 0 {
        return Err(OracleRejection::NonPositivePrice);
    }
    if quote.ema_price <= 0 {
        return Err(OracleRejection::NonPositiveEma);
    }
    let age = now.saturating_sub(quote.publish_time);
    if age > i64::from(limits.max_staleness_secs) {
        return Err(OracleRejection::Stale);
    }
    let (max_age, too_old) = limits.max_age(usage);
    if age > i64::from(max_age) {
        return Err(too_old);
    }
    // c / p > max_conf_bps / 10_000  <=>  c * 10_000 > max_conf_bps * p  (exact in u128)
    // Both products are of a u64 and a value below 2^16: they cannot saturate.
    let conf_scaled = u128::from(quote.conf).saturating_mul(BPS_DENOMINATOR);
    let limit_scaled =
        u128::from(limits.max_conf_bps).saturating_mul(u128::from(quote.price.unsigned_abs()));
    if conf_scaled > limit_scaled {
        return Err(OracleRejection::ConfidenceTooWide);
    }
    Ok(())
}

/// Converts a positive Pyth mantissa to an internal price:
/// `mantissa * 10^(expo + collateral_decimals - base_decimals + 12)`, rounded as asked
/// when the exponent is negative. Fails when the result is zero or above `u64::MAX`.
pub fn to_internal_price(
    mantissa: u64,
    expo: i32,
    decimals: MarketDecimals,
    rounding: Rounding,
) -> MathResult<Price> {
    // An i32 plus three small terms cannot leave the i64 range.
    let shift = i64::from(expo)
        .saturating_add(i64::from(decimals.collateral))
        .saturating_sub(i64::from(decimals.base))
        .saturating_add(i64::from(PRICE_PRECISION_EXP));
    let magnitude = u32::try_from(shift.unsigned_abs()).map_err(|_| MathError::PriceOutOfRange)?;
    let power = 10u128
        .checked_pow(magnitude)
        .ok_or(MathError::PriceOutOfRange)?;
    let value = if shift >= 0 {
        u128::from(mantissa)
            .checked_mul(power)
            .ok_or(MathError::PriceOutOfRange)?
    } else {
        div_round(u128::from(mantissa), power, rounding)?
    };
    if value == 0 || value > u128::from(u64::MAX) {
        return Err(MathError::PriceOutOfRange);
    }
    Ok(Price(value))
}

fn positive_mantissa(value: i64) -> MathResult<u64> {
    u64::try_from(value).map_err(|_| MathError::PriceOutOfRange)
}

/// The risk price for a trader's own actions (open, withdraw collateral): the edge of
/// [p - c, p + c] worst for the position (long: p - c, short: p + c), rounded against
/// the trader.
pub fn risk_price(quote: &OracleQuote, side: Side, decimals: MarketDecimals) -> MathResult<Price> {
    let price = u128::from(positive_mantissa(quote.price)?);
    let conf = u128::from(quote.conf);
    let edge = match side {
        Side::Long => price.checked_sub(conf).ok_or(MathError::PriceOutOfRange)?,
        Side::Short => price.checked_add(conf).ok_or(MathError::Overflow)?,
    };
    let edge = u64::try_from(edge).map_err(|_| MathError::PriceOutOfRange)?;
    to_internal_price(edge, quote.expo, decimals, side.adverse_rounding())
}

/// Smallest internal price a market may start at: one unit of rounding is then at most
/// one millionth of the price. Coarser (a large `base_decimals` against a small price
/// exponent) and the rounding of every entry and exit is a visible cost to traders.
pub const MIN_FAIR_INTERNAL_PRICE: u128 = 1_000_000;

/// True when `price` is fine-grained enough for fair rounding (see
/// [`MIN_FAIR_INTERNAL_PRICE`]).
pub fn has_fair_quantum(price: Price) -> bool {
    price.raw() >= MIN_FAIR_INTERNAL_PRICE
}

/// The entry price of a trader's open: the oracle price p, rounded against the trader
/// (up for a long, down for a short).
pub fn entry_price(quote: &OracleQuote, side: Side, decimals: MarketDecimals) -> MathResult<Price> {
    to_internal_price(
        positive_mantissa(quote.price)?,
        quote.expo,
        decimals,
        side.entry_rounding(),
    )
}

/// The exit price of a trader's voluntary reduce or close: the worse for the trader of
/// p and the liquidation mark (long: min, short: max). A trader holding both sides
/// while spot wicks outside the EMA band would otherwise take the winning leg's profit
/// at spot while the losing leg stays "healthy" at the clamped mark.
pub fn exit_price(
    quote: &OracleQuote,
    band_bps: u16,
    side: Side,
    decimals: MarketDecimals,
) -> MathResult<Price> {
    let spot = execution_price(quote, side, decimals)?;
    let mark = liquidation_mark(quote, band_bps, side, decimals)?;
    Ok(side.worse_of(spot, mark))
}

/// The oracle price p converted as a value a trader receives (rounded against the
/// trader): the spot leg of [`exit_price`] and the reference of utilization checks.
pub fn execution_price(
    quote: &OracleQuote,
    side: Side,
    decimals: MarketDecimals,
) -> MathResult<Price> {
    to_internal_price(
        positive_mantissa(quote.price)?,
        quote.expo,
        decimals,
        side.adverse_rounding(),
    )
}

/// The liquidation mark: p clamped into [e (1 - band), e (1 + band)], so that a wick
/// away from the EMA cannot liquidate by itself while a lasting move drags e along.
/// Band edges and the conversion round against the position's holder.
pub fn liquidation_mark(
    quote: &OracleQuote,
    band_bps: u16,
    side: Side,
    decimals: MarketDecimals,
) -> MathResult<Price> {
    let rounding = side.adverse_rounding();
    let price = u128::from(positive_mantissa(quote.price)?);
    let ema = u128::from(positive_mantissa(quote.ema_price)?);
    let band = u128::from(band_bps);
    let lower_factor = BPS_DENOMINATOR
        .checked_sub(band)
        .ok_or(MathError::PriceOutOfRange)?;
    let upper_factor = BPS_DENOMINATOR
        .checked_add(band)
        .ok_or(MathError::Overflow)?;
    let lower = mul_div(ema, lower_factor, BPS_DENOMINATOR, rounding)?;
    let upper = mul_div(ema, upper_factor, BPS_DENOMINATOR, rounding)?;
    let clamped = price.clamp(lower.min(upper), upper);
    let clamped = u64::try_from(clamped).map_err(|_| MathError::PriceOutOfRange)?;
    to_internal_price(clamped, quote.expo, decimals, rounding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOL_USDC: MarketDecimals = MarketDecimals {
        collateral: 6,
        base: 9,
    };

    fn quote(price: i64, conf: u64, ema: i64) -> OracleQuote {
        OracleQuote {
            price,
            conf,
            ema_price: ema,
            expo: -8,
            publish_time: 1_000,
        }
    }

    const LIMITS: OracleLimits = OracleLimits {
        max_staleness_secs: 60,
        max_conf_bps: 200,
        max_trade_age_secs: 10,
        max_liquidation_age_secs: 5,
    };

    #[test]
    fn sol_at_150_dollars_is_015_atoms_per_lamport() {
        // $150 with expo -8 -> 0.15 collateral atoms per base atom -> 0.15e12.
        let price = to_internal_price(15_000_000_000, -8, SOL_USDC, Rounding::Down).unwrap();
        assert_eq!(price, Price(150_000_000_000));
    }

    #[test]
    fn negative_shift_rounds_as_asked() {
        // expo -12, base 9, collateral 6: shift = -3.
        let down = to_internal_price(1_234_567, -12, SOL_USDC, Rounding::Down).unwrap();
        let up = to_internal_price(1_234_567, -12, SOL_USDC, Rounding::Up).unwrap();
        assert_eq!((down, up), (Price(1_234), Price(1_235)));
    }

    #[test]
    fn prices_outside_the_internal_range_are_refused() {
        assert_eq!(
            to_internal_price(1, -20, SOL_USDC, Rounding::Down),
            Err(MathError::PriceOutOfRange)
        );
        assert_eq!(
            to_internal_price(u64::MAX, 0, SOL_USDC, Rounding::Down),
            Err(MathError::PriceOutOfRange)
        );
        assert_eq!(
            to_internal_price(1, i32::MAX, SOL_USDC, Rounding::Down),
            Err(MathError::PriceOutOfRange)
        );
    }

    fn check_quote_view(
        q: &OracleQuote,
        now: i64,
        limits: OracleLimits,
    ) -> Result<(), OracleRejection> {
        check_quote(q, now, limits, PriceUse::View)
    }

    #[test]
    fn each_use_has_its_own_maximum_age() {
        let q = quote(100, 0, 100);
        // Published at 1_000: 10 s old is fine for a trade, 11 s is not.
        assert_eq!(check_quote(&q, 1_010, LIMITS, PriceUse::Trade), Ok(()));
        assert_eq!(
            check_quote(&q, 1_011, LIMITS, PriceUse::Trade),
            Err(OracleRejection::TooOldForTrade)
        );
        assert_eq!(
            check_quote(&q, 1_005, LIMITS, PriceUse::Liquidation),
            Ok(())
        );
        assert_eq!(
            check_quote(&q, 1_006, LIMITS, PriceUse::Liquidation),
            Err(OracleRejection::TooOldForLiquidation)
        );
        // Past the market's staleness every use reports Stale.
        for usage in [PriceUse::View, PriceUse::Trade, PriceUse::Liquidation] {
            assert_eq!(
                check_quote(&q, 1_061, LIMITS, usage),
                Err(OracleRejection::Stale)
            );
        }
    }

    #[test]
    fn entry_rounds_against_the_trader_when_the_shift_is_negative() {
        // 11 base decimals, expo -8: shift -1, so $150.00000005 is 1_500_000_000.5.
        let dec = MarketDecimals {
            collateral: 6,
            base: 11,
        };
        let q = quote(15_000_000_005, 0, 15_000_000_005);
        assert_eq!(entry_price(&q, Side::Long, dec), Ok(Price(1_500_000_001)));
        assert_eq!(entry_price(&q, Side::Short, dec), Ok(Price(1_500_000_000)));
        // Exits round the other way: the long receives less, the short pays more.
        assert_eq!(
            execution_price(&q, Side::Long, dec),
            Ok(Price(1_500_000_000))
        );
        assert_eq!(
            execution_price(&q, Side::Short, dec),
            Ok(Price(1_500_000_001))
        );
    }

    #[test]
    fn coarse_price_quanta_are_unfair() {
        let dec = MarketDecimals {
            collateral: 6,
            base: 18,
        };
        // $150 against 18 base decimals: 150 internal units, a 0.7 % quantum.
        let coarse = execution_price(&quote(15_000_000_000, 0, 15_000_000_000), Side::Long, dec);
        assert_eq!(coarse, Ok(Price(150)));
        assert!(!has_fair_quantum(Price(150)));
        assert!(has_fair_quantum(Price(MIN_FAIR_INTERNAL_PRICE)));
    }

    #[test]
    fn exit_is_the_worse_of_spot_and_mark() {
        // Spot wicks to $120 under an EMA of $150 with a 5 % band: mark $142.50.
        let q = quote(12_000_000_000, 0, 15_000_000_000);
        assert_eq!(
            exit_price(&q, 500, Side::Long, SOL_USDC),
            Ok(Price(120_000_000_000))
        );
        assert_eq!(
            exit_price(&q, 500, Side::Short, SOL_USDC),
            Ok(Price(142_500_000_000))
        );
        // Inside the band spot and mark agree.
        let calm = quote(14_900_000_000, 0, 15_000_000_000);
        assert_eq!(
            exit_price(&calm, 500, Side::Long, SOL_USDC),
            Ok(Price(149_000_000_000))
        );
    }

    #[test]
    fn check_quote_classifies_each_rejection() {
        assert_eq!(check_quote_view(&quote(100, 1, 100), 1_000, LIMITS), Ok(()));
        assert_eq!(
            check_quote_view(&quote(0, 0, 100), 1_000, LIMITS),
            Err(OracleRejection::NonPositivePrice)
        );
        assert_eq!(
            check_quote_view(&quote(-5, 0, 100), 1_000, LIMITS),
            Err(OracleRejection::NonPositivePrice)
        );
        assert_eq!(
            check_quote_view(&quote(100, 0, 0), 1_000, LIMITS),
            Err(OracleRejection::NonPositiveEma)
        );
        assert_eq!(check_quote_view(&quote(100, 0, 100), 1_060, LIMITS), Ok(()));
        assert_eq!(
            check_quote_view(&quote(100, 0, 100), 1_061, LIMITS),
            Err(OracleRejection::Stale)
        );
        // Exactly 2 % confidence passes, one unit more does not.
        assert_eq!(
            check_quote_view(&quote(10_000, 200, 10_000), 1_000, LIMITS),
            Ok(())
        );
        assert_eq!(
            check_quote_view(&quote(10_000, 201, 10_000), 1_000, LIMITS),
            Err(OracleRejection::ConfidenceTooWide)
        );
        // A publish time ahead of the clock is age zero, not an error.
        assert_eq!(check_quote_view(&quote(100, 0, 100), 900, LIMITS), Ok(()));
    }

    #[test]
    fn risk_price_takes_the_worse_edge_of_the_confidence_interval() {
        let q = quote(15_000_000_000, 10_000_000, 15_000_000_000);
        assert_eq!(
            risk_price(&q, Side::Long, SOL_USDC).unwrap(),
            Price(149_900_000_000)
        );
        assert_eq!(
            risk_price(&q, Side::Short, SOL_USDC).unwrap(),
            Price(150_100_000_000)
        );
    }

    #[test]
    fn mark_is_spot_inside_the_band_and_clamped_outside() {
        let band = 500; // 5 %
        let inside = quote(15_200_000_000, 0, 15_000_000_000);
        assert_eq!(
            liquidation_mark(&inside, band, Side::Long, SOL_USDC).unwrap(),
            Price(152_000_000_000)
        );
        let wick_down = quote(10_000_000_000, 0, 15_000_000_000);
        assert_eq!(
            liquidation_mark(&wick_down, band, Side::Long, SOL_USDC).unwrap(),
            Price(142_500_000_000)
        );
        let wick_up = quote(20_000_000_000, 0, 15_000_000_000);
        assert_eq!(
            liquidation_mark(&wick_up, band, Side::Short, SOL_USDC).unwrap(),
            Price(157_500_000_000)
        );
    }

    #[test]
    fn band_edges_round_against_the_holder() {
        // e = 101, band 5 %: lower edge 95.95 -> long sees 95, short sees 96.
        let q = quote(1, 0, 101);
        let dec = MarketDecimals {
            collateral: 12,
            base: 12,
        };
        let long = liquidation_mark(&OracleQuote { expo: -12, ..q }, 500, Side::Long, dec).unwrap();
        let short =
            liquidation_mark(&OracleQuote { expo: -12, ..q }, 500, Side::Short, dec).unwrap();
        assert_eq!((long, short), (Price(95), Price(96)));
    }
}
