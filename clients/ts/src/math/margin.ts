/**
 * Margin of one position, mirroring crates/lever-math/src/margin.rs.
 *
 * For size s (base atoms), entry price x, mark P (internal prices):
 * notional N = s P; PnL = s (P - x) long, s (x - P) short; equity E = collateral + PnL -
 * accrued fees; IM = imr N; MM = mmr N. PnL is floored (a gain rounds down, a loss up in
 * size), notional and requirements are ceiled.
 */
import {
  abs,
  assertU128,
  assertU16,
  assertU64,
  i128,
  mulDiv,
  toI128,
  u128,
  type Rounding,
} from "./checked.js";
import { BPS_DENOMINATOR, LIQUIDATION_PRICE_SLACK_ATOMS, PRICE_PRECISION } from "./constants.js";
import { MathOverflowError } from "./errors.js";
import type { Side } from "./price.js";

/** What the margin math needs to know about a position (`PositionSnapshot`). */
export interface PositionSnapshot {
  side: Side;
  /** Base atoms (u64). */
  size: bigint;
  /** Internal price (1e12-scaled collateral atoms per base atom). */
  entryPrice: bigint;
  /** Collateral atoms credited to the position (u64). */
  collateral: bigint;
  /** Borrow fees accrued and not yet settled, collateral atoms (u64). */
  accruedFees: bigint;
}

/** Notional, PnL and equity of a position at one price (`MarginState`). */
export interface MarginState {
  /** N at the price, ceiled. */
  notional: bigint;
  pnl: bigint;
  /** E = collateral + PnL - accrued fees. */
  equity: bigint;
}

/** Validates a snapshot's fields against their Rust types. */
export function checkPosition(position: PositionSnapshot): void {
  if (position.side !== "long" && position.side !== "short") {
    throw new TypeError(`position.side must be "long" or "short"`);
  }
  assertU64("position.size", position.size);
  assertU128("position.entryPrice", position.entryPrice);
  assertU64("position.collateral", position.collateral);
  assertU64("position.accruedFees", position.accruedFees);
}

/** `s * P / 1e12` in collateral atoms, rounded as asked. Mirrors `margin::notional`. */
export function notional(size: bigint, price: bigint, rounding: Rounding): bigint {
  assertU64("size", size);
  assertU128("price", price);
  return mulDiv(size, price, PRICE_PRECISION, rounding);
}

/**
 * PnL of `size` base atoms entered at `entry` and valued at `mark`, floored (a loss is
 * rounded up in size). Mirrors `margin::pnl`.
 */
export function pnl(side: Side, size: bigint, entry: bigint, mark: bigint): bigint {
  assertU64("size", size);
  assertU128("entry", entry);
  assertU128("mark", mark);
  const gains = side === "long" ? mark >= entry : entry >= mark;
  const distance = abs(mark - entry);
  const magnitude = toI128(mulDiv(size, distance, PRICE_PRECISION, gains ? "down" : "up"));
  return gains ? magnitude : -magnitude;
}

/** `ratio_bps * N / 10_000`, ceiled. Mirrors `margin::requirement`. */
export function requirement(notionalValue: bigint, ratioBps: number): bigint {
  assertU128("notional", notionalValue);
  return mulDiv(notionalValue, assertU16("ratioBps", ratioBps), BPS_DENOMINATOR, "up");
}

/** A fee of `rateBps` on a notional, ceiled. Mirrors `margin::bps_fee`. */
export function bpsFee(notionalValue: bigint, rateBps: number): bigint {
  return requirement(notionalValue, rateBps);
}

/** Notional, PnL and equity at `price`. Mirrors `PositionSnapshot::margin_at`. */
export function marginAt(position: PositionSnapshot, price: bigint): MarginState {
  checkPosition(position);
  const n = notional(position.size, price, "up");
  const p = pnl(position.side, position.size, position.entryPrice, price);
  const equity = i128(i128(position.collateral + p) - position.accruedFees);
  return { notional: n, pnl: p, equity };
}

/** E >= IM at `riskPrice`: the check for open and increase. Mirrors `meets_initial_margin`. */
export function meetsInitialMargin(
  position: PositionSnapshot,
  riskPrice: bigint,
  imrBps: number,
): boolean {
  const state = marginAt(position, riskPrice);
  return state.equity >= toI128(requirement(state.notional, imrBps));
}

/**
 * E >= IM at `riskPrice` with a gain counted as zero: the check for a collateral
 * withdrawal. Mirrors `PositionSnapshot::meets_initial_margin_without_profit`.
 */
export function meetsInitialMarginWithoutProfit(
  position: PositionSnapshot,
  riskPrice: bigint,
  imrBps: number,
): boolean {
  const state = marginAt(position, riskPrice);
  const equity = i128(state.equity - (state.pnl > 0n ? state.pnl : 0n));
  return equity >= toI128(requirement(state.notional, imrBps));
}

/** E < MM at `mark`. Mirrors `PositionSnapshot::is_liquidatable`. */
export function isLiquidatable(position: PositionSnapshot, mark: bigint, mmrBps: number): boolean {
  const state = marginAt(position, mark);
  return state.equity < toI128(requirement(state.notional, mmrBps));
}

/** The entry notional `s x`, ceiled: the borrow fee's base. Mirrors `entry_notional`. */
export function entryNotional(position: PositionSnapshot): bigint {
  checkPosition(position);
  return notional(position.size, position.entryPrice, "up");
}

/**
 * The mark at which E = MM, or `null` when no positive price makes the position
 * liquidatable. Conservative: taken with {@link LIQUIDATION_PRICE_SLACK_ATOMS} less
 * cushion, rounded up for a long and down for a short, so the position is healthy at
 * any mark above (long) or below (short) it. Mirrors
 * `PositionSnapshot::liquidation_price`.
 *
 * Long:  P = (s x - (C - F)) / (s (1 - mmr)); short: P = (s x + (C - F)) / (s (1 + mmr)).
 */
export function liquidationPrice(position: PositionSnapshot, mmrBps: number): bigint | null {
  checkPosition(position);
  const mmr = assertU16("mmrBps", mmrBps);
  if (position.size === 0n) {
    return null;
  }
  const size = position.size;
  const entryValue = u128(size * position.entryPrice);
  const cushion = i128(position.collateral - position.accruedFees - LIQUIDATION_PRICE_SLACK_ATOMS);
  const cushionScaled = i128(cushion * PRICE_PRECISION);
  let numerator: bigint;
  let factor: bigint;
  let rounding: Rounding;
  if (position.side === "long") {
    numerator = i128(toI128(entryValue) - cushionScaled);
    if (mmr > BPS_DENOMINATOR) {
      throw new MathOverflowError();
    }
    factor = BPS_DENOMINATOR - mmr;
    rounding = "up";
  } else {
    numerator = i128(toI128(entryValue) + cushionScaled);
    factor = BPS_DENOMINATOR + mmr;
    rounding = "down";
  }
  if (numerator <= 0n) {
    return null;
  }
  const denominator = u128(size * factor);
  const price = mulDiv(numerator, BPS_DENOMINATOR, denominator, rounding);
  return price > 0n ? price : null;
}

/** Floors a signed amount at zero (`margin::positive_part`). */
export function positivePart(value: bigint): bigint {
  return value > 0n ? value : 0n;
}
