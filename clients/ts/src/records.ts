/**
 * Decoding what the program hands back: the return data of `position_health` and
 * `liquidate`, and the `PositionLiquidated` event in a transaction's logs.
 *
 * Return data: the runtime strips trailing zero bytes from an instruction's return
 * data (`sol_set_return_data` keeps them, the RPC's `returnData` and the transaction
 * metadata do not), so a record ending in zero fields arrives short; the decoders pad
 * it back to the record's fixed size.
 *
 * Events: `emit!` writes `Program data: base64(discriminator ++ borsh(record))`, the
 * discriminator being sha256("event:PositionLiquidated")[..8]. `liquidate_batch` logs
 * each record in two parts to fit more positions in a transaction's log: one
 * `LiquidationBatch` (market, keeper, price), then a `BatchPositionLiquidated` per
 * liquidation; `decodePositionLiquidatedLogs` joins them back into records.
 */
import {
  fixDecoderSize,
  getAddressDecoder,
  getBase64Encoder,
  getBooleanDecoder,
  getBytesDecoder,
  getI128Decoder,
  getI32Decoder,
  getI64Decoder,
  getStructDecoder,
  getU128Decoder,
  getU64Decoder,
  type Address,
  type FixedSizeDecoder,
} from "@solana/kit";
import { getPositionHealthDecoder, getSideDecoder, type PositionHealth, type Side } from "./generated/types/index.js";

/** The `PositionLiquidated` record (events.rs), field for field in IDL order. */
export interface PositionLiquidated {
  market: Address;
  position: Address;
  owner: Address;
  keeper: Address;
  side: Side;
  partial: boolean;
  closedSize: bigint;
  remainingSize: bigint;
  /** The liquidation mark (internal price, 1e12). */
  markPrice: bigint;
  oraclePrice: bigint;
  oracleConf: bigint;
  oracleEmaPrice: bigint;
  oracleExpo: number;
  oraclePublishTime: bigint;
  /** Pull: the feed id; legacy: the price account's address. */
  oracleFeedId: Uint8Array;
  equityBefore: bigint;
  equityAfter: bigint;
  penalty: bigint;
  keeperReward: bigint;
  insuranceFee: bigint;
  badDebt: bigint;
  badDebtFromInsurance: bigint;
  badDebtSocialized: bigint;
  ownerPayout: bigint;
  bankruptKeeperFee: bigint;
}

/**
 * Borsh decoder of `PositionLiquidated` (Codama renders no event types, so this one is
 * written here; test/records.test.ts checks its fields against idl/lever.json).
 */
export function getPositionLiquidatedDecoder(): FixedSizeDecoder<PositionLiquidated> {
  const decoder = getStructDecoder([
    ["market", getAddressDecoder()],
    ["position", getAddressDecoder()],
    ["owner", getAddressDecoder()],
    ["keeper", getAddressDecoder()],
    ["side", getSideDecoder()],
    ["partial", getBooleanDecoder()],
    ["closedSize", getU64Decoder()],
    ["remainingSize", getU64Decoder()],
    ["markPrice", getU128Decoder()],
    ["oraclePrice", getI64Decoder()],
    ["oracleConf", getU64Decoder()],
    ["oracleEmaPrice", getI64Decoder()],
    ["oracleExpo", getI32Decoder()],
    ["oraclePublishTime", getI64Decoder()],
    ["oracleFeedId", fixDecoderSize(getBytesDecoder(), 32)],
    ["equityBefore", getI128Decoder()],
    ["equityAfter", getI128Decoder()],
    ["penalty", getU64Decoder()],
    ["keeperReward", getU64Decoder()],
    ["insuranceFee", getU64Decoder()],
    ["badDebt", getU64Decoder()],
    ["badDebtFromInsurance", getU64Decoder()],
    ["badDebtSocialized", getU64Decoder()],
    ["ownerPayout", getU64Decoder()],
    ["bankruptKeeperFee", getU64Decoder()],
  ]);
  return withOwnFeedId(decoder) as FixedSizeDecoder<PositionLiquidated>;
}

/** `decoder` with `oracleFeedId` copied out of the input (a view of it otherwise). */
function withOwnFeedId<T extends { oracleFeedId: ArrayLike<number> }>(
  decoder: FixedSizeDecoder<T>,
): FixedSizeDecoder<Omit<T, "oracleFeedId"> & { oracleFeedId: Uint8Array }> {
  return {
    ...decoder,
    read(bytes, offset) {
      const [value, next] = decoder.read(bytes, offset);
      return [{ ...value, oracleFeedId: new Uint8Array(value.oracleFeedId) }, next];
    },
    decode(bytes, offset = 0) {
      return this.read(bytes, offset)[0];
    },
  };
}

