//! Property tests for the laws PROTOCOL.md states about the money math.

use lever_math::checked::Rounding;
use lever_math::constants::PRICE_PRECISION;
use lever_math::margin::{notional, pnl, requirement};
use lever_math::pool::{
    payout_for_withdrawal, pool_value, shares_for_deposit, side_claim, LpAction, SideBook,
    SideInterest,
};
use lever_math::price::{execution_price, exit_price, liquidation_mark};
use lever_math::settlement::{
    full_settlement_conserves, settle_full, settle_full_realizing, Realize,
};
use lever_math::{
    plan_liquidation, LiquidationParams, LiquidationPlan, MarketDecimals, OracleQuote,
    PositionSnapshot, Price, Side,
};
use proptest::prelude::*;

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Long), Just(Side::Short)]
}

/// Realistic ranges: up to 1e6 whole units of a 9-decimal asset, prices from 1e-6 to
/// 1e3 collateral atoms per base atom, collateral up to 1e12 atoms.
fn position() -> impl Strategy<Value = PositionSnapshot> {
    (
        side(),
        1u64..1_000_000_000_000_000,
        1_000_000u128..1_000_000_000_000_000,
        0u64..1_000_000_000_000,
        0u64..1_000_000,
    )
        .prop_map(|(side, size, entry, collateral, fees)| PositionSnapshot {
            side,
            size,
            entry_price: Price(entry),
            collateral,
            accrued_fees: fees,
        })
}

fn liquidation_params() -> impl Strategy<Value = LiquidationParams> {
    (1u16..2_000, 1u16..1_000, 0u64..1_000_000_000).prop_flat_map(|(mmr, buffer, min_notional)| {
        (1u16..mmr.max(2)).prop_map(move |penalty| LiquidationParams {
            mmr_bps: mmr.max(2),
            penalty_bps: penalty,
            buffer_bps: buffer,
            min_position_notional: min_notional,
        })
    })
}

proptest! {
    /// PnL credited is never more than the exact s (P - x) (rounding never favours the user).
    #[test]
    fn pnl_never_exceeds_the_exact_value(side in side(), size in 0u64..(1 << 62), entry in 1u128..=u64::MAX as u128, mark in 1u128..=u64::MAX as u128) {
        let credited = pnl(side, size, Price(entry), Price(mark)).unwrap();
        let exact_scaled: i128 = match side {
            Side::Long => (mark as i128 - entry as i128) * size as i128,
            Side::Short => (entry as i128 - mark as i128) * size as i128,
        };
        // credited * 1e12 <= exact, and within one atom of it.
        let credited_scaled = credited * PRICE_PRECISION as i128;
        prop_assert!(credited_scaled <= exact_scaled);
        prop_assert!(exact_scaled - credited_scaled < PRICE_PRECISION as i128);
    }

    /// Requirements are never below the exact ratio of the exact notional.
    #[test]
    fn requirements_round_up(size in any::<u64>(), price in 1u128..=u64::MAX as u128, ratio in 1u16..=10_000) {
        let notional_up = notional(size, Price(price), Rounding::Up).unwrap();
        let required = requirement(notional_up, ratio).unwrap();
        // required * 1e4 * 1e12 >= ratio * size * price (exact, in 256 bits via two steps)
        let exact = size as u128 * price;
        prop_assert!(notional_up * PRICE_PRECISION >= exact);
        prop_assert!(required * 10_000 >= notional_up * ratio as u128);
    }

    /// Equity rises with the price for a long and falls for a short.
    #[test]
    fn equity_is_monotone_in_price(pos in position(), a in 1u128..1_000_000_000_000_000, b in 1u128..1_000_000_000_000_000) {
        let (low, high) = (Price(a.min(b)), Price(a.max(b)));
        let e_low = pos.margin_at(low).unwrap().equity;
        let e_high = pos.margin_at(high).unwrap().equity;
        match pos.side {
            Side::Long => prop_assert!(e_high >= e_low),
            Side::Short => prop_assert!(e_high <= e_low),
        }
    }

    /// Depositing then withdrawing at once never returns more than was put in, and
    /// never lowers the value of the shares already out.
    #[test]
    fn share_math_never_creates_value(amount in 1u64..1_000_000_000_000, supply in 1u64..1_000_000_000_000, value in 1u64..1_000_000_000_000) {
        let Some(shares) = shares_for_deposit(amount, supply, value as u128).unwrap() else { return Ok(()); };
        let new_supply = supply + shares;
        let new_value = value as u128 + amount as u128;
        let back = payout_for_withdrawal(shares, new_supply, new_value).unwrap();
        prop_assert!(back <= amount);
        // Value per share of the old holders: new_value / new_supply >= value / supply.
        prop_assert!(new_value * supply as u128 >= value as u128 * new_supply as u128);
    }

    /// A full settlement moves exactly the position's collateral between buckets, and
    /// its fee never exceeds the equity left.
    #[test]
    fn full_settlement_conserves_tokens(pos in position(), mark in 1_000_000u128..1_000_000_000_000_000, fee in 0u16..1_000) {
        let s = settle_full(&pos, Price(mark), fee).unwrap();
        prop_assert!(full_settlement_conserves(&pos, &s).unwrap());
        prop_assert!(i128::from(s.fee) <= s.equity.max(0));
        prop_assert!(s.bad_debt == 0 || s.owner_payout == 0);
    }

    /// Liquidation: refused when healthy; a partial one leaves the remainder at or
    /// above T N' with non-negative collateral and at least the minimum notional; the
    /// penalty never makes equity negative; the buckets balance.
    #[test]
    fn liquidation_laws(pos in position(), mark in 1_000_000u128..1_000_000_000_000_000, params in liquidation_params()) {
        let mark = Price(mark);
        let health = lever_math::health(&pos, mark, params.mmr_bps).unwrap();
        let plan = plan_liquidation(&pos, mark, &params).unwrap();
        prop_assert_eq!(plan.is_some(), health.liquidatable);
        match plan {
            None => {}
            Some(LiquidationPlan::Partial(p)) => {
                prop_assert!(health.margin.equity > 0);
                prop_assert!(p.closed_size > 0 && p.remaining_size > 0);
                prop_assert!(p.new_collateral >= 0);
                let target = params.mmr_bps + params.buffer_bps;
                prop_assert!(p.remaining_equity >= requirement(p.remaining_notional, target).unwrap() as i128);
                prop_assert!(p.remaining_notional >= u128::from(params.min_position_notional));
                // Buckets: collateral change + pool + penalty == 0.
                let collateral_change = p.new_collateral - i128::from(pos.collateral);
                prop_assert_eq!(collateral_change + p.pool_delta + i128::from(p.fee), 0);
            }
            Some(LiquidationPlan::Full(f)) => {
                prop_assert!(i128::from(f.fee) <= f.equity.max(0));
                prop_assert_eq!(f.equity - i128::from(f.fee) - i128::from(f.owner_payout), if f.equity < 0 { f.equity } else { 0 });
                prop_assert!(full_settlement_conserves(&pos, &f).unwrap());
            }
        }
    }
}

