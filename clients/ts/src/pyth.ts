/**
 * Pyth `PriceUpdateV2` accounts (pull oracle), the form pull markets read: owned by the
 * Pyth receiver program (posted updates) or by the Pyth push oracle (sponsored feeds,
 * updated in place). Layout (Anchor account, borsh), as `pyth-solana-receiver-sdk`:
 *
 * discriminator (8) | write_authority (32) | verification_level (Partial: 0, u8
 * num_signatures; Full: 1) | feed_id (32) | price i64 | conf u64 | exponent i32 |
 * publish_time i64 | prev_publish_time i64 | ema_price i64 | ema_conf u64 | posted_slot u64
 *
 * The program accepts only fully verified updates whose `feed_id` is the market's
 * `oracle_feed` (programs/lever/src/oracle/pull.rs).
 */
import {
  address,
  getAddressDecoder,
  getAddressEncoder,
  getI32Decoder,
  getI32Encoder,
  getI64Decoder,
  getI64Encoder,
  getU64Decoder,
  getU64Encoder,
  type Address,
} from "@solana/kit";
import type { OracleQuote } from "./math/price.js";

/** The Pyth receiver program (owner of posted `PriceUpdateV2` accounts). */
export const PYTH_RECEIVER_PROGRAM_ADDRESS: Address = address(
  "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ",
);
/** The Pyth push oracle (owner of sponsored feed accounts). */
export const PYTH_PUSH_ORACLE_ADDRESS: Address = address(
  "pythWSnswVUd12oZpeFP8e9CVaEqJg25g1Vtc2biRsT",
);
/** sha256("account:PriceUpdateV2")[..8]. */
export const PRICE_UPDATE_V2_DISCRIMINATOR = new Uint8Array([34, 241, 35, 99, 157, 126, 244, 205]);

/** A decoded `PriceUpdateV2`. */
export interface PriceUpdateV2 {
  writeAuthority: Address;
  /** `null` when fully verified; the signature count of a partial verification. */
  partialSignatures: number | null;
  feedId: Uint8Array;
  quote: OracleQuote;
  prevPublishTime: bigint;
  emaConf: bigint;
  postedSlot: bigint;
}

/** Decodes a `PriceUpdateV2` account's data; throws on another account type. */
export function decodePriceUpdateV2(data: Uint8Array): PriceUpdateV2 {
  if (data.length < 8 || !PRICE_UPDATE_V2_DISCRIMINATOR.every((b, i) => data[i] === b)) {
    throw new Error("not a PriceUpdateV2 account (discriminator)");
  }
  let at = 8;
  const writeAuthority = getAddressDecoder().decode(data, at);
  at += 32;
  const level = data[at];
  at += 1;
  let partialSignatures: number | null = null;
  if (level === 0) {
    partialSignatures = data[at] ?? 0;
    at += 1;
  } else if (level !== 1) {
    throw new Error(`unknown verification level ${String(level)}`);
  }
  const feedId = data.slice(at, at + 32);
  at += 32;
  const i64 = getI64Decoder();
  const u64 = getU64Decoder();
  const price = i64.decode(data, at);
  const conf = u64.decode(data, at + 8);
  const expo = getI32Decoder().decode(data, at + 16);
  const publishTime = i64.decode(data, at + 20);
  const prevPublishTime = i64.decode(data, at + 28);
  const emaPrice = i64.decode(data, at + 36);
  const emaConf = u64.decode(data, at + 44);
  const postedSlot = u64.decode(data, at + 52);
  return {
    writeAuthority,
    partialSignatures,
    feedId,
    quote: { price, conf, emaPrice, expo, publishTime },
    prevPublishTime,
    emaConf,
    postedSlot,
  };
}

/** What to write into a `PriceUpdateV2` (local validators, tests, demos). */
export interface PriceUpdateV2Input {
  feedId: Uint8Array;
  quote: OracleQuote;
  writeAuthority?: Address;
  /** Omit for a fully verified update. */
  partialSignatures?: number;
  postedSlot?: bigint;
}

/** Encodes a `PriceUpdateV2` account's data (133 bytes when fully verified). */
export function encodePriceUpdateV2(input: PriceUpdateV2Input): Uint8Array {
  if (input.feedId.length !== 32) throw new RangeError("feedId must be 32 bytes");
  const level =
    input.partialSignatures === undefined ? [1] : [0, input.partialSignatures & 0xff];
  const q = input.quote;
  const parts: Uint8Array[] = [
    PRICE_UPDATE_V2_DISCRIMINATOR,
    new Uint8Array(
      getAddressEncoder().encode(input.writeAuthority ?? address("11111111111111111111111111111111")),
    ),
    new Uint8Array(level),
    input.feedId,
    new Uint8Array(getI64Encoder().encode(q.price)),
    new Uint8Array(getU64Encoder().encode(q.conf)),
    new Uint8Array(getI32Encoder().encode(q.expo)),
    new Uint8Array(getI64Encoder().encode(q.publishTime)),
    new Uint8Array(getI64Encoder().encode(q.publishTime - 1n)),
    new Uint8Array(getI64Encoder().encode(q.emaPrice)),
    new Uint8Array(getU64Encoder().encode(q.conf)),
    new Uint8Array(getU64Encoder().encode(input.postedSlot ?? 1n)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
