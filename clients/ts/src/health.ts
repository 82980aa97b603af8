/**
 * What the program composes from lever-math, for a frontend that has fetched the
 * market, the position and a price: the borrow index projected to `now`, the fees a
 * position owes, the health `position_health` returns, and the money a liquidation
 * would move. Each function names the program code it mirrors; the pieces are the
 * lever-math ports in ./math.
 */
import {
  assertI64,
  assertU128,
  assertU16,
  assertU32,
  assertU64,
  saturatingSubI64,
  u64,
} from "./math/checked.js";
import { accrueBorrowIndex, accruedBorrowFee } from "./math/fees.js";
import {
  health,
  healthReport,
  planFromHealth,
  type HealthReport,
  type LiquidationParams,
  type LiquidationPlan,
} from "./math/liquidation.js";
import { entryNotional, type PositionSnapshot } from "./math/margin.js";
import {
  liquidationMark,
  type MarketDecimals,
  type OracleQuote,
  type Side,
} from "./math/price.js";
import {
  absorbBadDebt,
  bankruptKeeperFee,
  keeperFeeTotal,
  splitPenalty,
  type BadDebtCover,
  type KeeperFeeSource,
} from "./math/settlement.js";

/** The market fields the health of a position depends on (from the `Market` account). */
export interface MarketHealthInputs {
  /** Cumulative borrow index (u128, 1e18-scaled). */
  borrowIndex: bigint;
  /** Unix time the index was last brought up to date (i64). */
  borrowIndexUpdatedAt: bigint;
  borrowRateBpsPerHour: number;
  emaBandBps: number;
  decimals: MarketDecimals;
  /** `mmr_bps`, `liquidation_penalty_bps`, `liquidation_buffer_bps`, `min_position_notional`. */
  params: LiquidationParams;
}

/** The position fields health depends on (from the `Position` account). */
export interface PositionHealthInputs {
  side: Side;
  size: bigint;
  /** Internal price. */
  entryPrice: bigint;
  collateral: bigint;
  /** The market's borrow index when fees were last settled (u128). */
  borrowIndexSnapshot: bigint;
}

/**
 * The borrow index brought up to unix time `now` (unchanged when `now` is not after the
 * last update). Mirrors the program's `Market::projected_borrow_index`, on
 * `lever_math::fees::accrue_borrow_index`.
 */
export function projectedBorrowIndex(
  borrowIndex: bigint,
  borrowRateBpsPerHour: number,
  updatedAt: bigint,
  now: bigint,
): bigint {
  assertI64("updatedAt", updatedAt);
  assertI64("now", now);
  const elapsed = saturatingSubI64(now, updatedAt);
  if (elapsed <= 0n) {
    assertU128("borrowIndex", borrowIndex);
    assertU32("borrowRateBpsPerHour", borrowRateBpsPerHour);
    return borrowIndex;
  }
  return accrueBorrowIndex(borrowIndex, borrowRateBpsPerHour, elapsed);
}

/**
 * Borrow fees a position owes at `borrowIndex`: its entry notional times the index
 * moved since its snapshot. Mirrors the program's `Position::accrued_fees`, on
 * `lever_math::fees::accrued_borrow_fee`.
 */
export function positionAccruedFees(position: PositionHealthInputs, borrowIndex: bigint): bigint {
  const bare: PositionSnapshot = {
    side: position.side,
    size: position.size,
    entryPrice: position.entryPrice,
    collateral: 0n,
    accruedFees: 0n,
  };
  return accruedBorrowFee(entryNotional(bare), position.borrowIndexSnapshot, borrowIndex);
}

/** The math view of a position with its fees accrued to `now` (`Position::snapshot`). */
export function positionSnapshot(
  market: MarketHealthInputs,
  position: PositionHealthInputs,
  now: bigint,
): PositionSnapshot {
  const index = projectedBorrowIndex(
    market.borrowIndex,
    market.borrowRateBpsPerHour,
    market.borrowIndexUpdatedAt,
    now,
  );
  return {
    side: position.side,
    size: position.size,
    entryPrice: position.entryPrice,
    collateral: position.collateral,
    accruedFees: positionAccruedFees(position, index),
  };
}

/**
 * The health `position_health` returns at unix time `now` for a validated oracle read
 * (check it first with `checkQuote(quote, now, limits, "view")`). Mirrors the program's
 * `compute_health` (programs/lever/src/instructions/position_health.rs): borrow index
 * projected to `now`, fees accrued, liquidation mark for the position's side, then
 * `lever_math::health_report`. The program returns 0 where this returns a `null`
 * liquidation price.
 */
