/**
 * Settling a position against the pool, whole or in part, and the split of penalties,
 * bad debt and the bankrupt keeper fee. Mirrors crates/lever-math/src/settlement.rs.
 */
import { assertI64, assertU16, assertU32, assertU64, i128, min, mulDiv, saturatingSubI64, toU64, u64 } from "./checked.js";
import { BPS_DENOMINATOR } from "./constants.js";
import {
  bpsFee,
  checkPosition,
  marginAt,
  notional,
  pnl,
  positivePart,
  type PositionSnapshot,
} from "./margin.js";

/** The whole position settled at one price (`FullSettlement`). */
export interface FullSettlement {
  /** PnL of the whole size at the price (after `Realize`). */
  pnl: bigint;
  /** Equity before the fee. */
  equity: bigint;
  /** Notional closed, ceiled. */
  closedNotional: bigint;
  /** The fee charged (closing fee or penalty), capped at max(E, 0). */
  fee: bigint;
  /** What the owner receives: E - fee when E > 0. */
  ownerPayout: bigint;
  /** What nobody pays: -E when E < 0. */
  badDebt: bigint;
  /** What the pool receives (negative: pays) before any bad-debt cover. */
  poolDelta: bigint;
}

/** Part of a position settled at one price (`PartialSettlement`). */
export interface PartialSettlement {
  closedSize: bigint;
  remainingSize: bigint;
  /** PnL realized on the closed part. */
  realizedPnl: bigint;
  /** Notional closed, ceiled. */
  closedNotional: bigint;
  /** All accrued borrow fees, settled now. */
  feesSettled: bigint;
  /** `fee_bps * closed notional`, ceiled. */
  fee: bigint;
  /** Collateral after: C - fees + realized PnL - fee (negative: cannot carry it). */
  newCollateral: bigint;
  /** What the pool receives (negative: pays): fees - realized PnL. */
  poolDelta: bigint;
  /** Equity of what remains at the same price. */
  remainingEquity: bigint;
  /** Notional of what remains, ceiled. */
  remainingNotional: bigint;
}

/** Which part of a PnL a settlement realizes (`settlement::Realize`). */
export type Realize = "all" | "lossesOnly";

/**
 * `"lossesOnly"` when the exit price was published less than `minHoldSecs` after the
 * price the position was opened at. Mirrors `Realize::for_exit`.
 */
export function realizeForExit(
  entryPublishTime: bigint,
  exitPublishTime: bigint,
  minHoldSecs: number,
): Realize {
  assertI64("entryPublishTime", entryPublishTime);
  assertI64("exitPublishTime", exitPublishTime);
  const hold = assertU32("minHoldSecs", minHoldSecs);
  return saturatingSubI64(exitPublishTime, entryPublishTime) < hold ? "lossesOnly" : "all";
}

function applyRealize(realize: Realize, value: bigint): bigint {
  return realize === "lossesOnly" && value > 0n ? 0n : value;
}

/**
 * Settles the whole position at `price`, charging `feeBps` of the closed notional,
 * realizing what `realize` allows of the PnL. Mirrors `settlement::settle_full_realizing`
 * (`settle_full` with `"all"`).
 */
export function settleFull(
  position: PositionSnapshot,
  price: bigint,
  feeBps: number,
  realize: Realize = "all",
): FullSettlement {
  const margin = marginAt(position, price);
  const forfeited = i128(margin.pnl - applyRealize(realize, margin.pnl));
  const realizedPnl = i128(margin.pnl - forfeited);
  const equity = i128(margin.equity - forfeited);
  const nominalFee = bpsFee(margin.notional, feeBps);
  const fee = min(nominalFee, positivePart(equity));
  const collateral = position.collateral;
  let ownerPayout: bigint;
  let badDebt: bigint;
  let poolDelta: bigint;
  if (equity >= 0n) {
    ownerPayout = equity - fee;
    badDebt = 0n;
    poolDelta = i128(collateral - equity);
  } else {
    ownerPayout = 0n;
    badDebt = -equity;
    poolDelta = collateral;
  }
  return {
    pnl: realizedPnl,
    equity,
    closedNotional: margin.notional,
    fee: toU64(fee),
    ownerPayout: toU64(ownerPayout),
    badDebt: toU64(badDebt),
    poolDelta,
  };
}

