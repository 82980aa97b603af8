//! The program's own accounts are identified by what they record, not by re-deriving
//! their addresses (see the module `instructions` of the program): a `Market` by its
//! stored index, a `Position` by its stored market, owner and id, the LP mint and the
//! vault by the market's record. Each wrong account below is a genuine account of the
//! program (right owner, right discriminator) standing in for another, and must be
//! refused with its named error, changing nothing.

use anchor_lang::prelude::Pubkey;
use lever_client::{ix, MarketKeys, Side};
use lever_harness::{Keypair, MarketFixture, MarketSetup, Signer};
use lever_tests::*;

/// Sends `instruction`, expects `error`, and checks that the market, the vault, the
/// wallets' balances and `accounts` did not move.
async fn refused(
    f: &mut MarketFixture,
    instruction: anchor_lang::solana_program::instruction::Instruction,
    signer: &Keypair,
    wallets: &[Pubkey],
    accounts: &[Pubkey],
    error: &str,
) {
    let before = snapshot(f, wallets, accounts).await;
    assert_error(f.send(&[instruction], &[signer]).await, error);
    assert_eq!(
        snapshot(f, wallets, accounts).await,
        before,
        "{error}: state moved"
    );
}

/// Market 0 with Alice's positions 1 and 2 (2 at higher leverage), and market 1
/// created on the same collateral mint.
async fn two_markets_two_positions() -> (MarketFixture, MarketKeys, Keypair) {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 300 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    open(&mut f, &alice, 2, Side::Long, 160 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    let second = second_market(&mut f);
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::create_market(admin.pubkey(), &second, f.create_args())],
        &[&admin],
    )
    .await
    .unwrap();
    (f, second, alice)
}

#[tokio::test]
async fn a_market_of_another_index_is_refused() {
    let (mut f, second, alice) = two_markets_two_positions().await;
    let caller = f.wallet(10 * ONE_USD).await;
    let wallets = [alice.pubkey(), caller.pubkey()];
    let accounts = [second.market, f.position_address(&alice.pubkey(), 1)];

    // Market 1's accounts under index 0, and market 0's under index 1.
    let market_1_as_0 = MarketKeys {
        index: f.keys.index,
        ..second
    };
    let market_0_as_1 = MarketKeys {
        index: second.index,
        ..f.keys
    };
    for keys in [market_1_as_0, market_0_as_1] {
        refused(
            &mut f,
            ix::sweep_surplus(&keys, caller.pubkey()),
            &caller,
            &wallets,
            &accounts,
            "MarketIndexMismatch",
        )
        .await;
    }
    // Alice's position under market 0's accounts named as index 1.
    refused(
        &mut f,
        ix::deposit_collateral(&market_0_as_1, alice.pubkey(), 1, ONE_USD),
        &alice,
        &wallets,
        &accounts,
        "MarketIndexMismatch",
    )
    .await;
    assert_error(
        f.runtime
            .simulate(&[ix::position_health(&market_0_as_1, alice.pubkey(), 1)])
            .await,
        "MarketIndexMismatch",
    );

    // The right index with its own accounts goes through.
    f.send(
        &[ix::deposit_collateral(&f.keys, alice.pubkey(), 1, ONE_USD)],
        &[&alice],
    )
    .await
    .unwrap();
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn a_position_of_another_id_or_owner_is_refused() {
    let (mut f, _second, alice) = two_markets_two_positions().await;
    let keeper = f.wallet(0).await;
    let position_1 = f.position_address(&alice.pubkey(), 1);
    let position_2 = f.position_address(&alice.pubkey(), 2);
    let wallets = [alice.pubkey(), keeper.pubkey()];
    let accounts = [position_1, position_2];

    // Position 2 passed where the arguments name position 1.
    let mut withdraw = ix::withdraw_collateral_accounts(&f.keys, alice.pubkey(), 1);
    withdraw.position = position_2;
    let withdraw = lever_client::build(
        withdraw,
        lever::instruction::WithdrawCollateral {
            market_index: f.keys.index,
            position_id: 1,
            amount: ONE_USD,
        },
    );
    refused(
        &mut f,
        withdraw,
        &alice,
        &wallets,
        &accounts,
        "PositionIdMismatch",
    )
    .await;

    // Position 2 is liquidatable at 137 and position 1 is not: a keeper naming
    // position 1 cannot liquidate position 2 under its id (nor the reverse).
    f.set_price(13_700_000_000, 0, 13_700_000_000);
    for (named, passed) in [(1, position_2), (2, position_1)] {
        let mut liquidate = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), named);
        liquidate.position = passed;
        let liquidate = lever_client::build(liquidate, ix::liquidate_data(&f.keys, named));
        refused(
            &mut f,
            liquidate,
            &keeper,
            &wallets,
            &accounts,
            "PositionIdMismatch",
        )
        .await;
    }

    // position_health checks the id and the owner it is given.
    let mut wrong_id = ix::position_health(&f.keys, alice.pubkey(), 1);
    wrong_id.accounts[1].pubkey = position_2;
    assert_error(f.runtime.simulate(&[wrong_id]).await, "PositionIdMismatch");
    let mut wrong_owner = ix::position_health(&f.keys, keeper.pubkey(), 1);
    wrong_owner.accounts[1].pubkey = position_1;
    assert_error(
        f.runtime.simulate(&[wrong_owner]).await,
        "PositionOwnerMismatch",
    );

    // Named correctly, position 2 is liquidated.
    let record = liquidate(&mut f, &keeper, &alice.pubkey(), 2)
        .await
        .unwrap();
    assert_eq!(record.position, position_2);
    assert_invariant(&mut f).await;
}
