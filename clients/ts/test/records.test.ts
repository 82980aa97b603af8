/** Decoders of what the program returns and logs, checked against the IDL. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { getBase64Decoder, getI128Encoder, getU64Encoder } from "@solana/kit";
import {
  decodePositionHealthReturnData,
  decodePositionLiquidatedEvent,
  decodePositionLiquidatedLogs,
  decodePositionLiquidatedReturnData,
  BATCH_POSITION_LIQUIDATED_EVENT_DISCRIMINATOR,
  generated,
  getBatchPositionLiquidatedDecoder,
  getLiquidationBatchDecoder,
  getPositionLiquidatedDecoder,
  LEVER_PROGRAM_ADDRESS,
  LIQUIDATION_BATCH_EVENT_DISCRIMINATOR,
  POSITION_LIQUIDATED_EVENT_DISCRIMINATOR,
  padReturnData,
} from "../src/index.js";

interface IdlField {
  name: string;
  type: unknown;
}
const idl = JSON.parse(readFileSync(new URL("../../../../idl/lever.json", import.meta.url), "utf8")) as {
  types: { name: string; type: { fields: IdlField[] } }[];
  events: { name: string; discriminator: number[] }[];
};
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const SIZES: Record<string, number> = { pubkey: 32, bool: 1, u8: 1, i32: 4, u64: 8, i64: 8, u128: 16, i128: 16 };
const sizeOf = (t: unknown): number => {
  if (typeof t === "string") return SIZES[t] ?? NaN;
  const o = t as { array?: [string, number]; defined?: { name: string } };
  if (o.array) return sizeOf(o.array[0]) * o.array[1];
  if (o.defined?.name === "Side") return 1;
  return NaN;
};

test("PositionLiquidated decoder: the IDL's fields, in order, and its size", () => {
  const def = idl.types.find((t) => t.name === "PositionLiquidated");
  assert.ok(def);
  const sample = getPositionLiquidatedDecoder().decode(new Uint8Array(getPositionLiquidatedDecoder().fixedSize));
  assert.deepEqual(Object.keys(sample), def.type.fields.map((f) => camel(f.name)));
  assert.equal(getPositionLiquidatedDecoder().fixedSize, def.type.fields.reduce((n, f) => n + sizeOf(f.type), 0));
});

test("PositionLiquidated event discriminator is the IDL's", () => {
  const event = idl.events.find((e) => e.name === "PositionLiquidated");
  assert.deepEqual([...POSITION_LIQUIDATED_EVENT_DISCRIMINATOR], event?.discriminator);
});

for (const [name, decoder, discriminator] of [
  ["LiquidationBatch", getLiquidationBatchDecoder(), LIQUIDATION_BATCH_EVENT_DISCRIMINATOR],
  ["BatchPositionLiquidated", getBatchPositionLiquidatedDecoder(), BATCH_POSITION_LIQUIDATED_EVENT_DISCRIMINATOR],
] as const) {
  test(`${name} decoder and discriminator: the IDL's fields, in order, its size and discriminator`, () => {
    const def = idl.types.find((t) => t.name === name);
    assert.ok(def);
    const sample = decoder.decode(new Uint8Array(decoder.fixedSize));
    assert.deepEqual(Object.keys(sample), def.type.fields.map((f) => camel(f.name)));
    assert.equal(decoder.fixedSize, def.type.fields.reduce((n, f) => n + sizeOf(f.type), 0));
    assert.deepEqual([...discriminator], idl.events.find((e) => e.name === name)?.discriminator);
  });
}

/** A record with distinctive values and zero trailing fields. */
function sampleBytes(): Uint8Array {
  const size = getPositionLiquidatedDecoder().fixedSize;
  const bytes = new Uint8Array(size);
  bytes.fill(9, 0, 128); // market, position, owner, keeper
  bytes[128] = 1; // side: short
  bytes[129] = 1; // partial
  bytes.set(getU64Encoder().encode(123n), 130); // closed_size
  const equityBeforeAt = 130 + 8 + 8 + 16 + 8 + 8 + 8 + 4 + 8 + 32;
  bytes.set(getI128Encoder().encode(-5n), equityBeforeAt);
  return bytes;
}

test("liquidate's return data decodes with its trailing zeros stripped, as the RPC gives it", () => {
  const full = sampleBytes();
  let end = full.length;
  while (end > 0 && full[end - 1] === 0) end -= 1;
  assert.ok(end < full.length, "the sample ends in zero fields");
  const stripped = getBase64Decoder().decode(full.subarray(0, end));
  const record = decodePositionLiquidatedReturnData(stripped);
  assert.deepEqual(record, decodePositionLiquidatedReturnData(full));
  assert.equal(record.side, generated.Side.Short);
  assert.equal(record.partial, true);
  assert.equal(record.closedSize, 123n);
  assert.equal(record.equityBefore, -5n);
  assert.equal(record.bankruptKeeperFee, 0n);
  assert.throws(() => padReturnData(new Uint8Array(full.length + 1), full.length), RangeError);
});

