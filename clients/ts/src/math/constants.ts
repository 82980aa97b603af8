/** Precision constants of lever-math (crates/lever-math/src/constants.rs). */

/** Basis points: 10_000 bps = 100 %. // expo = -4 */
export const BPS_DENOMINATOR = 10_000n;
/** Internal prices are collateral atoms per base atom, scaled by this. // expo = -12 */
export const PRICE_PRECISION = 1_000_000_000_000n;
/** Decimal exponent of {@link PRICE_PRECISION}. */
export const PRICE_PRECISION_EXP = 12;
/** The borrow index counts fee per unit of notional, scaled by this. // expo = -18 */
export const BORROW_INDEX_PRECISION = 1_000_000_000_000_000_000n;
/** Seconds in an hour: borrow rates are quoted in bps per hour. */
export const SECONDS_PER_HOUR = 3_600n;
/**
 * Worst-case rounding of equity minus maintenance requirement, in collateral atoms
 * (`lever_math::margin::LIQUIDATION_PRICE_SLACK_ATOMS`).
 */
export const LIQUIDATION_PRICE_SLACK_ATOMS = 3n;
/** How many times the closed-form liquidation size may be corrected (`MAX_SIZING_STEPS`). */
export const MAX_SIZING_STEPS = 4;
