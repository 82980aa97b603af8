//! The audit's straddle: trades executed at spot while liquidation used the clamped
//! mark. With spot far outside the EMA band, a trader holding a long and a short of
//! equal size closed the winning leg at the wick's spot while the losing leg stayed
//! "healthy" at the mark, or closed both and left the losing leg's shortfall as bad
//! debt. Reproduced: 100 SOL each way at $150 with $1 500 each, spot $120 under an EMA
//! of $150: the trader gained $3 000, the LP lost $3 000. Now voluntary exits settle at
//! the worse of spot and mark for the trader, and an owner close that would leave bad
//! debt is refused.

use lever_client::Side;
use lever_harness::{MarketSetup, Signer};
use lever_tests::*;

#[tokio::test]
async fn the_straddle_on_a_wick_does_not_pay() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let trader = f.wallet(3_000 * ONE_USD).await;
    let keeper = f.wallet(0).await;
    open_straddle(&mut f, &trader).await;
    assert_eq!(f.collateral_balance(&trader.pubkey()).await, 0);

    // After the hold, spot wicks to $120; the EMA is still $150, so the mark (band 5 %)
    // is $142.50.
    f.advance_time(30);
    f.set_price(12_000_000_000, 0, PRICE_150);

    // The short's exit is the worse for it of $120 and $142.50: +$750, not +$3 000.
    close(&mut f, &trader, 2).await.unwrap();
    assert_eq!(
        f.collateral_balance(&trader.pubkey()).await,
        2_250 * ONE_USD
    );

    // The long's exit is $120: equity -$1 500. The owner may not close it into bad debt,
    // and at the mark ($142.50, equity $750 >= MM $712.50) it is not liquidatable.
    let address = f.position_address(&trader.pubkey(), 1);
    let before = snapshot(&mut f, &[trader.pubkey()], &[address]).await;
    assert_error(close(&mut f, &trader, 1).await, "CloseWouldLeaveBadDebt");
    assert_error(
        liquidate(&mut f, &keeper, &trader.pubkey(), 1).await,
        "PositionHealthy",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[trader.pubkey()], &[address]).await
    );

    // If the move lasts, the EMA follows and the long is liquidated at the mark.
    f.advance_time(30);
    f.set_price(12_000_000_000, 0, 12_000_000_000);
    let record = liquidate(&mut f, &keeper, &trader.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(
        (record.partial, record.bad_debt, record.bad_debt_socialized),
        (false, 1_500 * ONE_USD, 1_500 * ONE_USD)
    );

    // The trader put in $3 000 and got $2 250 back; the pool paid $750 and received
    // the long's $1 500: the LP is $750 up, not $3 000 down.
    assert_eq!(
        f.collateral_balance(&trader.pubkey()).await,
        2_250 * ONE_USD
    );
    assert_eq!(
        f.market().await.pool_liquidity,
        POOL_DEPOSIT + 750 * ONE_USD
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn inside_the_band_exits_are_at_spot() {
    // The exit rule only bites on a wick: inside the band the mark is spot.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let trader = f.wallet(1_000 * ONE_USD).await;
    open(
        &mut f,
        &trader,
        1,
        Side::Short,
        200 * ONE_USD,
        10 * ONE_BASE,
    )
    .await
    .unwrap();
    f.advance_time(30);
    f.set_price(14_500_000_000, 0, PRICE_150); // $145, band [142.50, 157.50]
    close(&mut f, &trader, 1).await.unwrap();
    assert_eq!(
        f.collateral_balance(&trader.pubkey()).await,
        1_050 * ONE_USD
    );
}
