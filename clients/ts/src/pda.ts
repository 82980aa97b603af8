/**
 * PDA finders for every account the program derives, with the seeds documented in
 * programs/lever/src/constants.rs:
 * - config: `["config"]`
 * - market: `["market", market_index (u16 LE)]`
 * - vault: `["vault", market]` (token account; authority: the market)
 * - LP mint: `["lp_mint", market]` (authority: the market)
 * - position: `["position", market, owner, position_id (u64 LE)]`
 */
import {
  address,
  getAddressEncoder,
  getProgramDerivedAddress,
  getU16Encoder,
  getU64Encoder,
  type Address,
  type ProgramDerivedAddress,
} from "@solana/kit";

/** The program's address (`declare_id!` in programs/lever/src/lib.rs; the IDL's `address`). */
export const LEVER_PROGRAM_ADDRESS: Address = address("LevFuB3rLHfTRuwgDMs7f63qCmNk8vKPc7ewL5vUmKp");

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** The constant first seed of each PDA (`*_SEED` in constants.rs). */
export const SEEDS = {
  config: text("config"),
  market: text("market"),
  vault: text("vault"),
  lpMint: text("lp_mint"),
  position: text("position"),
} as const;

/** Where to look the PDAs up: the deployed program by default. */
export interface PdaOptions {
  programAddress?: Address;
}

const program = (options?: PdaOptions): Address =>
  options?.programAddress ?? LEVER_PROGRAM_ADDRESS;

/** The deployment's config: `["config"]`. */
export function findConfigPda(options?: PdaOptions): Promise<ProgramDerivedAddress> {
  return getProgramDerivedAddress({ programAddress: program(options), seeds: [SEEDS.config] });
}

/** Market number `marketIndex` (u16): `["market", index LE]`. */
export function findMarketPda(
  marketIndex: number,
  options?: PdaOptions,
): Promise<ProgramDerivedAddress> {
  if (!Number.isInteger(marketIndex) || marketIndex < 0 || marketIndex > 0xffff) {
    throw new RangeError(`marketIndex must be a u16, got ${marketIndex}`);
  }
  return getProgramDerivedAddress({
    programAddress: program(options),
    seeds: [SEEDS.market, getU16Encoder().encode(marketIndex)],
  });
}

/** A market's token vault: `["vault", market]`. */
export function findVaultPda(market: Address, options?: PdaOptions): Promise<ProgramDerivedAddress> {
  return getProgramDerivedAddress({
    programAddress: program(options),
    seeds: [SEEDS.vault, getAddressEncoder().encode(market)],
  });
}

/** A market's LP share mint: `["lp_mint", market]`. */
export function findLpMintPda(market: Address, options?: PdaOptions): Promise<ProgramDerivedAddress> {
  return getProgramDerivedAddress({
    programAddress: program(options),
    seeds: [SEEDS.lpMint, getAddressEncoder().encode(market)],
  });
}

/**
 * A position: `["position", market, owner, position_id (u64 LE)]`. The owner picks
 * `positionId`; any unused u64 gives a fresh position in that market.
 */
export function findPositionPda(
  market: Address,
  owner: Address,
  positionId: bigint,
  options?: PdaOptions,
): Promise<ProgramDerivedAddress> {
  if (typeof positionId !== "bigint" || positionId < 0n || positionId >= 1n << 64n) {
    throw new RangeError(`positionId must be a u64 bigint, got ${String(positionId)}`);
  }
  const encoder = getAddressEncoder();
  return getProgramDerivedAddress({
    programAddress: program(options),
    seeds: [
      SEEDS.position,
      encoder.encode(market),
      encoder.encode(owner),
      getU64Encoder().encode(positionId),
    ],
  });
}

/** The BPF upgradeable loader, owner of the program's ProgramData account. */
export const BPF_UPGRADEABLE_LOADER_ADDRESS: Address = address(
  "BPFLoaderUpgradeab1e11111111111111111111111",
);

/**
 * The program's ProgramData account (`[program id]` under the upgradeable loader): its
 * upgrade authority is the only signer `initialize_config` accepts.
 */
export function findProgramDataPda(options?: PdaOptions): Promise<ProgramDerivedAddress> {
  return getProgramDerivedAddress({
    programAddress: BPF_UPGRADEABLE_LOADER_ADDRESS,
    seeds: [getAddressEncoder().encode(program(options))],
  });
}
