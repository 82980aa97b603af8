/**
 * Can the ecosystem's tools derive every account from the IDL alone? For each of the
 * IDL's instructions, Anchor TS (`program.methods.x(...).accounts({...}).instruction()`,
 * its resolver) and Codama's generated builders (the async one where Codama made one:
 * it resolves PDA defaults) get only what a user knows: the signer(s), the
 * instruction's arguments (with the market index and position id, should the program
 * take them), their own token accounts, the oracle, the collateral mint and, for a
 * keeper, the position's owner. Every account they produce is compared with our PDA
 * finders (src/pda.ts).
 *
 * `NEEDS_PROGRAM_CHANGE` lists, per tool and instruction, the accounts that must still
 * be passed by hand today, each with the reason. The tests prove the table exact: with
 * those accounts supplied everything else resolves to the right address, and leaving
 * out any one of them breaks the build (the tool throws, or derives a wrong address).
 * The full "nothing by hand" build of each listed instruction is a `todo` test, so
 * `npm test` reports it open until the program change lands; then the table shrinks
 * to empty and the exactness test says which rows to delete.
 *
 * Anchor's resolver fetches accounts for `relations` (has_one); a stub connection
 * serves it a Market and a Position encoded with the generated encoders.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import anchor, { type AnchorProvider, type Idl } from "@coral-xyz/anchor";
import { address, getAddressDecoder, type Address } from "@solana/kit";
const { BN, Program, web3 } = anchor;
type PublicKey = InstanceType<typeof web3.PublicKey>;
type TransactionInstruction = InstanceType<typeof web3.TransactionInstruction>;
import {
  findConfigPda,
  findLpMintPda,
  findMarketPda,
  findPositionPda,
  findProgramDataPda,
  findVaultPda,
  generated,
  LEVER_PROGRAM_ADDRESS,
} from "../src/index.js";
import { DEFAULT_PARAMS } from "./helpers.js";

type Tool = "anchor" | "codama";

/**
 * What each tool cannot derive from the IDL, per instruction: account -> reason.
 * Empty since the program takes `market_index` and `position_id` as arguments and
 * declares the LP mint's seeds. The vault has only a `has_one` relation in the IDL
 * (the program checks it by comparison, not by re-deriving its PDA): Anchor TS follows
 * the relation, and the Codama client gets its seeds from scripts/generate.mjs
 * (`vaultDefaultVisitor`). A row here makes its "nothing by hand" build a `todo`.
 */
const NEEDS_PROGRAM_CHANGE: Record<Tool, Record<string, Record<string, string>>> = {
  anchor: {},
  codama: {},
};

// ---------------------------------------------------------------------------------
// Fixed keys and the addresses the finders give.

const key = (n: number): Address => getAddressDecoder().decode(new Uint8Array(32).fill(n));
const WALLETS: Record<string, Address> = {
  admin: key(1),
  owner: key(2),
  keeper: key(3),
  depositor: key(4),
  withdrawer: key(5),
  funder: key(6),
  caller: key(7),
  new_admin: key(8),
};
/** Accounts a user brings: their token accounts, the oracle, the mint, the owner. */
const USER_SUPPLIED: Record<string, Address> = {
  owner_collateral: key(20),
  depositor_collateral: key(21),
  depositor_shares: key(22),
  withdrawer_collateral: key(23),
  withdrawer_shares: key(24),
  keeper_collateral: key(25),
  funder_collateral: key(26),
  destination: key(27),
  oracle: key(28),
  collateral_mint: key(29),
  owner: WALLETS.owner as Address,
};
const MARKET_INDEX = 0;
const POSITION_ID = 7n;

const [market] = await findMarketPda(MARKET_INDEX);
const [vault] = await findVaultPda(market);
const [lpMint] = await findLpMintPda(market);
const [position] = await findPositionPda(market, WALLETS.owner as Address, POSITION_ID);
const [config] = await findConfigPda();
const [programData] = await findProgramDataPda();
const DERIVED: Record<string, Address> = {
  config,
  market,
  vault,
  lp_mint: lpMint,
  position,
  program_data: programData,
  token_program: address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"),
  system_program: address("11111111111111111111111111111111"),
};

interface IdlAccount {
  name: string;
  signer?: boolean;
}
interface IdlInstruction {
  name: string;
  accounts: IdlAccount[];
  args: { name: string }[];
}
const IDL = JSON.parse(
  readFileSync(new URL("../../../../idl/lever.json", import.meta.url), "utf8"),
) as Idl & { instructions: IdlInstruction[] };

