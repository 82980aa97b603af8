//! LP pool: deposit and withdraw at pool value, against traders' unrealized PnL.

use lever::constants::pause;
use lever_client::{ix, pda, Side};
use lever_harness::{MarketFixture, MarketSetup, Signer};
use lever_tests::*;

#[tokio::test]
async fn first_deposit_mints_one_to_one() {
    let (mut f, lp) = funded_market(MarketSetup::default()).await;
    assert_eq!(f.share_balance(&lp.pubkey()).await, POOL_DEPOSIT);
    assert_eq!(f.collateral_balance(&lp.pubkey()).await, 0);
    assert_eq!(f.market().await.pool_liquidity, POOL_DEPOSIT);
    assert_eq!(f.vault_balance().await, POOL_DEPOSIT);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn a_depositor_pays_for_traders_unrealized_losses() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    f.set_price(14_000_000_000, 1_000_000, 14_000_000_000);
    // Traders lose 50: the pool is worth 100_050 to a depositor.
    let carol = f.wallet(10_005 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&f.keys, carol.pubkey(), 10_005 * ONE_USD)],
        &[&carol],
    )
    .await
    .unwrap();
    assert_eq!(f.share_balance(&carol.pubkey()).await, 10_000 * ONE_USD);
    assert_eq!(
        f.market().await.pool_liquidity,
        POOL_DEPOSIT + 10_005 * ONE_USD
    );
    // One atom buys less than one share: refused, not rounded to a free share.
    let dust = f.wallet(1).await;
    assert_error(
        f.send(&[ix::lp_deposit(&f.keys, dust.pubkey(), 1)], &[&dust])
            .await,
        "DepositTooSmall",
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn a_withdrawer_is_paid_net_of_traders_unrealized_profits() {
    let (mut f, lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    f.set_price(16_000_000_000, 1_000_000, 16_000_000_000);
    // Traders win 50: the pool is worth 99_950 to a withdrawer.
    assert_error(
        f.send(&[ix::lp_withdraw(&f.keys, lp.pubkey(), 1)], &[&lp])
            .await,
        "WithdrawalTooSmall",
    );
    f.send(
        &[ix::lp_withdraw(&f.keys, lp.pubkey(), POOL_DEPOSIT / 2)],
        &[&lp],
    )
    .await
    .unwrap();
    assert_eq!(f.collateral_balance(&lp.pubkey()).await, 49_975 * ONE_USD);
    assert_eq!(f.share_balance(&lp.pubkey()).await, POOL_DEPOSIT / 2);
    assert_eq!(
        f.market().await.pool_liquidity,
        POOL_DEPOSIT - 49_975 * ONE_USD
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn traders_losses_count_up_to_their_collateral() {
    let (mut f, lp) = funded_market(MarketSetup::default()).await;
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    // Past the window of recent prices (30 s), $140: the long loses $50 of its $100
    // collateral; the pool is worth 100 050, a tenth of the shares 10 005.
    f.advance_time(30);
    f.set_price(14_000_000_000, 1_000_000, 14_000_000_000);
    f.send(
        &[ix::lp_withdraw(&f.keys, lp.pubkey(), 10_000 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    assert_eq!(f.collateral_balance(&lp.pubkey()).await, 10_005 * ONE_USD);
    // $120: the long loses $150 but holds $100; only the $100 counts. Pool 89 995 +
    // 100 over 90 000 shares: 10 000 shares are worth 10 010.555555.
    f.advance_time(30);
    f.set_price(12_000_000_000, 1_000_000, 12_000_000_000);
    f.send(
        &[ix::lp_withdraw(&f.keys, lp.pubkey(), 10_000 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    assert_eq!(
        f.collateral_balance(&lp.pubkey()).await,
        10_005 * ONE_USD + 10_010_555_555
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn withdrawal_refused_when_open_interest_would_be_uncovered() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let lp = f.wallet(1_000 * ONE_USD).await;
    f.send(
        &[ix::lp_deposit(&f.keys, lp.pubkey(), 1_000 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 100 * ONE_USD, 5 * ONE_BASE)
        .await
        .unwrap();
    // $750 of open interest: 250 may leave, 251 may not.
    let before = snapshot(&mut f, &[lp.pubkey()], &[]).await;
    assert_error(
        f.send(
            &[ix::lp_withdraw(&f.keys, lp.pubkey(), 251 * ONE_USD)],
            &[&lp],
        )
        .await,
        "PoolUtilizationExceeded",
    );
    assert_eq!(before, snapshot(&mut f, &[lp.pubkey()], &[]).await);
    f.send(
        &[ix::lp_withdraw(&f.keys, lp.pubkey(), 250 * ONE_USD)],
        &[&lp],
    )
    .await
    .unwrap();
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn lp_refusals_change_nothing() {
    let (mut f, lp) = funded_market(MarketSetup::default()).await;
    let carol = f.wallet(1_000 * ONE_USD).await;
    let before = snapshot(&mut f, &[lp.pubkey(), carol.pubkey()], &[]).await;
    assert_error(
        f.send(&[ix::lp_deposit(&f.keys, carol.pubkey(), 0)], &[&carol])
            .await,
        "ZeroAmount",
    );
    assert_error(
        f.send(&[ix::lp_withdraw(&f.keys, lp.pubkey(), 0)], &[&lp])
            .await,
        "ZeroAmount",
    );
    assert_error(
        f.send(
            &[ix::lp_withdraw(&f.keys, lp.pubkey(), POOL_DEPOSIT + 1)],
            &[&lp],
        )
        .await,
        "InsufficientShares",
    );

    // Shares sent to a collateral account, or collateral taken from an LP account.
    let mut accounts = ix::lp_deposit_accounts(&f.keys, carol.pubkey());
    accounts.depositor_shares = pda::associated_token(&carol.pubkey(), &f.keys.collateral_mint);
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                lever::instruction::LpDeposit {
                    market_index: f.keys.index,
                    amount: ONE_USD,
                },
            )],
            &[&carol],
        )
        .await,
        // One account in two mutable places: refused by the mint check (see aliasing.rs).
        "InvalidLpMint",
    );
    let mut accounts = ix::lp_deposit_accounts(&f.keys, carol.pubkey());
    accounts.depositor_shares = pda::associated_token(&lp.pubkey(), &f.keys.lp_mint);
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                lever::instruction::LpDeposit {
                    market_index: f.keys.index,
                    amount: ONE_USD,
                },
            )],
            &[&carol],
        )
        .await,
        "TokenAccountOwnerMismatch",
    );
    let mut accounts = ix::lp_withdraw_accounts(&f.keys, lp.pubkey());
    accounts.withdrawer_shares = pda::associated_token(&carol.pubkey(), &f.keys.collateral_mint);
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                lever::instruction::LpWithdraw {
                    market_index: f.keys.index,
                    shares: ONE_USD,
                },
            )],
            &[&lp],
        )
        .await,
        "InvalidLpMint",
    );
    // A substituted LP mint is not the LP mint the market recorded.
    let fake_mint = f.runtime.create_mint(6).await;
    let mut accounts = ix::lp_deposit_accounts(&f.keys, carol.pubkey());
    accounts.lp_mint = fake_mint;
    assert_error(
        f.send(
            &[lever_client::build(
                accounts,
                lever::instruction::LpDeposit {
                    market_index: f.keys.index,
                    amount: ONE_USD,
                },
            )],
            &[&carol],
        )
        .await,
        "InvalidLpMint",
    );

    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::set_pause_flags(
            admin.pubkey(),
            pause::LP_DEPOSIT | pause::LP_WITHDRAW,
        )],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        f.send(
            &[ix::lp_deposit(&f.keys, carol.pubkey(), ONE_USD)],
            &[&carol],
        )
        .await,
        "OperationPaused",
    );
    assert_error(
        f.send(&[ix::lp_withdraw(&f.keys, lp.pubkey(), ONE_USD)], &[&lp])
            .await,
        "OperationPaused",
    );
    assert_eq!(
        before,
        snapshot(&mut f, &[lp.pubkey(), carol.pubkey()], &[]).await
    );
    assert_eq!(f.share_balance(&lp.pubkey()).await, POOL_DEPOSIT);
}
