/**
 * A litesvm runtime with lever.so deployed as an upgradeable program, for the
 * end-to-end test: SPL token accounts and Pyth `PriceUpdateV2` accounts written
 * directly, transactions built with the generated client and signed with kit signers,
 * and a `simulateTransaction` RPC stand-in so `getPositionHealth` runs unchanged.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  getAddressDecoder,
  getAddressEncoder,
  getBase64Decoder,
  getBase64Encoder,
  getTransactionDecoder,
  getU64Decoder,
  getU64Encoder,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
} from "@solana/kit";
import { Clock, FailedTransactionMetadata, LiteSVM, type TransactionMetadata } from "litesvm";
import {
  BPF_UPGRADEABLE_LOADER_ADDRESS,
  encodePriceUpdateV2,
  findProgramDataPda,
  LEVER_PROGRAM_ADDRESS,
  PYTH_RECEIVER_PROGRAM_ADDRESS,
  type OracleQuote,
  type SimulateTransactionRpc,
} from "../../src/index.js";

export const TOKEN_PROGRAM_ADDRESS = address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

/** target/deploy/lever.so, from the repository root. */
export const LEVER_SO = fileURLToPath(new URL("../../../../../target/deploy/lever.so", import.meta.url));

export function assertLeverSoBuilt(): void {
  if (!existsSync(LEVER_SO)) {
    throw new Error(
      `${LEVER_SO} is missing: the end-to-end test runs the real program. Build it with ` +
        "`sbf/lane.sh build` (from the repository root), then rerun `npm test`. " +
        "(LEVER_TS_SKIP_E2E=1 skips this test, loudly.)",
    );
  }
}

/** A failed transaction: the runtime's error and the program logs. */
export class TxFailed extends Error {
  constructor(
    readonly failure: FailedTransactionMetadata,
    readonly logs: string[],
  ) {
    super(`transaction failed: ${failure.err()}\n${logs.join("\n")}`);
  }
}

const RENT = 10_000_000n;

export class Svm {
  readonly svm: LiteSVM;
  private now: bigint;
  private slot = 100n;

  constructor(now: bigint) {
    assertLeverSoBuilt();
    this.now = now;
    this.svm = new LiteSVM();
    this.svm.addProgram(LEVER_PROGRAM_ADDRESS, new Uint8Array(readFileSync(LEVER_SO)));
    this.setClock();
  }

  private setClock(): void {
    this.svm.setClock(new Clock(this.slot, this.now, 0n, 1n, this.now));
  }

  get unixTime(): bigint {
    return this.now;
  }

  /** Moves the clock (and the slot, one per 400 ms, at least one). */
  advance(seconds: bigint): void {
    this.now += seconds;
    this.slot += seconds * 5n / 2n + 1n;
    this.svm.warpToSlot(this.slot);
    this.setClock();
  }

  /** Makes `authority` the program's upgrade authority, as a deploy would: rewrites the
   * ProgramData header (UpgradeableLoaderState::ProgramData: u32 tag 3, u64 slot,
   * Option<Pubkey>) that litesvm wrote, keeping the ELF behind it. */
  async setUpgradeAuthority(authority: Address): Promise<void> {
    const [programData] = await findProgramDataPda();
    const account = this.svm.getAccount(programData);
    if (!account.exists) throw new Error("litesvm wrote no ProgramData account");
    if (account.programAddress !== BPF_UPGRADEABLE_LOADER_ADDRESS) {
      throw new Error(`ProgramData owned by ${account.programAddress}`);
    }
    const data = new Uint8Array(account.data);
    const view = new DataView(data.buffer);
    if (view.getUint32(0, true) !== 3) throw new Error("not a ProgramData account");
    data[12] = 1;
    data.set(getAddressEncoder().encode(authority), 13);
    this.svm.setAccount({ ...account, data });
  }

  async wallet(sol = 10_000_000_000n): Promise<KeyPairSigner> {
    const signer = await generateKeyPairSigner();
    this.svm.airdrop(signer.address, lamports(sol));
    return signer;
  }

  private put(addr: Address, owner: Address, data: Uint8Array, space?: bigint): void {
    this.svm.setAccount({
      address: addr,
      programAddress: owner,
      data,
      executable: false,
      lamports: lamports(this.svm.minimumBalanceForRentExemption(space ?? BigInt(data.length)) + RENT),
      space: BigInt(data.length),
    });
  }

