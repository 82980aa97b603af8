//! Shared test vectors for the TypeScript client (`clients/ts`): seeded random and
//! hand-picked cases, every output computed here by lever-math, written to
//! `clients/ts/test/vectors/health.json`. The TypeScript tests reproduce each output to
//! the atom (or the same error).
//!
//! Freshness: this test fails when what lever-math produces differs from the checked-in
//! file. Regenerate with
//! `LEVER_UPDATE_VECTORS=1 cargo test -p lever-math --test ts_vectors`.
//!
//! Where a case composes lever-math the way the program does (the borrow index
//! projected to `now`, a position's accrued fees, `compute_health`, the money flow of
//! `liquidate`), the composition is written out below and named after the program code
//! it mirrors, since this crate cannot link the program.
//!
//! Format: one JSON object per case and line. Integers that can exceed 2^53 are decimal
//! strings; basis points, decimals and exponents are JSON numbers. An output that
//! lever-math refuses is `{"error": "<MathError variant>"}`.

use std::path::PathBuf;

use lever_math::checked::Rounding;
use lever_math::fees::{accrue_borrow_index, accrued_borrow_fee, borrow_index_at};
use lever_math::price::{
    check_quote, entry_price, execution_price, exit_price, liquidation_mark, risk_price,
    to_internal_price, OracleLimits, OracleRejection, PriceUse,
};
use lever_math::settlement::{
    absorb_bad_debt, bankrupt_keeper_fee, split_penalty, BadDebtCover, KeeperFeeSource,
};
use lever_math::{
    health, health_report, plan_from_health, HealthReport, LiquidationParams, LiquidationPlan,
    MarketDecimals, MathError, MathResult, OracleQuote, PositionSnapshot, Price, Side,
};

const SEED: u64 = 0x1e7e_5eed_2026_0012;
const PRICE_CASES: usize = 1_000;
const FEE_CASES: usize = 1_000;
const POSITION_CASES: usize = 2_000;
const ACCOUNT_CASES: usize = 450;

// ---------------------------------------------------------------------------------
// A small deterministic PRNG (splitmix64): the file must not depend on a crate's
// generator staying the same across versions.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (modulo bias is irrelevant here).
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        let span = hi - lo;
        if span == u64::MAX {
            return self.next();
        }
        lo + self.next() % (span + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }

    /// Log-uniform: a random bit length in `0..=max_bits`, then a random value of that
    /// length, so tiny and huge values are equally likely.
    fn bits(&mut self, max_bits: u32) -> u64 {
        let length = self.range(0, u64::from(max_bits.min(64)));
        if length == 0 {
            return 0;
        }
        self.next() >> (64 - length)
    }

    /// Log-uniform u128 up to `max_bits` bits.
    fn bits128(&mut self, max_bits: u32) -> u128 {
        let length = self.range(0, u64::from(max_bits.min(128))) as u32;
        if length == 0 {
            return 0;
        }
        let wide = (u128::from(self.next()) << 64) | u128::from(self.next());
        wide >> (128 - length)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }

    fn side(&mut self) -> Side {
        if self.chance(50) {
            Side::Long
        } else {
            Side::Short
        }
    }

    /// `value * (1 +- up to max_bps)`, in u128, at least 1.
    fn near(&mut self, value: u128, max_bps: u64) -> u128 {
        let bps = u128::from(self.range(0, max_bps));
        let delta = value / 10_000 * bps + value % 10_000 * bps / 10_000;
        let moved = if self.chance(50) {
            value.saturating_add(delta)
        } else {
            value.saturating_sub(delta)
        };
        moved.max(1)
    }
}

// ---------------------------------------------------------------------------------
// JSON, written by hand so the test needs no dependency: one object per line.

#[derive(Default)]
struct Obj(String);

impl Obj {
    fn field(mut self, key: &str, value: &str) -> Self {
        if !self.0.is_empty() {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(key);
        self.0.push_str("\":");
        self.0.push_str(value);
        self
    }

    /// An integer as a decimal string.
    fn int(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.field(key, &format!("\"{value}\""))
    }

    /// A small number as a JSON number.
    fn num(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.field(key, &value.to_string())
    }

    fn flag(self, key: &str, value: bool) -> Self {
        self.field(key, if value { "true" } else { "false" })
    }

    fn text(self, key: &str, value: &str) -> Self {
        self.field(key, &format!("\"{value}\""))
    }

    fn done(self) -> String {
        format!("{{{}}}", self.0)
    }
}

fn error(e: MathError) -> String {
    Obj::default().text("error", &format!("{e:?}")).done()
}

fn result<T>(r: MathResult<T>, render: impl FnOnce(T) -> String) -> String {
    r.map_or_else(error, render)
}

fn quoted(value: impl std::fmt::Display) -> String {
    format!("\"{value}\"")
}

fn price_out(r: MathResult<Price>) -> String {
    result(r, |p| quoted(p.raw()))
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Long => "long",
        Side::Short => "short",
    }
}

fn decimals_obj(o: Obj, d: MarketDecimals) -> Obj {
    o.num("collateralDecimals", d.collateral)
        .num("baseDecimals", d.base)
}

fn quote_obj(q: &OracleQuote) -> String {
    Obj::default()
        .int("price", q.price)
        .int("conf", q.conf)
        .int("emaPrice", q.ema_price)
        .num("expo", q.expo)
        .int("publishTime", q.publish_time)
        .done()
}

