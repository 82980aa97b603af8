//! `liquidate`: partial and full, longs and shorts, the boundary, the penalty cap, bad
//! debt, owner payout and rent, refusals, races and pauses. Every test checks the
//! balances it touches and the vault invariant.

use lever::constants::pause;
use lever_client::{ix, MarketParams, Side};
use lever_harness::{MarketFixture, MarketSetup, Signer};
use lever_math::constants::PRICE_PRECISION;
use lever_math::settlement::split_penalty;
use lever_math::{plan_liquidation, LiquidationPlan, Price, RiskParams};
use lever_tests::*;

/// A funded market where traders open at a price with zero confidence (exactly 10x
/// allowed), and a keeper with an empty collateral account.
async fn market(params: MarketParams) -> (MarketFixture, lever_harness::Keypair) {
    let (mut f, _lp) = funded_market(MarketSetup {
        params,
        ..MarketSetup::default()
    })
    .await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let keeper = f.wallet(0).await;
    (f, keeper)
}

/// Spot and EMA both at `price` (a move that lasted), confidence 0.
fn move_to(f: &mut MarketFixture, price: i64) {
    f.set_price(price, 0, price);
}

fn dollars(price: i64) -> i64 {
    price * 100_000_000
}

/// The plan lever-math makes for the position as the program sees it now.
async fn expected_plan(
    f: &mut MarketFixture,
    owner: &anchor_lang::prelude::Pubkey,
    id: u64,
    mark: u128,
) -> LiquidationPlan {
    let position = f.position(owner, id).await.unwrap();
    let market = f.market().await;
    let index = market.projected_borrow_index(f.runtime.now()).unwrap();
    let snapshot = position.snapshot(index).unwrap();
    let params = market.params.liquidation();
    plan_liquidation(&snapshot, Price(mark), &params)
        .unwrap()
        .expect("liquidatable")
}