/** sha256("event:PositionLiquidated")[..8] (the IDL's `events[].discriminator`). */
export const POSITION_LIQUIDATED_EVENT_DISCRIMINATOR = new Uint8Array([
  40, 107, 90, 214, 96, 30, 61, 128,
]);

/** What a batch's liquidations share: `LiquidationBatch` (events.rs). */
export type LiquidationBatch = Pick<
  PositionLiquidated,
  "market" | "keeper" | "oraclePrice" | "oracleConf" | "oracleEmaPrice" | "oracleExpo" | "oraclePublishTime" | "oracleFeedId"
>;

/** One liquidation of a batch: `BatchPositionLiquidated` (events.rs), the rest of the record. */
export type BatchPositionLiquidated = Omit<PositionLiquidated, keyof LiquidationBatch>;

/** Borsh decoder of `LiquidationBatch`, field for field in IDL order. */
export function getLiquidationBatchDecoder(): FixedSizeDecoder<LiquidationBatch> {
  return withOwnFeedId(
    getStructDecoder([
      ["market", getAddressDecoder()],
      ["keeper", getAddressDecoder()],
      ["oraclePrice", getI64Decoder()],
      ["oracleConf", getU64Decoder()],
      ["oracleEmaPrice", getI64Decoder()],
      ["oracleExpo", getI32Decoder()],
      ["oraclePublishTime", getI64Decoder()],
      ["oracleFeedId", fixDecoderSize(getBytesDecoder(), 32)],
    ]),
  );
}

/** Borsh decoder of `BatchPositionLiquidated`, field for field in IDL order. */
export function getBatchPositionLiquidatedDecoder(): FixedSizeDecoder<BatchPositionLiquidated> {
  return getStructDecoder([
    ["position", getAddressDecoder()],
    ["owner", getAddressDecoder()],
    ["side", getSideDecoder()],
    ["partial", getBooleanDecoder()],
    ["closedSize", getU64Decoder()],
    ["remainingSize", getU64Decoder()],
    ["markPrice", getU128Decoder()],
    ["equityBefore", getI128Decoder()],
    ["equityAfter", getI128Decoder()],
    ["penalty", getU64Decoder()],
    ["keeperReward", getU64Decoder()],
    ["insuranceFee", getU64Decoder()],
    ["badDebt", getU64Decoder()],
    ["badDebtFromInsurance", getU64Decoder()],
    ["badDebtSocialized", getU64Decoder()],
    ["ownerPayout", getU64Decoder()],
    ["bankruptKeeperFee", getU64Decoder()],
  ]) as FixedSizeDecoder<BatchPositionLiquidated>;
}

/** sha256("event:LiquidationBatch")[..8]. */
export const LIQUIDATION_BATCH_EVENT_DISCRIMINATOR = new Uint8Array([98, 92, 2, 68, 137, 100, 60, 42]);

/** sha256("event:BatchPositionLiquidated")[..8]. */
export const BATCH_POSITION_LIQUIDATED_EVENT_DISCRIMINATOR = new Uint8Array([23, 39, 220, 201, 60, 5, 6, 204]);

/** The record of one batch liquidation: its batch's fields and its own, in IDL order. */
export function joinBatchLiquidation(batch: LiquidationBatch, item: BatchPositionLiquidated): PositionLiquidated {
  return {
    market: batch.market,
    position: item.position,
    owner: item.owner,
    keeper: batch.keeper,
    side: item.side,
    partial: item.partial,
    closedSize: item.closedSize,
    remainingSize: item.remainingSize,
    markPrice: item.markPrice,
    oraclePrice: batch.oraclePrice,
    oracleConf: batch.oracleConf,
    oracleEmaPrice: batch.oracleEmaPrice,
    oracleExpo: batch.oracleExpo,
    oraclePublishTime: batch.oraclePublishTime,
    oracleFeedId: batch.oracleFeedId,
    equityBefore: item.equityBefore,
    equityAfter: item.equityAfter,
    penalty: item.penalty,
    keeperReward: item.keeperReward,
    insuranceFee: item.insuranceFee,
    badDebt: item.badDebt,
    badDebtFromInsurance: item.badDebtFromInsurance,
    badDebtSocialized: item.badDebtSocialized,
    ownerPayout: item.ownerPayout,
    bankruptKeeperFee: item.bankruptKeeperFee,
  };
}

