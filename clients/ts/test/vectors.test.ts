// The shared vectors: every output lever-math computed for thousands of seeded random
// and hand-picked cases (crates/lever-math/tests/ts_vectors.rs), reproduced here to the
// atom, errors included.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  accrueBorrowIndex,
  accruedBorrowFee,
  checkQuote,
  computePositionHealth,
  entryPrice,
  executionPrice,
  exitPrice,
  healthReport,
  liquidationMark,
  meetsInitialMargin,
  meetsInitialMarginWithoutProfit,
  previewLiquidation,
  projectedBorrowIndex,
  riskPrice,
  toInternalPrice,
  type LiquidationParams,
  type LiquidationPreview,
  type MarketDecimals,
  type OracleQuote,
  type PositionSnapshot,
  type Side,
} from "../src/index.js";
import { check, type Expected } from "./helpers.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const FILE = new URL("../../test/vectors/health.json", import.meta.url);
const vectors: Json = JSON.parse(readFileSync(FILE, "utf8"));

const quoteOf = (q: Json): OracleQuote => ({
  price: BigInt(q.price),
  conf: BigInt(q.conf),
  emaPrice: BigInt(q.emaPrice),
  expo: q.expo,
  publishTime: BigInt(q.publishTime),
});

const decimalsOf = (o: Json): MarketDecimals => ({
  collateral: o.collateralDecimals,
  base: o.baseDecimals,
});

const paramsOf = (p: Json): LiquidationParams => ({
  mmrBps: p.mmrBps,
  penaltyBps: p.penaltyBps,
  bufferBps: p.bufferBps,
  minPositionNotional: BigInt(p.minPositionNotional),
});

const positionOf = (p: Json): PositionSnapshot => ({
  side: p.side as Side,
  size: BigInt(p.size),
  entryPrice: BigInt(p.entryPrice),
  collateral: BigInt(p.collateral),
  accruedFees: BigInt(p.accruedFees),
});