fn position_obj(p: &PositionSnapshot) -> String {
    Obj::default()
        .text("side", side_name(p.side))
        .int("size", p.size)
        .int("entryPrice", p.entry_price.raw())
        .int("collateral", p.collateral)
        .int("accruedFees", p.accrued_fees)
        .done()
}

fn liquidation_params_obj(p: &LiquidationParams) -> String {
    Obj::default()
        .num("mmrBps", p.mmr_bps)
        .num("penaltyBps", p.penalty_bps)
        .num("bufferBps", p.buffer_bps)
        .int("minPositionNotional", p.min_position_notional)
        .done()
}

fn report_obj(r: &HealthReport) -> String {
    Obj::default()
        .int("mark", r.mark.raw())
        .int("notional", r.notional)
        .int("equity", r.equity)
        .int("accruedFees", r.accrued_fees)
        .int("maintenanceRequirement", r.maintenance_requirement)
        .int("marginRatioBps", r.margin_ratio_bps)
        .field(
            "liquidationPrice",
            &r.liquidation_price
                .map_or("null".to_string(), |p| quoted(p.raw())),
        )
        .flag("liquidatable", r.liquidatable)
        .int("liquidationSize", r.liquidation_size)
        .flag("liquidationIsPartial", r.liquidation_is_partial)
        .done()
}

fn plan_obj(plan: &LiquidationPlan) -> String {
    match plan {
        LiquidationPlan::Partial(p) => Obj::default()
            .text("kind", "partial")
            .int("closedSize", p.closed_size)
            .int("remainingSize", p.remaining_size)
            .int("realizedPnl", p.realized_pnl)
            .int("closedNotional", p.closed_notional)
            .int("feesSettled", p.fees_settled)
            .int("fee", p.fee)
            .int("newCollateral", p.new_collateral)
            .int("poolDelta", p.pool_delta)
            .int("remainingEquity", p.remaining_equity)
            .int("remainingNotional", p.remaining_notional)
            .done(),
        LiquidationPlan::Full(f) => Obj::default()
            .text("kind", "full")
            .int("pnl", f.pnl)
            .int("equity", f.equity)
            .int("closedNotional", f.closed_notional)
            .int("fee", f.fee)
            .int("ownerPayout", f.owner_payout)
            .int("badDebt", f.bad_debt)
            .int("poolDelta", f.pool_delta)
            .done(),
    }
}

// ---------------------------------------------------------------------------------
// Compositions of lever-math that the program performs (named after the program code).

/// `Position::accrued_fees` (programs/lever/src/state/position.rs).
fn position_accrued_fees(
    side: Side,
    size: u64,
    entry: Price,
    index_at_open: u128,
    index_now: u128,
) -> MathResult<u64> {
    let bare = PositionSnapshot {
        side,
        size,
        entry_price: entry,
        collateral: 0,
        accrued_fees: 0,
    };
    accrued_borrow_fee(bare.entry_notional()?, index_at_open, index_now)
}

/// The buckets `liquidate` reads beyond the position.
#[derive(Clone, Copy)]
struct Buckets {
    keeper_share_bps: u16,
    insurance_fund: u64,
    pool_liquidity: u64,
    bankrupt_keeper_fee: u64,
}

/// The plan and the money fields of `PositionLiquidated` it does not hold, in the order `liquidate`
/// (programs/lever/src/instructions/liquidate.rs) computes them: plan, penalty split,
/// settlement (bad debt covered by the insurance fund first), insurance fee credited,
/// then the bankrupt keeper fee from the insurance fund and the pool as they stand.
fn liquidation_preview(
    position: &PositionSnapshot,
    mark: Price,
    params: &LiquidationParams,
    buckets: Buckets,
) -> MathResult<Option<String>> {
    let health = health(position, mark, params.mmr_bps)?;
    let Some(plan) = plan_from_health(position, mark, params, &health)? else {
        return Ok(None);
    };
    let (keeper_reward, insurance_fee) = split_penalty(plan.penalty(), buckets.keeper_share_bps)?;
    let add = |a: u64, b: u64| a.checked_add(b).ok_or(MathError::Overflow);
    let (equity_after, cover, pool_delta) = match &plan {
        LiquidationPlan::Partial(p) => (p.remaining_equity, BadDebtCover::default(), 0),
        LiquidationPlan::Full(f) => (
            0,
            absorb_bad_debt(f.bad_debt, buckets.insurance_fund),
            f.pool_delta,
        ),
    };
    let bankrupt = !plan.is_partial() && health.margin.equity <= 0;
    let bankrupt_fee = if bankrupt {
        // A bankrupt position's pool delta is its whole collateral (>= 0).
        let pool_delta = u64::try_from(pool_delta).map_err(|_| MathError::Overflow)?;
        let insurance = add(buckets.insurance_fund - cover.from_insurance, insurance_fee)?;
        let pool = add(
            add(buckets.pool_liquidity, pool_delta)?,
            cover.from_insurance,
        )?;
        bankrupt_keeper_fee(buckets.bankrupt_keeper_fee, insurance, pool)
    } else {
        KeeperFeeSource::default()
    };
    let bankrupt_total = bankrupt_fee.total()?;
    add(keeper_reward, bankrupt_total)?;
    Ok(Some(
        Obj::default()
            .field("plan", &plan_obj(&plan))
            .int("equityAfter", equity_after)
            .int("keeperReward", keeper_reward)
            .int("insuranceFee", insurance_fee)
            .int("badDebtFromInsurance", cover.from_insurance)
            .int("badDebtSocialized", cover.socialized)
            .int("bankruptKeeperFee", bankrupt_total)
            .int("bankruptFeeFromInsurance", bankrupt_fee.from_insurance)
            .int("bankruptFeeFromPool", bankrupt_fee.from_pool)
            .done(),
    ))
}

