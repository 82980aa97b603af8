//! Trader instructions: open, deposit and withdraw collateral, reduce, close; fees.

use lever::constants::pause;
use lever_client::{ix, MarketParams, Side};
use lever_harness::{MarketFixture, MarketSetup, Signer};
use lever_math::constants::PRICE_PRECISION;
use lever_tests::*;

const ENTRY_150: u128 = 150 * PRICE_PRECISION / 1_000; // 0.15 atoms per base atom

fn setup_with(params: MarketParams) -> MarketSetup {
    MarketSetup {
        params,
        ..MarketSetup::default()
    }
}

#[tokio::test]
async fn open_long_records_the_position_and_moves_the_collateral() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    let lamports_before = f.runtime.lamports(alice.pubkey()).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();

    let position = f.position(&alice.pubkey(), 1).await.unwrap();
    assert_eq!(
        (position.owner, position.market, position.position_id),
        (alice.pubkey(), f.keys.market, 1)
    );
    assert_eq!(
        (
            position.side().unwrap(),
            position.size,
            position.entry_price.get()
        ),
        (Side::Long, 5 * ONE_BASE, ENTRY_150)
    );
    assert_eq!(position.collateral, 100 * ONE_USD);
    assert_eq!(position.opened_at, f.runtime.now());
    let market = f.market().await;
    assert_eq!(market.collateral_total, 100 * ONE_USD);
    assert_eq!(market.pool_liquidity, POOL_DEPOSIT);
    assert_eq!(market.long_interest.size.get(), u128::from(5 * ONE_BASE));
    assert_eq!(
        market.long_interest.entry_value.get(),
        u128::from(5 * ONE_BASE) * ENTRY_150
    );
    assert_eq!(market.short_interest.size.get(), 0);
    assert_eq!(market.open_positions, 1);
    assert_eq!(f.collateral_balance(&alice.pubkey()).await, 900 * ONE_USD);
    assert_eq!(f.vault_balance().await, POOL_DEPOSIT + 100 * ONE_USD);
    let rent = f
        .runtime
        .account(f.position_address(&alice.pubkey(), 1))
        .await
        .unwrap()
        .lamports;
    assert_eq!(
        f.runtime.lamports(alice.pubkey()).await,
        lamports_before - rent,
        "owner pays the position's rent"
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn open_short_and_open_fee() {
    let params = MarketParams {
        open_fee_bps: 10,
        ..MarketSetup::default().params
    };
    let (mut f, _lp) = funded_market(setup_with(params)).await;
    let bob = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &bob, 7, Side::Short, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    // Fee: 0.1 % of 750 = 0.75, taken from the collateral sent.
    let position = f.position(&bob.pubkey(), 7).await.unwrap();
    assert_eq!(
        (position.side().unwrap(), position.collateral),
        (Side::Short, 99_250_000)
    );
    let market = f.market().await;
    assert_eq!(
        (market.fees_collected, market.collateral_total),
        (750_000, 99_250_000)
    );
    assert_eq!(market.short_interest.size.get(), u128::from(5 * ONE_BASE));
    assert_eq!(f.collateral_balance(&bob.pubkey()).await, 900 * ONE_USD);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn max_leverage_is_checked_at_the_risk_price() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    // With c = $0.01 a long is judged at 149.99: 5 SOL need E >= 74.995 where
    // E = collateral - 5 * 0.01. 75.045 is the least collateral that passes.
    let address = f.position_address(&alice.pubkey(), 1);
    let snap = snapshot(&mut f, &[alice.pubkey()], &[address]).await;
    assert_error(
        open(&mut f, &alice, 1, Side::Long, 75_044_999, 5 * ONE_BASE).await,
        "InitialMarginNotMet",
    );
    assert_eq!(snapshot(&mut f, &[alice.pubkey()], &[address]).await, snap);
    open(&mut f, &alice, 1, Side::Long, 75_045_000, 5 * ONE_BASE)
        .await
        .unwrap();
    // A short is judged at 150.01: E = C - 0.05 >= 75.005 -> 75.055.
    assert_error(
        open(&mut f, &alice, 2, Side::Short, 75_054_999, 5 * ONE_BASE).await,
        "InitialMarginNotMet",
    );
    open(&mut f, &alice, 2, Side::Short, 75_055_000, 5 * ONE_BASE)
        .await
        .unwrap();
    // Without confidence, exactly 10x passes.
    f.set_price(PRICE_150, 0, PRICE_150);
    open(&mut f, &alice, 3, Side::Long, 75 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    assert_error(
        open(
            &mut f,
            &alice,
            4,
            Side::Long,
            75 * ONE_USD - 1,
            5 * ONE_BASE,
        )
        .await,
        "InitialMarginNotMet",
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn open_refusals_change_nothing() {
    let params = MarketParams {
        max_open_interest: 8 * ONE_BASE,
        ..MarketSetup::default().params
    };
    let (mut f, _lp) = funded_market(setup_with(params)).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    let position = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey()], &[position]).await;

    assert_error(
        open(&mut f, &alice, 1, Side::Long, 0, 5 * ONE_BASE).await,
        "ZeroAmount",
    );
    assert_error(
        open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 0).await,
        "ZeroSize",
    );
    // 0.05 SOL = $7.50 < the $10 minimum.
    assert_error(
        open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 50_000_000).await,
        "PositionBelowMinimumNotional",
    );
    assert_error(
        open(&mut f, &alice, 1, Side::Long, 500 * ONE_USD, 9 * ONE_BASE).await,
        "OpenInterestCapExceeded",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey()], &[position]).await
    );

    // Substituted accounts.
    let args = lever::instructions::OpenPositionArgs {
        position_id: 1,
        side: Side::Long,
        collateral: 100 * ONE_USD,
        size: ONE_BASE,
    };
    let other_mint = f.runtime.create_mint(6).await;
    let foreign = f
        .runtime
        .mint_to(&other_mint, &alice.pubkey(), 1_000 * ONE_USD)
        .await;
    let mut accounts = ix::open_position_accounts(&f.keys, alice.pubkey(), 1);
    accounts.owner_collateral = foreign;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::open_position_data(&f.keys, args),
            )],
            &[&alice],
        )
        .await,
        "InvalidCollateralMint",
    );

    let bob = f.wallet(1_000 * ONE_USD).await;
    let mut accounts = ix::open_position_accounts(&f.keys, alice.pubkey(), 1);
    accounts.owner_collateral =
        lever_client::pda::associated_token(&bob.pubkey(), &f.keys.collateral_mint);
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::open_position_data(&f.keys, args),
            )],
            &[&alice],
        )
        .await,
        "TokenAccountOwnerMismatch",
    );

    let fake_vault = lever_client::pda::associated_token(&bob.pubkey(), &f.keys.collateral_mint);
    let mut accounts = ix::open_position_accounts(&f.keys, alice.pubkey(), 1);
    accounts.vault = fake_vault;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::open_position_data(&f.keys, args),
            )],
            &[&alice],
        )
        .await,
        "InvalidVault",
    );

    // The vault itself as the owner's token account (one account in two mutable
    // places): refused, the vault belongs to the market.
    let mut accounts = ix::open_position_accounts(&f.keys, alice.pubkey(), 1);
    accounts.owner_collateral = f.keys.vault;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                ix::open_position_data(&f.keys, args),
            )],
            &[&alice],
        )
        .await,
        "TokenAccountOwnerMismatch",
    );

    let unsigned = without_signature(
        ix::open_position(&f.keys, alice.pubkey(), args),
        &alice.pubkey(),
    );
    assert_error(f.send(&[unsigned], &[]).await, "AccountNotSigner");

    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::OPEN_POSITION)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, ONE_BASE).await,
        "OperationPaused",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey()], &[position]).await
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn open_refused_when_the_pool_cannot_cover_open_interest() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let lp = f.wallet(500 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&f.keys, lp.pubkey(), 500 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    let alice = f.wallet(1_000 * ONE_USD).await;
    // 5 SOL = $750 notional against a $500 pool at 100 % utilization.
    assert_error(
        open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE).await,
        "PoolUtilizationExceeded",
    );
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 3 * ONE_BASE)
        .await
        .unwrap();
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn collateral_in_and_out() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();

    // Every touch brings the borrow index up to date, price or not.
    f.advance_time(100);
    f.send(
        &[ix::deposit_collateral(
            &f.keys,
            alice.pubkey(),
            1,
            50 * ONE_USD,
        )],
        &[&alice],
    )
    .await
    .unwrap();
    assert_eq!(f.market().await.borrow_index_updated_at, f.runtime.now());
    f.set_price(PRICE_150, 1_000_000, PRICE_150);
    assert_eq!(
        f.position(&alice.pubkey(), 1).await.unwrap().collateral,
        150 * ONE_USD
    );
    assert_eq!(f.market().await.collateral_total, 150 * ONE_USD);
    assert_eq!(f.collateral_balance(&alice.pubkey()).await, 850 * ONE_USD);
    assert_invariant(&mut f).await;

    f.send(
        &[ix::withdraw_collateral(
            &f.keys,
            alice.pubkey(),
            1,
            60 * ONE_USD,
        )],
        &[&alice],
    )
    .await
    .unwrap();
    assert_eq!(
        f.position(&alice.pubkey(), 1).await.unwrap().collateral,
        90 * ONE_USD
    );
    assert_eq!(f.market().await.collateral_total, 90 * ONE_USD);
    assert_eq!(f.collateral_balance(&alice.pubkey()).await, 910 * ONE_USD);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn collateral_refusals_change_nothing() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    let mallory = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    let position = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey(), mallory.pubkey()], &[position]).await;

    assert_error(
        f.send(
            &[ix::deposit_collateral(&f.keys, alice.pubkey(), 1, 0)],
            &[&alice],
        )
        .await,
        "ZeroAmount",
    );
    assert_error(
        f.send(
            &[ix::withdraw_collateral(&f.keys, alice.pubkey(), 1, 0)],
            &[&alice],
        )
        .await,
        "ZeroAmount",
    );
    // E after = 100 - 25.0001 - 0.05 < 74.995: refused.
    assert_error(
        f.send(
            &[ix::withdraw_collateral(
                &f.keys,
                alice.pubkey(),
                1,
                25 * ONE_USD,
            )],
            &[&alice],
        )
        .await,
        "InitialMarginNotMet",
    );
    assert_error(
        f.send(
            &[ix::withdraw_collateral(
                &f.keys,
                alice.pubkey(),
                1,
                101 * ONE_USD,
            )],
            &[&alice],
        )
        .await,
        "InsufficientCollateral",
    );
    assert_error(
        f.send(
            &[ix::deposit_collateral(&f.keys, alice.pubkey(), 1, u64::MAX)],
            &[&alice],
        )
        .await,
        "MathOverflow",
    );

    // Someone else cannot move Alice's collateral: the position records its owner.
    let mut accounts = ix::withdraw_collateral_accounts(&f.keys, mallory.pubkey(), 1);
    accounts.position = position;
    let steal = lever_client::build(
        accounts,
        lever::instruction::WithdrawCollateral {
            market_index: f.keys.index,
            position_id: 1,
            amount: ONE_USD,
        },
    );
    assert_error(f.send(&[steal], &[&mallory]).await, "PositionOwnerMismatch");

    // A stale price blocks a withdrawal (it needs a price), not a deposit.
    f.advance_time(61);
    assert_error(
        f.send(
            &[ix::withdraw_collateral(&f.keys, alice.pubkey(), 1, ONE_USD)],
            &[&alice],
        )
        .await,
        "OracleStale",
    );
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(
            admin.pubkey(),
            pause::DEPOSIT_COLLATERAL | pause::WITHDRAW_COLLATERAL,
        )],
        &[&admin],
    )
    .await
    .unwrap();
    f.set_price(PRICE_150, 1_000_000, PRICE_150);
    assert_error(
        f.send(
            &[ix::deposit_collateral(&f.keys, alice.pubkey(), 1, ONE_USD)],
            &[&alice],
        )
        .await,
        "OperationPaused",
    );
    assert_error(
        f.send(
            &[ix::withdraw_collateral(&f.keys, alice.pubkey(), 1, ONE_USD)],
            &[&alice],
        )
        .await,
        "OperationPaused",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey(), mallory.pubkey()], &[position]).await
    );
}

