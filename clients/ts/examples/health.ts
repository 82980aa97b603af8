/**
 * A position's health and liquidation price, the way a frontend shows it: once from
 * the program itself (`position_health`, simulated by the RPC node) and once locally
 * from the fetched accounts with the exact TypeScript math (no round trip; what to
 * recompute on every price tick). The two agree to the atom.
 *
 *   npm run build:test   # compiles src, test and examples into build-test/
 *   node build-test/examples/health.js <rpc-url> <position> <oracle> <fee-payer>
 *
 * <oracle>: the market's Pyth PriceUpdateV2 account (for a pull market, any fully
 * verified update of the market's feed: the push oracle's sponsored feed account is the
 * usual one). <fee-payer>: any funded address (the user's wallet); nothing is signed.
 */
import { address, createSolanaRpc, fetchEncodedAccount, type Address } from "@solana/kit";
import {
  computePositionHealth,
  decodePriceUpdateV2,
  generated,
  getPositionHealth,
  marketHealthInputs,
  positionHealthInputs,
  type SimulateTransactionRpc,
} from "../src/index.js";

/** Internal price (collateral atoms per base atom, x 1e12) in collateral per base unit. */
export function humanPrice(internal: bigint, decimals: { collateral: number; base: number }): string {
  const scale = 10n ** BigInt(12 + decimals.collateral - decimals.base);
  const whole = internal / scale;
  const cents = ((internal % scale) * 100n) / scale;
  return `${whole}.${cents.toString().padStart(2, "0")}`;
}

export async function showPositionHealth(
  rpc: Parameters<typeof generated.fetchPosition>[0] & SimulateTransactionRpc,
  position: Address,
  oracle: Address,
  feePayer: Address,
): Promise<string> {
  const p = await generated.fetchPosition(rpc, position);
  const m = await generated.fetchMarket(rpc, p.data.market);
  const decimals = { collateral: m.data.collateralDecimals, base: m.data.baseDecimals };

  // 1. The program's answer (needs the RPC; the node's clock and oracle account).
  const view = await getPositionHealth(
    rpc,
    {
      market: p.data.market,
      marketIndex: m.data.index,
      owner: p.data.owner,
      positionId: p.data.positionId,
      position,
      oracle,
    },
    { feePayer },
  );

  // 2. Local, exact: the same numbers from the accounts and the price.
  const oracleAccount = await fetchEncodedAccount(rpc, oracle);
  if (!oracleAccount.exists) throw new Error(`no oracle account ${oracle}`);
  const { quote } = decodePriceUpdateV2(new Uint8Array(oracleAccount.data));
  const now = BigInt(Math.floor(Date.now() / 1000));
  const local = computePositionHealth(marketHealthInputs(m.data), positionHealthInputs(p.data), quote, now);

  const usd = (atoms: bigint) => `${Number(atoms) / 10 ** decimals.collateral}`;
  return [
    `position ${position} (${p.data.side === 0 ? "long" : "short"}, id ${p.data.positionId})`,
    `  mark            ${humanPrice(view.markPrice, decimals)}`,
    `  equity          ${usd(view.equity)}  (local: ${usd(local.equity)})`,
    `  maintenance     ${usd(view.maintenanceRequirement)}`,
    `  margin ratio    ${Number(view.marginRatioBps) / 100} %`,
    `  liquidation at  ${view.liquidationPrice === 0n ? "never" : humanPrice(view.liquidationPrice, decimals)}` +
      `  (local: ${local.liquidationPrice === null ? "never" : humanPrice(local.liquidationPrice, decimals)})`,
    `  liquidatable    ${view.liquidatable}${view.liquidatable ? ` (${view.liquidationIsPartial ? "partial" : "full"}, ${view.liquidationSize} base atoms)` : ""}`,
  ].join("\n");
}

if (process.argv[1]?.endsWith("health.js") && process.argv.length === 6) {
  const [url, position, oracle, feePayer] = process.argv.slice(2) as [string, string, string, string];
  console.log(await showPositionHealth(createSolanaRpc(url), address(position), address(oracle), address(feePayer)));
}