// ---------------------------------------------------------------------------------
// Case generators.

fn random_quote(rng: &mut Rng) -> (OracleQuote, MarketDecimals) {
    let realistic = rng.chance(80);
    let decimals = if realistic {
        MarketDecimals {
            collateral: rng.pick(&[6, 6, 6, 9, 8, 0, 2, 18]),
            base: rng.pick(&[9, 9, 6, 8, 5, 0, 18, 12]),
        }
    } else {
        MarketDecimals {
            collateral: rng.range(0, 40) as u8,
            base: rng.range(0, 40) as u8,
        }
    };
    let expo = if realistic {
        rng.pick(&[-8, -8, -8, -5, -6, -10, -12, -3, 0, 2])
    } else {
        rng.pick(&[-40, -30, -20, -1, 1, 10, 30, i32::MIN, i32::MAX, -60])
    };
    let price: i64 = match rng.range(0, 19) {
        0 => rng.pick(&[0, -1, i64::MIN, i64::MAX, 1]),
        1..=4 => rng.bits(63) as i64,
        _ => rng.range(1, 1_000_000_000_000_000) as i64,
    };
    let magnitude = price.unsigned_abs();
    let conf = match rng.range(0, 9) {
        0 => rng.pick(&[0, u64::MAX, magnitude, magnitude.saturating_add(1)]),
        1 => rng.bits(64),
        _ => (u128::from(magnitude) * u128::from(rng.range(0, 300)) / 10_000) as u64,
    };
    let ema = match rng.range(0, 9) {
        0 => rng.pick(&[0, -1, i64::MAX, 1, price]),
        1 => rng.bits(63) as i64,
        _ => rng.near(u128::from(magnitude), 2_000).min(i64::MAX as u128) as i64,
    };
    let publish_time = rng.range(1_700_000_000, 1_700_100_000) as i64;
    (
        OracleQuote {
            price,
            conf,
            ema_price: ema,
            expo,
            publish_time,
        },
        decimals,
    )
}

fn random_band(rng: &mut Rng) -> u16 {
    match rng.range(0, 9) {
        0 => rng.pick(&[1, 9_999, 10_000, 10_001, u16::MAX, 0]),
        _ => rng.range(1, 3_000) as u16,
    }
}

fn price_case(quote: &OracleQuote, decimals: MarketDecimals, band: u16, mantissa: u64) -> String {
    let mut out = Obj::default();
    for (name, rounding) in [
        ("internalDown", Rounding::Down),
        ("internalUp", Rounding::Up),
    ] {
        out = out.field(
            name,
            &price_out(to_internal_price(mantissa, quote.expo, decimals, rounding)),
        );
    }
    for side in [Side::Long, Side::Short] {
        let prefix = side_name(side);
        out = out
            .field(
                &format!("{prefix}Risk"),
                &price_out(risk_price(quote, side, decimals)),
            )
            .field(
                &format!("{prefix}Entry"),
                &price_out(entry_price(quote, side, decimals)),
            )
            .field(
                &format!("{prefix}Execution"),
                &price_out(execution_price(quote, side, decimals)),
            )
            .field(
                &format!("{prefix}Mark"),
                &price_out(liquidation_mark(quote, band, side, decimals)),
            )
            .field(
                &format!("{prefix}Exit"),
                &price_out(exit_price(quote, band, side, decimals)),
            );
    }
    let input = decimals_obj(
        Obj::default()
            .field("quote", &quote_obj(quote))
            .num("bandBps", band)
            .int("mantissa", mantissa),
        decimals,
    );
    Obj::default()
        .field("in", &input.done())
        .field("out", &out.done())
        .done()
}

