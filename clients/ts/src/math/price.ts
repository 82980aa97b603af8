/**
 * Oracle prices: conversion to internal prices, the risk price, the liquidation mark and
 * the exit price, mirroring crates/lever-math/src/price.rs.
 *
 * An internal price is a bigint: collateral atoms per base atom, scaled by 1e12.
 */
import {
  assertI32,
  assertI64,
  assertU16,
  assertU32,
  assertU64,
  assertU8,
  divRound,
  max,
  min,
  mulDiv,
  saturatingSubI64,
  U128_MAX,
  U64_MAX,
  type Rounding,
} from "./checked.js";
import { BPS_DENOMINATOR, PRICE_PRECISION_EXP } from "./constants.js";
import { PriceOutOfRangeError } from "./errors.js";

/** Direction of a position (`lever_math::Side`). */
export type Side = "long" | "short";

/** Decimal places of the two tokens a market relates (`MarketDecimals`). */
export interface MarketDecimals {
  collateral: number;
  base: number;
}

/** One oracle read (`OracleQuote`): Pyth mantissas sharing the exponent `expo`. */
export interface OracleQuote {
  /** Aggregate price mantissa (i64). */
  price: bigint;
  /** Confidence interval mantissa (u64). */
  conf: bigint;
  /** EMA price mantissa (i64). */
  emaPrice: bigint;
  /** Decimal exponent of the three mantissas (i32). */
  expo: number;
  /** Unix time the price was published (i64). */
  publishTime: bigint;
}

/** The rounding worst for a holder of `side` when valuing (`Side::adverse_rounding`). */
export function adverseRounding(side: Side): Rounding {
  return side === "long" ? "down" : "up";
}

/** The rounding worst for a holder of `side` when entering (`Side::entry_rounding`). */
export function entryRounding(side: Side): Rounding {
  return side === "long" ? "up" : "down";
}

/** Of two prices, the one worse for a holder of `side` (`Side::worse_of`; long: lower). */
export function worseOf(side: Side, a: bigint, b: bigint): bigint {
  return side === "long" ? min(a, b) : max(a, b);
}

/** Of two prices, the one better for a holder of `side` (`Side::better_of`). */
export function betterOf(side: Side, a: bigint, b: bigint): bigint {
  return side === "long" ? max(a, b) : min(a, b);
}

function checkDecimals(decimals: MarketDecimals): void {
  assertU8("decimals.collateral", decimals.collateral);
  assertU8("decimals.base", decimals.base);
}

function checkQuoteInput(quote: OracleQuote): void {
  assertI64("quote.price", quote.price);
  assertU64("quote.conf", quote.conf);
  assertI64("quote.emaPrice", quote.emaPrice);
  assertI32("quote.expo", quote.expo);
  assertI64("quote.publishTime", quote.publishTime);
}

function checkSide(side: Side): void {
  if (side !== "long" && side !== "short") {
    throw new TypeError(`side must be "long" or "short", got ${String(side)}`);
  }
}

/**
 * `mantissa * 10^(expo + collateral_decimals - base_decimals + 12)`, rounded as asked
 * when the exponent is negative. Mirrors `lever_math::price::to_internal_price`; throws
 * `PriceOutOfRangeError` when the result is zero or above `u64::MAX`.
 */
export function toInternalPrice(
  mantissa: bigint,
  expo: number,
  decimals: MarketDecimals,
  rounding: Rounding,
): bigint {
  assertU64("mantissa", mantissa);
  assertI32("expo", expo);
  checkDecimals(decimals);
  const shift =
    BigInt(expo) + BigInt(decimals.collateral) - BigInt(decimals.base) + BigInt(PRICE_PRECISION_EXP);
  const magnitude = shift < 0n ? -shift : shift;
  // 10^38 is the largest power of ten in a u128 (`checked_pow`).
  if (magnitude > 38n) {
    throw new PriceOutOfRangeError();
  }
  const power = 10n ** magnitude;
  let value: bigint;
  if (shift >= 0n) {
    value = mantissa * power;
    if (value > U128_MAX) {
      throw new PriceOutOfRangeError();
    }
  } else {
    value = divRound(mantissa, power, rounding);
  }
  if (value === 0n || value > U64_MAX) {
    throw new PriceOutOfRangeError();
  }
  return value;
}

/** A non-negative i64 mantissa as u64 (`positive_mantissa`). */
function positiveMantissa(value: bigint): bigint {
  if (value < 0n) {
    throw new PriceOutOfRangeError();
  }
  return value;
}

/**
 * The risk price for a trader's own actions (open, increase, withdraw collateral): the
 * edge of [p - c, p + c] worst for the position, rounded against the trader. Mirrors
 * `lever_math::price::risk_price`.
 */
export function riskPrice(quote: OracleQuote, side: Side, decimals: MarketDecimals): bigint {
  checkQuoteInput(quote);
  checkSide(side);
  const price = positiveMantissa(quote.price);
  let edge: bigint;
  if (side === "long") {
    if (quote.conf > price) {
      throw new PriceOutOfRangeError();
    }
    edge = price - quote.conf;
  } else {
    edge = price + quote.conf;
  }
  if (edge > U64_MAX) {
    throw new PriceOutOfRangeError();
  }
  return toInternalPrice(edge, quote.expo, decimals, adverseRounding(side));
}

