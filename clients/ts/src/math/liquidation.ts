/**
 * Health and liquidation sizing, mirroring crates/lever-math/src/liquidation.rs.
 *
 * With mark P, equity E, notional N, maintenance ratio mmr, penalty rate q and target
 * ratio T = mmr + buffer: liquidatable iff E < mmr N; a partial liquidation closes the
 * least dN with E - q dN >= T (N - dN), i.e. dN = (T N - E) / (T - q), in whole base
 * atoms, raised by at most {@link MAX_SIZING_STEPS} corrections for integer effects;
 * full instead when E <= 0, when the size reaches the whole position, when the
 * remainder would be below `minPositionNotional`, or when the remaining collateral could
 * not carry the settlement. Penalty = q dN, capped at the equity left.
 */
import {
  abs,
  assertU128,
  assertU16,
  assertU64,
  I64_MAX,
  i128,
  min,
  mulDiv,
  toI128,
  u128,
  U16_MAX,
  U64_MAX,
} from "./checked.js";
import { BPS_DENOMINATOR, MAX_SIZING_STEPS, PRICE_PRECISION } from "./constants.js";
import { MathOverflowError } from "./errors.js";
import {
  checkPosition,
  liquidationPrice,
  marginAt,
  requirement,
  type MarginState,
  type PositionSnapshot,
} from "./margin.js";
import {
  settleFull,
  settlePartial,
  type FullSettlement,
  type PartialSettlement,
} from "./settlement.js";

/** The market parameters liquidation uses (`LiquidationParams`). */
export interface LiquidationParams {
  mmrBps: number;
  penaltyBps: number;
  bufferBps: number;
  /** Smallest notional a partial liquidation may leave, collateral atoms (u64). */
  minPositionNotional: bigint;
}

/** What a liquidation does (`LiquidationPlan`): the settlement, tagged. */
export type LiquidationPlan =
  | ({ kind: "partial" } & PartialSettlement)
  | ({ kind: "full" } & FullSettlement);

/** The health figures of a position at the liquidation mark (`Health`). */
export interface Health {
  margin: MarginState;
  /** mmr N, ceiled. */
  maintenanceRequirement: bigint;
  liquidatable: boolean;
}

/**
 * Everything a frontend needs about a position's health at one mark: the figures the
 * program's `position_health` returns (`HealthReport`).
 */
export interface HealthReport {
  mark: bigint;
  /** N at the mark, ceiled. */
  notional: bigint;
  /** E = collateral + PnL - accrued fees. */
  equity: bigint;
  accruedFees: bigint;
  /** mmr N, ceiled. */
  maintenanceRequirement: bigint;
  /** floor(E / N) in bps (negative when underwater), saturated to the i64 range. */
  marginRatioBps: bigint;
  /**
   * The mark at which E = MM, or `null` when no positive price liquidates the position
   * (the program's `position_health` encodes `null` as 0).
   */
  liquidationPrice: bigint | null;
  liquidatable: boolean;
  /** Base atoms a liquidation now would close (0 when healthy). */
  liquidationSize: bigint;
  /** Whether that liquidation would be partial. */
  liquidationIsPartial: boolean;
}

function checkParams(params: LiquidationParams): void {
  assertU16("params.mmrBps", params.mmrBps);
  assertU16("params.penaltyBps", params.penaltyBps);
  assertU16("params.bufferBps", params.bufferBps);
  assertU64("params.minPositionNotional", params.minPositionNotional);
}

/** T = mmr + buffer in bps, checked as a u16. Mirrors `LiquidationParams::target_bps`. */
export function targetBps(params: LiquidationParams): number {
  const target = BigInt(params.mmrBps) + BigInt(params.bufferBps);
  if (target > U16_MAX) {
    throw new MathOverflowError();
  }
  return Number(target);
}

/** Health at `mark`. Mirrors `liquidation::health`. */
export function health(position: PositionSnapshot, mark: bigint, mmrBps: number): Health {
  assertU128("mark", mark);
  const margin = marginAt(position, mark);
  const maintenanceRequirement = requirement(margin.notional, mmrBps);
  const liquidatable = margin.equity < toI128(maintenanceRequirement);
  return { margin, maintenanceRequirement, liquidatable };
}

/**
 * Plans the liquidation of a position at `mark`; `null` when it is healthy. Mirrors
 * `liquidation::plan_liquidation`.
 */
export function planLiquidation(
  position: PositionSnapshot,
  mark: bigint,
  params: LiquidationParams,
): LiquidationPlan | null {
  checkParams(params);
  return planFromHealth(position, mark, params, health(position, mark, params.mmrBps));
}

/**
 * {@link planLiquidation} from an already computed `health` at `mark`. Mirrors
 * `liquidation::plan_from_health`.
 */