fn price_cases(rng: &mut Rng) -> Vec<String> {
    let sol = MarketDecimals {
        collateral: 6,
        base: 9,
    };
    let q = |price, conf, ema_price, expo| OracleQuote {
        price,
        conf,
        ema_price,
        expo,
        publish_time: 1_700_000_000,
    };
    // Hand-picked: the unit-test examples of price.rs and the bounds.
    let mut cases = vec![
        price_case(
            &q(15_000_000_000, 10_000_000, 15_000_000_000, -8),
            sol,
            500,
            15_000_000_000,
        ),
        price_case(
            &q(12_000_000_000, 0, 15_000_000_000, -8),
            sol,
            500,
            1_234_567,
        ),
        price_case(&q(20_000_000_000, 0, 15_000_000_000, -8), sol, 500, 1),
        price_case(
            &q(1, 0, 101, -12),
            MarketDecimals {
                collateral: 12,
                base: 12,
            },
            500,
            1,
        ),
        price_case(
            &q(15_000_000_005, 0, 15_000_000_005, -8),
            MarketDecimals {
                collateral: 6,
                base: 11,
            },
            500,
            u64::MAX,
        ),
        // Internal price exactly u64::MAX, and one above.
        price_case(
            &q(i64::MAX, 0, i64::MAX, -12),
            MarketDecimals {
                collateral: 0,
                base: 0,
            },
            1,
            u64::MAX,
        ),
        price_case(
            &q(1, 1, 1, -12),
            MarketDecimals {
                collateral: 0,
                base: 0,
            },
            10_000,
            0,
        ),
        price_case(&q(100, 100, 100, -8), sol, 10_001, 100),
        price_case(&q(-5, 0, 100, -8), sol, 500, 5),
        price_case(&q(100, 0, -5, -8), sol, 500, 5),
        price_case(&q(100, 0, 100, i32::MAX), sol, 500, 5),
        price_case(&q(100, 0, 100, i32::MIN), sol, 500, 5),
        price_case(&q(100, u64::MAX, 100, -8), sol, 500, 5),
    ];
    while cases.len() < PRICE_CASES {
        let (quote, decimals) = random_quote(rng);
        let band = random_band(rng);
        // Keep most cases inside the internal range: refusals are a minority.
        if liquidation_mark(&quote, band, Side::Long, decimals).is_err() && rng.chance(75) {
            continue;
        }
        let mantissa = if rng.chance(50) {
            quote.price.unsigned_abs()
        } else {
            rng.bits(64)
        };
        cases.push(price_case(&quote, decimals, band, mantissa));
    }
    cases
}

fn fee_case(
    index: u128,
    rate: u32,
    elapsed: u64,
    entry_notional: u128,
    index_at_open: u128,
    updated_at: i64,
    now: i64,
) -> String {
    let accrued = accrue_borrow_index(index, rate, elapsed);
    let fee =
        accrued.and_then(|now_index| accrued_borrow_fee(entry_notional, index_at_open, now_index));
    let input = Obj::default()
        .int("index", index)
        .num("rateBpsPerHour", rate)
        .int("elapsedSecs", elapsed)
        .int("entryNotional", entry_notional)
        .int("indexAtOpen", index_at_open)
        .int("updatedAt", updated_at)
        .int("now", now);
    let out = Obj::default()
        .field("index", &result(accrued, quoted))
        .field("fee", &result(fee, quoted))
        .field(
            "projectedIndex",
            &result(borrow_index_at(index, rate, updated_at, now), quoted),
        );
    Obj::default()
        .field("in", &input.done())
        .field("out", &out.done())
        .done()
}

fn fee_cases(rng: &mut Rng) -> Vec<String> {
    let e18 = 1_000_000_000_000_000_000u128;
    let mut cases = vec![
        // One bps per hour for an hour on 750 USDC: 0.075 USDC.
        fee_case(0, 1, 3_600, 750_000_000, 0, 0, 3_600),
        fee_case(42, 0, 1_000, 1, 0, 10, 5),
        fee_case(42, 10, 0, 1, 0, i64::MIN, i64::MAX),
        fee_case(1, 7, 1, 1, 0, i64::MAX, i64::MIN),
        fee_case(5, 1, 1, 1, 6, 0, 1),
        fee_case(u128::MAX, 1, 1, 1, 0, 0, 1),
        fee_case(0, u32::MAX, u64::MAX, u128::MAX, 0, 0, i64::MAX),
        fee_case(e18, 10_000, 3_600, u128::from(u64::MAX), 0, 0, 3_600),
    ];
    while cases.len() < FEE_CASES {
        let index = match rng.range(0, 9) {
            0 => rng.pick(&[0, u128::MAX, u128::MAX - 1, e18]),
            1 => rng.bits128(128),
            _ => rng.bits128(80),
        };
        let rate = match rng.range(0, 9) {
            0 => rng.pick(&[0, 1, 10_000, u32::MAX]),
            _ => rng.range(0, 10_000) as u32,
        };
        let elapsed = match rng.range(0, 9) {
            0 => rng.pick(&[0, 1, 3_600, u64::MAX]),
            1 => rng.bits(64),
            _ => rng.range(0, 31_536_000),
        };
        let entry_notional = match rng.range(0, 9) {
            0 => rng.pick(&[0, 1, u128::MAX, u128::from(u64::MAX)]),
            _ => u128::from(rng.bits(64)),
        };
        let index_at_open = if rng.chance(90) {
            index.saturating_sub(rng.bits128(80))
        } else {
            index.saturating_add(rng.range(1, 1_000) as u128)
        };
        let updated_at = rng.range(0, 2_000_000_000) as i64;
        let now = if rng.chance(90) {
            updated_at.saturating_add(rng.range(0, 1_000_000) as i64)
        } else {
            updated_at.saturating_sub(rng.range(1, 1_000) as i64)
        };
        cases.push(fee_case(
            index,
            rate,
            elapsed,
            entry_notional,
            index_at_open,
            updated_at,
            now,
        ));
    }
    cases
}

/// One position case at an internal mark and risk price.
struct PositionCase {
    note: &'static str,
    position: PositionSnapshot,
    mark: Price,
    risk: Price,
    imr_bps: u16,
    params: LiquidationParams,
    buckets: Buckets,
}

