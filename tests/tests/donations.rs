//! The audit's critical finding: the vault is an ordinary token account, so anyone can
//! send it tokens. With a strict `vault == buckets` invariant one donated atom froze
//! every instruction that moves tokens, `liquidate` included. Now each instruction
//! checks that the vault moved by exactly its buckets' change, and `sweep_surplus`
//! credits a surplus to the insurance fund.

use lever_client::{ix, Side};
use lever_harness::{MarketSetup, Signer};
use lever_tests::*;

#[tokio::test]
async fn one_donated_atom_does_not_freeze_the_market() {
    let (mut f, lp) = funded_market(MarketSetup::default()).await;
    let (alice, keeper) = worked_example_long(&mut f).await;
    let bob = f.wallet(1_000 * ONE_USD).await;
    let mallory = f.wallet(ONE_USD).await;
    open(&mut f, &bob, 1, Side::Short, 200 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();

    f.donate(&mallory, 1).await.unwrap();
    assert_eq!(f.vault_surplus().await, Some(1));

    // Every instruction that moves tokens still works; the fixture asserts after each
    // that the surplus is still exactly the donated atom.
    let keys = f.keys;
    f.send(
        &[ix::deposit_collateral(&keys, bob.pubkey(), 1, 10 * ONE_USD)],
        &[&bob],
    )
    .await
    .unwrap();
    f.send(
        &[ix::withdraw_collateral(&keys, bob.pubkey(), 1, 5 * ONE_USD)],
        &[&bob],
    )
    .await
    .unwrap();
    f.fund(&lp.pubkey(), 1_000 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&keys, lp.pubkey(), 1_000 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    f.send(
        &[ix::lp_withdraw(&keys, lp.pubkey(), 500 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    open(&mut f, &bob, 2, Side::Long, 100 * ONE_USD, ONE_BASE)
        .await
        .unwrap();
    f.send(
        &[ix::reduce_position(&keys, bob.pubkey(), 1, ONE_BASE)],
        &[&bob],
    )
    .await
    .unwrap();
    f.send(&[ix::close_position(&keys, bob.pubkey(), 2)], &[&bob])
        .await
        .unwrap();

    // The underwater position is liquidated as usual.
    f.set_price(13_700_000_000, 0, 13_700_000_000);
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert!(record.partial);
    assert_eq!(f.vault_surplus().await, Some(1));

    // Anyone can sweep the surplus into the insurance fund, once.
    let insurance = f.market().await.insurance_fund;
    f.send(&[ix::sweep_surplus(&keys, keeper.pubkey())], &[&keeper])
        .await
        .unwrap();
    assert_eq!(f.market().await.insurance_fund, insurance + 1);
    assert_eq!(f.vault_surplus().await, Some(0));
    let before = snapshot(&mut f, &[keeper.pubkey()], &[]).await;
    assert_error(
        f.send(&[ix::sweep_surplus(&keys, keeper.pubkey())], &[&keeper])
            .await,
        "NoSurplus",
    );
    assert_eq!(before, snapshot(&mut f, &[keeper.pubkey()], &[]).await);
}

#[tokio::test]
async fn a_donation_does_not_move_the_lp_share_price() {
    // Tokens sent to the vault are not pool liquidity until swept, and then they go to
    // the insurance fund: a donation cannot inflate LP shares against later depositors.
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let whale = f.wallet(50_000 * ONE_USD).await;
    let depositor = f.wallet(1_000 * ONE_USD).await;
    f.donate(&whale, 50_000 * ONE_USD).await.unwrap();
    f.send(
        &[ix::lp_deposit(&f.keys, depositor.pubkey(), 1_000 * ONE_USD)],
        &[&depositor],
    )
    .await
    .unwrap();
    assert_eq!(f.share_balance(&depositor.pubkey()).await, 1_000 * ONE_USD);
    f.send(&[ix::sweep_surplus(&f.keys, whale.pubkey())], &[&whale])
        .await
        .unwrap();
    let market = f.market().await;
    assert_eq!(
        (market.pool_liquidity, market.insurance_fund),
        (POOL_DEPOSIT + 1_000 * ONE_USD, 50_000 * ONE_USD)
    );
}

#[tokio::test]
async fn a_vault_short_of_its_buckets_is_refused() {
    // No instruction can cause it; should the vault ever hold less than the buckets
    // (a bug, a token-program surprise), instructions refuse rather than pay out.
    let (mut f, lp) = funded_market(MarketSetup::default()).await;
    let mut vault = f.runtime.account(f.keys.vault).await.unwrap();
    // SPL token account layout: amount at bytes 64..72.
    let short = (POOL_DEPOSIT - 1).to_le_bytes();
    vault.data[64..72].copy_from_slice(&short);
    f.runtime.set_account(f.keys.vault, vault);
    assert_error(
        f.runtime
            .send(&[ix::lp_withdraw(&f.keys, lp.pubkey(), ONE_USD)], &[&lp])
            .await,
        "VaultInvariantBroken",
    );
}