export function planFromHealth(
  position: PositionSnapshot,
  mark: bigint,
  params: LiquidationParams,
  h: Health,
): LiquidationPlan | null {
  checkParams(params);
  if (!h.liquidatable) {
    return null;
  }
  if (h.margin.equity > 0n) {
    const partial = planPartial(position, mark, params, h.margin);
    if (partial !== null) {
      return { kind: "partial", ...partial };
    }
  }
  return { kind: "full", ...settleFull(position, mark, params.penaltyBps) };
}

/** The least partial liquidation that restores T, or `null` for a full one (`plan_partial`). */
function planPartial(
  position: PositionSnapshot,
  mark: bigint,
  params: LiquidationParams,
  margin: MarginState,
): PartialSettlement | null {
  const target = targetBps(params);
  const gap = target - params.penaltyBps;
  if (gap <= 0) {
    throw new MathOverflowError();
  }
  let closedSize = closedFormSize(position, mark, margin.equity, target, gap);
  for (let step = 0; step < MAX_SIZING_STEPS; step += 1) {
    if (closedSize >= position.size) {
      return null;
    }
    const settlement = settlePartial(position, closedSize, mark, params.penaltyBps);
    if (settlement.newCollateral < 0n) {
      return null;
    }
    const required = toI128(requirement(settlement.remainingNotional, target));
    if (settlement.remainingEquity >= required) {
      if (settlement.remainingNotional < params.minPositionNotional) {
        return null;
      }
      return settlement;
    }
    // Close enough more to cover what is still missing, in the same units.
    const missing = u128(abs(i128(required - settlement.remainingEquity)) * BPS_DENOMINATOR);
    const extra = sizeForShortfall(missing, gap, mark);
    closedSize = min(closedSize + (extra > 1n ? extra : 1n), U64_MAX);
  }
  return null;
}

/**
 * The closed form in exact rationals, in base atoms:
 * `ds = ceil((T s P - E) / ((T - q) P))`, saturated to u64. Mirrors
 * `liquidation::closed_form_size`.
 */
export function closedFormSize(
  position: PositionSnapshot,
  mark: bigint,
  equity: bigint,
  targetBpsValue: number,
  targetMinusPenaltyBps: number,
): bigint {
  checkPosition(position);
  assertU128("mark", mark);
  const target = assertU16("targetBps", targetBpsValue);
  const gap = assertU16("targetMinusPenaltyBps", targetMinusPenaltyBps);
  const targetValue = u128(u128(position.size * mark) * target);
  const equityScaled = u128(u128(abs(equity) * BPS_DENOMINATOR) * PRICE_PRECISION);
  const numerator = targetValue > equityScaled ? targetValue - equityScaled : 0n;
  const denominator = u128(mark * gap);
  const size = mulDiv(numerator, 1n, denominator, "up");
  return min(size, U64_MAX);
}

/** ceil(shortfall / (T - q)) of notional, as ceil(dN / P) base atoms (`size_for_shortfall`). */
function sizeForShortfall(shortfallBps: bigint, gapBps: number, mark: bigint): bigint {
  const closedNotional = mulDiv(shortfallBps, 1n, BigInt(gapBps), "up");
  return min(mulDiv(closedNotional, PRICE_PRECISION, mark, "up"), U64_MAX);
}

/** floor(E * 10_000 / N), saturated to i64; 0 for a zero notional (`margin_ratio_bps`). */
export function marginRatioBps(equity: bigint, notionalValue: bigint): bigint {
  if (notionalValue === 0n) {
    return 0n;
  }
  const magnitude = mulDiv(abs(equity), BPS_DENOMINATOR, notionalValue, equity >= 0n ? "down" : "up");
  const saturated = min(magnitude, I64_MAX);
  return equity >= 0n ? saturated : -saturated;
}

/**
 * The health report of a position at `mark`: equity, maintenance requirement, margin
 * ratio, liquidation price and what a liquidation now would close. Mirrors
 * `liquidation::health_report` (what `position_health` runs on-chain).
 */
export function healthReport(
  position: PositionSnapshot,
  mark: bigint,
  params: LiquidationParams,
): HealthReport {
  checkParams(params);
  const h = health(position, mark, params.mmrBps);
  const plan = planFromHealth(position, mark, params, h);
  const liquidationSize =
    plan === null ? 0n : plan.kind === "partial" ? plan.closedSize : position.size;
  const ratio = marginRatioBps(h.margin.equity, h.margin.notional);
  return {
    mark,
    notional: h.margin.notional,
    equity: h.margin.equity,
    accruedFees: position.accruedFees,
    maintenanceRequirement: h.maintenanceRequirement,
    marginRatioBps: ratio,
    liquidationPrice: liquidationPrice(position, params.mmrBps),
    liquidatable: h.liquidatable,
    liquidationSize,
    liquidationIsPartial: plan !== null && plan.kind === "partial",
  };
}