/**
 * Closes `closedSize` of the position at `price` and charges `feeBps` on it; the rest
 * stays open at its entry price and is valued in full. Mirrors
 * `settlement::settle_partial_realizing` (`settle_partial` with `"all"`).
 */
export function settlePartial(
  position: PositionSnapshot,
  closedSize: bigint,
  price: bigint,
  feeBps: number,
  realize: Realize = "all",
): PartialSettlement {
  checkPosition(position);
  assertU64("closedSize", closedSize);
  const remainingSize = u64(position.size - closedSize);
  const realizedPnl = applyRealize(
    realize,
    pnl(position.side, closedSize, position.entryPrice, price),
  );
  const closedNotional = notional(closedSize, price, "up");
  const fee = toU64(bpsFee(closedNotional, feeBps));
  const newCollateral = i128(
    i128(i128(position.collateral - position.accruedFees) + realizedPnl) - fee,
  );
  const poolDelta = i128(position.accruedFees - realizedPnl);
  const remainingPnl = pnl(position.side, remainingSize, position.entryPrice, price);
  const remainingEquity = i128(newCollateral + remainingPnl);
  const remainingNotional = notional(remainingSize, price, "up");
  return {
    closedSize,
    remainingSize,
    realizedPnl,
    closedNotional,
    feesSettled: position.accruedFees,
    fee,
    newCollateral,
    poolDelta,
    remainingEquity,
    remainingNotional,
  };
}

/** How bad debt is absorbed (`BadDebtCover`). */
export interface BadDebtCover {
  fromInsurance: bigint;
  socialized: bigint;
}

/**
 * Splits `badDebt` between the insurance fund (up to its balance) and the pool.
 * Mirrors `settlement::absorb_bad_debt`.
 */
export function absorbBadDebt(badDebt: bigint, insuranceBalance: bigint): BadDebtCover {
  assertU64("badDebt", badDebt);
  assertU64("insuranceBalance", insuranceBalance);
  const fromInsurance = min(badDebt, insuranceBalance);
  return { fromInsurance, socialized: badDebt - fromInsurance };
}

/** Where a bankrupt position's keeper fee comes from (`KeeperFeeSource`). */
export interface KeeperFeeSource {
  fromInsurance: bigint;
  fromPool: bigint;
}

/**
 * The fixed fee for liquidating a bankrupt position: from the insurance fund first, the
 * pool for the rest, never more than the two hold. Mirrors
 * `settlement::bankrupt_keeper_fee`.
 */
export function bankruptKeeperFee(
  fee: bigint,
  insuranceBalance: bigint,
  poolBalance: bigint,
): KeeperFeeSource {
  assertU64("fee", fee);
  assertU64("insuranceBalance", insuranceBalance);
  assertU64("poolBalance", poolBalance);
  const fromInsurance = min(fee, insuranceBalance);
  return { fromInsurance, fromPool: min(fee - fromInsurance, poolBalance) };
}

/** The fee's total, checked. Mirrors `KeeperFeeSource::total`. */
export function keeperFeeTotal(source: KeeperFeeSource): bigint {
  return u64(source.fromInsurance + source.fromPool);
}

/**
 * A penalty's split: `keeperShareBps` of it (floored) to the keeper, the rest to the
 * insurance fund. Returns `[keeper, insurance]`. Mirrors `settlement::split_penalty`.
 */
export function splitPenalty(penalty: bigint, keeperShareBps: number): [bigint, bigint] {
  assertU64("penalty", penalty);
  const share = assertU16("keeperShareBps", keeperShareBps);
  const keeper = toU64(mulDiv(penalty, share, BPS_DENOMINATOR, "down"));
  return [keeper, u64(penalty - keeper)];
}
