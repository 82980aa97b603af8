//! Administration fixed by the audit: fees can be withdrawn by the admin, and a risk
//! raise (mmr or EMA band) cannot liquidate healthy positions at once while positions
//! are open: at most one step of 1 % a day.

use lever_client::{ix, MarketParams, Side};
use lever_harness::{MarketSetup, Signer};
use lever_math::params::{MAX_RISK_STEP_BPS, RISK_INCREASE_INTERVAL_SECS};
use lever_tests::*;

fn with_fees() -> MarketSetup {
    MarketSetup {
        params: MarketParams {
            open_fee_bps: 10,
            ..MarketSetup::default().params
        },
        ..MarketSetup::default()
    }
}

#[tokio::test]
async fn the_admin_withdraws_fees_to_an_account_of_its_choice() {
    let (mut f, _lp) = funded_market(with_fees()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 200 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    // 0.1 % of $1 500.
    assert_eq!(f.market().await.fees_collected, 1_500_000);
    let admin = f.admin.insecure_clone();
    let treasury_owner = f.runtime.new_wallet(1_000_000_000).await;
    let mint = f.keys.collateral_mint;
    let treasury = f
        .runtime
        .new_token_account(&treasury_owner.pubkey(), &mint)
        .await;

    let keys = f.keys;
    let before = snapshot(&mut f, &[alice.pubkey()], &[treasury]).await;
    for (instruction, signer, error) in [
        (
            ix::withdraw_fees(&keys, alice.pubkey(), treasury, ONE_USD),
            &alice,
            "Unauthorized",
        ),
        (
            ix::withdraw_fees(&keys, admin.pubkey(), treasury, 0),
            &admin,
            "ZeroAmount",
        ),
        (
            ix::withdraw_fees(&keys, admin.pubkey(), treasury, 1_500_001),
            &admin,
            "InsufficientFees",
        ),
        (
            // A token account of another mint (the admin's LP share account).
            ix::withdraw_fees(
                &keys,
                admin.pubkey(),
                f.runtime
                    .token_account(&admin.pubkey(), &keys.lp_mint)
                    .await,
                ONE_USD,
            ),
            &admin,
            "InvalidCollateralMint",
        ),
    ] {
        assert_error(f.send(&[instruction], &[signer]).await, error);
    }
    assert_eq!(
        before,
        snapshot(&mut f, &[alice.pubkey()], &[treasury]).await
    );

    f.send(
        &[ix::withdraw_fees(
            &keys,
            admin.pubkey(),
            treasury,
            1_000_000,
        )],
        &[&admin],
    )
    .await
    .unwrap();
    assert_eq!(f.runtime.token_balance(treasury).await, 1_000_000);
    assert_eq!(f.market().await.fees_collected, 500_000);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn risk_raises_are_one_step_a_day_while_positions_are_open() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let base = f.setup.params;
    let keys = f.keys;
    let update = |params: MarketParams| ix::update_market_params(admin.pubkey(), &keys, params);
    let mmr = |mmr_bps: u16| MarketParams { mmr_bps, ..base };

    // No position open: nothing can be liquidated, any valid change goes.
    f.send(&[update(mmr(900))], &[&admin]).await.unwrap();
    f.send(&[update(base)], &[&admin]).await.unwrap();

    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 200 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    let before = snapshot(&mut f, &[], &[]).await;
    let step = base.mmr_bps + MAX_RISK_STEP_BPS;
    assert_error(
        f.send(&[update(mmr(step + 1))], &[&admin]).await,
        "RiskIncreaseTooLarge",
    );
    let wider_band = MarketParams {
        ema_band_bps: base.ema_band_bps + MAX_RISK_STEP_BPS + 1,
        ..base
    };
    assert_error(
        f.send(&[update(wider_band)], &[&admin]).await,
        "RiskIncreaseTooLarge",
    );
    assert_eq!(before, snapshot(&mut f, &[], &[]).await);

    // One step passes; the next must wait a day.
    f.send(&[update(mmr(step))], &[&admin]).await.unwrap();
    let before = snapshot(&mut f, &[], &[]).await;
    assert_error(
        f.send(&[update(mmr(step + MAX_RISK_STEP_BPS))], &[&admin])
            .await,
        "RiskIncreaseTooSoon",
    );
    assert_eq!(before, snapshot(&mut f, &[], &[]).await);
    // Lowering risk is never held back.
    f.send(&[update(mmr(step - 50))], &[&admin]).await.unwrap();
    f.advance_time(RISK_INCREASE_INTERVAL_SECS - 1);
    assert_error(
        f.send(&[update(mmr(step + 50))], &[&admin]).await,
        "RiskIncreaseTooSoon",
    );
    f.advance_time(1);
    f.send(&[update(mmr(step + 50))], &[&admin]).await.unwrap();
    assert_eq!(f.market().await.params.mmr_bps, step + 50);
}