#[tokio::test]
async fn reduce_realizes_pnl_into_collateral() {
    let params = MarketParams {
        close_fee_bps: 10,
        ..MarketSetup::default().params
    };
    let (mut f, _lp) = funded_market(setup_with(params)).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    // Past the minimum hold: the exit realizes its profit.
    f.advance_time(30);
    f.set_price(16_000_000_000, 1_000_000, 16_000_000_000);

    f.send(
        &[ix::reduce_position(
            &f.keys,
            alice.pubkey(),
            1,
            2 * ONE_BASE,
        )],
        &[&alice],
    )
    .await
    .unwrap();
    // Realized +20 on 2 SOL; close fee 0.1 % of 320 = 0.32.
    let position = f.position(&alice.pubkey(), 1).await.unwrap();
    assert_eq!(
        (
            position.size,
            position.collateral,
            position.entry_price.get()
        ),
        (3 * ONE_BASE, 119_680_000, ENTRY_150)
    );
    let market = f.market().await;
    assert_eq!(market.pool_liquidity, POOL_DEPOSIT - 20 * ONE_USD);
    assert_eq!(market.fees_collected, 320_000);
    assert_eq!(market.collateral_total, 119_680_000);
    assert_eq!(market.long_interest.size.get(), u128::from(3 * ONE_BASE));
    assert_eq!(
        f.collateral_balance(&alice.pubkey()).await,
        900 * ONE_USD,
        "nothing paid out by a reduce"
    );
    assert_invariant(&mut f).await;

    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey()], &[address]).await;
    assert_error(
        f.send(
            &[ix::reduce_position(&f.keys, alice.pubkey(), 1, 0)],
            &[&alice],
        )
        .await,
        "ZeroSize",
    );
    assert_error(
        f.send(
            &[ix::reduce_position(
                &f.keys,
                alice.pubkey(),
                1,
                3 * ONE_BASE,
            )],
            &[&alice],
        )
        .await,
        "ReduceSizeTooLarge",
    );
    // Leaving 0.05 SOL ($8) is below the $10 minimum.
    assert_error(
        f.send(
            &[ix::reduce_position(
                &f.keys,
                alice.pubkey(),
                1,
                2_950_000_000,
            )],
            &[&alice],
        )
        .await,
        "PositionBelowMinimumNotional",
    );
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::REDUCE_POSITION)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        f.send(
            &[ix::reduce_position(&f.keys, alice.pubkey(), 1, ONE_BASE)],
            &[&alice],
        )
        .await,
        "OperationPaused",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey()], &[address]).await
    );
}