#[tokio::test]
async fn long_partial_then_full() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    let pool_before = f.market().await.pool_liquidity;

    // At 137: E = 150 - 130 = 20 < MM = 5 % of 1370 = 68.5.
    move_to(&mut f, dollars(137));
    let health = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
    assert!(health.liquidatable && health.liquidation_is_partial);
    assert_eq!(
        (health.equity, health.maintenance_requirement),
        (20 * ONE_USD as i128, 68_500_000)
    );
    let LiquidationPlan::Partial(plan) =
        expected_plan(&mut f, &alice.pubkey(), 1, 137 * PRICE_PRECISION / 1_000).await
    else {
        panic!("partial expected")
    };
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert!(record.partial);
    assert_eq!(
        record.closed_size, health.liquidation_size,
        "the view predicted the size"
    );
    assert_eq!(record.closed_size, plan.closed_size);
    // dN = (6 % * 1370 - 20) / 5 % = 1244 -> 9.0803 SOL, plus rounding slack.
    assert!((9_080_291_971..9_080_293_000).contains(&record.closed_size));
    // The README's worked example, to the atom.
    assert_eq!(record.closed_size, 9_080_292_263);
    assert_eq!(
        (record.penalty, record.keeper_reward, record.insurance_fee),
        (12_440_001, 6_220_000, 6_220_001)
    );
    assert_eq!(record.equity_after, 7_559_998);
    assert_eq!(record.remaining_size, 10 * ONE_BASE - record.closed_size);
    assert_eq!(record.equity_before, 20 * ONE_USD as i128);
    // Penalty = 1 % of the closed notional (ceiled), split 50/50 (keeper floored).
    let closed_notional = (u128::from(record.closed_size) * 137).div_ceil(1_000);
    assert_eq!(u128::from(record.penalty), closed_notional.div_ceil(100));
    assert_eq!(
        (record.keeper_reward, record.insurance_fee),
        split_penalty(record.penalty, 5_000).unwrap()
    );
    assert_eq!(
        f.collateral_balance(&keeper.pubkey()).await,
        record.keeper_reward
    );
    // The remainder is at or above the 6 % target.
    let position = f.position(&alice.pubkey(), 1).await.unwrap();
    assert_eq!(position.size, record.remaining_size);
    let remaining_notional = (u128::from(position.size) * 137).div_ceil(1_000);
    assert!(record.equity_after * 10_000 >= remaining_notional as i128 * 600);
    assert_eq!(position.collateral as i128, plan.new_collateral);
    assert_eq!(position.collateral, 19_516_199);
    let market = f.market().await;
    assert_eq!(
        market.pool_liquidity as i128,
        pool_before as i128 + plan.pool_delta
    );
    assert_eq!(market.insurance_fund, record.insurance_fee);
    assert_eq!(market.long_interest.size.get(), u128::from(position.size));
    assert_eq!(
        f.collateral_balance(&alice.pubkey()).await,
        850 * ONE_USD,
        "nothing paid to the owner on a partial"
    );
    assert_invariant(&mut f).await;

    // A second keeper right after: the remainder is healthy.
    let racer = f.wallet(0).await;
    assert_error(
        liquidate(&mut f, &racer, &alice.pubkey(), 1).await,
        "PositionHealthy",
    );

    // At 130 the remainder is liquidated in full: dN would exceed N.
    move_to(&mut f, dollars(130));
    let alice_lamports = f.runtime.lamports(alice.pubkey()).await;
    let rent = f
        .runtime
        .lamports(f.position_address(&alice.pubkey(), 1))
        .await;
    let insurance_before = f.market().await.insurance_fund;
    let keeper_before = f.collateral_balance(&keeper.pubkey()).await;
    let full = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert!(!full.partial);
    assert_eq!(
        (full.closed_size, full.remaining_size, full.equity_after),
        (record.remaining_size, 0, 0)
    );
    assert!(full.equity_before > 0);
    assert_eq!(
        full.owner_payout as i128,
        full.equity_before - full.penalty as i128
    );
    assert_eq!(
        f.collateral_balance(&alice.pubkey()).await,
        850 * ONE_USD + full.owner_payout
    );
    assert_eq!(
        f.collateral_balance(&keeper.pubkey()).await,
        keeper_before + full.keeper_reward
    );
    assert!(f.position(&alice.pubkey(), 1).await.is_none());
    assert_eq!(
        f.runtime.lamports(alice.pubkey()).await,
        alice_lamports + rent,
        "rent to the owner"
    );
    let market = f.market().await;
    assert_eq!(market.insurance_fund, insurance_before + full.insurance_fee);
    assert_eq!(
        (
            market.collateral_total,
            market.long_interest.size.get(),
            market.long_interest.entry_value.get()
        ),
        (0, 0, 0)
    );
    assert_eq!(market.open_positions, 0);
    assert_invariant(&mut f).await;
    // A racing keeper finds no position: the closed account belongs to the system
    // program now, which the zero-copy loader reports as the wrong owner.
    assert_error(
        liquidate(&mut f, &racer, &alice.pubkey(), 1).await,
        "AccountOwnedByWrongProgram",
    );
}

