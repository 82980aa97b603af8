/** Account readers, getProgramAccounts filters and Pyth accounts. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { getAddressDecoder, getBase58Encoder } from "@solana/kit";
import {
  decodePriceUpdateV2,
  encodePriceUpdateV2,
  generated,
  marketPositionsFilters,
  ownerPositionsFilters,
  POSITION_ACCOUNT_SIZE,
  POSITION_MARKET_OFFSET,
  POSITION_OWNER_OFFSET,
  positionHealthInputs,
  storedU128,
} from "../src/index.js";

const key = (n: number) => getAddressDecoder().decode(new Uint8Array(32).fill(n));

test("Position filter offsets: market at 8, owner at 40, 168 bytes (computed from the layout)", () => {
  assert.equal(POSITION_MARKET_OFFSET, 8);
  assert.equal(POSITION_OWNER_OFFSET, 40);
  assert.equal(POSITION_ACCOUNT_SIZE, 168);
});

test("the filters select an encoded position by its market and owner", () => {
  const blank = generated.getPositionDecoder().decode(new Uint8Array(generated.getPositionSize()));
  const data = new Uint8Array(
    generated.getPositionEncoder().encode({ ...blank, market: key(3), owner: key(4) }),
  );
  const hit = (filters: ReturnType<typeof ownerPositionsFilters>) =>
    filters.every((f) =>
      "dataSize" in f
        ? BigInt(data.length) === f.dataSize
        : new Uint8Array(getBase58Encoder().encode(f.memcmp.bytes)).every(
            (b, i) => data[Number(f.memcmp.offset) + i] === b,
          ),
    );
  assert.equal(hit(marketPositionsFilters(key(3))), true);
  assert.equal(hit(ownerPositionsFilters(key(4))), true);
  assert.equal(hit(marketPositionsFilters(key(4))), false);
  assert.equal(hit(ownerPositionsFilters(key(3))), false);
});

test("StoredU128 and the position's health inputs", () => {
  const le = new Uint8Array(16);
  le[0] = 1;
  le[15] = 0x80;
  assert.equal(storedU128({ leBytes: le }), (1n << 127n) + 1n);
  const blank = generated.getPositionDecoder().decode(new Uint8Array(generated.getPositionSize()));
  const inputs = positionHealthInputs({ ...blank, side: 1, size: 5n, entryPrice: { leBytes: le } });
  assert.equal(inputs.side, "short");
  assert.equal(inputs.entryPrice, (1n << 127n) + 1n);
  assert.throws(() => positionHealthInputs({ ...blank, side: 2 }), RangeError);
});

test("PriceUpdateV2 round trip (133 bytes, fully verified) and partial verification", () => {
  const quote = { price: -5n, conf: 7n, emaPrice: 9n, expo: -8, publishTime: 1_700_000_000n };
  const data = encodePriceUpdateV2({ feedId: new Uint8Array(32).fill(7), quote });
  assert.equal(data.length, 133);
  const decoded = decodePriceUpdateV2(data);
  assert.deepEqual(decoded.quote, quote);
  assert.equal(decoded.partialSignatures, null);
  const partial = decodePriceUpdateV2(
    encodePriceUpdateV2({ feedId: new Uint8Array(32), quote, partialSignatures: 3 }),
  );
  assert.equal(partial.partialSignatures, 3);
  assert.deepEqual(partial.quote, quote);
  assert.throws(() => decodePriceUpdateV2(new Uint8Array(133)), /discriminator/);
});