/**
 * The entry price of an open: p rounded against the trader (up for a long, down for a
 * short). Mirrors `lever_math::price::entry_price`.
 */
export function entryPrice(quote: OracleQuote, side: Side, decimals: MarketDecimals): bigint {
  checkQuoteInput(quote);
  checkSide(side);
  return toInternalPrice(positiveMantissa(quote.price), quote.expo, decimals, entryRounding(side));
}

/**
 * p as a value a trader receives (rounded against the trader): the spot leg of
 * {@link exitPrice}. Mirrors `lever_math::price::execution_price`.
 */
export function executionPrice(quote: OracleQuote, side: Side, decimals: MarketDecimals): bigint {
  checkQuoteInput(quote);
  checkSide(side);
  return toInternalPrice(
    positiveMantissa(quote.price),
    quote.expo,
    decimals,
    adverseRounding(side),
  );
}

/**
 * The liquidation mark: p clamped into [e (1 - band), e (1 + band)], band edges and
 * conversion rounded against the holder. Health and liquidation use this price. Mirrors
 * `lever_math::price::liquidation_mark`.
 */
export function liquidationMark(
  quote: OracleQuote,
  bandBps: number,
  side: Side,
  decimals: MarketDecimals,
): bigint {
  checkQuoteInput(quote);
  checkSide(side);
  const band = assertU16("bandBps", bandBps);
  const rounding = adverseRounding(side);
  const price = positiveMantissa(quote.price);
  const ema = positiveMantissa(quote.emaPrice);
  if (band > BPS_DENOMINATOR) {
    throw new PriceOutOfRangeError();
  }
  const lower = mulDiv(ema, BPS_DENOMINATOR - band, BPS_DENOMINATOR, rounding);
  const upper = mulDiv(ema, BPS_DENOMINATOR + band, BPS_DENOMINATOR, rounding);
  const low = min(lower, upper);
  const clamped = price < low ? low : price > upper ? upper : price;
  if (clamped > U64_MAX) {
    throw new PriceOutOfRangeError();
  }
  return toInternalPrice(clamped, quote.expo, decimals, rounding);
}

/**
 * The price a voluntary reduce or close settles at: the worse for the trader of p and
 * the liquidation mark (long: lower, short: higher), as the program does. Mirrors
 * `lever_math::price::exit_price`.
 */
export function exitPrice(
  quote: OracleQuote,
  bandBps: number,
  side: Side,
  decimals: MarketDecimals,
): bigint {
  const spot = executionPrice(quote, side, decimals);
  const mark = liquidationMark(quote, bandBps, side, decimals);
  return worseOf(side, spot, mark);
}

/** Why an oracle read may not be used (`lever_math::price::OracleRejection`). */
export type OracleRejection =
  | "NonPositivePrice"
  | "NonPositiveEma"
  | "Stale"
  | "ConfidenceTooWide"
  | "TooOldForTrade"
  | "TooOldForLiquidation";

/** What a price read is for; each use has its own maximum age (`PriceUse`). */
export type PriceUse = "view" | "trade" | "liquidation";

/** A market's freshness and certainty limits (`OracleLimits`, from its parameters). */
export interface OracleLimits {
  maxStalenessSecs: number;
  maxConfBps: number;
  maxTradePriceAgeSecs: number;
  maxLiquidationPriceAgeSecs: number;
}

/**
 * Checks an oracle read against a market's limits for `usage` at unix time `now`;
 * returns the rejection, or `null` when the read is usable. A publish time in the
 * future counts as age zero. Mirrors `lever_math::price::check_quote` (the program also
 * checks the account's owner and feed, which this cannot see).
 */
export function checkQuote(
  quote: OracleQuote,
  now: bigint,
  limits: OracleLimits,
  usage: PriceUse,
): OracleRejection | null {
  checkQuoteInput(quote);
  assertI64("now", now);
  const staleness = assertU32("limits.maxStalenessSecs", limits.maxStalenessSecs);
  const maxConf = assertU16("limits.maxConfBps", limits.maxConfBps);
  const tradeAge = assertU32("limits.maxTradePriceAgeSecs", limits.maxTradePriceAgeSecs);
  const liquidationAge = assertU32(
    "limits.maxLiquidationPriceAgeSecs",
    limits.maxLiquidationPriceAgeSecs,
  );
  if (quote.price <= 0n) {
    return "NonPositivePrice";
  }
  if (quote.emaPrice <= 0n) {
    return "NonPositiveEma";
  }
  const age = saturatingSubI64(now, quote.publishTime);
  if (age > staleness) {
    return "Stale";
  }
  if (usage === "trade" && age > tradeAge) {
    return "TooOldForTrade";
  }
  if (usage === "liquidation" && age > liquidationAge) {
    return "TooOldForLiquidation";
  }
  if (quote.conf * BPS_DENOMINATOR > maxConf * quote.price) {
    return "ConfidenceTooWide";
  }
  return null;
}