proptest! {
    /// The reported liquidation price is conservative: healthy at it and beyond.
    #[test]
    fn healthy_at_and_beyond_the_reported_liquidation_price(pos in position(), mmr in 1u16..5_000, beyond in 0u128..1_000_000) {
        if let Some(price) = pos.liquidation_price(mmr).unwrap() {
            let safer = match pos.side {
                Side::Long => price.raw().saturating_add(beyond),
                Side::Short => price.raw().saturating_sub(beyond),
            };
            if safer > 0 && safer <= u64::MAX as u128 {
                prop_assert!(!pos.is_liquidatable(Price(safer), mmr).unwrap());
            }
        }
    }
}

fn side_book() -> impl Strategy<Value = SideBook> {
    (
        0u64..1_000_000_000_000_000,
        1_000_000u128..1_000_000_000_000_000,
        0u64..1_000_000_000_000,
    )
        .prop_map(|(size, entry, collateral)| {
            let mut interest = SideInterest::default();
            interest.add(size, Price(entry)).unwrap();
            SideBook {
                interest,
                collateral,
            }
        })
}

proptest! {
    /// An exit inside the minimum hold never pays more than the same exit realizing
    /// everything, never pays a profit (payout <= collateral - fees), and conserves tokens.
    #[test]
    fn an_exit_inside_the_hold_never_pays_a_profit(pos in position(), mark in 1_000_000u128..1_000_000_000_000_000, fee in 0u16..1_000) {
        let all = settle_full_realizing(&pos, Price(mark), fee, Realize::All).unwrap();
        let held = settle_full_realizing(&pos, Price(mark), fee, Realize::LossesOnly).unwrap();
        prop_assert!(held.owner_payout <= all.owner_payout);
        prop_assert!(u128::from(held.owner_payout) <= u128::from(pos.collateral.saturating_sub(pos.accrued_fees)));
        prop_assert!(held.pool_delta >= all.pool_delta);
        prop_assert!(full_settlement_conserves(&pos, &held).unwrap());
    }

    /// A voluntary exit is never better for the trader than spot or the mark.
    #[test]
    fn the_exit_price_is_the_worse_of_spot_and_mark(side in side(), price in 1i64..1_000_000_000_000, ema in 1i64..1_000_000_000_000, band in 1u16..5_000) {
        let quote = OracleQuote { price, conf: 0, ema_price: ema, expo: -8, publish_time: 0 };
        let decimals = MarketDecimals { collateral: 6, base: 9 };
        let exit = exit_price(&quote, band, side, decimals).unwrap();
        let spot = execution_price(&quote, side, decimals).unwrap();
        let mark = liquidation_mark(&quote, band, side, decimals).unwrap();
        match side {
            Side::Long => prop_assert!(exit <= spot && exit <= mark),
            Side::Short => prop_assert!(exit >= spot && exit >= mark),
        }
    }

    /// Side-by-side valuation: a deposit never values the pool below a withdrawal at the
    /// same prices (no LP round trip at one price pays), a side's loss never counts for
    /// more than its collateral, and the value never exceeds pool + both collaterals.
    #[test]
    fn lp_valuation_is_against_the_acting_lp(pool in 0u64..1_000_000_000_000_000, long in side_book(), short in side_book(), price in 1_000_000u128..1_000_000_000_000_000) {
        let p = Price(price);
        let deposit = pool_value(pool, long, short, p, p, LpAction::Deposit).unwrap();
        let withdrawal = pool_value(pool, long, short, p, p, LpAction::Withdrawal).unwrap();
        prop_assert!(deposit >= withdrawal);
        prop_assert!(deposit <= u128::from(pool) + u128::from(long.collateral) + u128::from(short.collateral));
        for (side, book) in [(Side::Long, long), (Side::Short, short)] {
            let claim = side_claim(side, book, p, Rounding::Down).unwrap();
            prop_assert!(claim <= i128::from(book.collateral));
        }
    }

    /// Two LPs holding equal shares who leave one after the other get the same amount
    /// within one atom (the valuation is linear in the pool, so order cannot matter).
    #[test]
    fn equal_shares_leaving_in_turn_get_the_same(pool in 1_000_000u64..1_000_000_000_000_000, long in side_book(), short in side_book(), price in 1_000_000u128..1_000_000_000_000_000, shares in 1u64..1_000_000_000_000) {
        let p = Price(price);
        let supply = shares * 2;
        let value = pool_value(pool, long, short, p, p, LpAction::Withdrawal).unwrap();
        let first = payout_for_withdrawal(shares, supply, value).unwrap();
        prop_assume!(first <= pool);
        let value_after = pool_value(pool - first, long, short, p, p, LpAction::Withdrawal).unwrap();
        let second = payout_for_withdrawal(shares, shares, value_after).unwrap();
        prop_assert!(first.abs_diff(second) <= 1, "{first} vs {second}");
    }
}

