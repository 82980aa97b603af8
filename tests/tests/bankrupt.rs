//! Bankrupt positions (E <= 0) pay no penalty, so a keeper earned nothing for closing
//! them while they kept moving LP valuations. Now the keeper gets the market's
//! `bankrupt_keeper_fee` (insurance fund first, then the pool) and the position
//! account's rent. Bad debt is absorbed before the fee is taken; what the insurance
//! fund and the pool pay together is the same in either order.

use lever_client::{MarketParams, Side};
use lever_harness::{MarketSetup, Signer};
use lever_tests::*;

fn with_bankrupt_fee(fee: u64) -> MarketSetup {
    MarketSetup {
        params: MarketParams {
            bankrupt_keeper_fee: fee,
            // The fee is bounded by a minimum position's initial margin: 10 % of $100.
            min_position_notional: 100 * ONE_USD,
            ..MarketSetup::default().params
        },
        ..MarketSetup::default()
    }
}

#[tokio::test]
async fn the_keeper_of_a_bankrupt_position_is_paid_from_insurance_then_pool() {
    let (mut f, _lp) = funded_market(with_bankrupt_fee(2 * ONE_USD)).await;
    let (alice, keeper) = worked_example_long(&mut f).await;
    let bob = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &bob, 1, Side::Long, 150 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();

    // A partial liquidation of bob at $137 funds the insurance with $6.220001.
    f.set_price(13_700_000_000, 0, 13_700_000_000);
    let partial = liquidate(&mut f, &keeper, &bob.pubkey(), 1).await.unwrap();
    assert_eq!(
        (partial.insurance_fee, partial.bankrupt_keeper_fee),
        (6_220_001, 0)
    );

    // A gap to $130 leaves alice at E = -50: bankrupt.
    f.set_price(13_000_000_000, 0, 13_000_000_000);
    let address = f.position_address(&alice.pubkey(), 1);
    let rent = f.runtime.lamports(address).await;
    let alice_lamports = f.runtime.lamports(alice.pubkey()).await;
    let keeper_lamports = f.runtime.lamports(keeper.pubkey()).await;
    let keeper_tokens = f.collateral_balance(&keeper.pubkey()).await;
    let pool_before = f.market().await.pool_liquidity;
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(
        (
            record.partial,
            record.penalty,
            record.bad_debt,
            record.bankrupt_keeper_fee
        ),
        (false, 0, 50 * ONE_USD, 2 * ONE_USD)
    );
    assert_eq!(
        f.collateral_balance(&keeper.pubkey()).await,
        keeper_tokens + 2 * ONE_USD
    );
    // The keeper gets the account's rent, the owner does not.
    assert_eq!(
        f.runtime.lamports(keeper.pubkey()).await,
        keeper_lamports + rent
    );
    assert_eq!(f.runtime.lamports(alice.pubkey()).await, alice_lamports);
    // Insurance pays first (the $50 of bad debt takes its 6.220001), the pool the rest:
    // it receives the $150 of collateral and the insurance's cover, pays the $2 fee.
    let market = f.market().await;
    assert_eq!(market.insurance_fund, 0);
    assert_eq!(market.bad_debt_insured_total, 6_220_001);
    assert_eq!(
        market.pool_liquidity,
        pool_before + 150 * ONE_USD + 6_220_001 - 2 * ONE_USD
    );
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn with_an_empty_insurance_fund_the_pool_pays_the_fee() {
    let (mut f, _lp) = funded_market(with_bankrupt_fee(2 * ONE_USD)).await;
    let (alice, keeper) = worked_example_long(&mut f).await;
    f.set_price(13_000_000_000, 0, 13_000_000_000);
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(record.bankrupt_keeper_fee, 2 * ONE_USD);
    // The pool received the $150 of collateral, paid the $2 fee; $50 is socialized.
    let market = f.market().await;
    assert_eq!(market.pool_liquidity, POOL_DEPOSIT + 148 * ONE_USD);
    assert_eq!(market.bad_debt_socialized_total, 50 * ONE_USD);
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn the_default_fee_is_zero_and_a_solvent_full_liquidation_pays_no_fee() {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    let (alice, keeper) = worked_example_long(&mut f).await;
    f.set_price(13_000_000_000, 0, 13_000_000_000);
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 1)
        .await
        .unwrap();
    assert_eq!(
        (record.bad_debt, record.bankrupt_keeper_fee),
        (50 * ONE_USD, 0)
    );
}