/** Runs `body` on each case and fails with the first mismatches, by case index. */
function runGroup(name: string, body: (input: Json, out: Json) => Array<[string, string | null]>) {
  const cases: Json[] = vectors[name];
  const failures: string[] = [];
  let outputs = 0;
  cases.forEach((c, index) => {
    for (const [field, mismatch] of body(c.in, c.out)) {
      outputs += 1;
      if (mismatch !== null) {
        failures.push(`${name}[${index}].${field}${c.in.note ? ` (${c.in.note})` : ""}: ${mismatch}`);
      }
    }
  });
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} mismatches`);
  return { cases: cases.length, outputs };
}

test("the vectors file is complete", () => {
  assert.equal(vectors.generator, "crates/lever-math/tests/ts_vectors.rs");
  // A truncated or emptied file must not pass silently.
  assert.ok(vectors.prices.length >= 1_000, "prices");
  assert.ok(vectors.fees.length >= 1_000, "fees");
  assert.ok(vectors.positions.length >= 2_000, "positions");
  assert.ok(vectors.accounts.length >= 450, "accounts");
});

test("prices: conversion, risk price, entry, execution, liquidation mark, exit", () => {
  const { outputs } = runGroup("prices", (input, out) => {
    const quote = quoteOf(input.quote);
    const decimals = decimalsOf(input);
    const mantissa = BigInt(input.mantissa);
    const results: Array<[string, string | null]> = [
      ["internalDown", check(out.internalDown, () => toInternalPrice(mantissa, quote.expo, decimals, "down"))],
      ["internalUp", check(out.internalUp, () => toInternalPrice(mantissa, quote.expo, decimals, "up"))],
    ];
    for (const side of ["long", "short"] as const) {
      results.push(
        [`${side}Risk`, check(out[`${side}Risk`], () => riskPrice(quote, side, decimals))],
        [`${side}Entry`, check(out[`${side}Entry`], () => entryPrice(quote, side, decimals))],
        [`${side}Execution`, check(out[`${side}Execution`], () => executionPrice(quote, side, decimals))],
        [`${side}Mark`, check(out[`${side}Mark`], () => liquidationMark(quote, input.bandBps, side, decimals))],
        [`${side}Exit`, check(out[`${side}Exit`], () => exitPrice(quote, input.bandBps, side, decimals))],
      );
    }
    return results;
  });
  assert.equal(outputs, vectors.prices.length * 12);
});

test("fees: borrow index accrual, accrued fee, the program's projection", () => {
  runGroup("fees", (input, out) => {
    const index = BigInt(input.index);
    const elapsed = BigInt(input.elapsedSecs);
    const rate: number = input.rateBpsPerHour;
    return [
      ["index", check(out.index, () => accrueBorrowIndex(index, rate, elapsed))],
      [
        "fee",
        check(out.fee, () =>
          accruedBorrowFee(
            BigInt(input.entryNotional),
            BigInt(input.indexAtOpen),
            accrueBorrowIndex(index, rate, elapsed),
          ),
        ),
      ],
      [
        "projectedIndex",
        check(out.projectedIndex, () =>
          projectedBorrowIndex(index, rate, BigInt(input.updatedAt), BigInt(input.now)),
        ),
      ],
    ];
  });
});

/** The preview fields the vectors carry, and the others checked against the plan. */
function previewFields(preview: LiquidationPreview | null, position: PositionSnapshot): unknown {
  if (preview === null) {
    return null;
  }
  const { plan } = preview;
  const partial = plan.kind === "partial";
  // Fields the vectors leave out because they restate the plan: derived here.
  assert.equal(preview.partial, partial);
  assert.equal(preview.penalty, plan.fee);
  assert.equal(preview.closedSize, partial ? plan.closedSize : position.size);
  assert.equal(preview.remainingSize, partial ? plan.remainingSize : 0n);
  assert.equal(preview.badDebt, partial ? 0n : plan.badDebt);
  assert.equal(preview.ownerPayout, partial ? 0n : plan.ownerPayout);
  assert.equal(preview.keeperReward + preview.insuranceFee, preview.penalty);
  return {
    plan,
    equityAfter: preview.equityAfter,
    keeperReward: preview.keeperReward,
    insuranceFee: preview.insuranceFee,
    badDebtFromInsurance: preview.badDebtFromInsurance,
    badDebtSocialized: preview.badDebtSocialized,
    bankruptKeeperFee: preview.bankruptKeeperFee,
    bankruptFeeFromInsurance: preview.bankruptFeeFromInsurance,
    bankruptFeeFromPool: preview.bankruptFeeFromPool,
  };
}

test("positions: health report, initial margin, liquidation plan and money flow", () => {
  let partial = 0;
  let full = 0;
  runGroup("positions", (input, out) => {
    const position = positionOf(input.position);
    const mark = BigInt(input.mark);
    const risk = BigInt(input.riskPrice);
    const params = paramsOf(input.params);
    const buckets = {
      keeperShareBps: input.keeperShareBps,
      insuranceFund: BigInt(input.insuranceFund),
      poolLiquidity: BigInt(input.poolLiquidity),
      bankruptKeeperFee: BigInt(input.bankruptKeeperFee),
    };
    if (out.liquidation?.plan?.kind === "partial") partial += 1;
    if (out.liquidation?.plan?.kind === "full") full += 1;
    return [
      ["report", check(out.report, () => healthReport(position, mark, params))],
      ["meetsInitialMargin", check(out.meetsInitialMargin, () => meetsInitialMargin(position, risk, input.imrBps))],
      [
        "meetsInitialMarginWithoutProfit",
        check(out.meetsInitialMarginWithoutProfit, () =>
          meetsInitialMarginWithoutProfit(position, risk, input.imrBps),
        ),
      ],
      [
        "liquidation",
        check(
          out.liquidation as Expected,
          () => previewLiquidation(position, mark, params, buckets),
          (preview: LiquidationPreview | null) => previewFields(preview, position),
        ),
      ],
    ];
  });
  // Both kinds of plan are exercised, not only healthy positions.
  assert.ok(partial >= 100 && full >= 100, `partial ${partial}, full ${full}`);
});

test("accounts: position_health from market, position and quote; exit price; quote checks", () => {
  runGroup("accounts", (input, out) => {
    const m = input.market;
    const market = {
      borrowIndex: BigInt(m.borrowIndex),
      borrowIndexUpdatedAt: BigInt(m.borrowIndexUpdatedAt),
      borrowRateBpsPerHour: m.borrowRateBpsPerHour,
      emaBandBps: m.emaBandBps,
      decimals: decimalsOf(m),
      params: paramsOf(m.params),
    };
    const p = input.position;
    const position = {
      side: p.side as Side,
      size: BigInt(p.size),
      entryPrice: BigInt(p.entryPrice),
      collateral: BigInt(p.collateral),
      borrowIndexSnapshot: BigInt(p.borrowIndexSnapshot),
    };
    const quote = quoteOf(input.quote);
    const now = BigInt(input.now);
    const limits = {
      maxStalenessSecs: m.maxStalenessSecs,
      maxConfBps: m.maxConfBps,
      maxTradePriceAgeSecs: m.maxTradePriceAgeSecs,
      maxLiquidationPriceAgeSecs: m.maxLiquidationPriceAgeSecs,
    };
    return [
      ["health", check(out.health, () => computePositionHealth(market, position, quote, now))],
      ["exitPrice", check(out.exitPrice, () => exitPrice(quote, market.emaBandBps, position.side, market.decimals))],
      [
        "quoteCheck",
        check(out.quoteCheck, () =>
          (["view", "trade", "liquidation"] as const).map((usage) => checkQuote(quote, now, limits, usage)),
        ),
      ],
    ];
  });
});
