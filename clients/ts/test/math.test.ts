// Unit tests of the helpers around the ported math: error classes, input checks, and
// the worked examples of lever-math's own unit tests, readable by a person.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  DivisionByZeroError,
  LeverMathError,
  MathOverflowError,
  PriceOutOfRangeError,
  U128_MAX,
  divRound,
  healthReport,
  liquidationMark,
  liquidationPrice,
  mulDiv,
  planLiquidation,
  previewLiquidation,
  toInternalPrice,
  type PositionSnapshot,
} from "../src/index.js";

const long = (size: bigint, entry: bigint, collateral: bigint): PositionSnapshot => ({
  side: "long",
  size,
  entryPrice: entry,
  collateral,
  accruedFees: 0n,
});

const PARAMS = { mmrBps: 500, penaltyBps: 100, bufferBps: 100, minPositionNotional: 10_000_000n };

test("divisions round as asked and fail with named errors", () => {
  assert.equal(divRound(7n, 2n, "down"), 3n);
  assert.equal(divRound(7n, 2n, "up"), 4n);
  assert.equal(divRound(8n, 2n, "up"), 4n);
  assert.equal(mulDiv(U128_MAX, U128_MAX, U128_MAX, "down"), U128_MAX);
  assert.throws(() => divRound(1n, 0n, "down"), DivisionByZeroError);
  assert.throws(() => mulDiv(U128_MAX, 2n, 1n, "down"), MathOverflowError);
  assert.throws(
    () => mulDiv(U128_MAX, U128_MAX, U128_MAX - 1n, "down"),
    (e: unknown) =>
      e instanceof LeverMathError &&
      e.name === "MathOverflowError" &&
      e.kind === "Overflow" &&
      e.programErrorName === "MathOverflow",
  );
  assert.throws(
    () => toInternalPrice(1n, -20, { collateral: 6, base: 9 }, "down"),
    (e: unknown) => e instanceof PriceOutOfRangeError && e.programErrorName === "OraclePriceOutOfRange",
  );
});

test("inputs outside their Rust types are refused before any math", () => {
  const pos = long(1n << 64n, 1n, 0n);
  assert.throws(() => healthReport(pos, 1n, PARAMS), RangeError);
  assert.throws(() => healthReport(long(1n, 1n, -1n), 1n, PARAMS), RangeError);
  assert.throws(() => healthReport(long(1n, 1n, 1n), 1n, { ...PARAMS, mmrBps: 1.5 }), TypeError);
  assert.throws(() => healthReport(long(1n, 1n, 1n), 1n, { ...PARAMS, mmrBps: 70_000 }), RangeError);
  assert.throws(
    () => healthReport({ ...long(1n, 1n, 1n), size: 5 as unknown as bigint }, 1n, PARAMS),
    TypeError,
  );
});

test("worked example of lever-math: 10 SOL long at $150 with $150 of collateral", () => {
  const pos = long(10_000_000_000n, 150_000_000_000n, 150_000_000n);
  // Healthy at $145: equity 100, margin ratio 100 / 1450 = 689 bps.
  const healthy = healthReport(pos, 145_000_000_000n, PARAMS);
  assert.equal(healthy.equity, 100_000_000n);
  assert.equal(healthy.marginRatioBps, 689n);
  assert.equal(healthy.liquidatable, false);
  // At $137: E = 20 < MM = 68.5, a partial liquidation a few atoms above the closed
  // form's 9.080291971 SOL, with a penalty of about 12.44.
  const plan = planLiquidation(pos, 137_000_000_000n, PARAMS);
  assert.ok(plan !== null && plan.kind === "partial");
  assert.ok(plan.closedSize >= 9_080_291_971n && plan.closedSize - 9_080_291_971n <= 4n * 146n);
  assert.ok(plan.fee >= 12_440_000n && plan.fee < 12_441_000n);
  // At $130 it is underwater: full, no penalty, 50 of bad debt.
  const full = planLiquidation(pos, 130_000_000_000n, PARAMS);
  assert.ok(full !== null && full.kind === "full");
  assert.deepEqual([full.equity, full.fee, full.badDebt], [-50_000_000n, 0n, 50_000_000n]);
  // The bankrupt keeper fee comes from the insurance fund left after covering the debt,
  // then from the pool.
  const preview = previewLiquidation(pos, 130_000_000_000n, PARAMS, {
    keeperShareBps: 5_000,
    insuranceFund: 60_000_000n,
    poolLiquidity: 0n,
    bankruptKeeperFee: 15_000_000n,
  });
  assert.ok(preview !== null);
  assert.equal(preview.badDebtFromInsurance, 50_000_000n);
  assert.equal(preview.bankruptFeeFromInsurance, 10_000_000n);
  assert.equal(preview.bankruptFeeFromPool, 5_000_000n);
});

test("liquidation prices of lever-math's unit tests", () => {
  const pos = long(5_000_000_000n, 150_000_000_000n, 75_000_000n);
  assert.equal(liquidationPrice(pos, 500), 142_105_263_790n);
  assert.equal(liquidationPrice({ ...pos, side: "short" }, 500), 157_142_856_571n);
  assert.equal(liquidationPrice(long(5_000_000_000n, 150_000_000_000n, 750_000_003n), 500), null);
  assert.throws(() => liquidationPrice(pos, 10_000), DivisionByZeroError);
});

test("the mark is clamped into the EMA band, edges rounded against the holder", () => {
  const quote = (price: bigint) => ({
    price,
    conf: 0n,
    emaPrice: 15_000_000_000n,
    expo: -8,
    publishTime: 0n,
  });
  const sol = { collateral: 6, base: 9 };
  assert.equal(liquidationMark(quote(10_000_000_000n), 500, "long", sol), 142_500_000_000n);
  assert.equal(liquidationMark(quote(20_000_000_000n), 500, "short", sol), 157_500_000_000n);
  assert.equal(liquidationMark(quote(15_200_000_000n), 500, "long", sol), 152_000_000_000n);
  const q = { price: 1n, conf: 0n, emaPrice: 101n, expo: -12, publishTime: 0n };
  const dec = { collateral: 12, base: 12 };
  assert.deepEqual([liquidationMark(q, 500, "long", dec), liquidationMark(q, 500, "short", dec)], [95n, 96n]);
});