fn position_case(c: &PositionCase) -> String {
    let b = c.buckets;
    let mut input = Obj::default();
    if !c.note.is_empty() {
        input = input.text("note", c.note);
    }
    let input = input
        .field("position", &position_obj(&c.position))
        .int("mark", c.mark.raw())
        .int("riskPrice", c.risk.raw())
        .num("imrBps", c.imr_bps)
        .field("params", &liquidation_params_obj(&c.params))
        .num("keeperShareBps", b.keeper_share_bps)
        .int("insuranceFund", b.insurance_fund)
        .int("poolLiquidity", b.pool_liquidity)
        .int("bankruptKeeperFee", b.bankrupt_keeper_fee);
    let p = &c.position;
    let out = Obj::default()
        .field(
            "report",
            &result(health_report(p, c.mark, &c.params), |r| report_obj(&r)),
        )
        .field(
            "meetsInitialMargin",
            &result(p.meets_initial_margin(c.risk, c.imr_bps), |v| v.to_string()),
        )
        .field(
            "meetsInitialMarginWithoutProfit",
            &result(
                p.meets_initial_margin_without_profit(c.risk, c.imr_bps),
                |v| v.to_string(),
            ),
        )
        .field(
            "liquidation",
            &result(liquidation_preview(p, c.mark, &c.params, c.buckets), |v| {
                v.unwrap_or_else(|| "null".to_string())
            }),
        );
    Obj::default()
        .field("in", &input.done())
        .field("out", &out.done())
        .done()
}

fn random_params(rng: &mut Rng) -> (u16, LiquidationParams) {
    let (mmr, penalty, buffer) = if rng.chance(92) {
        let mmr = rng.range(2, 2_500) as u16;
        (
            mmr,
            rng.range(1, u64::from(mmr) - 1) as u16,
            rng.range(1, 1_000) as u16,
        )
    } else {
        // Outside the bounds the program enforces: the math must still agree.
        (
            rng.pick(&[1, 9_999, 10_000, 10_001, 20_000, u16::MAX]),
            rng.pick(&[0, 1, 500, 10_000, u16::MAX]),
            rng.pick(&[0, 1, 100, u16::MAX]),
        )
    };
    let imr = if rng.chance(95) {
        rng.range(u64::from(mmr) + 1, u64::from(mmr) * 3 + 1)
            .min(10_000) as u16
    } else {
        rng.pick(&[0, 10_000, u16::MAX])
    };
    let min_position_notional = match rng.range(0, 9) {
        0 => rng.pick(&[0, 1, u64::MAX]),
        _ => rng.bits(40),
    };
    (
        imr,
        LiquidationParams {
            mmr_bps: mmr,
            penalty_bps: penalty,
            buffer_bps: buffer,
            min_position_notional,
        },
    )
}

fn random_buckets(rng: &mut Rng) -> Buckets {
    let mut amount = || match rng.range(0, 9) {
        0 => rng.pick(&[0, 1, u64::MAX]),
        _ => rng.bits(48),
    };
    let insurance_fund = amount();
    let pool_liquidity = amount();
    let bankrupt_keeper_fee = amount();
    Buckets {
        keeper_share_bps: match rng.range(0, 9) {
            0 => rng.pick(&[0, 10_000, 10_001, u16::MAX]),
            _ => rng.range(0, 10_000) as u16,
        },
        insurance_fund,
        pool_liquidity,
        bankrupt_keeper_fee,
    }
}

fn random_position_case(rng: &mut Rng) -> PositionCase {
    let side = rng.side();
    let size = match rng.range(0, 19) {
        0 => rng.pick(&[0, 1, 2, u64::MAX, u64::MAX - 1]),
        1..=5 => rng.bits(64),
        _ => rng.range(1_000, 1_000_000_000_000_000),
    };
    let entry = match rng.range(0, 19) {
        0 => rng.pick(&[1, 2, u128::from(u64::MAX), 1_000_000]),
        1..=4 => u128::from(rng.bits(64)).max(1),
        _ => u128::from(rng.range(1_000_000, 1_000_000_000_000_000)),
    };
    let (imr, params) = random_params(rng);
    let bare = PositionSnapshot {
        side,
        size,
        entry_price: Price(entry),
        collateral: 0,
        accrued_fees: 0,
    };
    let entry_notional = bare.entry_notional().unwrap_or(u128::MAX);
    // Collateral: a leverage between 1x and 100x of the entry notional, or anything.
    let collateral = match rng.range(0, 9) {
        0 => rng.pick(&[0, 1, u64::MAX]),
        1 => rng.bits(64),
        _ => {
            let leverage_bps = u128::from(rng.range(100, 10_000));
            (entry_notional / 10_000 * leverage_bps).min(u128::from(u64::MAX)) as u64
        }
    };
    let accrued_fees = match rng.range(0, 9) {
        0..=5 => 0,
        6 => rng.pick(&[1, u64::MAX, collateral]),
        _ => collateral / rng.range(1, 1_000),
    };
    let position = PositionSnapshot {
        collateral,
        accrued_fees,
        ..bare
    };
    // The mark: near the liquidation price (the boundary), near the entry, or anywhere.
    let liquidation = position.liquidation_price(params.mmr_bps).ok().flatten();
    let mark = match (rng.range(0, 9), liquidation) {
        (0, _) => Price(rng.pick(&[1, 2, u128::from(u64::MAX), entry])),
        (1, _) => Price(u128::from(rng.bits(64)).max(1)),
        (2..=4, Some(p)) => {
            let offset = u128::from(rng.bits(20));
            Price(if rng.chance(50) {
                p.raw().saturating_add(offset)
            } else {
                p.raw().saturating_sub(offset).max(1)
            })
        }
        (5..=6, Some(p)) => Price(rng.near(p.raw(), 300)),
        _ => Price(rng.near(entry, 2_500)),
    };
    let risk = Price(rng.near(mark.raw(), 100));
    PositionCase {
        note: "",
        position,
        mark,
        risk,
        imr_bps: imr,
        params,
        buckets: random_buckets(rng),
    }
}