test("position_health's return data pads the same way", () => {
  const decoder = generated.getPositionHealthDecoder();
  const full = new Uint8Array(decoder.fixedSize);
  full[0] = 7; // mark_price = 7
  const health = decodePositionHealthReturnData(full.subarray(0, 1));
  assert.equal(health.markPrice, 7n);
  assert.equal(health.liquidationIsPartial, false);
  assert.deepEqual(health, decoder.decode(full));
});

test("PositionLiquidated from logs: only the lever program's own `Program data:` lines", () => {
  const payload = new Uint8Array(8 + getPositionLiquidatedDecoder().fixedSize);
  payload.set(POSITION_LIQUIDATED_EVENT_DISCRIMINATOR);
  payload.set(sampleBytes(), 8);
  const line = `Program data: ${getBase64Decoder().decode(payload)}`;
  const other = "Other111111111111111111111111111111111111111";
  const logs = [
    `Program ${LEVER_PROGRAM_ADDRESS} invoke [1]`,
    "Program log: Instruction: Liquidate",
    `Program ${other} invoke [2]`,
    line, // another program's log: ignored
    `Program ${other} success`,
    `Program data: ${getBase64Decoder().decode(new Uint8Array(16))}`, // another event: ignored
    line,
    `Program ${LEVER_PROGRAM_ADDRESS} success`,
    line, // outside any invocation: ignored
  ];
  const records = decodePositionLiquidatedLogs(logs, LEVER_PROGRAM_ADDRESS);
  assert.equal(records.length, 1);
  assert.equal(records[0]?.closedSize, 123n);
  assert.equal(decodePositionLiquidatedEvent(new Uint8Array(16)), null);
  assert.throws(() => decodePositionLiquidatedEvent(payload.subarray(0, 20)), RangeError);
});

/** A record of distinct bytes (side and partial kept valid) and its batch halves. */
function batchSample(seed: number) {
  const full = new Uint8Array(getPositionLiquidatedDecoder().fixedSize);
  for (let i = 0; i < full.length; i += 1) full[i] = (i * 31 + seed) % 251;
  full[128] = seed % 2; // side
  full[129] = 1; // partial
  // Offsets of PositionLiquidated: keeper 96, side 128, oracle price 162, equity_before 230.
  const header = concat(LIQUIDATION_BATCH_EVENT_DISCRIMINATOR, full.subarray(0, 32), full.subarray(96, 128), full.subarray(162, 230));
  const item = concat(BATCH_POSITION_LIQUIDATED_EVENT_DISCRIMINATOR, full.subarray(32, 96), full.subarray(128, 162), full.subarray(230));
  return { record: getPositionLiquidatedDecoder().decode(full), header, item };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

test("a batch's records join from its header and items, per invocation of the program", () => {
  const a = batchSample(1);
  const b = batchSample(2);
  const c = batchSample(3);
  assert.equal(a.item.length, 202, "an item is 202 bytes, the header 140");
  assert.equal(a.header.length, 140);
  const data = (bytes: Uint8Array) => `Program data: ${getBase64Decoder().decode(bytes)}`;
  const invoke = `Program ${LEVER_PROGRAM_ADDRESS} invoke [1]`;
  const success = `Program ${LEVER_PROGRAM_ADDRESS} success`;
  const logs = [
    invoke,
    data(a.item), // an item before any header: not a record
    success,
    invoke,
    data(a.header),
    data(a.item),
    data(b.item), // b's own fields, a's header: the join takes the header's
    success,
    invoke,
    data(c.header),
    data(c.item),
    success,
    invoke,
    data(c.item), // the header of an earlier invocation does not carry over
    success,
  ];
  const records = decodePositionLiquidatedLogs(logs, LEVER_PROGRAM_ADDRESS);
  assert.equal(records.length, 3);
  assert.deepEqual(records[0], a.record);
  assert.deepEqual(records[2], c.record);
  const joined = records[1];
  assert.ok(joined);
  assert.equal(joined.position, b.record.position);
  assert.equal(joined.equityBefore, b.record.equityBefore);
  assert.equal(joined.market, a.record.market);
  assert.equal(joined.oraclePrice, a.record.oraclePrice);
  assert.deepEqual(joined.oracleFeedId, a.record.oracleFeedId);
  assert.throws(
    () => decodePositionLiquidatedLogs([invoke, data(a.header.slice(0, 100))], LEVER_PROGRAM_ADDRESS),
    RangeError,
  );
});
