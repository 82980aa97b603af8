//! Precision constants. Each names its decimal exponent.

/// Basis points: 10_000 bps = 100 %. // expo = -4
pub const BPS_DENOMINATOR: u128 = 10_000;

/// Internal prices are collateral atoms per base atom, scaled by this. // expo = -12
///
/// With 12 decimals a SOL-like asset (9 base decimals) at $150 against a 6-decimal
/// stablecoin is 0.15 atoms per base atom = 150_000_000_000; a BTC-like asset (8 base
/// decimals) at $100k is 1e15. Internal prices are capped at `u64::MAX` so that
/// `size (u64) * price` always fits in a u128.
pub const PRICE_PRECISION: u128 = 1_000_000_000_000;
/// Decimal exponent of [`PRICE_PRECISION`].
pub const PRICE_PRECISION_EXP: i32 = 12;

/// The cumulative borrow index counts fee per unit of notional, scaled by this. // expo = -18
pub const BORROW_INDEX_PRECISION: u128 = 1_000_000_000_000_000_000;

/// Seconds in an hour: borrow rates are quoted in bps per hour.
pub const SECONDS_PER_HOUR: u128 = 3_600;

/// Upper bound on the open and close fee rates (10 %).
pub const MAX_TRADE_FEE_BPS: u16 = 1_000;

/// Upper bound on the borrow rate (100 % per hour would wipe a position in an hour).
pub const MAX_BORROW_RATE_BPS_PER_HOUR: u32 = 10_000;

/// Largest supported decimal count for the base asset and the collateral token.
pub const MAX_DECIMALS: u8 = 18;

/// Upper bound on `min_hold_secs`: a day.
pub const MAX_MIN_HOLD_SECS: u32 = 86_400;