/// A position exactly at its maintenance requirement (E == MM): collateral solved for.
fn at_threshold_case(rng: &mut Rng) -> Option<PositionCase> {
    let mut c = random_position_case(rng);
    let p = c.position;
    let report = health_report(&p, c.mark, &c.params).ok()?;
    let required = i128::try_from(report.maintenance_requirement).ok()?;
    // E = C - F + PnL, so C = MM + F - PnL makes E == MM.
    let pnl = report.equity - i128::from(p.collateral) + i128::from(p.accrued_fees);
    let collateral = required - pnl + i128::from(p.accrued_fees);
    let collateral = u64::try_from(collateral).ok()?;
    // One atom less of collateral makes it liquidatable: alternate the two.
    let collateral = if rng.chance(50) {
        collateral
    } else {
        collateral.checked_sub(1)?
    };
    c.note = "at the maintenance threshold";
    c.position.collateral = collateral;
    Some(c)
}

fn position_cases(rng: &mut Rng) -> Vec<String> {
    let sol_long = |size, entry, collateral| PositionSnapshot {
        side: Side::Long,
        size,
        entry_price: Price(entry),
        collateral,
        accrued_fees: 0,
    };
    let params = LiquidationParams {
        mmr_bps: 500,
        penalty_bps: 100,
        buffer_bps: 100,
        min_position_notional: 10_000_000,
    };
    let buckets = Buckets {
        keeper_share_bps: 5_000,
        insurance_fund: 1_000_000_000,
        pool_liquidity: 100_000_000_000,
        bankrupt_keeper_fee: 1_000_000,
    };
    let hand = |note, position, mark: u128, params| PositionCase {
        note,
        position,
        mark: Price(mark),
        risk: Price(mark),
        imr_bps: 1_000,
        params,
        buckets,
    };
    let worked = sol_long(10_000_000_000, 150_000_000_000, 150_000_000);
    let mut hand_picked = vec![
        hand("healthy long", worked, 145_000_000_000, params),
        hand("worked example: partial", worked, 137_000_000_000, params),
        hand(
            "underwater: full with bad debt",
            worked,
            130_000_000_000,
            params,
        ),
        hand(
            "dust remainder forces full",
            worked,
            137_000_000_000,
            LiquidationParams {
                min_position_notional: 500_000_000,
                ..params
            },
        ),
        hand(
            "short, partial",
            PositionSnapshot {
                side: Side::Short,
                ..worked
            },
            163_000_000_000,
            params,
        ),
        hand(
            "zero collateral",
            sol_long(5_000_000_000, 150_000_000_000, 0),
            150_000_000_000,
            params,
        ),
        hand(
            "zero size",
            sol_long(0, 150_000_000_000, 1_000),
            150_000_000_000,
            params,
        ),
        hand(
            "largest size and price",
            sol_long(u64::MAX, u128::from(u64::MAX), u64::MAX),
            u128::from(u64::MAX),
            params,
        ),
        hand(
            "largest entry, mark 1",
            sol_long(u64::MAX, u128::from(u64::MAX), 0),
            1,
            params,
        ),
        hand(
            "fees exceed collateral",
            PositionSnapshot {
                accrued_fees: 200_000_000,
                ..worked
            },
            150_000_000_000,
            params,
        ),
        hand(
            "mmr 100 %: no long liquidation price (division by zero)",
            worked,
            150_000_000_000,
            LiquidationParams {
                mmr_bps: 10_000,
                ..params
            },
        ),
        hand(
            "mmr above 100 %",
            worked,
            150_000_000_000,
            LiquidationParams {
                mmr_bps: 10_001,
                ..params
            },
        ),
        hand(
            "penalty at the target: no partial size",
            worked,
            137_000_000_000,
            LiquidationParams {
                penalty_bps: 600,
                ..params
            },
        ),
        hand(
            "target overflows u16",
            worked,
            137_000_000_000,
            LiquidationParams {
                mmr_bps: u16::MAX,
                ..params
            },
        ),
    ];
    // Found by search: integer effects need the fourth sizing correction.
    for (side, size, entry, mark, collateral, mmr_bps, penalty_bps, buffer_bps) in [
        (
            Side::Short,
            1_464_140_866,
            7_950_016_999,
            7_746_380_826,
            839_242,
            2_007,
            79,
            1_572,
        ),
        (
            Side::Short,
            242_165_633_568,
            5_610_226_566,
            6_027_667_593,
            441_341_780,
            2_338,
            2_198,
            100,
        ),
        (
            Side::Long,
            12_961_235_406,
            795_110_732_183,
            647_945_634_951,
            3_149_642_110,
            2_302,
            1_179,
            344,
        ),
    ] {
        hand_picked.push(hand(
            "fourth sizing correction",
            PositionSnapshot {
                side,
                size,
                entry_price: Price(entry),
                collateral,
                accrued_fees: 0,
            },
            mark,
            LiquidationParams {
                mmr_bps,
                penalty_bps,
                buffer_bps,
                min_position_notional: 0,
            },
        ));
    }
    let mut bankrupt = hand("bankrupt, empty funds", worked, 120_000_000_000, params);
    bankrupt.buckets = Buckets {
        insurance_fund: 0,
        pool_liquidity: 0,
        ..buckets
    };
    hand_picked.push(bankrupt);
    let mut bankrupt = hand("bankrupt, insurance short", worked, 120_000_000_000, params);
    bankrupt.buckets = Buckets {
        insurance_fund: 40_000_000,
        pool_liquidity: 500_000,
        bankrupt_keeper_fee: 2_000_000,
        ..buckets
    };
    hand_picked.push(bankrupt);
    let mut cases: Vec<String> = hand_picked.iter().map(position_case).collect();
    while cases.len() < POSITION_CASES {
        let case = if rng.chance(10) {
            match at_threshold_case(rng) {
                Some(c) => c,
                None => continue,
            }
        } else {
            random_position_case(rng)
        };
        cases.push(position_case(&case));
    }
    cases
}

