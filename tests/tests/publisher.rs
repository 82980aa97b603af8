//! The test-only Pyth publisher (programs/pyth-publisher), as localnet runs it: at the
//! Pyth programs' addresses, its accounts read by lever's own oracle code, and every
//! refusal named with nothing changed.

use anchor_lang::prelude::Pubkey;
use lever::oracle::{validate_price, PriceUse};
use lever_client::{OracleSource, Side};
use lever_harness::fixture::FEED_ID;
use lever_harness::pyth::owned_account;
use lever_harness::{Keypair, MarketFixture, MarketSetup, Signer, TxError};
use lever_pyth_publisher::error::PublisherError;
use lever_pyth_publisher::instruction::{
    price_account, publish, Publish, LEGACY_ORACLE_ID, PUSH_ORACLE_ID, RECEIVER_ID,
};
use lever_tests::*;

fn sol_at(price: i64, publish_time: i64) -> Publish {
    Publish {
        feed_id: FEED_ID,
        price,
        conf: price.unsigned_abs() / 1_000,
        expo: -8,
        ema_price: price,
        ema_conf: price.unsigned_abs() / 1_000,
        publish_time,
    }
}

#[track_caller]
fn assert_refused(result: Result<lever_harness::TxOutcome, TxError>, expected: PublisherError) {
    match result {
        Err(TxError::Program { code, .. }) => assert_eq!(
            PublisherError::from_code(code),
            Some(expected),
            "wrong refusal (code {code})"
        ),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

async fn account_data(f: &mut MarketFixture, address: Pubkey) -> Option<Vec<u8>> {
    f.runtime.account(address).await.map(|account| account.data)
}

/// Under the push oracle and the receiver, a publication is a `PriceUpdateV2` lever
/// reads through its real code: a position opens at the published price.
#[tokio::test]
async fn a_pull_publication_prices_a_real_open() {
    for program in [PUSH_ORACLE_ID, RECEIVER_ID] {
        let (mut f, _lp) = funded_market(MarketSetup::default()).await;
        let publisher = f.runtime.new_wallet(1_000_000_000).await;
        let now = f.runtime.now();
        let price = 16_000_000_000; // $160, the fixture's own oracle says $150
        f.send(
            &[publish(&program, &publisher.pubkey(), &sol_at(price, now))],
            &[&publisher],
        )
        .await
        .unwrap();
        let (address, _) = price_account(&program, &FEED_ID);
        let account = f.runtime.account(address).await.unwrap();
        assert_eq!(account.owner, program);

        // The stored account decodes as Pyth's own type, fully verified.
        let update = <pyth_solana_receiver_sdk::price_update::PriceUpdateV2 as anchor_lang::AccountDeserialize>
            ::try_deserialize(&mut account.data.as_slice())
            .unwrap();
        assert_eq!(update.write_authority, publisher.pubkey());
        assert_eq!(
            update.verification_level,
            pyth_solana_receiver_sdk::price_update::VerificationLevel::Full
        );
        assert_eq!(update.price_message.price, price);
        assert_eq!(update.price_message.publish_time, now);

        // lever opens a position against it: the entry is at $160 (plus the spread of
        // the confidence), not at the fixture's $150.
        f.keys.oracle = address;
        let alice = f.wallet(1_000 * ONE_USD).await;
        open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, ONE_BASE)
            .await
            .unwrap();
        let position = f.position(&alice.pubkey(), 1).await.unwrap();
        let entry = position.entry_price.get();
        // $1 per SOL in the market's units: collateral atoms per base atom x 1e12.
        let dollar =
            lever_math::constants::PRICE_PRECISION * u128::from(ONE_USD) / u128::from(ONE_BASE);
        assert!(
            entry >= 160 * dollar && entry < 161 * dollar,
            "entry {entry} not at the published $160"
        );
        assert_invariant(&mut f).await;
    }
}

/// As the legacy oracle, a publication is a legacy price account (status Trading) that
/// lever's legacy decoder accepts for a market bound to its address.
#[tokio::test]
async fn a_legacy_publication_passes_lever_legacy_checks() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let publisher = f.runtime.new_wallet(1_000_000_000).await;
    let now = f.runtime.now();
    f.send(
        &[publish(
            &LEGACY_ORACLE_ID,
            &publisher.pubkey(),
            &sol_at(14_000_000_000, now),
        )],
        &[&publisher],
    )
    .await
    .unwrap();
    let (address, _) = price_account(&LEGACY_ORACLE_ID, &FEED_ID);
    let account = f.runtime.account(address).await.unwrap();
    assert_eq!(account.owner, LEGACY_ORACLE_ID);

    let mut market = f.market().await;
    market.oracle_source = OracleSource::PythLegacy as u8;
    market.oracle_feed = address.to_bytes();
    let read = validate_price(
        &market,
        &address,
        &account.owner,
        &account.data,
        now,
        PriceUse::Liquidation,
    )
    .unwrap();
    assert_eq!(read.quote.price, 14_000_000_000);
    assert_eq!(read.quote.expo, -8);
    assert_eq!(read.quote.publish_time, now);
    assert_eq!(read.quote.ema_price, 14_000_000_000);

    // A second publication by the same authority moves it.
    f.advance_time(5);
    let later = f.runtime.now();
    f.send(
        &[publish(
            &LEGACY_ORACLE_ID,
            &publisher.pubkey(),
            &sol_at(13_000_000_000, 0),
        )],
        &[&publisher],
    )
    .await
    .unwrap();
    let account = f.runtime.account(address).await.unwrap();
    let read = validate_price(
        &market,
        &address,
        &account.owner,
        &account.data,
        later,
        PriceUse::Trade,
    )
    .unwrap();
    assert_eq!(read.quote.price, 13_000_000_000);
    assert_eq!(
        read.quote.publish_time, later,
        "time 0 means the cluster clock"
    );
}

