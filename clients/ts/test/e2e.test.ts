/**
 * End to end on the real program: lever.so in litesvm, the SPL Token program litesvm
 * bundles, Pyth `PriceUpdateV2` accounts written directly. The frontend's path:
 * initialize, create a market, LP deposit, open a long and a short, read health by the
 * program's view (simulated) and by the TypeScript math (they must agree to the atom),
 * move the price, liquidate with the SDK's builders, decode the record from return data
 * and from logs, check token balances.
 *
 * Needs target/deploy/lever.so (`sbf/lane.sh build`); fails with that instruction when
 * it is missing. LEVER_TS_SKIP_E2E=1 skips it and says so on stderr.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AccountRole, generateKeyPairSigner, getBase58Encoder, type Address, type KeyPairSigner } from "@solana/kit";
import {
  checkQuote,
  computePositionHealth,
  decodePositionLiquidatedLogs,
  decodePositionLiquidatedReturnData,
  findMarketPda,
  findPositionPda,
  findVaultPda,
  findLpMintPda,
  generated,
  getPositionHealth,
  LEVER_PROGRAM_ADDRESS,
  marketHealthInputs,
  marketPositionsFilters,
  ownerPositionsFilters,
  positionHealthInputs,
  leverErrorFromCode,
  leverErrorFromName,
  type OracleQuote,
  type PositionLiquidated,
  type ProgramAccountsFilter,
} from "../src/index.js";
import { DEFAULT_PARAMS } from "./helpers.js";
import { Svm, TxFailed } from "./support/svm.js";
import { humanPrice, showPositionHealth } from "../examples/health.js";

/** The name of the program error a failed send ended with (the runtime's last log line). */
async function programErrorOf(sending: Promise<unknown>): Promise<string> {
  const error = await sending.then(
    () => assert.fail("the transaction succeeded"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TxFailed, String(error));
  const line = error.logs.find((l) => /failed: custom program error: 0x[0-9a-f]+$/.test(l));
  assert.ok(line, `no custom program error in:\n${error.logs.join("\n")}`);
  const code = Number.parseInt(line.slice(line.lastIndexOf("0x") + 2), 16);
  return leverErrorFromCode(code)?.name ?? `unknown code ${code}`;
}

const SKIP = process.env.LEVER_TS_SKIP_E2E === "1";
if (SKIP) {
  process.stderr.write(
    "\n*** e2e: SKIPPED (LEVER_TS_SKIP_E2E=1): lever.so was NOT exercised from TypeScript ***\n\n",
  );
}

const FEED_ID = new Uint8Array(32).fill(7);
const EXPO = -8;
const USDC = 1_000_000n; // 6 decimals
const SOL = 1_000_000_000n; // 9 decimals


const matches = (data: Uint8Array, filters: ProgramAccountsFilter[]): boolean =>
  filters.every((f) => {
    if ("dataSize" in f) return BigInt(data.length) === f.dataSize;
    const want = bs58Bytes(f.memcmp.bytes);
    const at = Number(f.memcmp.offset);
    return want.every((b, i) => data[at + i] === b);
  });

const bs58Bytes = (text: string): Uint8Array => new Uint8Array(getBase58Encoder().encode(text));

describe("end to end on target/deploy/lever.so (litesvm)", { skip: SKIP ? "LEVER_TS_SKIP_E2E=1" : false }, () => {
  const t0 = 1_750_000_000n;
  let svm: Svm;
  let admin: KeyPairSigner, lp: KeyPairSigner, alice: KeyPairSigner, bob: KeyPairSigner, keeper: KeyPairSigner;
  let mint: Address, oracle: Address, market: Address, vault: Address, lpMint: Address;
  const tokens = new Map<string, Address>();
  let longPosition: Address, shortPosition: Address;
  let quote: OracleQuote;

  const publish = (price: bigint, emaPrice: bigint) => {
    quote = { price, conf: 1_000_000n, emaPrice, expo: EXPO, publishTime: svm.unixTime };
    svm.setPullPrice(oracle, FEED_ID, quote);
  };
  const token = (who: KeyPairSigner, kind = "usdc"): Address => {
    const a = tokens.get(`${who.address}:${kind}`);
    assert.ok(a, `no ${kind} account for ${who.address}`);
    return a;
  };
  const fetchMarket = () => generated.getMarketDecoder().decode(svm.accountData(market));
  const fetchPosition = (p: Address) => generated.getPositionDecoder().decode(svm.accountData(p));

  it("refuses initialize_config from a signer that is not the upgrade authority", async () => {
    svm = new Svm(t0);
    admin = await svm.wallet();
    await svm.setUpgradeAuthority(admin.address);
    const intruder = await svm.wallet();
    const ix = await generated.getInitializeConfigInstructionAsync({ admin: intruder });
    assert.equal(await programErrorOf(svm.send(intruder, [ix])), "NotUpgradeAuthority");
  });

  it("initializes the config as the upgrade authority (builder resolves config and ProgramData)", async () => {
    const ix = await generated.getInitializeConfigInstructionAsync({ admin });
    await svm.send(admin, [ix]);
    const config = generated.getConfigDecoder().decode(svm.accountData(ix.accounts[1].address));
    assert.equal(config.admin, admin.address);
    assert.equal(config.marketCount, 0);
  });

  it("creates market 0 on a pull oracle", async () => {
    mint = (await generateKeyPairSigner()).address;
    oracle = (await generateKeyPairSigner()).address;
    svm.createMint(mint, 6, admin.address);
    publish(15_000_000_000n, 15_000_000_000n);
    [market] = await findMarketPda(0);
    [vault] = await findVaultPda(market);
    [lpMint] = await findLpMintPda(market);
    const ix = await generated.getCreateMarketInstructionAsync({
      admin,
      market,
      collateralMint: mint,
      oracle,
      marketIndex: 0,
      oracleSource: generated.OracleSource.PythPull,
      oracleFeed: FEED_ID,
      baseDecimals: 9,
      params: DEFAULT_PARAMS,
    });
    assert.equal(ix.accounts[4].address, vault, "vault derived by the builder");
    assert.equal(ix.accounts[5].address, lpMint, "lp_mint derived by the builder");
    await svm.send(admin, [ix]);
    const m = fetchMarket();
    assert.equal(m.index, 0);
    assert.equal(m.vault, vault);
    assert.equal(m.lpMint, lpMint);
    assert.deepEqual([...m.oracleFeed], [...FEED_ID]);
  });

  it("takes an LP deposit", async () => {
    lp = await svm.wallet();
    const usdc = (await generateKeyPairSigner()).address;
    const shares = (await generateKeyPairSigner()).address;
    svm.createTokenAccount(usdc, mint, lp.address, 100_000n * USDC);
    svm.createTokenAccount(shares, lpMint, lp.address, 0n);
    tokens.set(`${lp.address}:usdc`, usdc);
    await svm.send(lp, [
      generated.getLpDepositInstruction({
        marketIndex: 0,
        depositor: lp,
        market,
        vault,
        lpMint,
        depositorCollateral: usdc,
        depositorShares: shares,
        oracle,
        amount: 50_000n * USDC,
      }),
    ]);
    assert.equal(svm.tokenBalance(vault), 50_000n * USDC);
    assert.equal(svm.tokenBalance(shares), 50_000n * USDC, "first deposit mints 1:1");
    assert.equal(fetchMarket().poolLiquidity, 50_000n * USDC);
  });

  it("opens a long and a short (position ids chosen by the owners)", async () => {
    alice = await svm.wallet();
    bob = await svm.wallet();
    for (const who of [alice, bob]) {
      const usdc = (await generateKeyPairSigner()).address;
      svm.createTokenAccount(usdc, mint, who.address, 1_000n * USDC);
      tokens.set(`${who.address}:usdc`, usdc);
    }
    [longPosition] = await findPositionPda(market, alice.address, 1n);
    [shortPosition] = await findPositionPda(market, bob.address, 42n);
    const open = (owner: KeyPairSigner, position: Address, positionId: bigint, side: generated.Side) =>
      generated.getOpenPositionInstruction({
        marketIndex: 0,
        owner,
        market,
        vault,
        position,
        ownerCollateral: token(owner),
        oracle,
        positionId,
        side,
        collateral: 200n * USDC,
        size: 10n * SOL,
      });
    await svm.send(alice, [open(alice, longPosition, 1n, generated.Side.Long)]);
    await svm.send(bob, [open(bob, shortPosition, 42n, generated.Side.Short)]);
    const long = fetchPosition(longPosition);
    assert.equal(long.owner, alice.address);
    assert.equal(long.market, market);
    assert.equal(long.positionId, 1n);
    assert.equal(long.side, 0);
    assert.equal(long.size, 10n * SOL);
    assert.equal(fetchPosition(shortPosition).side, 1);
    assert.equal(svm.tokenBalance(token(alice)), 800n * USDC);
    assert.equal(fetchMarket().openPositions, 2n);
  });

  it("finds positions with the getProgramAccounts filters", () => {
    const all = svm.svm.getProgramAccounts(LEVER_PROGRAM_ADDRESS);
    const pick = (filters: ProgramAccountsFilter[]) =>
      all.filter((a) => matches(new Uint8Array(a.data), filters)).map((a) => a.address).sort();
    assert.deepEqual(pick(marketPositionsFilters(market)), [longPosition, shortPosition].sort());
    assert.deepEqual(pick(ownerPositionsFilters(alice.address)), [longPosition]);
    assert.deepEqual(pick(ownerPositionsFilters(bob.address)), [shortPosition]);
    assert.deepEqual(pick(ownerPositionsFilters(lp.address)), []);
  });

  const healthBoth = async (position: Address) => {
    const { owner, positionId } = fetchPosition(position);
    const view = await getPositionHealth(
      svm.rpc(),
      { market, marketIndex: 0, owner, positionId, position, oracle },
      { feePayer: keeper.address },
    );
    const local = computePositionHealth(
      marketHealthInputs(fetchMarket()),
      positionHealthInputs(fetchPosition(position)),
      quote,
      svm.unixTime,
    );
    assert.deepEqual(
      {
        markPrice: local.mark,
        notional: local.notional,
        equity: local.equity,
        accruedFees: local.accruedFees,
        maintenanceRequirement: local.maintenanceRequirement,
        marginRatioBps: local.marginRatioBps,
        liquidationPrice: local.liquidationPrice ?? 0n,
        liquidatable: local.liquidatable,
        liquidationSize: local.liquidationSize,
        liquidationIsPartial: local.liquidationIsPartial,
      },
      view,
      "position_health (simulated) and the TypeScript math disagree",
    );
    return view;
  };

  it("reads health by simulation and by the TS math, identically", async () => {
    keeper = await svm.wallet();
    svm.advance(5n);
    publish(15_010_000_000n, 15_000_000_000n);
    const long = await healthBoth(longPosition);
    const short = await healthBoth(shortPosition);
    assert.equal(long.liquidatable, false);
    assert.equal(short.liquidatable, false);
    assert.ok(long.liquidationPrice > 0n && long.liquidationPrice < long.markPrice);
    assert.ok(short.liquidationPrice > short.markPrice);
    assert.equal(checkQuote(quote, svm.unixTime, {
      maxStalenessSecs: 60, maxConfBps: 200, maxTradePriceAgeSecs: 10, maxLiquidationPriceAgeSecs: 10,
    }, "liquidation"), null);
  });

  it("refuses to liquidate a healthy position with the program's error", async () => {
    const keeperUsdc = (await generateKeyPairSigner()).address;
    svm.createTokenAccount(keeperUsdc, mint, keeper.address, 0n);
    tokens.set(`${keeper.address}:usdc`, keeperUsdc);
    assert.equal(await programErrorOf(svm.send(keeper, [liquidateIx(longPosition, alice)])), "PositionHealthy");
  });

  /** `r` is the keeper's liquidation of alice's long as its health `before` foretold, at the current quote. */
  const assertLongLiquidated = (r: PositionLiquidated, before: generated.PositionHealth) => {
    assert.equal(r.market, market);
    assert.equal(r.position, longPosition);
    assert.equal(r.owner, alice.address);
    assert.equal(r.keeper, keeper.address);
    assert.equal(r.side, generated.Side.Long);
    assert.equal(r.markPrice, before.markPrice);
    assert.equal(r.partial, before.liquidationIsPartial);
    assert.equal(r.closedSize, before.liquidationSize);
    assert.equal(r.equityBefore, before.equity);
    assert.equal(r.oraclePrice, quote.price);
    assert.equal(r.oraclePublishTime, quote.publishTime);
    assert.deepEqual([...r.oracleFeedId], [...FEED_ID]);
    assert.equal(r.penalty, r.keeperReward + r.insuranceFee);
  };

  const liquidateIx = (position: Address, owner: KeyPairSigner) =>
    generated.getLiquidateInstruction({
      marketIndex: 0,
      positionId: fetchPosition(position).positionId,
      keeper,
      market,
      vault,
      position,
      owner: owner.address,
      keeperCollateral: token(keeper),
      ownerCollateral: token(owner),
      oracle,
    });

  it("liquidates the long after the price falls; the record decodes from return data and logs", async () => {
    svm.advance(60n);
    publish(13_500_000_000n, 13_600_000_000n);
    const before = await healthBoth(longPosition);
    assert.equal(before.liquidatable, true, "the long must be liquidatable at 135");
    const short = await healthBoth(shortPosition);
    assert.equal(short.liquidatable, false);

    const balances = () => ({
      keeper: svm.tokenBalance(token(keeper)),
      owner: svm.tokenBalance(token(alice)),
      vault: svm.tokenBalance(vault),
    });
    const start = balances();
    const marketBefore = fetchMarket();
    const meta = await svm.send(keeper, [liquidateIx(longPosition, alice)]);

    const fromReturn = decodePositionLiquidatedReturnData(new Uint8Array(meta.returnData().data()));
    const fromLogs = decodePositionLiquidatedLogs(meta.logs(), LEVER_PROGRAM_ADDRESS);
    assert.equal(fromLogs.length, 1, "one PositionLiquidated event");
    assert.deepEqual(fromLogs[0], fromReturn, "event and return data carry the same record");

    const r = fromReturn;
    assertLongLiquidated(r, before);
    assert.ok(r.keeperReward > 0n);

    const end = balances();
    const paidKeeper = r.keeperReward + r.bankruptKeeperFee;
    assert.equal(end.keeper - start.keeper, paidKeeper, "keeper paid its reward");
    assert.equal(end.owner - start.owner, r.ownerPayout, "owner paid the remaining equity");
    assert.equal(start.vault - end.vault, paidKeeper + r.ownerPayout, "vault paid exactly those");
    const marketAfter = fetchMarket();
    assert.equal(marketAfter.insuranceFund - marketBefore.insuranceFund, r.insuranceFee - r.badDebtFromInsurance);
    if (r.partial) {
      assert.equal(fetchPosition(longPosition).size, r.remainingSize);
      assert.equal(r.remainingSize, 10n * SOL - r.closedSize);
    } else {
      assert.equal(svm.exists(longPosition), false, "a full liquidation closes the account");
      assert.equal(r.remainingSize, 0n);
    }
    // The short is untouched and still agrees.
    await healthBoth(shortPosition);
  });

  it("runs the README's example (examples/health.ts) on the short", async () => {
    const text = await showPositionHealth(svm.rpc() as never, shortPosition, oracle, keeper.address);
    const view = await getPositionHealth(
      svm.rpc(),
      { market, marketIndex: 0, owner: bob.address, positionId: 42n, position: shortPosition, oracle },
      { feePayer: keeper.address },
    );
    assert.match(text, /\(short, id 42\)/);
    assert.match(text, new RegExp(`liquidation at  ${humanPrice(view.liquidationPrice, { collateral: 6, base: 9 }).replace(".", "\\.")}`));
    assert.match(text, /liquidatable    false/);
    assert.equal(humanPrice(150_000_000_000n, { collateral: 6, base: 9 }), "150.00");
  });

  it("liquidates in a batch; each record joins from the batch's events and agrees with health", async () => {
    svm.advance(60n);
    publish(12_800_000_000n, 12_900_000_000n);
    const long = await healthBoth(longPosition);
    assert.equal(long.liquidatable, true, "the long's remainder must be liquidatable at 128");
    assert.equal((await healthBoth(shortPosition)).liquidatable, false);
    const batch = generated.getLiquidateBatchInstruction({
      keeper,
      market,
      vault,
      keeperCollateral: token(keeper),
      oracle,
      marketIndex: 0,
    });
    const positions = [longPosition, shortPosition].map((address) => ({ address, role: AccountRole.WRITABLE }));
    const meta = await svm.send(keeper, [{ ...batch, accounts: [...batch.accounts, ...positions] }]);

    const result = generated.getBatchLiquidationDecoder().decode(new Uint8Array(meta.returnData().data()));
    assert.deepEqual(result.statuses, [0, leverErrorFromName("PositionHealthy")?.code]);
    const records = decodePositionLiquidatedLogs(meta.logs(), LEVER_PROGRAM_ADDRESS);
    assert.equal(records.length, 1, "one record: the healthy short is skipped");
    const r = records[0];
    assert.ok(r);
    assertLongLiquidated(r, long);
    assert.equal(result.keeperPaid, r.keeperReward + r.bankruptKeeperFee);
  });
});
