//! Oracle validation, both Pyth formats: every rejection has its own error and leaves
//! nothing changed.

use anchor_lang::prelude::Pubkey;
use lever_client::{ix, OracleSource, Side};
use lever_harness::fixture::FEED_ID;
use lever_harness::pyth::{legacy_account_data, owned_account, pull_account_data};
use lever_harness::{MarketFixture, MarketSetup, PriceSpec, PullVerification, Signer};
use lever_tests::*;
use pyth_sdk_solana::state::PriceStatus;

fn spec(f: &MarketFixture, price: i64, conf: u64, ema: i64) -> PriceSpec {
    PriceSpec {
        price,
        conf,
        ema_price: ema,
        expo: -8,
        publish_time: f.runtime.now(),
    }
}

/// Opens a small position and expects `expected`; checks nothing changed.
async fn expect_open_refused(f: &mut MarketFixture, expected: &str) {
    let alice = f.wallet(1_000 * ONE_USD).await;
    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(f, &[alice.pubkey()], &[address]).await;
    assert_error(
        open(f, &alice, 1, Side::Long, 100 * ONE_USD, ONE_BASE).await,
        expected,
    );
    assert_eq!(before, snapshot(f, &[alice.pubkey()], &[address]).await);
}

async fn expect_open_ok(f: &mut MarketFixture) {
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(f, &alice, 1, Side::Long, 100 * ONE_USD, ONE_BASE)
        .await
        .unwrap();
    assert_invariant(f).await;
}

#[tokio::test]
async fn pull_rejections() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let oracle = f.keys.oracle;
    let good = spec(&f, PRICE_150, 1_000_000, PRICE_150);

    f.runtime.set_account(
        oracle,
        owned_account(
            pull_account_data(FEED_ID, good, PullVerification::Full, 1),
            Pubkey::new_unique(),
        ),
    );
    expect_open_refused(&mut f, "OracleWrongOwner").await;
    f.runtime
        .set_pull_price(oracle, [8; 32], good, PullVerification::Full);
    expect_open_refused(&mut f, "OracleWrongFeed").await;
    f.runtime.set_account(
        oracle,
        owned_account(vec![1; 134], pyth_solana_receiver_sdk::ID),
    );
    expect_open_refused(&mut f, "OracleInvalidData").await;
    f.runtime.set_pull_price(
        oracle,
        FEED_ID,
        good,
        PullVerification::Partial { signatures: 12 },
    );
    expect_open_refused(&mut f, "OraclePartiallyVerified").await;
    f.publish(spec(&f, 0, 0, PRICE_150));
    expect_open_refused(&mut f, "OracleNonPositivePrice").await;
    f.publish(spec(&f, -PRICE_150, 0, PRICE_150));
    expect_open_refused(&mut f, "OracleNonPositivePrice").await;
    f.publish(spec(&f, PRICE_150, 0, 0));
    expect_open_refused(&mut f, "OracleNonPositiveEma").await;
    // c / p = 2.01 % > 2 %.
    f.publish(spec(&f, PRICE_150, 301_500_000, PRICE_150));
    expect_open_refused(&mut f, "OracleConfidenceTooWide").await;
    // 61 s old > 60 s: stale for any use.
    f.publish(good);
    f.advance_time(61);
    expect_open_refused(&mut f, "OracleStale").await;
    // 11 s old: fresh for the market, too old for a trade (10 s).
    f.publish(spec(&f, PRICE_150, 1_000_000, PRICE_150));
    f.advance_time(11);
    expect_open_refused(&mut f, "OraclePriceTooOldForTrade").await;

    // The boundaries themselves pass: exactly 10 s old, exactly 2 % wide.
    f.publish(spec(&f, PRICE_150, 300_000_000, PRICE_150));
    f.advance_time(10);
    expect_open_ok(&mut f).await;
}

#[tokio::test]
async fn a_push_oracle_feed_account_is_accepted() {
    // Pyth's sponsored feeds: one account per feed, owned by the push oracle program,
    // holding the same fully verified PriceUpdateV2. The binding is the feed id.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let push_account = Pubkey::new_unique();
    let good = spec(&f, PRICE_150, 1_000_000, PRICE_150);
    f.runtime.set_push_price(push_account, [8; 32], good);
    f.keys.oracle = push_account;
    expect_open_refused(&mut f, "OracleWrongFeed").await;
    f.runtime.set_push_price(push_account, FEED_ID, good);
    expect_open_ok(&mut f).await;
}

#[tokio::test]
async fn a_fresh_pull_account_of_the_same_feed_is_accepted() {
    // Pull updates live in any account the receiver wrote; the binding is the feed id.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let other = Pubkey::new_unique();
    let good = spec(&f, PRICE_150, 1_000_000, PRICE_150);
    f.runtime
        .set_pull_price(other, FEED_ID, good, PullVerification::Full);
    f.keys.oracle = other;
    expect_open_ok(&mut f).await;
}

