//! One account passed in two mutable places. The program skips Anchor's generated
//! duplicate-account check (`dup`, see `instructions/market_vault.rs`: it costs about
//! 9 000 CU per instruction) because its own constraints already refuse every alias:
//! each case below is played and must fail with the named error, changing nothing.
//! (Collateral passed as the LP share account is in `lp.rs`'s refusals.)

use lever_client::{ix, Side};
use lever_harness::{MarketFixture, MarketSetup, Signer};
use lever_tests::*;

async fn market_with_position() -> (
    MarketFixture,
    lever_harness::Keypair,
    lever_harness::Keypair,
) {
    // An open fee, so that the fee bucket holds something to withdraw.
    let setup = MarketSetup {
        params: lever_client::MarketParams {
            open_fee_bps: 10,
            ..MarketSetup::default().params
        },
        ..MarketSetup::default()
    };
    let (mut f, _lp) = funded_market(setup).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let alice = f.wallet(1_000 * ONE_USD).await;
    open(&mut f, &alice, 1, Side::Long, 200 * ONE_USD, 10 * ONE_BASE)
        .await
        .unwrap();
    // Liquidatable: the keeper cases must fail on the alias, not on health.
    f.set_price(13_200_000_000, 0, 13_200_000_000);
    let keeper = f.wallet(0).await;
    (f, alice, keeper)
}

/// Sends `instruction` signed by `signer`, expects `error`, and checks that the market,
/// the vault and the wallets' balances did not move.
async fn refused(
    f: &mut MarketFixture,
    instruction: anchor_lang::solana_program::instruction::Instruction,
    signer: &lever_harness::Keypair,
    wallets: &[anchor_lang::prelude::Pubkey],
    error: &str,
) {
    let before = snapshot(f, wallets, &[]).await;
    assert_error(f.send(&[instruction], &[signer]).await, error);
    assert_eq!(
        snapshot(f, wallets, &[]).await,
        before,
        "{error}: state moved"
    );
}

#[tokio::test]
async fn the_vault_cannot_stand_in_for_a_users_token_account() {
    let (mut f, alice, keeper) = market_with_position().await;
    let wallets = [alice.pubkey(), keeper.pubkey()];

    let mut open = ix::open_position_accounts(&f.keys, alice.pubkey(), 2);
    open.owner_collateral = f.keys.vault;
    let args = lever::instructions::OpenPositionArgs {
        position_id: 2,
        side: Side::Short,
        collateral: 100 * ONE_USD,
        size: ONE_BASE,
    };
    let open = lever_client::build(open, ix::open_position_data(&f.keys, args));
    refused(&mut f, open, &alice, &wallets, "TokenAccountOwnerMismatch").await;

    let mut liquidate = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    liquidate.keeper_collateral = f.keys.vault;
    let liquidate = lever_client::build(liquidate, ix::liquidate_data(&f.keys, 1));
    refused(
        &mut f,
        liquidate,
        &keeper,
        &wallets,
        "TokenAccountOwnerMismatch",
    )
    .await;

    let mut withdraw = ix::lp_withdraw_accounts(&f.keys, alice.pubkey());
    withdraw.withdrawer_collateral = f.keys.vault;
    let withdraw = lever_client::build(
        withdraw,
        lever::instruction::LpWithdraw {
            market_index: f.keys.index,
            shares: 1,
        },
    );
    refused(
        &mut f,
        withdraw,
        &alice,
        &wallets,
        "TokenAccountOwnerMismatch",
    )
    .await;
}

#[tokio::test]
async fn one_token_account_cannot_be_both_sides_of_a_liquidation() {
    let (mut f, alice, keeper) = market_with_position().await;
    let wallets = [alice.pubkey(), keeper.pubkey()];
    // The owner's account as the keeper's: its owner is not the keeper.
    let mut accounts = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    accounts.keeper_collateral = accounts.owner_collateral;
    let instruction = lever_client::build(accounts, ix::liquidate_data(&f.keys, 1));
    refused(
        &mut f,
        instruction,
        &keeper,
        &wallets,
        "TokenAccountOwnerMismatch",
    )
    .await;
}

#[tokio::test]
async fn the_market_cannot_stand_in_for_the_position() {
    let (mut f, alice, keeper) = market_with_position().await;
    let wallets = [alice.pubkey(), keeper.pubkey()];
    let mut accounts = ix::liquidate_accounts(&f.keys, keeper.pubkey(), alice.pubkey(), 1);
    accounts.position = f.keys.market;
    let instruction = lever_client::build(accounts, ix::liquidate_data(&f.keys, 1));
    refused(
        &mut f,
        instruction,
        &keeper,
        &wallets,
        "AccountDiscriminatorMismatch",
    )
    .await;
}

#[tokio::test]
async fn fees_cannot_be_withdrawn_into_the_vault_itself() {
    let (mut f, _alice, _keeper) = market_with_position().await;
    let admin = f.admin.insecure_clone();
    // The open paid a fee; paying it to the vault would leave the vault unchanged and
    // the buckets smaller: the surplus would grow, which the invariant refuses.
    assert!(f.market().await.fees_collected > 0);
    let instruction = ix::withdraw_fees(&f.keys, admin.pubkey(), f.keys.vault, 1);
    refused(&mut f, instruction, &admin, &[], "VaultInvariantBroken").await;
}
