/**
 * @lever/sdk: the TypeScript client of the lever liquidation program.
 *
 * - `generated`: the Codama client of idl/lever.json (instruction builders, account
 *   decoders, fetchers, types, errors); `npm run generate` rewrites it.
 * - `math`: exact ports of lever-math (bigint, the same rounding and the same refusals):
 *   prices and marks, margin, liquidation price, health report, liquidation plan, fees.
 * - `health`: what the program composes from it (fees accrued to now, `position_health`,
 *   the money flow of `liquidate`).
 * - PDA finders, the error table, account readers and `getProgramAccounts` filters,
 *   `getPositionHealth` (simulated view), liquidation record decoders, Pyth accounts.
 */
export * as generated from "./generated/index.js";
export {
  divRound,
  mulDiv,
  I64_MAX,
  I64_MIN,
  I128_MAX,
  I128_MIN,
  U64_MAX,
  U128_MAX,
  type Rounding,
} from "./math/checked.js";
export * from "./math/constants.js";
export * from "./math/errors.js";
export * from "./math/fees.js";
export * from "./math/liquidation.js";
export * from "./math/margin.js";
export * from "./math/price.js";
export * from "./math/settlement.js";
export * from "./health.js";
export * from "./errors.js";
export * from "./pda.js";
export * from "./accounts.js";
export * from "./pyth.js";
export * from "./records.js";
export * from "./view.js";