#[tokio::test]
async fn legacy_rejections_and_success() {
    let setup = MarketSetup {
        oracle_source: OracleSource::PythLegacy,
        ..MarketSetup::default()
    };
    let (mut f, _lp) = funded_market(setup).await;
    let oracle = f.keys.oracle;
    let good = spec(&f, PRICE_150, 1_000_000, PRICE_150);
    expect_open_ok(&mut f).await;

    f.runtime.set_account(
        oracle,
        owned_account(
            legacy_account_data(good, PriceStatus::Trading),
            pyth_solana_receiver_sdk::ID,
        ),
    );
    expect_open_refused(&mut f, "OracleWrongOwner").await;
    // Another legacy price account than the one the market is bound to.
    let other = Pubkey::new_unique();
    f.runtime
        .set_legacy_price(other, good, PriceStatus::Trading);
    f.keys.oracle = other;
    expect_open_refused(&mut f, "OracleWrongFeed").await;
    f.keys.oracle = oracle;
    let mut garbage = legacy_account_data(good, PriceStatus::Trading);
    garbage[0] ^= 0xff; // magic
    f.runtime.set_account(
        oracle,
        owned_account(garbage, lever_harness::pyth::legacy_pyth_program()),
    );
    expect_open_refused(&mut f, "OracleInvalidData").await;
    f.runtime
        .set_legacy_price(oracle, good, PriceStatus::Halted);
    expect_open_refused(&mut f, "OracleNotTrading").await;
    f.runtime
        .set_legacy_price(oracle, spec(&f, 0, 0, PRICE_150), PriceStatus::Trading);
    expect_open_refused(&mut f, "OracleNonPositivePrice").await;
    f.runtime.set_legacy_price(
        oracle,
        spec(&f, PRICE_150, 301_500_000, PRICE_150),
        PriceStatus::Trading,
    );
    expect_open_refused(&mut f, "OracleConfidenceTooWide").await;
    f.runtime
        .set_legacy_price(oracle, good, PriceStatus::Trading);
    f.advance_time(61);
    expect_open_refused(&mut f, "OracleStale").await;
}

#[tokio::test]
async fn legacy_price_sets_the_same_entry_as_pull() {
    let setup = MarketSetup {
        oracle_source: OracleSource::PythLegacy,
        ..MarketSetup::default()
    };
    let (mut f, _lp) = funded_market(setup).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Short, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    let position = f.position(&alice.pubkey(), 1).await.unwrap();
    assert_eq!(position.entry_price.get(), 150_000_000_000);
    f.send(&[ix::close_position(&f.keys, alice.pubkey(), 1)], &[&alice])
        .await
        .unwrap();
    assert_eq!(f.collateral_balance(&alice.pubkey()).await, 1_000 * ONE_USD);
}

#[tokio::test]
async fn a_price_older_than_the_last_used_is_refused() {
    // Several verified updates of one feed can be live within the staleness window;
    // a caller may not pick an older one than the market has already used.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let now = f.runtime.now();
    f.publish(PriceSpec {
        publish_time: now + 28,
        ..spec(&f, PRICE_150, 1_000_000, PRICE_150)
    });
    f.advance_time(30);
    expect_open_ok(&mut f).await;
    assert_eq!(f.market().await.last_price_publish_time, now + 28);

    // Four seconds older, fresh enough for a trade, but older than the last used.
    f.publish(PriceSpec {
        publish_time: now + 24,
        ..spec(&f, PRICE_150, 1_000_000, PRICE_150)
    });
    expect_open_refused(&mut f, "OraclePriceOlderThanLastUsed").await;
    // The same publish time again is fine; so is a newer one.
    f.publish(PriceSpec {
        publish_time: now + 28,
        ..spec(&f, PRICE_150, 1_000_000, PRICE_150)
    });
    expect_open_ok(&mut f).await;
}

#[tokio::test]
async fn a_keeper_cannot_liquidate_on_an_older_lower_price() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let alice = f.wallet(1_000 * ONE_USD).await;
    let keeper = f.wallet(0).await;
    open(&mut f, &alice, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    let opened_at = f.runtime.now();
    // A dip to $137 was published 5 s before the open, still within the 10 s a
    // liquidation accepts.
    f.advance_time(3);
    f.publish(PriceSpec {
        publish_time: opened_at - 5,
        ..spec(&f, 13_700_000_000, 0, 13_700_000_000)
    });
    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await;
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "OraclePriceOlderThanLastUsed",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey(), keeper.pubkey()], &[address]).await
    );
    // Off-chain health refuses the same price with the same error.
    let market = f.market().await;
    let position = f.position(&alice.pubkey(), 1).await.unwrap();
    let oracle = f.runtime.account(f.keys.oracle).await.unwrap();
    let view = lever_client::health::AccountView {
        key: &f.keys.oracle,
        owner: &oracle.owner,
        data: &oracle.data,
    };
    let refused =
        lever_client::health::compute(&market, &position, view, f.runtime.now()).unwrap_err();
    assert_eq!(refused.0, "OraclePriceOlderThanLastUsed");
}