/// The program's account fields `position_health` reads, and `compute_health`
/// (programs/lever/src/instructions/position_health.rs) composed from lever-math.
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per account field read"
)]
fn account_case(
    side: Side,
    size: u64,
    entry: Price,
    collateral: u64,
    index_at_open: u128,
    market_index: u128,
    updated_at: i64,
    rate: u32,
    band: u16,
    decimals: MarketDecimals,
    params: LiquidationParams,
    quote: &OracleQuote,
    now: i64,
    limits: OracleLimits,
) -> String {
    let health = borrow_index_at(market_index, rate, updated_at, now).and_then(|index| {
        let fees = position_accrued_fees(side, size, entry, index_at_open, index)?;
        let snapshot = PositionSnapshot {
            side,
            size,
            entry_price: entry,
            collateral,
            accrued_fees: fees,
        };
        let mark = liquidation_mark(quote, band, side, decimals)?;
        health_report(&snapshot, mark, &params)
    });
    let checks = [PriceUse::View, PriceUse::Trade, PriceUse::Liquidation].map(|usage| {
        match check_quote(quote, now, limits, usage) {
            Ok(()) => "null".to_string(),
            Err(rejection) => quoted(rejection_name(rejection)),
        }
    });
    let market = decimals_obj(
        Obj::default()
            .int("borrowIndex", market_index)
            .int("borrowIndexUpdatedAt", updated_at)
            .num("borrowRateBpsPerHour", rate)
            .num("emaBandBps", band),
        decimals,
    )
    .field("params", &liquidation_params_obj(&params))
    .num("maxStalenessSecs", limits.max_staleness_secs)
    .num("maxConfBps", limits.max_conf_bps)
    .num("maxTradePriceAgeSecs", limits.max_trade_age_secs)
    .num(
        "maxLiquidationPriceAgeSecs",
        limits.max_liquidation_age_secs,
    );
    let position = Obj::default()
        .text("side", side_name(side))
        .int("size", size)
        .int("entryPrice", entry.raw())
        .int("collateral", collateral)
        .int("borrowIndexSnapshot", index_at_open);
    let input = Obj::default()
        .field("market", &market.done())
        .field("position", &position.done())
        .field("quote", &quote_obj(quote))
        .int("now", now);
    let out = Obj::default()
        .field("health", &result(health, |r| report_obj(&r)))
        .field(
            "exitPrice",
            &price_out(exit_price(quote, band, side, decimals)),
        )
        .field("quoteCheck", &format!("[{}]", checks.join(",")));
    Obj::default()
        .field("in", &input.done())
        .field("out", &out.done())
        .done()
}

fn rejection_name(rejection: OracleRejection) -> String {
    format!("{rejection:?}")
}