/** The address an account must have; given = the user passes it. */
function expected(account: IdlAccount): { address: Address; given: boolean } {
  const wallet = WALLETS[account.name];
  if (account.signer) {
    assert.ok(wallet, `signer ${account.name}: add it to WALLETS`);
    return { address: wallet, given: true };
  }
  const supplied = USER_SUPPLIED[account.name];
  if (supplied) return { address: supplied, given: true };
  const derived = DERIVED[account.name];
  assert.ok(derived, `account ${account.name}: add how to find it to DERIVED (or USER_SUPPLIED)`);
  return { address: derived, given: false };
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());

// ---------------------------------------------------------------------------------
// Argument values, by IDL argument name (so new arguments are picked up as they come).

const PARAMS = { ...DEFAULT_PARAMS, maxOpenInterest: 1_000_000_000_000n };
const FEED = new Uint8Array(32).fill(7);
const toBn = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "bigint" ? new BN(v.toString()) : v]));

/** Codama's builders take the arguments flattened. */
const CODAMA_ARGS: Record<string, unknown> = {
  marketIndex: MARKET_INDEX,
  positionId: POSITION_ID,
  oracleSource: generated.OracleSource.PythPull,
  oracleFeed: FEED,
  baseDecimals: 9,
  params: PARAMS,
  side: generated.Side.Long,
  collateral: 1_000n,
  size: 1_000n,
  amount: 1_000n,
  shares: 1_000n,
  flags: 1,
  newAdmin: WALLETS.new_admin,
  owner: WALLETS.owner,
};
function anchorArg(ix: string, arg: string): unknown {
  if (arg === "args" && ix === "create_market") {
    return {
      oracleSource: { pythPull: {} },
      oracleFeed: [...FEED],
      baseDecimals: 9,
      params: toBn(PARAMS),
    };
  }
  const common: Record<string, unknown> = {
    market_index: MARKET_INDEX,
    position_id: new BN(POSITION_ID.toString()),
    amount: new BN(1000),
    shares: new BN(1000),
    size: new BN(1000),
    side: { long: {} },
    collateral: new BN(1000),
    owner: new web3.PublicKey(WALLETS.owner as string),
    flags: 1,
    new_admin: new web3.PublicKey(WALLETS.new_admin as string),
    params: toBn(PARAMS),
  };
  assert.ok(arg in common, `argument ${ix}.${arg}: add a value for it`);
  return common[arg];
}

// ---------------------------------------------------------------------------------
// The tools.

/** Account data for Anchor's `relations` lookups: a Market and a Position. */
function stubAccounts(): Map<string, Uint8Array> {
  const blankMarket = generated.getMarketDecoder().decode(new Uint8Array(generated.getMarketSize()));
  const blankPosition = generated.getPositionDecoder().decode(new Uint8Array(generated.getPositionSize()));
  return new Map([
    [
      market as string,
      new Uint8Array(
        generated.getMarketEncoder().encode({ ...blankMarket, index: MARKET_INDEX, vault, lpMint, collateralMint: USER_SUPPLIED.collateral_mint as Address }),
      ),
    ],
    [
      position as string,
      new Uint8Array(
        generated.getPositionEncoder().encode({ ...blankPosition, market, owner: WALLETS.owner as Address, positionId: POSITION_ID }),
      ),
    ],
  ]);
}

const accountsData = stubAccounts();
const connection = {
  getAccountInfo: async (pk: PublicKey) => {
    const data = accountsData.get(pk.toBase58());
    return data
      ? { data: Buffer.from(data), owner: new web3.PublicKey(LEVER_PROGRAM_ADDRESS as string), lamports: 1, executable: false, rentEpoch: 0 }
      : null;
  },
  getMultipleAccountsInfo: async (pks: PublicKey[]) => Promise.all(pks.map((pk) => connection.getAccountInfo(pk))),
};
const provider = { connection, publicKey: undefined } as unknown as AnchorProvider;
const anchorProgram = new Program(IDL, provider);

interface Built {
  addresses: (string | undefined)[];
  data: Uint8Array;
}