#[tokio::test]
async fn short_partial_then_full_with_bad_debt_covered_by_insurance() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    let bob = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &bob, 1, Side::Short, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();

    // At 163: E = 150 - 130 = 20 < MM = 81.5.
    move_to(&mut f, dollars(163));
    let LiquidationPlan::Partial(plan) =
        expected_plan(&mut f, &bob.pubkey(), 1, 163 * PRICE_PRECISION / 1_000).await
    else {
        panic!("partial expected")
    };
    let record = liquidate(&mut f, &keeper, &bob.pubkey(), 1).await.unwrap();
    assert!(record.partial);
    assert_eq!(record.closed_size, plan.closed_size);
    assert_eq!(record.side, Side::Short);
    assert_eq!(record.mark_price, 163 * PRICE_PRECISION / 1_000);
    let insurance = f.market().await.insurance_fund;
    assert_eq!(insurance, record.insurance_fee);
    assert_invariant(&mut f).await;

    // A gap to 175: the remainder is underwater by less than the insurance fund holds.
    let position = f.position(&bob.pubkey(), 1).await.unwrap();
    move_to(&mut f, dollars(175));
    let pool_before = f.market().await.pool_liquidity;
    let full = liquidate(&mut f, &keeper, &bob.pubkey(), 1).await.unwrap();
    assert!(!full.partial && full.equity_before < 0);
    assert_eq!(
        (full.penalty, full.keeper_reward, full.owner_payout),
        (0, 0, 0)
    );
    assert_eq!(full.bad_debt as i128, -full.equity_before);
    assert!(
        full.bad_debt <= insurance,
        "test premise: insurance covers it"
    );
    assert_eq!(
        (full.bad_debt_from_insurance, full.bad_debt_socialized),
        (full.bad_debt, 0)
    );
    let market = f.market().await;
    assert_eq!(market.insurance_fund, insurance - full.bad_debt);
    // The pool receives all the collateral and the insurance cover: its full claim.
    assert_eq!(
        market.pool_liquidity,
        pool_before + position.collateral + full.bad_debt
    );
    assert_eq!(
        (
            market.bad_debt_insured_total,
            market.bad_debt_socialized_total
        ),
        (full.bad_debt, 0)
    );
    assert_eq!(f.collateral_balance(&bob.pubkey()).await, 850 * ONE_USD);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn bad_debt_beyond_insurance_is_socialized_and_lp_value_falls_by_exactly_that() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    // Build an insurance fund from one partial liquidation.
    let bob = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &bob, 1, Side::Short, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    move_to(&mut f, dollars(163));
    liquidate(&mut f, &keeper, &bob.pubkey(), 1).await.unwrap();
    move_to(&mut f, dollars(150));
    f.send(&[ix::close_position(&f.keys, bob.pubkey(), 1)], &[&bob])
        .await
        .unwrap();
    let insurance = f.market().await.insurance_fund;
    assert!(insurance > 0);

    let carol = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &carol, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    // A lasting gap to 130: carol loses 200 on 150 of collateral, E = -50.
    move_to(&mut f, dollars(130));
    let pool_before = f.market().await.pool_liquidity;
    // The pool's value to a depositor counts carol's unrealized loss as a gain.
    let value_before = pool_before as i128 + 200 * ONE_USD as i128;
    let full = liquidate(&mut f, &keeper, &carol.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(full.equity_before, -50 * ONE_USD as i128);
    assert_eq!(full.bad_debt, 50 * ONE_USD);
    assert_eq!(full.bad_debt_from_insurance, insurance);
    assert_eq!(full.bad_debt_socialized, 50 * ONE_USD - insurance);
    let market = f.market().await;
    assert_eq!(market.insurance_fund, 0);
    assert_eq!(
        market.pool_liquidity,
        pool_before + 150 * ONE_USD + insurance
    );
    let value_after = market.pool_liquidity as i128; // no open positions left
    assert_eq!(value_before - value_after, full.bad_debt_socialized as i128);
    assert_eq!(market.bad_debt_socialized_total, full.bad_debt_socialized);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn penalty_is_capped_at_the_equity_left() {
    // A huge minimum notional forces every liquidation to be full.
    let params = MarketParams {
        min_position_notional: 1_000_000 * ONE_USD,
        ..RiskParams::default().into()
    };
    let (mut f, keeper) = market(params).await;
    let mut setup_params = f.setup.params;
    setup_params.min_position_notional = 10 * ONE_USD;
    let admin = f.admin.insecure_clone();
    // Open under a normal minimum, then raise it.
    f.send(
        &[ix::update_market_params(
            admin.pubkey(),
            &f.keys,
            setup_params,
        )],
        &[&admin],
    )
    .await
    .unwrap();
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    f.send(
        &[ix::update_market_params(admin.pubkey(), &f.keys, params)],
        &[&admin],
    )
    .await
    .unwrap();

    // At 136: E = 10, q N = 13.6 > E: the penalty is 10, the owner gets nothing.
    move_to(&mut f, dollars(136));
    let full = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert!(!full.partial);
    assert_eq!(
        (full.equity_before, full.penalty),
        (10 * ONE_USD as i128, 10 * ONE_USD)
    );
    assert_eq!(
        (
            full.keeper_reward,
            full.insurance_fee,
            full.owner_payout,
            full.bad_debt
        ),
        (5 * ONE_USD, 5 * ONE_USD, 0, 0)
    );
    assert_eq!(f.collateral_balance(&keeper.pubkey()).await, 5 * ONE_USD);
    assert_eq!(f.market().await.insurance_fund, 5 * ONE_USD);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn full_liquidation_pays_the_owner_what_is_left() {
    let params = MarketParams {
        min_position_notional: 1_000_000 * ONE_USD,
        ..RiskParams::default().into()
    };
    let (mut f, keeper) = market(MarketParams {
        min_position_notional: 10 * ONE_USD,
        ..params
    })
    .await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::update_market_params(admin.pubkey(), &f.keys, params)],
        &[&admin],
    )
    .await
    .unwrap();
    let alice_lamports = f.runtime.lamports(alice.pubkey()).await;
    let rent = f
        .runtime
        .lamports(f.position_address(&alice.pubkey(), 1))
        .await;

    // At 140: E = 50 < MM 70; full (dust rule); penalty 1 % of 1400 = 14; owner gets 36.
    move_to(&mut f, dollars(140));
    let full = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(
        (full.penalty, full.owner_payout),
        (14 * ONE_USD, 36 * ONE_USD)
    );
    assert_eq!(
        f.collateral_balance(&alice.pubkey()).await,
        850 * ONE_USD + 36 * ONE_USD
    );
    assert_eq!(f.collateral_balance(&keeper.pubkey()).await, 7 * ONE_USD);
    assert_eq!(
        f.runtime.lamports(alice.pubkey()).await,
        alice_lamports + rent
    );
    assert_eq!(
        f.market().await.pool_liquidity,
        POOL_DEPOSIT + 100 * ONE_USD,
        "the pool receives the loss"
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn the_boundary_is_exact_to_one_price_tick() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    // Find, with lever-math, the lowest mantissa at which the position is healthy.
    let position = f
        .position(&alice.pubkey(), 1)
        .await
        .unwrap()
        .snapshot(0)
        .unwrap();
    let healthy = |mantissa: i64| {
        !position
            .is_liquidatable(Price(mantissa as u128 * 10), 500)
            .unwrap()
    };
    let (mut low, mut high) = (dollars(130), dollars(150));
    while high - low > 1 {
        let mid = (low + high) / 2;
        if healthy(mid) {
            high = mid
        } else {
            low = mid
        }
    }
    // The reported liquidation price (E = MM less 3 atoms of rounding slack, rounded
    // up) is at or above the true boundary, and within the slack of it:
    // 3 atoms / (10 SOL * 0.95) = 316 internal units.
    let health = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
    assert_eq!(health.liquidation_price, 142_105_263_474);
    let boundary = high as u128 * 10;
    assert!(health.liquidation_price + 10 >= boundary);
    assert!(health.liquidation_price.abs_diff(boundary) <= 316 + 10);

    move_to(&mut f, high);
    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await;
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "PositionHealthy",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await
    );
    let at = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
    assert!(!at.liquidatable && at.equity >= at.maintenance_requirement as i128);

    move_to(&mut f, high - 1);
    let below = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
    assert!(below.liquidatable && below.equity < below.maintenance_requirement as i128);
    assert!(
        at.equity - below.equity <= 1,
        "one tick moves equity by at most one atom"
    );
    liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn a_wick_beyond_the_ema_band_does_not_liquidate() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    // Spot wicks to 130 while the EMA stays at 150: the mark is 142.5, above the
    // liquidation price 142.105.
    f.set_price(dollars(130), 0, dollars(150));
    let health = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
    assert_eq!(health.mark_price, 142_500_000_000);
    assert!(!health.liquidatable);
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "PositionHealthy",
    );
    // The move lasts: the EMA follows to 140, the band is [133, 147], the mark 133.
    f.set_price(dollars(130), 0, dollars(140));
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(record.mark_price, 133_000_000_000);
    assert_eq!(
        (record.oracle_price, record.oracle_ema_price),
        (dollars(130), dollars(140))
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn liquidation_refusals_change_nothing() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    move_to(&mut f, dollars(137));
    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await;

    // The owner as keeper, rewarded into a second account of their own.
    let second = f
        .runtime
        .new_token_account(&alice.pubkey(), &f.keys.collateral_mint)
        .await;
    let mut accounts = ix::liquidate_accounts(&f.keys, alice.pubkey(), alice.pubkey(), 1);
    accounts.keeper_collateral = second;
    let own = lever_client::build(accounts, ix::liquidate_data(&f.keys, 1));
    assert_error(f.send(&[own], &[&alice]).await, "SelfLiquidation");
    // Uncertain, stale, wrong-feed prices.
    f.set_price(dollars(137), 300_000_000, dollars(137));
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "OracleConfidenceTooWide",
    );
    move_to(&mut f, dollars(137));
    f.advance_time(61);
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "OracleStale",
    );
    let spec = lever_harness::PriceSpec {
        price: dollars(137),
        conf: 0,
        ema_price: dollars(137),
        expo: -8,
        publish_time: f.runtime.now(),
    };
    f.runtime.set_pull_price(
        f.keys.oracle,
        [3; 32],
        spec,
        lever_harness::PullVerification::Full,
    );
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "OracleWrongFeed",
    );
    move_to(&mut f, dollars(137));
    // Reward to an account that is not the keeper's; payout to one not the owner's.
    let mallory = f.wallet(0).await;
    let mallory_account =
        lever_client::pda::associated_token(&mallory.pubkey(), &f.keys.collateral_mint);
    let mut accounts = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    accounts.keeper_collateral = mallory_account;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::liquidate_data(&f.keys, 1),
            )],
            &[&keeper],
        )
        .await,
        "TokenAccountOwnerMismatch",
    );
    let mut accounts = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    accounts.owner_collateral = mallory_account;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::liquidate_data(&f.keys, 1),
            )],
            &[&keeper],
        )
        .await,
        "TokenAccountOwnerMismatch",
    );
    // Rent to someone other than the owner: the position records its owner.
    let mut accounts = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    accounts.owner = mallory.pubkey();
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::liquidate_data(&f.keys, 1),
            )],
            &[&keeper],
        )
        .await,
        "PositionOwnerMismatch",
    );
    let unsigned = without_signature(
        ix::liquidate(&f.keys, keeper.pubkey(), alice.pubkey(), 1),
        &keeper.pubkey(),
    );
    assert_error(f.send(&[unsigned], &[]).await, "AccountNotSigner");
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::LIQUIDATE)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "OperationPaused",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await
    );

    // Unpaused, the same liquidation goes through.
    f.send(&[ix::set_pause_flags(admin.pubkey(), 0)], &[&admin])
        .await
        .unwrap();
    liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_invariant(&mut f).await;
}

