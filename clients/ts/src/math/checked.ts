/**
 * Checked integer arithmetic with explicit rounding, mirroring
 * crates/lever-math/src/checked.rs. JavaScript bigints do not overflow, so each result
 * is checked against the Rust type's range instead, and the same error is thrown where
 * lever-math returns one.
 */
import { DivisionByZeroError, MathOverflowError } from "./errors.js";

/** Which way a division rounds (`lever_math::Rounding`). */
export type Rounding = "down" | "up";

export const U8_MAX = 0xffn;
export const U16_MAX = 0xffffn;
export const U32_MAX = 0xffff_ffffn;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;
export const I32_MIN = -(1n << 31n);
export const I32_MAX = (1n << 31n) - 1n;
export const I64_MIN = -(1n << 63n);
export const I64_MAX = (1n << 63n) - 1n;
export const I128_MIN = -(1n << 127n);
export const I128_MAX = (1n << 127n) - 1n;

/** `value` if it lies in `[min, max]`, else `MathError::Overflow` (a checked op failed). */
export function checkedRange(value: bigint, min: bigint, max: bigint): bigint {
  if (value < min || value > max) {
    throw new MathOverflowError();
  }
  return value;
}

/** A u64 result, or `Overflow` (checked add/sub/mul on u64, `to_u64`). */
export const u64 = (value: bigint): bigint => checkedRange(value, 0n, U64_MAX);
/** A u128 result, or `Overflow`. */
export const u128 = (value: bigint): bigint => checkedRange(value, 0n, U128_MAX);
/** An i128 result, or `Overflow` (checked i128 ops, `to_i128`). */
export const i128 = (value: bigint): bigint => checkedRange(value, I128_MIN, I128_MAX);

/** `a / d`, rounded as asked (`checked::div_round`). */
export function divRound(a: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) {
    throw new DivisionByZeroError();
  }
  const quotient = a / d;
  if (rounding === "up" && quotient * d !== a) {
    return u128(quotient + 1n);
  }
  return quotient;
}

/**
 * `a * b / d`, rounded as asked, the product exact (`checked::mul_div`, which finishes
 * wide products in 256 bits): fails only when the quotient exceeds u128.
 */
export function mulDiv(a: bigint, b: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) {
    throw new DivisionByZeroError();
  }
  const product = a * b;
  const quotient = u128(product / d);
  if (rounding === "up" && quotient * d !== product) {
    return u128(quotient + 1n);
  }
  return quotient;
}

/** Checked u128 -> u64 (`checked::to_u64`). */
export const toU64 = u64;
/** Checked u128 -> i128 (`checked::to_i128`). */
export const toI128 = i128;

/** Of two bigints, the smaller. */
export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
/** Of two bigints, the larger. */
export const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
/** Rust's `saturating_sub` on an i64. */
export const saturatingSubI64 = (a: bigint, b: bigint): bigint =>
  max(I64_MIN, min(I64_MAX, a - b));
/** |value|. */
export const abs = (value: bigint): bigint => (value < 0n ? -value : value);

/**
 * Checks that a caller's input has its Rust type's range; a `RangeError` (not a math
 * error: lever-math could not even be called with it) names the argument otherwise.
 */
export function assertInt(name: string, value: bigint, min: bigint, max: bigint): bigint {
  if (typeof value !== "bigint") {
    throw new TypeError(`${name} must be a bigint, got ${typeof value}`);
  }
  if (value < min || value > max) {
    throw new RangeError(`${name} = ${value} is outside [${min}, ${max}]`);
  }
  return value;
}

/** A small integer input given as a JS number (bps, decimals, exponents), as a bigint. */
export function assertSmall(name: string, value: number, min: bigint, max: bigint): bigint {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer number, got ${String(value)}`);
  }
  return assertInt(name, BigInt(value), min, max);
}

export const assertU64 = (name: string, v: bigint): bigint => assertInt(name, v, 0n, U64_MAX);
export const assertU128 = (name: string, v: bigint): bigint => assertInt(name, v, 0n, U128_MAX);
export const assertI64 = (name: string, v: bigint): bigint => assertInt(name, v, I64_MIN, I64_MAX);
export const assertI128 = (name: string, v: bigint): bigint =>
  assertInt(name, v, I128_MIN, I128_MAX);
export const assertU8 = (name: string, v: number): bigint => assertSmall(name, v, 0n, U8_MAX);
export const assertU16 = (name: string, v: number): bigint => assertSmall(name, v, 0n, U16_MAX);
export const assertU32 = (name: string, v: number): bigint => assertSmall(name, v, 0n, U32_MAX);
export const assertI32 = (name: string, v: number): bigint =>
  assertSmall(name, v, I32_MIN, I32_MAX);
