/**
 * Borrow fees: a cumulative per-market index, mirroring crates/lever-math/src/fees.rs.
 *
 * index(t1) = index(t0) + rate_bps_per_hour / 10_000 / 3_600 * (t1 - t0), scaled by 1e18;
 * a position owes `entry_notional * (index_now - index_at_open)`. Both round up.
 */
import { assertU128, assertU32, assertU64, mulDiv, toU64, u128 } from "./checked.js";
import { BORROW_INDEX_PRECISION, BPS_DENOMINATOR, SECONDS_PER_HOUR } from "./constants.js";

/** The index after `elapsedSecs` at `rateBpsPerHour`. Mirrors `fees::accrue_borrow_index`. */
export function accrueBorrowIndex(
  index: bigint,
  rateBpsPerHour: number,
  elapsedSecs: bigint,
): bigint {
  assertU128("index", index);
  const rate = assertU32("rateBpsPerHour", rateBpsPerHour);
  assertU64("elapsedSecs", elapsedSecs);
  if (rate === 0n || elapsedSecs === 0n) {
    return index;
  }
  const increment = mulDiv(
    rate * elapsedSecs,
    BORROW_INDEX_PRECISION,
    BPS_DENOMINATOR * SECONDS_PER_HOUR,
    "up",
  );
  return u128(index + increment);
}

/**
 * Fees a position owes: `entry_notional * (index_now - index_at_open)`, ceiled; throws
 * `MathOverflowError` when the index went backwards or the fee exceeds u64. Mirrors
 * `fees::accrued_borrow_fee`.
 */
export function accruedBorrowFee(
  entryNotional: bigint,
  indexAtOpen: bigint,
  indexNow: bigint,
): bigint {
  assertU128("entryNotional", entryNotional);
  assertU128("indexAtOpen", indexAtOpen);
  assertU128("indexNow", indexNow);
  const delta = u128(indexNow - indexAtOpen);
  return toU64(mulDiv(entryNotional, delta, BORROW_INDEX_PRECISION, "up"));
}