/// What a frontend computes from fetched accounts, as the program would.
async fn off_chain_health(
    f: &mut MarketFixture,
    owner: &anchor_lang::prelude::Pubkey,
    id: u64,
) -> Result<lever_client::health::PositionHealth, lever_client::health::HealthError> {
    let market = f.market().await;
    let position = f.position(owner, id).await.unwrap();
    let oracle = f.runtime.account(f.keys.oracle).await.unwrap();
    let view = lever_client::health::AccountView {
        key: &f.keys.oracle,
        owner: &oracle.owner,
        data: &oracle.data,
    };
    lever_client::health::compute(&market, &position, view, f.runtime.now())
}

#[tokio::test]
async fn off_chain_health_matches_the_program() {
    let params = MarketParams {
        borrow_rate_bps_per_hour: 20,
        ..RiskParams::default().into()
    };
    let (mut f, _keeper) = market(params).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Short, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    for (price, hours) in [(150, 0), (155, 2), (158, 5), (162, 1)] {
        f.advance_time(hours * 3_600);
        move_to(&mut f, dollars(price));
        let on_chain = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
        let off_chain = off_chain_health(&mut f, &alice.pubkey(), 1).await.unwrap();
        assert_eq!(on_chain, off_chain, "at {price} after {hours} h");
    }
    // Fees accrued over 8 hours at 0.2 %/h on a $1500 entry notional: 24.
    let last = position_health(&mut f, &alice.pubkey(), 1).await.unwrap();
    assert_eq!(last.accrued_fees, 24 * ONE_USD);
    // Off-chain refusals carry the program's error name.
    f.advance_time(61);
    let stale = off_chain_health(&mut f, &alice.pubkey(), 1)
        .await
        .unwrap_err();
    assert_eq!(stale.0, "OracleStale");
}

#[tokio::test]
async fn the_event_is_logged_with_the_returned_record() {
    let (mut f, keeper) = market(RiskParams::default().into()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    move_to(&mut f, dollars(137));
    let instruction = ix::liquidate(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    let outcome = f.send(&[instruction], &[&keeper]).await.unwrap();
    let returned = lever_client::health::decode_liquidation(&outcome.return_data).unwrap();
    let events = lever_client::events::liquidations(&outcome.logs);
    assert_eq!(events, vec![returned.clone()]);
    assert_eq!(returned.oracle_feed_id, lever_harness::fixture::FEED_ID);
    assert_eq!(returned.oracle_publish_time, f.runtime.now());
    assert_eq!(
        (returned.keeper, returned.owner),
        (keeper.pubkey(), alice.pubkey())
    );
}