/** Return data as RPCs give it: base64 text, or bytes. */
export type ReturnDataInput = string | Uint8Array;

const toBytes = (data: ReturnDataInput): Uint8Array =>
  typeof data === "string" ? new Uint8Array(getBase64Encoder().encode(data)) : data;

/** `bytes` padded with zeros to `size` (the runtime strips trailing zeros). */
export function padReturnData(data: ReturnDataInput, size: number): Uint8Array {
  const bytes = toBytes(data);
  if (bytes.length > size) {
    throw new RangeError(`return data of ${bytes.length} bytes is longer than the record (${size})`);
  }
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}

/** Decodes `position_health`'s return data (base64 or bytes, trailing zeros stripped or not). */
export function decodePositionHealthReturnData(data: ReturnDataInput): PositionHealth {
  const decoder = getPositionHealthDecoder();
  return decoder.decode(padReturnData(data, decoder.fixedSize));
}

/** Decodes `liquidate`'s return data (base64 or bytes, trailing zeros stripped or not). */
export function decodePositionLiquidatedReturnData(data: ReturnDataInput): PositionLiquidated {
  const decoder = getPositionLiquidatedDecoder();
  return decoder.decode(padReturnData(data, decoder.fixedSize));
}

/**
 * Decodes one event payload (`discriminator ++ borsh`) as `PositionLiquidated`, or
 * returns `null` for another event.
 */
export function decodePositionLiquidatedEvent(data: ReturnDataInput): PositionLiquidated | null {
  return decodeEvent(toBytes(data), POSITION_LIQUIDATED_EVENT_DISCRIMINATOR, getPositionLiquidatedDecoder(), "PositionLiquidated");
}

const INVOKE = /^Program (\S+) invoke \[\d+\]$/;
const EXIT = /^Program (\S+) (?:success|failed: .*)$/;
const DATA = /^Program data: (\S+)$/;

/** The event of type `discriminator` in `bytes` (`null` for another), checked for size. */
function decodeEvent<T>(bytes: Uint8Array, discriminator: Uint8Array, decoder: FixedSizeDecoder<T>, name: string): T | null {
  if (!discriminator.every((b, i) => bytes[i] === b)) return null;
  if (bytes.length !== 8 + decoder.fixedSize) {
    throw new RangeError(`${name} event of ${bytes.length - 8} bytes, expected ${decoder.fixedSize}`);
  }
  return decoder.decode(bytes, 8);
}

/**
 * Every liquidation record in a transaction's log messages, in order: `liquidate`'s
 * `PositionLiquidated` events, and each liquidation of a `liquidate_batch` joined from
 * the batch's `LiquidationBatch` and its `BatchPositionLiquidated` (logged after it
 * in the same invocation). Only `Program data:` lines written while `programAddress`
 * (the lever program) is the running program count, so another program logging the
 * same bytes is ignored.
 */
export function decodePositionLiquidatedLogs(
  logs: readonly string[],
  programAddress: Address,
): PositionLiquidated[] {
  const stack: string[] = [];
  const out: PositionLiquidated[] = [];
  let batch: LiquidationBatch | null = null;
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) {
      stack.push(invoke[1] ?? "");
      // A batch's items follow its header within one invocation of the program.
      if (invoke[1] === programAddress) batch = null;
      continue;
    }
    if (EXIT.test(line)) {
      stack.pop();
      continue;
    }
    const data = DATA.exec(line);
    if (data && stack[stack.length - 1] === programAddress) {
      const bytes = toBytes(data[1] ?? "");
      const record = decodePositionLiquidatedEvent(bytes);
      if (record) {
        out.push(record);
        continue;
      }
      const header = decodeEvent(bytes, LIQUIDATION_BATCH_EVENT_DISCRIMINATOR, getLiquidationBatchDecoder(), "LiquidationBatch");
      if (header) {
        batch = header;
        continue;
      }
      const item = decodeEvent(
        bytes,
        BATCH_POSITION_LIQUIDATED_EVENT_DISCRIMINATOR,
        getBatchPositionLiquidatedDecoder(),
        "BatchPositionLiquidated",
      );
      if (item && batch) out.push(joinBatchLiquidation(batch, item));
    }
  }
  return out;
}
