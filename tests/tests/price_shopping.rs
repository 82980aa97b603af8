//! The audit's "caller picks the price": any fully verified update of the feed inside
//! the staleness window was accepted, and anyone can post one. A trader opened on an
//! old update and closed on a fresh one in the same transaction; a keeper liquidated on
//! a dip newer updates had superseded. Now each action has its own maximum price age
//! (10 s for trades and liquidations by default), and an exit priced less than
//! `min_hold_secs` (30 s) after the open's price realizes losses only. Since the hold
//! outlasts the trade age, an exit price that can realize a profit is always published
//! after the open executed: nobody can know it when opening.

use anchor_lang::prelude::Pubkey;
use lever::instructions::OpenPositionArgs;
use lever_client::{ix, MarketKeys, Side};
use lever_harness::{MarketSetup, Signer};
use lever_tests::*;

fn open_ix(
    keys: &MarketKeys,
    owner: Pubkey,
    collateral: u64,
    size: u64,
) -> lever_client::Instruction {
    let args = OpenPositionArgs {
        position_id: 1,
        side: Side::Long,
        collateral,
        size,
    };
    ix::open_position(keys, owner, args)
}

#[tokio::test]
async fn the_audit_round_trip_no_longer_pays() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    // A minute after the last price the market used (the LP's deposit).
    f.advance_time(60);
    let trader = f.wallet(20_000 * ONE_USD).await;
    let size = 600 * ONE_BASE;
    let collateral = 9_000 * ONE_USD; // 10x on $90 000
    let fresh = post_pull_update(&mut f, 15_150_000_000, 0); // $151.50 now

    // As reproduced: open on the 50-s-old $150 update, close on the fresh one.
    let stale = post_pull_update(&mut f, PRICE_150, 50);
    let address = f.position_address(&trader.pubkey(), 1);
    let before = snapshot(&mut f, &[trader.pubkey()], &[address]).await;
    let round_trip = [
        open_ix(&stale, trader.pubkey(), collateral, size),
        ix::close_position(&fresh, trader.pubkey(), 1),
    ];
    assert_error(
        f.send(&round_trip, &[&trader]).await,
        "OraclePriceTooOldForTrade",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[trader.pubkey()], &[address]).await
    );

    // The best an attacker can still do: the oldest update a trade accepts (10 s).
    // The transaction executes, but the close is inside the hold: the $900 of profit
    // is forfeited and the pool pays nothing.
    let oldest_allowed = post_pull_update(&mut f, PRICE_150, 10);
    let round_trip = [
        open_ix(&oldest_allowed, trader.pubkey(), collateral, size),
        ix::close_position(&fresh, trader.pubkey(), 1),
    ];
    f.send(&round_trip, &[&trader]).await.unwrap();
    assert_eq!(
        f.collateral_balance(&trader.pubkey()).await,
        20_000 * ONE_USD
    );
    let market = f.market().await;
    assert_eq!(market.pool_liquidity, POOL_DEPOSIT, "the pool paid nothing");
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn a_profitable_exit_price_is_published_after_the_open_executed() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.advance_time(60);
    let trader = f.wallet(1_000 * ONE_USD).await;
    // Open at T on the oldest accepted update, published T - 10.
    let opened_on = post_pull_update(&mut f, PRICE_150, 10);
    f.send(
        &[open_ix(
            &opened_on,
            trader.pubkey(),
            150 * ONE_USD,
            10 * ONE_BASE,
        )],
        &[&trader],
    )
    .await
    .unwrap();
    let position = f.position(&trader.pubkey(), 1).await.unwrap();
    assert_eq!(position.entry_publish_time, f.runtime.now() - 10);

    // At T + 19 a $160 price published then is 29 s after the open's: a reduce inside
    // the hold realizes nothing of the closed part's profit.
    f.advance_time(19);
    f.set_price(16_000_000_000, 0, 16_000_000_000);
    f.send(
        &[ix::reduce_position(&f.keys, trader.pubkey(), 1, ONE_BASE)],
        &[&trader],
    )
    .await
    .unwrap();
    let reduced = f.position(&trader.pubkey(), 1).await.unwrap();
    assert_eq!(
        reduced.collateral,
        150 * ONE_USD,
        "profit of the reduce forfeited"
    );

    // At T + 20 the price is 30 s after the open's, published after the open executed
    // at T: an honest hold, and the profit is paid.
    f.advance_time(1);
    f.set_price(16_000_000_000, 0, 16_000_000_000);
    close(&mut f, &trader, 1).await.unwrap();
    // 9 SOL left, +$10 each.
    assert_eq!(
        f.collateral_balance(&trader.pubkey()).await,
        1_000 * ONE_USD + 90 * ONE_USD
    );
}