  /** An SPL mint (82 bytes), authority `authority`. */
  createMint(mint: Address, decimals: number, authority: Address): void {
    const data = new Uint8Array(82);
    data.set([1, 0, 0, 0], 0);
    data.set(getAddressEncoder().encode(authority), 4);
    data[44] = decimals;
    data[45] = 1;
    this.put(mint, TOKEN_PROGRAM_ADDRESS, data);
  }

  /** An SPL token account (165 bytes) of `mint` owned by `owner` holding `amount`. */
  createTokenAccount(account: Address, mint: Address, owner: Address, amount: bigint): void {
    const data = new Uint8Array(165);
    data.set(getAddressEncoder().encode(mint), 0);
    data.set(getAddressEncoder().encode(owner), 32);
    data.set(getU64Encoder().encode(amount), 64);
    data[108] = 1; // AccountState::Initialized
    this.put(account, TOKEN_PROGRAM_ADDRESS, data);
  }

  tokenBalance(account: Address): bigint {
    const a = this.svm.getAccount(account);
    if (!a.exists) throw new Error(`no token account ${account}`);
    return getU64Decoder().decode(a.data, 64);
  }

  tokenOwner(account: Address): Address {
    const a = this.svm.getAccount(account);
    if (!a.exists) throw new Error(`no token account ${account}`);
    return getAddressDecoder().decode(a.data, 32);
  }

  /** A fully verified `PriceUpdateV2` of `feedId`, owned by the Pyth receiver. */
  setPullPrice(oracle: Address, feedId: Uint8Array, quote: OracleQuote): void {
    this.put(oracle, PYTH_RECEIVER_PROGRAM_ADDRESS, encodePriceUpdateV2({ feedId, quote }));
  }

  accountData(addr: Address): Uint8Array {
    const a = this.svm.getAccount(addr);
    if (!a.exists) throw new Error(`no account ${addr}`);
    return new Uint8Array(a.data);
  }

  exists(addr: Address): boolean {
    return this.svm.getAccount(addr).exists;
  }

  /** Signs with every signer the instructions name and sends; throws `TxFailed`. */
  async send(payer: KeyPairSigner, instructions: Instruction[]): Promise<TransactionMetadata> {
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          { blockhash: this.svm.latestBlockhash() as never, lastValidBlockHeight: 1_000_000n },
          m,
        ),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const tx = await signTransactionMessageWithSigners(message);
    const result = this.svm.sendTransaction(tx as never);
    this.svm.expireBlockhash();
    if (result instanceof FailedTransactionMetadata) throw new TxFailed(result, result.meta().logs());
    return result;
  }

  /**
   * The RPC's `simulateTransaction` as a node answers it with `sigVerify: false` and
   * `replaceRecentBlockhash: true`; like the node, it drops trailing zero bytes of the
   * return data, so the SDK's padding is exercised.
   */
  rpc(): SimulateTransactionRpc & { getAccountInfo: (a: Address, c?: unknown) => { send(): Promise<unknown> } } {
    return {
      getAccountInfo: (addr: Address) => ({
        send: async () => {
          const a = this.svm.getAccount(addr);
          return {
            context: { slot: this.slot },
            value: a.exists
              ? {
                  data: [getBase64Decoder().decode(a.data), "base64"],
                  executable: a.executable,
                  lamports: a.lamports,
                  owner: a.programAddress,
                  space: BigInt(a.data.length),
                  rentEpoch: 0n,
                }
              : null,
          };
        },
      }),
      simulateTransaction: (wire, config) => ({
        send: async () => {
          if (config.sigVerify !== false || config.replaceRecentBlockhash !== true) {
            throw new Error("the stand-in simulates only as getPositionHealth asks");
          }
          const tx = getTransactionDecoder().decode(getBase64Encoder().encode(wire));
          this.svm.withSigverify(false).withBlockhashCheck(false);
          try {
            const result = this.svm.simulateTransaction(tx as never);
            if (result instanceof FailedTransactionMetadata) {
              return { value: { err: String(result.err()), logs: result.meta().logs(), returnData: null } };
            }
            const meta = result.meta();
            const data = meta.returnData().data();
            let end = data.length;
            while (end > 0 && data[end - 1] === 0) end -= 1;
            const programId = getAddressDecoder().decode(meta.returnData().programId());
            return {
              value: {
                err: null,
                logs: meta.logs(),
                returnData:
                  end === 0
                    ? null
                    : { programId, data: [getBase64Decoder().decode(data.subarray(0, end)), "base64"] as const },
              },
            };
          } finally {
            this.svm.withSigverify(true).withBlockhashCheck(true);
          }
        },
      }),
    };
  }
}
