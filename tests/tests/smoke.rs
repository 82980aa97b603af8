use lever::instructions::OpenPositionArgs;
use lever_client::{ix, Side};
use lever_harness::{MarketFixture, MarketSetup, Signer};

#[tokio::test]
async fn open_and_close_round_trip() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let lp = f.wallet(100_000_000_000).await;
    f.send(
        &[ix::lp_deposit(&f.keys, lp.pubkey(), 100_000_000_000)],
        &[&lp],
    )
    .await
    .unwrap();
    let alice = f.wallet(1_000_000_000).await;
    let args = OpenPositionArgs {
        position_id: 1,
        side: Side::Long,
        collateral: 100_000_000,
        size: 5_000_000_000,
    };
    let out = f
        .send(
            &[ix::open_position(&f.keys, alice.pubkey(), args)],
            &[&alice],
        )
        .await
        .unwrap();
    println!("open CU {}", out.compute_units);
    assert!(f.vault_invariant_holds().await);
    f.send(&[ix::close_position(&f.keys, alice.pubkey(), 1)], &[&alice])
        .await
        .unwrap();
    assert_eq!(f.collateral_balance(&alice.pubkey()).await, 1_000_000_000);
    assert!(f.vault_invariant_holds().await);
}
