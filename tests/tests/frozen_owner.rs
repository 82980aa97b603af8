//! A full liquidation pays the owner's remaining equity to a token account of the
//! owner. A stablecoin issuer can freeze an owner's account; that must not make the
//! position unliquidatable. `liquidate` accepts any token account of the collateral
//! mint owned by the position's owner, so a keeper whose transfer to a frozen account
//! fails creates a fresh one for the owner (anyone can) and pays there.

use lever_client::{ix, MarketParams, Side};
use lever_harness::{MarketSetup, Signer};
use lever_tests::*;

#[tokio::test]
async fn a_frozen_owner_account_does_not_block_a_full_liquidation() {
    // A large minimum notional makes every liquidation full, with equity left.
    let setup = MarketSetup {
        params: MarketParams {
            min_position_notional: 10_000 * ONE_USD,
            ..MarketSetup::default().params
        },
        ..MarketSetup::default()
    };
    let (mut f, _lp) = funded_market(setup).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let alice = f.wallet(2_000 * ONE_USD).await;
    let keeper = f.wallet(0).await;
    open(
        &mut f,
        &alice,
        1,
        Side::Long,
        2_000 * ONE_USD,
        100 * ONE_BASE,
    )
    .await
    .unwrap();
    // $136: E = 2 000 - 1 400 = 600 < MM 680; a partial would leave less than the
    // minimum notional, so it is full: the owner is owed 600 - 136 of penalty.
    f.set_price(13_600_000_000, 0, 13_600_000_000);
    let mint = f.keys.collateral_mint;
    let frozen = lever_client::pda::associated_token(&alice.pubkey(), &mint);
    f.runtime.freeze(&frozen, &mint).await;

    let address = f.position_address(&alice.pubkey(), 1);
    let before = snapshot(&mut f, &[alice.pubkey()], &[address]).await;
    assert_error(
        liquidate(&mut f, &keeper, &alice.pubkey(), 1).await,
        "AccountFrozen",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey()], &[address]).await
    );

    // The keeper opens a new token account for alice and liquidates paying there.
    let fresh = f.runtime.new_token_account(&alice.pubkey(), &mint).await;
    let mut accounts = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    accounts.owner_collateral = fresh;
    let outcome = f
        .send(
            &[lever_client::build(
                accounts,
                ix::liquidate_data(&f.keys, 1),
            )],
            &[&keeper],
        )
        .await
        .unwrap();
    let record = lever_client::health::decode_liquidation(&outcome.return_data).unwrap();
    assert_eq!(
        (record.partial, record.owner_payout),
        (false, 464 * ONE_USD)
    );
    assert_eq!(f.runtime.token_balance(fresh).await, 464 * ONE_USD);
    assert!(f.position(&alice.pubkey(), 1).await.is_none());
}
