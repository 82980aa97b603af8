/**
 * Reading the program's accounts: `Market` and `Position` (zero-copy, decoded by the
 * generated client) turned into the inputs of the health math, and `getProgramAccounts`
 * filters for a market's positions and an owner's positions.
 *
 * Filter offsets are computed from the generated `Position` layout (encode a position
 * with marker addresses and find them), not written down, so they follow the account
 * layout whenever `npm run generate` runs on a new IDL. Today (Position, 168 bytes):
 *
 * | bytes   | field                                  |
 * |---------|----------------------------------------|
 * | 0..8    | Anchor discriminator (`Position`)      |
 * | 8..40   | `market`                               |
 * | 40..72  | `owner`                                |
 *
 * (test/accounts.test.ts pins these values, so a layout change is noticed.)
 */
import {
  getAddressEncoder,
  getBase58Decoder,
  type Address,
  type Base58EncodedBytes,
} from "@solana/kit";
import {
  getPositionDecoder,
  getPositionEncoder,
  getPositionSize,
  POSITION_DISCRIMINATOR,
  type Market,
  type Position,
} from "./generated/accounts/index.js";
import type { StoredU128 } from "./generated/types/index.js";
import type { MarketHealthInputs, PositionHealthInputs } from "./health.js";
import type { Side } from "./math/price.js";

/** A u128 stored as 16 little-endian bytes (`StoredU128`), as a bigint. */
export function storedU128(value: StoredU128): bigint {
  const bytes = value.leBytes;
  if (bytes.length !== 16) throw new RangeError(`StoredU128 must be 16 bytes, got ${bytes.length}`);
  let out = 0n;
  for (let i = 15; i >= 0; i -= 1) out = (out << 8n) | BigInt(bytes[i] ?? 0);
  return out;
}

/** The stored side byte of a position (`Side::to_stored`: 0 long, 1 short). */
export function sideFromStored(stored: number): Side {
  if (stored === 0) return "long";
  if (stored === 1) return "short";
  throw new RangeError(`unknown stored side ${stored}`);
}

/** The fields of a fetched `Market` that `computePositionHealth` reads. */
export function marketHealthInputs(market: Market): MarketHealthInputs {
  return {
    borrowIndex: storedU128(market.borrowIndex),
    borrowIndexUpdatedAt: market.borrowIndexUpdatedAt,
    borrowRateBpsPerHour: market.params.borrowRateBpsPerHour,
    emaBandBps: market.params.emaBandBps,
    decimals: { collateral: market.collateralDecimals, base: market.baseDecimals },
    params: {
      mmrBps: market.params.mmrBps,
      penaltyBps: market.params.liquidationPenaltyBps,
      bufferBps: market.params.liquidationBufferBps,
      minPositionNotional: market.params.minPositionNotional,
    },
  };
}

/** The fields of a fetched `Position` that `computePositionHealth` reads. */
export function positionHealthInputs(position: Position): PositionHealthInputs {
  return {
    side: sideFromStored(position.side),
    size: position.size,
    entryPrice: storedU128(position.entryPrice),
    collateral: position.collateral,
    borrowIndexSnapshot: storedU128(position.borrowIndexSnapshot),
  };
}

/** Where each 32-byte marker lands in an encoded position. */
function positionFieldOffset(field: "market" | "owner"): number {
  const size = getPositionSize();
  const blank = getPositionDecoder().decode(new Uint8Array(size));
  const marker = new Uint8Array(32).fill(0xa5);
  const markerAddress = getBase58Decoder().decode(marker) as Address;
  const bytes = getPositionEncoder().encode({ ...blank, [field]: markerAddress });
  const zeros = getPositionEncoder().encode(blank);
  for (let offset = 0; offset + 32 <= bytes.length; offset += 1) {
    let hit = true;
    for (let i = 0; i < 32; i += 1) {
      if (bytes[offset + i] !== 0xa5 || zeros[offset + i] === 0xa5) {
        hit = false;
        break;
      }
    }
    if (hit) return offset;
  }
  throw new Error(`field ${field} not found in the Position layout`);
}

/** Byte offset of `Position.market` (8 today: right after the discriminator). */
export const POSITION_MARKET_OFFSET: number = positionFieldOffset("market");
/** Byte offset of `Position.owner` (40 today). */
export const POSITION_OWNER_OFFSET: number = positionFieldOffset("owner");
/** Size of a `Position` account, discriminator included (168 today). */
export const POSITION_ACCOUNT_SIZE: number = getPositionSize();

/** A `getProgramAccounts` filter, in the JSON-RPC form `@solana/kit` sends. */
export type ProgramAccountsFilter =
  | { dataSize: bigint }
  | { memcmp: { offset: bigint; bytes: Base58EncodedBytes; encoding: "base58" } };

const memcmp = (offset: number, bytes: Uint8Array): ProgramAccountsFilter => ({
  memcmp: {
    offset: BigInt(offset),
    bytes: getBase58Decoder().decode(bytes) as Base58EncodedBytes,
    encoding: "base58",
  },
});

/** Filters every `Position` account: size and discriminator. */
export function positionAccountFilters(): ProgramAccountsFilter[] {
  return [{ dataSize: BigInt(POSITION_ACCOUNT_SIZE) }, memcmp(0, POSITION_DISCRIMINATOR)];
}

/** `getProgramAccounts(LEVER_PROGRAM_ADDRESS, { filters })` for the positions of `market`. */
export function marketPositionsFilters(market: Address): ProgramAccountsFilter[] {
  return [
    ...positionAccountFilters(),
    memcmp(POSITION_MARKET_OFFSET, new Uint8Array(getAddressEncoder().encode(market))),
  ];
}

/** `getProgramAccounts(LEVER_PROGRAM_ADDRESS, { filters })` for the positions of `owner`. */
export function ownerPositionsFilters(owner: Address): ProgramAccountsFilter[] {
  return [
    ...positionAccountFilters(),
    memcmp(POSITION_OWNER_OFFSET, new Uint8Array(getAddressEncoder().encode(owner))),
  ];
}
