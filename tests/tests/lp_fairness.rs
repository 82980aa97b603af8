//! LPs who leave in any order get the same value for the same shares. The audit found
//! that withdrawals netted one side's uncollectable losses against the other side's
//! profits: with two LPs of $500 000, a 10x long and a 10x short, and the price from
//! $150 to $180, the first LP out got $500 000 and the second $498 500 (fair: $499 250
//! each). Now each side is valued on its own and a side's loss counts at most its
//! collateral. Also here: an LP round trip cannot profit from the spot/mark gap, and a
//! pool whose traders' profits exceed it can be recapitalized.

use lever::constants::pause;
use lever_client::{ix, Side};
use lever_harness::{Keypair, MarketFixture, MarketSetup, Signer};
use lever_tests::*;

const HALF_MILLION: u64 = 500_000 * ONE_USD;

/// Two LPs of $500 000, a 10x long and a 10x short of 100 SOL at $150, the price at
/// $180 after the hold.
async fn two_lps_and_a_straddled_book() -> (MarketFixture, Keypair, Keypair, Keypair) {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let first = f.wallet(HALF_MILLION).await;
    let second = f.wallet(HALF_MILLION).await;
    for lp in [&first, &second] {
        f.send(&[ix::lp_deposit(&f.keys, lp.pubkey(), HALF_MILLION)], &[lp])
            .await
            .unwrap();
    }
    let trader = f.wallet(3_000 * ONE_USD).await;
    open_straddle(&mut f, &trader).await;
    f.advance_time(30);
    f.set_price(18_000_000_000, 0, 18_000_000_000);
    (f, first, second, trader)
}

/// One LP of $500 000 and a 10x long of 100 SOL at $150 with $1 500 (position id 1).
async fn one_lp_and_a_long() -> (MarketFixture, Keypair) {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let lp = f.wallet(HALF_MILLION).await;
    f.send(
        &[ix::lp_deposit(&f.keys, lp.pubkey(), HALF_MILLION)],
        &[&lp],
    )
    .await
    .unwrap();
    let trader = f.wallet(1_500 * ONE_USD).await;
    open(
        &mut f,
        &trader,
        1,
        Side::Long,
        1_500 * ONE_USD,
        100 * ONE_BASE,
    )
    .await
    .unwrap();
    (f, trader)
}

async fn withdraw_all(f: &mut MarketFixture, lp: &Keypair) -> u64 {
    let before = f.collateral_balance(&lp.pubkey()).await;
    let shares = f.share_balance(&lp.pubkey()).await;
    f.send(&[ix::lp_withdraw(&f.keys, lp.pubkey(), shares)], &[lp])
        .await
        .unwrap();
    f.collateral_balance(&lp.pubkey()).await - before
}

/// One LP leaves at $180, the book settles (the long closes in profit, the short is
/// liquidated with bad debt), then the other LP leaves. Returns (first out, second out).
async fn leave_in_order(first_out_is_first_lp: bool) -> (u64, u64) {
    let (mut f, first, second, trader) = two_lps_and_a_straddled_book().await;
    let (early, late) = if first_out_is_first_lp {
        (first, second)
    } else {
        (second, first)
    };
    let early_amount = withdraw_all(&mut f, &early).await;
    close(&mut f, &trader, 1).await.unwrap();
    let keeper = f.wallet(0).await;
    let record = liquidate(&mut f, &keeper, &trader.pubkey(), 2)
        .await
        .unwrap();
    assert_eq!(record.bad_debt_socialized, 1_500 * ONE_USD);
    let late_amount = withdraw_all(&mut f, &late).await;
    assert_eq!(f.market().await.pool_liquidity, 0);
    (early_amount, late_amount)
}

#[tokio::test]
async fn lps_who_leave_in_either_order_get_the_same_value() {
    // The pool paid the long $3 000 and could collect only the short's $1 500:
    // $998 500 for 1 000 000 shares.
    let fair = 499_250 * ONE_USD;
    for first_out_is_first_lp in [true, false] {
        let (early, late) = leave_in_order(first_out_is_first_lp).await;
        assert_eq!((early, late), (fair, fair), "order {first_out_is_first_lp}");
    }
}

#[tokio::test]
async fn a_depositor_pays_the_same_value_a_withdrawer_gets() {
    // At $180 with spot = mark, a deposit buys shares at the withdrawal's value.
    let (mut f, first, _second, _trader) = two_lps_and_a_straddled_book().await;
    let newcomer = f.wallet(99_850 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&f.keys, newcomer.pubkey(), 99_850 * ONE_USD)],
        &[&newcomer],
    )
    .await
    .unwrap();
    // $99 850 at $0.9985 a share.
    assert_eq!(f.share_balance(&newcomer.pubkey()).await, 100_000 * ONE_USD);
    assert_eq!(withdraw_all(&mut f, &first).await, 499_250 * ONE_USD);
}

