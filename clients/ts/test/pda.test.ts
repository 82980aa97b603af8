// PDA finders: seeds as the program declares them (checked against the IDL's constant
// seeds) and the integer seeds encoded little-endian.
import assert from "node:assert/strict";
import { test } from "node:test";

import { address, getProgramDerivedAddress } from "@solana/kit";

import {
  LEVER_PROGRAM_ADDRESS,
  SEEDS,
  findConfigPda,
  findLpMintPda,
  findMarketPda,
  findPositionPda,
  findVaultPda,
} from "../src/index.js";
import { readJson } from "./helpers.js";

interface IdlSeed {
  kind: string;
  value?: number[];
}
interface IdlAccount {
  name: string;
  pda?: { seeds: IdlSeed[] };
}
interface Idl {
  address: string;
  instructions: Array<{ accounts: IdlAccount[] }>;
}

const idl = readJson<Idl>("idl/lever.json");

/** The first constant seed the IDL gives the account named `name`, wherever it appears. */
function idlConstSeed(name: string): Uint8Array | undefined {
  for (const ix of idl.instructions) {
    for (const account of ix.accounts) {
      const first = account.pda?.seeds[0];
      if (account.name === name && first?.kind === "const" && first.value) {
        return Uint8Array.from(first.value);
      }
    }
  }
  return undefined;
}

test("the program address and constant seeds are the IDL's", () => {
  assert.equal(LEVER_PROGRAM_ADDRESS, idl.address);
  const names = { config: "config", market: "market", vault: "vault", lpMint: "lp_mint", position: "position" };
  for (const [key, idlName] of Object.entries(names)) {
    assert.deepEqual(idlConstSeed(idlName), SEEDS[key as keyof typeof SEEDS], idlName);
  }
});

test("integer seeds are little-endian and keys are distinct per input", async () => {
  const owner = address("11111111111111111111111111111111");
  const [market] = await findMarketPda(258);
  const [manualMarket] = await getProgramDerivedAddress({
    programAddress: LEVER_PROGRAM_ADDRESS,
    seeds: [SEEDS.market, Uint8Array.from([2, 1])],
  });
  assert.equal(market, manualMarket);
  const [position] = await findPositionPda(market, owner, 0x0102n);
  const [other] = await findPositionPda(market, owner, 0x0201n);
  assert.notEqual(position, other);
  const [config] = await findConfigPda();
  const [vault] = await findVaultPda(market);
  const [lpMint] = await findLpMintPda(market);
  assert.equal(new Set([market, position, config, vault, lpMint]).size, 5);
  await assert.rejects(async () => findPositionPda(market, owner, 1n << 64n), RangeError);
  assert.throws(() => findMarketPda(65_536), RangeError);
});