#[tokio::test]
async fn close_in_profit_and_in_loss_settles_against_the_pool() {
    let params = MarketParams {
        close_fee_bps: 10,
        ..MarketSetup::default().params
    };
    let (mut f, _lp) = funded_market(setup_with(params)).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    let bob = f.wallet(1_000 * ONE_USD).await;
    let alice_lamports = f.runtime.lamports(alice.pubkey()).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    open(&mut f, &bob, 1, Side::Short, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    // Past the minimum hold: the exit realizes its profit.
    f.advance_time(30);
    f.set_price(16_000_000_000, 1_000_000, 16_000_000_000);

    close(&mut f, &alice, 1).await.unwrap();
    // Long: +50, fee 0.1 % of 800 = 0.8 -> 149.2 back.
    assert_eq!(
        f.collateral_balance(&alice.pubkey()).await,
        900 * ONE_USD + 149_200_000
    );
    assert!(
        f.position(&alice.pubkey(), 1).await.is_none(),
        "account closed"
    );
    assert_eq!(
        f.runtime.lamports(alice.pubkey()).await,
        alice_lamports,
        "rent returned"
    );
    assert_invariant(&mut f).await;

    close(&mut f, &bob, 1).await.unwrap();
    // Short: -50, fee 0.8 -> 49.2 back.
    assert_eq!(
        f.collateral_balance(&bob.pubkey()).await,
        900 * ONE_USD + 49_200_000
    );
    let market = f.market().await;
    assert_eq!(
        market.pool_liquidity, POOL_DEPOSIT,
        "the pool paid 50 and received 50"
    );
    assert_eq!(market.fees_collected, 1_600_000);
    assert_eq!((market.collateral_total, market.open_positions), (0, 0));
    assert_eq!(
        (
            market.long_interest.size.get(),
            market.short_interest.size.get()
        ),
        (0, 0)
    );
    assert_eq!(
        (
            market.long_interest.entry_value.get(),
            market.short_interest.entry_value.get()
        ),
        (0, 0)
    );
    assert_eq!(f.vault_balance().await, POOL_DEPOSIT + 1_600_000);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn close_underwater_is_refused_and_left_to_liquidate() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    let keeper = f.wallet(0).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    // $125: loss 125 on 100 collateral. An owner's close would leave bad debt: only
    // liquidate, at the mark, closes an insolvent position.
    f.set_price(12_500_000_000, 1_000_000, 12_500_000_000);
    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey()], &[address]).await;
    assert_error(close(&mut f, &alice, 1).await, "CloseWouldLeaveBadDebt");
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey()], &[address]).await
    );
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!((record.partial, record.bad_debt), (false, 25 * ONE_USD));
    assert_eq!(f.collateral_balance(&alice.pubkey()).await, 900 * ONE_USD);
    let market = f.market().await;
    assert_eq!(market.pool_liquidity, POOL_DEPOSIT + 100 * ONE_USD);
    assert_eq!(
        (
            market.bad_debt_insured_total,
            market.bad_debt_socialized_total
        ),
        (0, 25 * ONE_USD)
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn close_refusals_change_nothing() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    let mallory = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    let position = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey(), mallory.pubkey()], &[position]).await;

    let mut accounts = ix::close_position_accounts(&f.keys, mallory.pubkey(), 1);
    accounts.position = position;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                lever::instruction::ClosePosition {
                    market_index: f.keys.index,
                    position_id: 1,
                },
            )],
            &[&mallory],
        )
        .await,
        "PositionOwnerMismatch",
    );
    // Paying out to someone else's token account is refused.
    let mut accounts = ix::close_position_accounts(&f.keys, alice.pubkey(), 1);
    accounts.owner_collateral =
        lever_client::pda::associated_token(&mallory.pubkey(), &f.keys.collateral_mint);
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                lever::instruction::ClosePosition {
                    market_index: f.keys.index,
                    position_id: 1,
                },
            )],
            &[&alice],
        )
        .await,
        "TokenAccountOwnerMismatch",
    );
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::REDUCE_POSITION)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(close(&mut f, &alice, 1).await, "OperationPaused");
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey(), mallory.pubkey()], &[position]).await
    );
}

