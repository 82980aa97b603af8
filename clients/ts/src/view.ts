/**
 * `getPositionHealth`: the program's own `position_health` view, run by an RPC node's
 * `simulateTransaction` (nothing is signed or sent), its return data decoded.
 */
import {
  appendTransactionMessageInstruction,
  blockhash,
  compileTransaction,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Address,
  type Base64EncodedWireTransaction,
  type Commitment,
} from "@solana/kit";
import { getPositionHealthInstruction } from "./generated/instructions/index.js";
import type { PositionHealth } from "./generated/types/index.js";
import { LEVER_PROGRAM_ADDRESS } from "./pda.js";
import { decodePositionHealthReturnData } from "./records.js";

/** The part of a `@solana/kit` RPC that `getPositionHealth` uses (`createSolanaRpc(url)` has it). */
export interface SimulateTransactionRpc {
  simulateTransaction(
    transaction: Base64EncodedWireTransaction,
    config: {
      encoding: "base64";
      sigVerify: false;
      replaceRecentBlockhash: true;
      commitment?: Commitment;
    },
  ): {
    send(): Promise<{
      value: {
        err: unknown;
        logs: readonly string[] | null;
        returnData: { programId: Address; data: readonly [string, "base64"] } | null;
      };
    }>;
  };
}

/** The accounts `position_health` reads. */
export interface PositionHealthAccounts {
  market: Address;
  /** The market's index: its PDA seed, an argument of `position_health`. */
  marketIndex: number;
  /** The position's owner and id: its PDA seeds, arguments of `position_health`. */
  owner: Address;
  positionId: bigint;
  position: Address;
  /** The market's oracle account (see the README's guide: pull markets take any fully
   * verified `PriceUpdateV2` of the market's feed). */
  oracle: Address;
}

export interface GetPositionHealthOptions {
  /**
   * An existing account with SOL to name as fee payer (simulation still loads it; no
   * fee is charged and nothing is signed): the user's wallet, for example.
   */
  feePayer: Address;
  commitment?: Commitment;
}

/** The program's failure to compute health: the simulation's error and logs. */
export class PositionHealthSimulationError extends Error {
  constructor(
    readonly err: unknown,
    readonly logs: readonly string[],
  ) {
    super(`position_health failed in simulation: ${JSON.stringify(err, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
    this.name = "PositionHealthSimulationError";
  }
}

/** The unsigned transaction `getPositionHealth` simulates, base64 wire format. */
export function positionHealthTransaction(
  accounts: PositionHealthAccounts,
  feePayer: Address,
): Base64EncodedWireTransaction {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(feePayer, m),
    // Replaced by the node (`replaceRecentBlockhash`).
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: blockhash("11111111111111111111111111111111"), lastValidBlockHeight: 0n },
        m,
      ),
    (m) => appendTransactionMessageInstruction(getPositionHealthInstruction(accounts), m),
  );
  return getBase64EncodedWireTransaction(compileTransaction(message));
}

/**
 * The health of a position as the program computes it now: `position_health`
 * simulated against the node's current state (its clock, the oracle account as it is),
 * the return data decoded (trailing zeros restored). Throws
 * `PositionHealthSimulationError` when the program refuses (stale or unverified
 * price, wrong oracle, ...); `leverErrorFromCode` names the custom error.
 */
export async function getPositionHealth(
  rpc: SimulateTransactionRpc,
  accounts: PositionHealthAccounts,
  options: GetPositionHealthOptions,
): Promise<PositionHealth> {
  const transaction = positionHealthTransaction(accounts, options.feePayer);
  const { value } = await rpc
    .simulateTransaction(transaction, {
      encoding: "base64",
      sigVerify: false,
      replaceRecentBlockhash: true,
      ...(options.commitment ? { commitment: options.commitment } : {}),
    })
    .send();
  const logs = value.logs ?? [];
  if (value.err) throw new PositionHealthSimulationError(value.err, logs);
  if (!value.returnData || value.returnData.programId !== LEVER_PROGRAM_ADDRESS) {
    // All-zero return data is stripped to nothing, and then nodes report none.
    if (!value.returnData) return decodePositionHealthReturnData(new Uint8Array(0));
    throw new PositionHealthSimulationError("return data from another program", logs);
  }
  return decodePositionHealthReturnData(value.returnData.data[0]);
}
