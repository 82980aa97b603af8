import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { generated, LeverMathError } from "../src/index.js";

/** The program's default market parameters (`RiskParams::default()`), uncapped open interest. */
export const DEFAULT_PARAMS: generated.MarketParamsArgs = {
  minPositionNotional: 10_000_000n,
  maxOpenInterest: 18_446_744_073_709_551_615n,
  bankruptKeeperFee: 0n,
  maxStalenessSecs: 60,
  borrowRateBpsPerHour: 0,
  maxTradePriceAgeSecs: 10,
  maxLiquidationPriceAgeSecs: 10,
  minHoldSecs: 30,
  imrBps: 1_000,
  mmrBps: 500,
  liquidationPenaltyBps: 100,
  keeperShareBps: 5_000,
  liquidationBufferBps: 100,
  emaBandBps: 500,
  maxConfBps: 200,
  openFeeBps: 0,
  closeFeeBps: 0,
  maxUtilizationBps: 10_000,
};

/** A file of the repository, relative to the repository root. */
export function repoFile(path: string): URL {
  // Compiled tests run from clients/ts/build-test/test/.
  return new URL(`../../../../${path}`, import.meta.url);
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(repoFile(path), "utf8")) as T;
}

/** bigints as decimal strings, recursively: the vectors' encoding. */
export function toJson(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value.toString();
  }
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

export type Expected = unknown;

function isError(expected: Expected): expected is { error: string } {
  return (
    expected !== null &&
    typeof expected === "object" &&
    !Array.isArray(expected) &&
    Object.keys(expected).length === 1 &&
    "error" in expected
  );
}

/**
 * Runs `compute` and compares with `expected`: the same value (bigints as strings), or
 * a `LeverMathError` of the expected kind. Returns a description of the mismatch, or
 * null.
 */
export function check(
  expected: Expected,
  compute: () => unknown,
  render: (value: never) => unknown = (v) => v,
): string | null {
  let actual: unknown;
  try {
    actual = toJson(render(compute() as never));
  } catch (error) {
    if (error instanceof LeverMathError) {
      if (isError(expected) && expected.error === error.kind) {
        return null;
      }
      return `threw ${error.kind}, expected ${JSON.stringify(expected)}`;
    }
    throw error;
  }
  if (isError(expected)) {
    return `returned ${JSON.stringify(actual)}, expected error ${expected.error}`;
  }
  try {
    assert.deepStrictEqual(actual, expected);
  } catch {
    return `returned ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
  }
  return null;
}