#[tokio::test]
async fn losses_inside_the_hold_are_realized_in_full() {
    // The hold takes profits only: an owner can always cut a loss.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let trader = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &trader, 1, Side::Long, 300 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    f.set_price(14_500_000_000, 0, 14_500_000_000);
    close(&mut f, &trader, 1).await.unwrap();
    assert_eq!(f.collateral_balance(&trader.pubkey()).await, 950 * ONE_USD);
    assert_eq!(f.market().await.pool_liquidity, POOL_DEPOSIT + 50 * ONE_USD);
}

#[tokio::test]
async fn a_keeper_cannot_liquidate_on_a_superseded_dip() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let (alice, keeper) = worked_example_long(&mut f).await;
    f.advance_time(20);
    // A dip to $137 published 15 s ago, inside the 60 s staleness window, and the
    // fresh $150 published now: the position is healthy.
    let dip = post_pull_update(&mut f, 13_700_000_000, 15);
    let fresh = post_pull_update(&mut f, PRICE_150, 0);
    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await;
    let on_dip = ix::liquidate(&dip, keeper.pubkey(), alice.pubkey(), 1);
    assert_error(
        f.send(&[on_dip], &[&keeper]).await,
        "OraclePriceTooOldForLiquidation",
    );
    let on_fresh = ix::liquidate(&fresh, keeper.pubkey(), alice.pubkey(), 1);
    assert_error(f.send(&[on_fresh], &[&keeper]).await, "PositionHealthy");
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await
    );
}

#[tokio::test]
async fn a_withdrawal_cannot_take_unrealized_profit() {
    // Profit becomes collateral only through a reduce or close, under the hold and
    // exit-price rules; otherwise an open on an old price and a withdrawal on a newer
    // one would take the round trip's profit.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let trader = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &trader, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    // $160: +$100 unrealized; E = 250 against IM = 160 if profit counted.
    f.set_price(16_000_000_000, 0, 16_000_000_000);
    let address = f.position_address(&trader.pubkey(), 1);
    let before = snapshot(&mut f, &[trader.pubkey()], &[address]).await;
    assert_error(
        f.send(
            &[ix::withdraw_collateral(
                &f.keys,
                trader.pubkey(),
                1,
                ONE_USD,
            )],
            &[&trader],
        )
        .await,
        "InitialMarginNotMet",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[trader.pubkey()], &[address]).await
    );
    // A loss still counts: at $149 a withdrawal that left E < IM is refused too, and
    // one within the margin passes.
    f.set_price(14_900_000_000, 0, 14_900_000_000);
    f.send(
        &[ix::deposit_collateral(
            &f.keys,
            trader.pubkey(),
            1,
            50 * ONE_USD,
        )],
        &[&trader],
    )
    .await
    .unwrap();
    // E = 200 - 10 = 190, IM = 149: 41 can leave, 42 cannot.
    assert_error(
        f.send(
            &[ix::withdraw_collateral(
                &f.keys,
                trader.pubkey(),
                1,
                42 * ONE_USD,
            )],
            &[&trader],
        )
        .await,
        "InitialMarginNotMet",
    );
    f.send(
        &[ix::withdraw_collateral(
            &f.keys,
            trader.pubkey(),
            1,
            41 * ONE_USD,
        )],
        &[&trader],
    )
    .await
    .unwrap();
}