#[tokio::test]
async fn an_lp_round_trip_on_a_wick_does_not_pay() {
    // Spot $180 above an EMA of $160 (band 5 %: mark $168). A deposit values the longs'
    // profit at $168 (the pool looks richer), a withdrawal at $180: in and out at the
    // same price loses the gap, never gains.
    let (mut f, _trader) = one_lp_and_a_long().await;
    f.advance_time(30);
    f.set_price(18_000_000_000, 0, 16_000_000_000);
    let visitor = f.wallet(10_000 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&f.keys, visitor.pubkey(), 10_000 * ONE_USD)],
        &[&visitor],
    )
    .await
    .unwrap();
    // The deposit prices the pool at 500 000 - 1 800 (longs owed at $168).
    let shares = 10_000 * ONE_USD * 500_000 / 498_200;
    assert_eq!(f.share_balance(&visitor.pubkey()).await, shares);
    let back = withdraw_all(&mut f, &visitor).await;
    // The withdrawal at 510 000 - 3 000 (longs owed at $180): $23.72 less than paid in.
    let supply = 500_000 * ONE_USD + shares;
    let expected = u128::from(shares) * u128::from(507_000 * ONE_USD) / u128::from(supply);
    assert_eq!(u128::from(back), expected);
    assert!(back < 10_000 * ONE_USD, "round trip returned {back}");
}

#[tokio::test]
async fn an_lp_round_trip_across_price_updates_does_not_pay() {
    // Longs are owed $3 000 at $180 and $2 000 at $170. The LP deposits on an 8-s-old
    // $180 update (the pool looks poor: shares are cheap) and withdraws on the fresh
    // $170 one (the pool looks richer). The market values each LP action at the worst,
    // for that LP, of the prices it used within the window (30 s): the withdrawal is
    // valued at $180 too, and the round trip returns the deposit less rounding.
    let (mut f, _trader) = one_lp_and_a_long().await;
    f.advance_time(60);
    let older = post_pull_update(&mut f, 18_000_000_000, 8);
    let fresh = post_pull_update(&mut f, 17_000_000_000, 0);
    let visitor = f.wallet(100_000 * ONE_USD).await;
    let deposited = 100_000 * ONE_USD;
    f.send(
        &[ix::lp_deposit(&older, visitor.pubkey(), deposited)],
        &[&visitor],
    )
    .await
    .unwrap();
    let shares = f.share_balance(&visitor.pubkey()).await;
    f.send(
        &[ix::lp_withdraw(&fresh, visitor.pubkey(), shares)],
        &[&visitor],
    )
    .await
    .unwrap();
    let back = f.collateral_balance(&visitor.pubkey()).await;
    assert!(
        back <= deposited,
        "round trip returned {back} for {deposited}"
    );
    assert!(
        deposited - back <= 2,
        "lost more than rounding: {}",
        deposited - back
    );
    let window = f.market().await;
    assert_eq!(
        (window.price_window_low, window.price_window_high),
        (17_000_000_000, 18_000_000_000)
    );
}

#[tokio::test]
async fn a_pool_whose_traders_won_more_than_it_holds_can_be_recapitalized() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let lp = f.wallet(1_000 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&f.keys, lp.pubkey(), 1_000 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    let trader = f.wallet(90 * ONE_USD).await;
    open(&mut f, &trader, 1, Side::Long, 90 * ONE_USD, 6 * ONE_BASE)
        .await
        .unwrap();
    // $400: the long is owed $1 500, the pool holds $1 000.
    f.advance_time(30);
    f.set_price(40_000_000_000, 0, 40_000_000_000);
    let rescuer = f.wallet(2_000 * ONE_USD).await;
    assert_error(
        f.send(
            &[ix::lp_deposit(&f.keys, rescuer.pubkey(), 1_000 * ONE_USD)],
            &[&rescuer],
        )
        .await,
        "PoolValueZero",
    );
    assert_error(close(&mut f, &trader, 1).await, "InsufficientPoolLiquidity");

    // Refusals change nothing.
    let before = snapshot(&mut f, &[rescuer.pubkey()], &[]).await;
    assert_error(
        f.send(
            &[ix::recapitalize_pool(&f.keys, rescuer.pubkey(), 0)],
            &[&rescuer],
        )
        .await,
        "ZeroAmount",
    );
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::LP_DEPOSIT)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        f.send(
            &[ix::recapitalize_pool(&f.keys, rescuer.pubkey(), ONE_USD)],
            &[&rescuer],
        )
        .await,
        "OperationPaused",
    );
    f.send(&[ix::set_pause_flags(admin.pubkey(), 0)], &[&admin])
        .await
        .unwrap();
    assert_eq!(before, snapshot(&mut f, &[rescuer.pubkey()], &[]).await);

    // The rescue: $1 000 into the pool, no shares. The trader can now close.
    f.send(
        &[ix::recapitalize_pool(
            &f.keys,
            rescuer.pubkey(),
            1_000 * ONE_USD,
        )],
        &[&rescuer],
    )
    .await
    .unwrap();
    assert_eq!(f.share_balance(&rescuer.pubkey()).await, 0);
    close(&mut f, &trader, 1).await.unwrap();
    assert_eq!(
        f.collateral_balance(&trader.pubkey()).await,
        1_590 * ONE_USD
    );
    // $500 is left for the LP's 1 000 shares; deposits work again at that value.
    assert_eq!(f.market().await.pool_liquidity, 500 * ONE_USD);
    f.send(
        &[ix::lp_deposit(&f.keys, rescuer.pubkey(), 500 * ONE_USD)],
        &[&rescuer],
    )
    .await
    .unwrap();
    assert_eq!(f.share_balance(&rescuer.pubkey()).await, 1_000 * ONE_USD);
    assert_invariant(&mut f).await;
}