export function computePositionHealth(
  market: MarketHealthInputs,
  position: PositionHealthInputs,
  quote: OracleQuote,
  now: bigint,
): HealthReport {
  const snapshot = positionSnapshot(market, position, now);
  const mark = liquidationMark(quote, market.emaBandBps, position.side, market.decimals);
  return healthReport(snapshot, mark, market.params);
}

/** The market's buckets and parameters a liquidation's money flow reads. */
export interface LiquidationBuckets {
  keeperShareBps: number;
  /** `Market::insurance_fund` (u64). */
  insuranceFund: bigint;
  /** `Market::pool_liquidity` (u64). */
  poolLiquidity: bigint;
  /** The market's `bankrupt_keeper_fee` parameter (u64). */
  bankruptKeeperFee: bigint;
}

/** What a liquidation now would do: the money fields of the `PositionLiquidated` record. */
export interface LiquidationPreview {
  plan: LiquidationPlan;
  partial: boolean;
  closedSize: bigint;
  remainingSize: bigint;
  equityBefore: bigint;
  /** Equity of the remainder after a partial liquidation; 0 after a full one. */
  equityAfter: bigint;
  penalty: bigint;
  keeperReward: bigint;
  insuranceFee: bigint;
  badDebt: bigint;
  badDebtFromInsurance: bigint;
  badDebtSocialized: bigint;
  ownerPayout: bigint;
  /** Paid to the keeper of a bankrupt position (E <= 0) on top of `keeperReward`. */
  bankruptKeeperFee: bigint;
  bankruptFeeFromInsurance: bigint;
  bankruptFeeFromPool: bigint;
}

/**
 * The liquidation of `position` at `mark`, or `null` when it is healthy. Mirrors the
 * money flow of the program's `liquidate` (programs/lever/src/instructions/liquidate.rs):
 * `lever_math::plan_from_health`, the penalty split by `split_penalty`, bad debt covered
 * by the insurance fund first (`absorb_bad_debt`), the insurance fee credited, then a
 * bankrupt position's keeper fee from the insurance fund and the pool as they then stand
 * (`bankrupt_keeper_fee`).
 */
export function previewLiquidation(
  position: PositionSnapshot,
  mark: bigint,
  params: LiquidationParams,
  buckets: LiquidationBuckets,
): LiquidationPreview | null {
  assertU16("keeperShareBps", buckets.keeperShareBps);
  assertU64("insuranceFund", buckets.insuranceFund);
  assertU64("poolLiquidity", buckets.poolLiquidity);
  assertU64("bankruptKeeperFee", buckets.bankruptKeeperFee);
  const h = health(position, mark, params.mmrBps);
  const plan = planFromHealth(position, mark, params, h);
  if (plan === null) {
    return null;
  }
  const penalty = plan.fee;
  const [keeperReward, insuranceFee] = splitPenalty(penalty, buckets.keeperShareBps);
  let cover: BadDebtCover = { fromInsurance: 0n, socialized: 0n };
  if (plan.kind === "full") {
    cover = absorbBadDebt(plan.badDebt, buckets.insuranceFund);
  }
  const bankrupt = plan.kind === "full" && h.margin.equity <= 0n;
  let bankruptFee: KeeperFeeSource = { fromInsurance: 0n, fromPool: 0n };
  if (bankrupt) {
    // A bankrupt position's pool delta is its whole collateral (>= 0).
    const poolDelta = u64(plan.poolDelta);
    const insurance = u64(buckets.insuranceFund - cover.fromInsurance + insuranceFee);
    const pool = u64(u64(buckets.poolLiquidity + poolDelta) + cover.fromInsurance);
    bankruptFee = bankruptKeeperFee(buckets.bankruptKeeperFee, insurance, pool);
  }
  const bankruptTotal = keeperFeeTotal(bankruptFee);
  u64(keeperReward + bankruptTotal);
  return {
    plan,
    partial: plan.kind === "partial",
    closedSize: plan.kind === "partial" ? plan.closedSize : position.size,
    remainingSize: plan.kind === "partial" ? plan.remainingSize : 0n,
    equityBefore: h.margin.equity,
    equityAfter: plan.kind === "partial" ? plan.remainingEquity : 0n,
    penalty,
    keeperReward,
    insuranceFee,
    badDebt: plan.kind === "full" ? plan.badDebt : 0n,
    badDebtFromInsurance: cover.fromInsurance,
    badDebtSocialized: cover.socialized,
    ownerPayout: plan.kind === "full" ? plan.ownerPayout : 0n,
    bankruptKeeperFee: bankruptTotal,
    bankruptFeeFromInsurance: bankruptFee.fromInsurance,
    bankruptFeeFromPool: bankruptFee.fromPool,
  };
}