/// Only the first publisher may publish a feed again; never an older time; never to an
/// address that is not the feed's; each refusal leaves the account as it was.
#[tokio::test]
async fn refusals_are_named_and_change_nothing() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let publisher = f.runtime.new_wallet(1_000_000_000).await;
    let intruder = f.runtime.new_wallet(1_000_000_000).await;
    let now = f.runtime.now();
    let (address, _) = price_account(&PUSH_ORACLE_ID, &FEED_ID);
    f.send(
        &[publish(
            &PUSH_ORACLE_ID,
            &publisher.pubkey(),
            &sol_at(15_000_000_000, now),
        )],
        &[&publisher],
    )
    .await
    .unwrap();
    let stored = account_data(&mut f, address).await;

    // Another signer.
    let result = f
        .send(
            &[publish(
                &PUSH_ORACLE_ID,
                &intruder.pubkey(),
                &sol_at(1, now),
            )],
            &[&intruder],
        )
        .await;
    assert_refused(result, PublisherError::WrongAuthority);

    // The authority, unsigned (the intruder signs, as an extra account).
    let mut unsigned = publish(&PUSH_ORACLE_ID, &publisher.pubkey(), &sol_at(1, now));
    unsigned.accounts[0].is_signer = false;
    unsigned
        .accounts
        .push(anchor_lang::solana_program::instruction::AccountMeta::new(
            intruder.pubkey(),
            true,
        ));
    assert_refused(
        f.send(&[unsigned], &[&intruder]).await,
        PublisherError::AuthorityNotSigner,
    );

    // An older publish time.
    let result = f
        .send(
            &[publish(
                &PUSH_ORACLE_ID,
                &publisher.pubkey(),
                &sol_at(1, now - 1),
            )],
            &[&publisher],
        )
        .await;
    assert_refused(result, PublisherError::OlderThanStored);

    // Another feed's account.
    let mut elsewhere = publish(&PUSH_ORACLE_ID, &publisher.pubkey(), &sol_at(1, now));
    elsewhere.accounts[1].pubkey = price_account(&PUSH_ORACLE_ID, &[8; 32]).0;
    assert_refused(
        f.send(&[elsewhere], &[&publisher]).await,
        PublisherError::WrongPriceAccount,
    );

    // A fake system program.
    let mut fake_system = publish(&PUSH_ORACLE_ID, &publisher.pubkey(), &sol_at(1, now));
    fake_system.accounts[2].pubkey = lever::ID;
    assert_refused(
        f.send(&[fake_system], &[&publisher]).await,
        PublisherError::WrongSystemProgram,
    );

    // Malformed data, and too few accounts.
    let mut short = publish(&PUSH_ORACLE_ID, &publisher.pubkey(), &sol_at(1, now));
    short.data.pop();
    assert_refused(
        f.send(&[short], &[&publisher]).await,
        PublisherError::InvalidInstruction,
    );
    let mut few = publish(&PUSH_ORACLE_ID, &publisher.pubkey(), &sol_at(1, now));
    few.accounts.truncate(2);
    assert_refused(
        f.send(&[few], &[&publisher]).await,
        PublisherError::MissingAccounts,
    );

    assert_eq!(account_data(&mut f, address).await, stored);

    // An account at the feed's address that the publisher does not own.
    let other_feed = [9; 32];
    let (squatted, _) = price_account(&PUSH_ORACLE_ID, &other_feed);
    f.runtime
        .set_account(squatted, owned_account(vec![0; 134], lever::ID));
    let mut squat = sol_at(1, now);
    squat.feed_id = other_feed;
    let result = f
        .send(
            &[publish(&PUSH_ORACLE_ID, &publisher.pubkey(), &squat)],
            &[&publisher],
        )
        .await;
    assert_refused(result, PublisherError::PriceAccountNotOwned);
}

/// Feeds are independent: each has its own authority.
#[tokio::test]
async fn each_feed_has_its_own_first_publisher() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let first: Keypair = f.runtime.new_wallet(1_000_000_000).await;
    let second: Keypair = f.runtime.new_wallet(1_000_000_000).await;
    let now = f.runtime.now();
    let mut other = sol_at(2_000_000_000, now);
    other.feed_id = [8; 32];
    f.send(
        &[publish(&PUSH_ORACLE_ID, &first.pubkey(), &sol_at(1, now))],
        &[&first],
    )
    .await
    .unwrap();
    f.send(
        &[publish(&PUSH_ORACLE_ID, &second.pubkey(), &other)],
        &[&second],
    )
    .await
    .unwrap();
    other.price = 2_100_000_000;
    f.send(
        &[publish(&PUSH_ORACLE_ID, &second.pubkey(), &other)],
        &[&second],
    )
    .await
    .unwrap();
    let result = f
        .send(
            &[publish(&PUSH_ORACLE_ID, &first.pubkey(), &other)],
            &[&first],
        )
        .await;
    assert_refused(result, PublisherError::WrongAuthority);
}