proptest! {
    /// The closed form's two-step division, ceil(ceil(n / (T - q)) / P), equals the
    /// one-division form ceil(n / ((T - q) P)) it replaced, over the whole range where
    /// the single denominator fits in 128 bits.
    #[test]
    fn closed_form_two_step_division_is_exact(
        pos in position(),
        mark in 1u128..=u64::MAX as u128 * 1_000,
        equity in 1i128..1_000_000_000_000_000_000,
        target in 2u16..10_000,
        gap in 1u16..10_000,
    ) {
        let gap = gap.min(target);
        let two_step = lever_math::liquidation::closed_form_size(&pos, Price(mark), equity, target, gap);
        let numerator = (pos.size as u128)
            .checked_mul(mark)
            .and_then(|value| value.checked_mul(target as u128))
            .map(|value| value.saturating_sub(equity as u128 * 10_000 * PRICE_PRECISION));
        if let Some(numerator) = numerator {
            let one_step = lever_math::checked::mul_div(numerator, 1, mark * gap as u128, Rounding::Up)
                .map(|size| u64::try_from(size).unwrap_or(u64::MAX));
            prop_assert_eq!(two_step, one_step);
        }
    }
}

proptest! {
    /// The 32-bit-halves product equals the native 128-bit one, edges included.
    #[test]
    fn mul_64x64_is_the_full_product(a in any::<u64>(), b in any::<u64>(), edge in 0usize..4) {
        let (a, b) = match edge {
            0 => (a, b),
            1 => (u64::MAX, b),
            2 => (a, u64::MAX),
            _ => (u64::MAX, u64::MAX),
        };
        prop_assert_eq!(lever_math::checked::mul_64x64(a, b), a as u128 * b as u128);
    }
}