async function buildAnchor(ix: IdlInstruction, given: Record<string, Address>): Promise<Built> {
  const args = ix.args.map((a) => anchorArg(ix.name, a.name));
  const accounts = Object.fromEntries(
    Object.entries(given).map(([k, v]) => [camel(k), new web3.PublicKey(v as string)]),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const methods = anchorProgram.methods as any;
  const instruction = (await methods[camel(ix.name)](...args).accounts(accounts).instruction()) as TransactionInstruction;
  return {
    addresses: instruction.keys.map((k) => k.pubkey.toBase58()),
    data: new Uint8Array(instruction.data),
  };
}

async function buildCodama(ix: IdlInstruction, given: Record<string, Address>): Promise<Built> {
  const api = generated as unknown as Record<string, (input: unknown) => unknown>;
  const builder = api[`get${pascal(ix.name)}InstructionAsync`] ?? api[`get${pascal(ix.name)}Instruction`];
  assert.ok(builder, `no generated builder for ${ix.name}`);
  const input = {
    ...CODAMA_ARGS,
    ...Object.fromEntries(Object.entries(given).map(([k, v]) => [camel(k), v])),
  };
  const instruction = (await builder(input)) as { accounts: { address: string }[]; data: Uint8Array };
  return { addresses: instruction.accounts.map((a) => a.address), data: new Uint8Array(instruction.data) };
}

const BUILD: Record<Tool, typeof buildAnchor> = { anchor: buildAnchor, codama: buildCodama };

/** Builds with `extra` supplied besides the user's inputs; the accounts that are wrong or the error. */
async function attempt(tool: Tool, ix: IdlInstruction, extra: readonly string[]): Promise<{ wrong: string[]; error?: string; built?: Built }> {
  const given: Record<string, Address> = {};
  for (const account of ix.accounts) {
    const e = expected(account);
    if (e.given || extra.includes(account.name)) given[account.name] = e.address;
  }
  let built: Built;
  try {
    built = await BUILD[tool](ix, given);
  } catch (error) {
    return { wrong: [], error: (error as Error).message.split("\n")[0] ?? "error" };
  }
  const wrong = ix.accounts
    .filter((account, i) => built.addresses[i] !== expected(account).address)
    .map((a) => a.name);
  return { wrong, built };
}

/** The smallest set of derivable accounts that must be supplied for a correct build. */
async function minimalSupplied(tool: Tool, ix: IdlInstruction): Promise<string[] | null> {
  const derivable = ix.accounts.filter((a) => !expected(a).given).map((a) => a.name);
  const subsets = [...Array(1 << derivable.length).keys()]
    .map((mask) => derivable.filter((_, i) => mask & (1 << i)))
    .sort((x, y) => x.length - y.length);
  for (const subset of subsets) {
    const r = await attempt(tool, ix, subset);
    if (!r.error && r.wrong.length === 0) return subset;
  }
  return null;
}

// ---------------------------------------------------------------------------------

for (const tool of ["anchor", "codama"] as const) {
  describe(`${tool} resolves accounts from idl/lever.json`, () => {
    for (const ix of IDL.instructions) {
      const documented = NEEDS_PROGRAM_CHANGE[tool][ix.name] ?? {};
      const names = Object.keys(documented);

      it(`${ix.name}: exactly [${names.join(", ")}] must be passed by hand`, async () => {
        assert.deepEqual(
          await minimalSupplied(tool, ix),
          names,
          `update NEEDS_PROGRAM_CHANGE.${tool}.${ix.name} to what ${tool} needs by hand now`,
        );
        const full = await attempt(tool, ix, names);
        assert.equal(full.error, undefined);
        assert.deepEqual(full.wrong, []);
        for (const name of names) {
          const without = await attempt(tool, ix, names.filter((n) => n !== name));
          assert.ok(without.error || without.wrong.length > 0, `${name} resolved without being passed`);
        }
      });

      it(
        `${ix.name}: everything from the signer, arguments and the user's own accounts`,
        names.length > 0
          ? { todo: `program change: ${names.map((n) => `${n} (${documented[n]})`).join("; ")}` }
          : {},
        async () => {
          const r = await attempt(tool, ix, []);
          assert.equal(r.error, undefined, r.error);
          assert.deepEqual(r.wrong, []);
        },
      );
    }
  });
}

describe("Anchor TS and Codama build the same bytes", () => {
  for (const ix of IDL.instructions) {
    it(ix.name, async () => {
      const all = ix.accounts.map((a) => a.name);
      const a = await attempt("anchor", ix, all);
      const c = await attempt("codama", ix, all);
      assert.ok(a.built && c.built, `${a.error ?? ""} ${c.error ?? ""}`);
      assert.deepEqual(a.built.addresses, c.built.addresses);
      assert.deepEqual([...a.built.data], [...c.built.data]);
    });
  }
});