#[tokio::test]
async fn borrow_fees_accrue_on_entry_notional_and_go_to_the_pool() {
    let params = MarketParams {
        borrow_rate_bps_per_hour: 10,
        ..MarketSetup::default().params
    };
    let (mut f, _lp) = funded_market(setup_with(params)).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    f.advance_time(3_600);
    f.set_price(PRICE_150, 1_000_000, PRICE_150);
    close(&mut f, &alice, 1).await.unwrap();
    // 0.1 % of the $750 entry notional for one hour = 0.75.
    assert_eq!(
        f.collateral_balance(&alice.pubkey()).await,
        1_000 * ONE_USD - 750_000
    );
    assert_eq!(f.market().await.pool_liquidity, POOL_DEPOSIT + 750_000);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn arithmetic_extremes_are_refused_by_name() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let whale = f.wallet(1_000 * ONE_USD).await;
    // The largest size at the largest collateral: margin holds, the pool cannot cover.
    assert_error(
        open(&mut f, &whale, 1, Side::Long, u64::MAX, u64::MAX).await,
        "PoolUtilizationExceeded",
    );
    // A price beyond the internal range.
    f.set_price(i64::MAX, 0, i64::MAX);
    assert_error(
        open(&mut f, &whale, 1, Side::Long, 100 * ONE_USD, ONE_BASE).await,
        "OraclePriceOutOfRange",
    );
    assert_invariant(&mut f).await;
}

/// The stored side is a byte only the program writes; a corrupt one is refused by name,
/// never read as a side.
#[tokio::test]
async fn a_corrupt_stored_side_is_refused() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 200 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    let address = f.position_address(&alice.pubkey(), 1);
    let mut account = f.runtime.account(address).await.unwrap();
    // `side` follows the two keys, seven 8-byte fields and two 16-byte ones.
    let side_offset = 8 + 32 * 2 + 8 * 7 + 16 * 2;
    assert_eq!(account.data[side_offset], Side::Long.to_stored());
    account.data[side_offset] = 7;
    f.runtime.set_account(address, account);
    assert_error(
        position_health(&mut f, &alice.pubkey(), 1).await,
        "InvalidStoredEnum",
    );
}