fn account_cases(rng: &mut Rng) -> Vec<String> {
    // Hand-picked: the limits of check_quote, exactly at and one past each.
    let limits = OracleLimits {
        max_staleness_secs: 60,
        max_conf_bps: 200,
        max_trade_age_secs: 10,
        max_liquidation_age_secs: 5,
    };
    let sol = MarketDecimals {
        collateral: 6,
        base: 9,
    };
    let params = LiquidationParams {
        mmr_bps: 500,
        penalty_bps: 100,
        buffer_bps: 100,
        min_position_notional: 10_000_000,
    };
    let boundary = |conf: u64, age: i64| {
        let quote = OracleQuote {
            price: 15_000_000_000,
            conf,
            ema_price: 15_000_000_000,
            expo: -8,
            publish_time: 1_700_000_000,
        };
        account_case(
            Side::Long,
            10_000_000_000,
            Price(150_000_000_000),
            150_000_000,
            0,
            1_000_000_000_000_000,
            1_699_990_000,
            3,
            500,
            sol,
            params,
            &quote,
            1_700_000_000 + age,
            limits,
        )
    };
    let mut cases = vec![
        boundary(300_000_000, 0),
        boundary(300_000_001, 0),
        boundary(0, 5),
        boundary(0, 6),
        boundary(0, 10),
        boundary(0, 11),
        boundary(0, 60),
        boundary(0, 61),
        boundary(0, -30),
    ];
    while cases.len() < ACCOUNT_CASES {
        let (mut quote, decimals) = random_quote(rng);
        // Mostly valid, fresh quotes: the health figures are the point here.
        if rng.chance(70) {
            quote.price = rng.range(1_000_000, 100_000_000_000_000) as i64;
            quote.ema_price = rng.near(quote.price.unsigned_abs().into(), 1_000) as i64;
            quote.conf = quote.price.unsigned_abs() / rng.range(50, 100_000);
            quote.expo = -8;
        }
        let band = random_band(rng);
        let side = rng.side();
        let Ok(entry) = entry_price(&quote, side, decimals) else {
            if rng.chance(90) {
                continue;
            }
            let (_, params) = random_params(rng);
            cases.push(account_case(
                side,
                1,
                Price(1),
                1,
                0,
                0,
                0,
                0,
                band,
                decimals,
                params,
                &quote,
                quote.publish_time,
                OracleLimits {
                    max_staleness_secs: 60,
                    max_conf_bps: 200,
                    max_trade_age_secs: 10,
                    max_liquidation_age_secs: 10,
                },
            ));
            continue;
        };
        let entry = Price(rng.near(entry.raw(), 1_500).min(u128::from(u64::MAX)));
        let size = if rng.chance(90) {
            rng.range(1, 1_000_000_000_000_000)
        } else {
            rng.pick(&[0, 1, u64::MAX])
        };
        let bare = PositionSnapshot {
            side,
            size,
            entry_price: entry,
            collateral: 0,
            accrued_fees: 0,
        };
        let notional = bare.entry_notional().unwrap_or(u128::MAX);
        let collateral = (notional / 10_000 * u128::from(rng.range(300, 10_000)))
            .min(u128::from(u64::MAX)) as u64;
        let (_, params) = random_params(rng);
        let rate = if rng.chance(92) {
            rng.range(0, 100) as u32
        } else {
            rng.pick(&[0, 10_000, u32::MAX])
        };
        let index_at_open = rng.bits128(70);
        let market_index = index_at_open + rng.bits128(60);
        let updated_at = quote.publish_time - rng.range(0, 100_000) as i64;
        let max_staleness_secs = rng.range(1, 120) as u32;
        let now =
            quote.publish_time + rng.range(0, u64::from(max_staleness_secs) * 5 / 4) as i64 - 5;
        let limits = OracleLimits {
            max_staleness_secs,
            max_conf_bps: rng.range(1, 500) as u16,
            max_trade_age_secs: rng.range(1, u64::from(max_staleness_secs)) as u32,
            max_liquidation_age_secs: rng.range(1, u64::from(max_staleness_secs)) as u32,
        };
        cases.push(account_case(
            side,
            size,
            entry,
            collateral,
            index_at_open,
            market_index,
            updated_at,
            rate,
            band,
            decimals,
            params,
            &quote,
            now,
            limits,
        ));
    }
    cases
}

fn render() -> String {
    let mut rng = Rng(SEED);
    let groups = [
        ("prices", price_cases(&mut rng)),
        ("fees", fee_cases(&mut rng)),
        ("positions", position_cases(&mut rng)),
        ("accounts", account_cases(&mut rng)),
    ];
    let mut out = String::from("{\n");
    out.push_str("\"generator\": \"crates/lever-math/tests/ts_vectors.rs\",\n");
    out.push_str(
        "\"regenerate\": \"LEVER_UPDATE_VECTORS=1 cargo test -p lever-math --test ts_vectors\",\n",
    );
    out.push_str(&format!("\"seed\": \"{SEED:#x}\",\n"));
    for (i, (name, cases)) in groups.iter().enumerate() {
        out.push_str(&format!("\"{name}\": [\n"));
        out.push_str(&cases.join(",\n"));
        out.push_str(if i + 1 == groups.len() {
            "\n]\n"
        } else {
            "\n],\n"
        });
    }
    out.push_str("}\n");
    out
}

#[test]
fn checked_in_vectors_match_lever_math() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../clients/ts/test/vectors/health.json");
    let produced = render();
    if std::env::var_os("LEVER_UPDATE_VECTORS").is_some() {
        std::fs::write(&path, &produced)
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == produced,
        "clients/ts/test/vectors/health.json is stale: regenerate with \
         `LEVER_UPDATE_VECTORS=1 cargo test -p lever-math --test ts_vectors`"
    );
}

#[test]
fn vectors_cover_every_outcome() {
    // The generator must keep producing the cases the TS tests rely on: a change that
    // silently drops partial plans or errors would leave those paths untested.
    let text = render();
    for needle in [
        "\"kind\":\"partial\"",
        "\"kind\":\"full\"",
        "\"liquidatable\":true",
        "\"liquidatable\":false",
        "\"liquidationPrice\":null",
        "{\"error\":\"Overflow\"}",
        "{\"error\":\"DivisionByZero\"}",
        "{\"error\":\"PriceOutOfRange\"}",
        "\"Stale\"",
        "\"ConfidenceTooWide\"",
        "\"TooOldForTrade\"",
        "\"TooOldForLiquidation\"",
        "\"NonPositivePrice\"",
        "\"note\":\"at the maintenance threshold\"",
    ] {
        assert!(text.contains(needle), "no vector produces {needle}");
    }
    // A bankrupt keeper fee that the insurance fund could not cover alone.
    let from_pool_nonzero = text
        .split("\"bankruptFeeFromPool\":\"")
        .skip(1)
        .any(|rest| !rest.starts_with("0\""));
    assert!(
        from_pool_nonzero,
        "no vector pays a bankrupt fee from the pool"
    );
}
