//! `liquidate_batch`: several positions of one market in one transaction, each by
//! exactly the rules of `liquidate` (a full liquidation's payout is claimed later with
//! `claim_payout`); a position `liquidate` would refuse is skipped with that refusal's
//! code and left untouched; what concerns the whole batch is refused as `liquidate`
//! refuses it, changing nothing.

use anchor_lang::prelude::Pubkey;
use lever_client::health::{decode_batch, BatchLiquidation, PositionLiquidated};
use lever_client::{errors, events, ix, AccountMeta, MarketKeys, Side};
use lever_harness::{Keypair, MarketFixture, MarketSetup, Signer, TxError, TxOutcome};
use lever_tests::*;

/// Sends `liquidate_batch` of `positions` on `keys`' market signed by `keeper`.
async fn batch(
    f: &mut MarketFixture,
    keys: &MarketKeys,
    keeper: &Keypair,
    positions: &[(Pubkey, u64)],
) -> Result<(BatchLiquidation, TxOutcome), TxError> {
    let instruction = ix::liquidate_batch(keys, keeper.pubkey(), positions);
    let outcome = f.send(&[instruction], &[keeper]).await?;
    let results = decode_batch(&outcome.return_data).unwrap_or_else(|e| panic!("{e}"));
    Ok((results, outcome))
}

/// The statuses by name ("ok" for a liquidation).
fn statuses(result: &BatchLiquidation) -> Vec<String> {
    result
        .statuses
        .iter()
        .map(|status| match status {
            0 => "ok".to_string(),
            code => errors::name(u32::from(*code)).unwrap_or_else(|| format!("code {code}")),
        })
        .collect()
}

/// What a liquidation record pays the keeper.
fn keeper_paid(record: &PositionLiquidated) -> u64 {
    record.keeper_reward + record.bankrupt_keeper_fee
}

/// Owners of the crash scenario at $134: 10 SOL longs opened at $150 (10x at most),
/// by collateral; defaults: 5 % maintenance, 1 % penalty, 6 % target, $10 minimum.
/// At $134 the notional is $1 340, the loss $160 and maintenance margin $67.
const PARTIAL: u64 = 190 * ONE_USD; // E = 30: closes (80.4 - 30) / 0.05 = $1 008
const FULL_WITH_PAYOUT: u64 = 173_700_000; // E = 13.7: the remainder would be < $10
const BANKRUPT: u64 = 150 * ONE_USD; // E = -10
const HEALTHY: u64 = 300 * ONE_USD; // E = 140
const CRASH: i64 = 13_400_000_000;

/// A funded market with one owner per collateral in `collaterals` (position 1 each,
/// a 10 SOL long at $150), then the price at $134. Returns the owners and a keeper.
async fn crash(collaterals: &[u64]) -> (MarketFixture, Vec<Keypair>, Keypair) {
    let (mut f, _lp) = funded_market(MarketSetup::default()).await;
    f.set_price(PRICE_150, 0, PRICE_150);
    let mut owners = Vec::new();
    for collateral in collaterals {
        let owner = f.wallet(1_000 * ONE_USD).await;
        open(&mut f, &owner, 1, Side::Long, *collateral, 10 * ONE_BASE)
            .await
            .unwrap();
        owners.push(owner);
    }
    let keeper = f.wallet(0).await;
    f.set_price(CRASH, 0, CRASH);
    (f, owners, keeper)
}

/// The market without the addresses that differ between two fixtures (each makes its
/// own mint, hence vault and LP mint): every bucket, total and parameter.
async fn market_state(f: &mut MarketFixture) -> String {
    let mut market = f.market().await;
    market.collateral_mint = Pubkey::default();
    market.vault = Pubkey::default();
    market.lp_mint = Pubkey::default();
    format!("{market:?}")
}

fn ids(owners: &[Keypair]) -> Vec<(Pubkey, u64)> {
    owners.iter().map(|o| (o.pubkey(), 1)).collect()
}

/// The record without the addresses that differ between two runs.
fn economics(record: &PositionLiquidated) -> PositionLiquidated {
    PositionLiquidated {
        position: Pubkey::default(),
        owner: Pubkey::default(),
        keeper: Pubkey::default(),
        ..record.clone()
    }
}

/// `claim_payout` sent by the runtime's fee payer: a stranger to the owner (no
/// signature of the owner's is needed).
async fn claim(
    f: &mut MarketFixture,
    owner: &Pubkey,
    position_id: u64,
) -> Result<TxOutcome, TxError> {
    let instruction = ix::claim_payout(&f.keys, *owner, position_id);
    f.send(&[instruction], &[]).await
}

#[tokio::test]
async fn a_batch_liquidates_each_position_exactly_as_liquidate_does() {
    let collaterals = [PARTIAL, HEALTHY, FULL_WITH_PAYOUT, BANKRUPT, PARTIAL];

    // One by one with `liquidate` (the healthy one is refused)...
    let (mut single, owners, keeper) = crash(&collaterals).await;
    let mut expected = Vec::new();
    for owner in &owners {
        match liquidate(&mut single, &keeper, &owner.pubkey(), 1).await {
            Ok(record) => expected.push(Some(record)),
            Err(error) => {
                assert_eq!(error.name(), "PositionHealthy");
                expected.push(None);
            }
        }
    }
    let kinds: Vec<_> = expected
        .iter()
        .flatten()
        .map(|r| (r.partial, r.owner_payout > 0, r.bad_debt > 0))
        .collect();
    assert_eq!(
        kinds,
        [
            (true, false, false),
            (false, true, false),
            (false, false, true),
            (true, false, false)
        ],
        "the mix covers every kind of liquidation"
    );

    // ... and in one batch, from the same state.
    let (mut f, owners_b, keeper_b) = crash(&collaterals).await;
    let keys = f.keys;
    let (results, outcome) = batch(&mut f, &keys, &keeper_b, &ids(&owners_b))
        .await
        .unwrap();
    assert_eq!(
        statuses(&results),
        ["ok", "PositionHealthy", "ok", "ok", "ok"]
    );
    let records = events::liquidations(&outcome.logs);
    assert_eq!(records.len(), 4, "one event per liquidation");
    let expected_records: Vec<&PositionLiquidated> = expected.iter().flatten().collect();
    for ((record, expected), owner) in records.iter().zip(&expected_records).zip(
        owners_b
            .iter()
            .filter(|o| o.pubkey() != owners_b[1].pubkey()),
    ) {
        assert_eq!(economics(record), economics(expected));
        assert_eq!(record.owner, owner.pubkey());
    }
    assert_eq!(
        results.keeper_paid,
        expected_records.iter().map(|r| keeper_paid(r)).sum::<u64>()
    );

    // The fully liquidated position's account now holds its owner's payout, which the
    // vault keeps in `pending_payouts` until claimed.
    let full_owner = owners_b[2].pubkey();
    let payout_address = f.position_address(&full_owner, 1);
    let payout = f.runtime.account(payout_address).await.unwrap();
    let payout = lever_client::decode::liquidation_payout(&payout.data).unwrap();
    let owed = expected[2].as_ref().unwrap().owner_payout;
    assert_eq!(
        (
            payout.owner,
            payout.market,
            payout.position_id,
            payout.amount
        ),
        (full_owner, keys.market, 1, owed)
    );
    assert_eq!(f.market().await.pending_payouts, owed);
    assert!(
        f.position(&full_owner, 1).await.is_none(),
        "no longer a position"
    );
    assert_invariant(&mut f).await;
    // Listed again, before or after the claim, it is no open position.
    let (results, _) = batch(&mut f, &keys, &keeper_b, &[(full_owner, 1)])
        .await
        .unwrap();
    assert_eq!(statuses(&results), ["PositionNotOpen"]);
    let outcome = claim(&mut f, &full_owner, 1).await.unwrap();
    let claimed: Vec<lever::events::PayoutClaimed> = events::decode_all(&outcome.logs);
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].owner, claimed[0].amount), (full_owner, owed));
    let (results, _) = batch(&mut f, &keys, &keeper_b, &[(full_owner, 1)])
        .await
        .unwrap();
    assert_eq!(statuses(&results), ["PositionNotOpen"]);

    // After the claim: same market, vault, balances, lamports and positions as the
    // liquidations sent one by one.
    assert_eq!(market_state(&mut f).await, market_state(&mut single).await);
    assert_eq!(f.vault_balance().await, single.vault_balance().await);
    assert_eq!(
        f.collateral_balance(&keeper_b.pubkey()).await,
        single.collateral_balance(&keeper.pubkey()).await
    );
    for (a, b) in owners.iter().zip(&owners_b) {
        assert_eq!(
            f.collateral_balance(&b.pubkey()).await,
            single.collateral_balance(&a.pubkey()).await
        );
        assert_eq!(
            f.runtime.lamports(b.pubkey()).await,
            single.runtime.lamports(a.pubkey()).await
        );
        assert_eq!(
            f.position(&b.pubkey(), 1)
                .await
                .map(|p| (p.size, p.collateral)),
            single
                .position(&a.pubkey(), 1)
                .await
                .map(|p| (p.size, p.collateral))
        );
    }
    assert_invariant(&mut f).await;
}

#[tokio::test]
async fn closed_duplicate_foreign_and_read_only_positions_are_skipped_untouched() {
    let (mut f, owners, keeper) = crash(&[PARTIAL; 4]).await;
    let [a, b, c, d] = [&owners[0], &owners[1], &owners[2], &owners[3]];
    close(&mut f, c, 1).await.unwrap();
    let keys = f.keys;
    let mut instruction = ix::liquidate_batch(
        &keys,
        keeper.pubkey(),
        &[(a.pubkey(), 1), (a.pubkey(), 1), (c.pubkey(), 1)],
    );
    let mut market_as_position = AccountMeta::new(keys.market, false);
    market_as_position.is_writable = true;
    instruction.accounts.push(market_as_position);
    instruction.accounts.push(AccountMeta::new_readonly(
        f.position_address(&d.pubkey(), 1),
        false,
    ));
    instruction
        .accounts
        .push(AccountMeta::new(f.position_address(&b.pubkey(), 1), false));

    let untouched = [f.position_address(&d.pubkey(), 1)];
    let before = snapshot(&mut f, &[d.pubkey()], &untouched).await;
    let outcome = f.send(&[instruction], &[&keeper]).await.unwrap();
    let results = decode_batch(&outcome.return_data).unwrap();
    assert_eq!(
        statuses(&results),
        [
            "ok",
            "DuplicatePosition",
            "PositionNotOpen",
            "AccountDiscriminatorMismatch",
            "ConstraintMut",
            "ok"
        ]
    );
    assert_eq!(events::liquidations(&outcome.logs).len(), 2);
    assert_eq!(
        snapshot(&mut f, &[d.pubkey()], &untouched).await.accounts,
        before.accounts
    );
    assert_eq!(
        f.position(&d.pubkey(), 1).await.unwrap().size,
        10 * ONE_BASE
    );
    assert_eq!(
        f.collateral_balance(&keeper.pubkey()).await,
        results.keeper_paid
    );
    assert_invariant(&mut f).await;

    // A position of market 0 in a batch on market 1 is of another market.
    let second = second_market(&mut f);
    let admin = f.admin.insecure_clone();
    f.send(
        &[ix::create_market(admin.pubkey(), &second, f.create_args())],
        &[&admin],
    )
    .await
    .unwrap();
    let mut instruction = ix::liquidate_batch(&second, keeper.pubkey(), &[]);
    instruction
        .accounts
        .push(AccountMeta::new(f.position_address(&d.pubkey(), 1), false));
    let outcome = f.send(&[instruction], &[&keeper]).await.unwrap();
    let results = decode_batch(&outcome.return_data).unwrap();
    assert_eq!(statuses(&results), ["MarketMismatch"]);
    assert!(events::liquidations(&outcome.logs).is_empty());
    assert_eq!(
        f.position(&d.pubkey(), 1).await.unwrap().size,
        10 * ONE_BASE
    );
}

#[tokio::test]
async fn the_keepers_own_position_is_skipped() {
    let (mut f, owners, _keeper) = crash(&[PARTIAL, PARTIAL]).await;
    let [a, b] = [&owners[0], &owners[1]];
    let keys = f.keys;
    let (results, _) = batch(&mut f, &keys, a, &ids(&owners)).await.unwrap();
    assert_eq!(statuses(&results), ["SelfLiquidation", "ok"]);
    assert_eq!(
        f.position(&a.pubkey(), 1).await.unwrap().size,
        10 * ONE_BASE
    );
    assert!(f.position(&b.pubkey(), 1).await.unwrap().size < 10 * ONE_BASE);
    assert_eq!(
        f.collateral_balance(&a.pubkey()).await,
        1_000 * ONE_USD - PARTIAL + results.keeper_paid
    );
}

#[tokio::test]
async fn a_payout_is_claimed_once_to_an_account_of_its_owner() {
    let (mut f, owners, keeper) = crash(&[FULL_WITH_PAYOUT, PARTIAL]).await;
    let [a, b] = [&owners[0], &owners[1]];
    let keys = f.keys;
    let (results, outcome) = batch(&mut f, &keys, &keeper, &[(a.pubkey(), 1)])
        .await
        .unwrap();
    assert_eq!(statuses(&results), ["ok"]);
    let record = &events::liquidations(&outcome.logs)[0];
    let owed = record.owner_payout;
    assert!(owed > 0 && !record.partial);
    let address = f.position_address(&a.pubkey(), 1);
    let wallets = [a.pubkey(), b.pubkey()];

    // Refused, changing nothing: another's token account, a live position, the wrong
    // market index, a frozen account, and while collateral withdrawals are paused.
    let mut refusals = Vec::new();
    let mut others = ix::claim_payout_accounts(&keys, a.pubkey(), 1);
    others.owner_collateral =
        lever_client::pda::associated_token(&b.pubkey(), &keys.collateral_mint);
    refusals.push((
        "TokenAccountOwnerMismatch",
        lever_client::build(
            others,
            lever::instruction::ClaimPayout {
                market_index: 0,
                position_id: 1,
            },
        ),
    ));
    refusals.push((
        "AccountDiscriminatorMismatch",
        ix::claim_payout(&keys, b.pubkey(), 1),
    ));
    refusals.push((
        "MarketIndexMismatch",
        ix::claim_payout(&MarketKeys { index: 1, ..keys }, a.pubkey(), 1),
    ));
    let mut wrong_owner = ix::claim_payout_accounts(&keys, a.pubkey(), 1);
    wrong_owner.owner = b.pubkey();
    wrong_owner.owner_collateral =
        lever_client::pda::associated_token(&b.pubkey(), &keys.collateral_mint);
    refusals.push((
        "PositionOwnerMismatch",
        lever_client::build(
            wrong_owner,
            lever::instruction::ClaimPayout {
                market_index: 0,
                position_id: 1,
            },
        ),
    ));
    for (error, instruction) in refusals {
        let before = snapshot(&mut f, &wallets, &[address]).await;
        assert_error(f.send(&[instruction], &[]).await, error);
        assert_eq!(
            snapshot(&mut f, &wallets, &[address]).await,
            before,
            "{error}"
        );
    }
    let admin = f.admin.insecure_clone();
    let pause = lever::constants::pause::WITHDRAW_COLLATERAL;
    f.send(&[ix::set_pause_flags(admin.pubkey(), pause)], &[&admin])
        .await
        .unwrap();
    let before = snapshot(&mut f, &wallets, &[address]).await;
    assert_error(claim(&mut f, &a.pubkey(), 1).await, "OperationPaused");
    assert_eq!(snapshot(&mut f, &wallets, &[address]).await, before);
    f.send(&[ix::set_pause_flags(admin.pubkey(), 0)], &[&admin])
        .await
        .unwrap();
    let mint = keys.collateral_mint;
    let usual = lever_client::pda::associated_token(&a.pubkey(), &mint);
    f.runtime.freeze(&usual, &mint).await;
    assert_error(claim(&mut f, &a.pubkey(), 1).await, "AccountFrozen");

    // Paid to a fresh account of the owner's, with the rent; then it is gone.
    let fresh = f.runtime.new_token_account(&a.pubkey(), &mint).await;
    let rent = f.runtime.lamports(address).await;
    let lamports = f.runtime.lamports(a.pubkey()).await;
    let mut accounts = ix::claim_payout_accounts(&keys, a.pubkey(), 1);
    accounts.owner_collateral = fresh;
    let instruction = lever_client::build(
        accounts,
        lever::instruction::ClaimPayout {
            market_index: 0,
            position_id: 1,
        },
    );
    f.send(&[instruction], &[]).await.unwrap();
    assert_eq!(f.runtime.token_balance(fresh).await, owed);
    assert_eq!(f.runtime.lamports(a.pubkey()).await, lamports + rent);
    assert_eq!(f.market().await.pending_payouts, 0);
    assert!(f.runtime.account(address).await.is_none());
    assert_invariant(&mut f).await;
    assert_error(
        claim(&mut f, &a.pubkey(), 1).await,
        "AccountOwnedByWrongProgram",
    );
}

#[tokio::test]
async fn what_concerns_the_whole_batch_is_refused_and_changes_nothing() {
    let (mut f, owners, keeper) = crash(&[PARTIAL, PARTIAL]).await;
    let keys = f.keys;
    let positions = ids(&owners);
    let wallets = [keeper.pubkey(), owners[0].pubkey()];
    let accounts: Vec<Pubkey> = owners
        .iter()
        .map(|o| f.position_address(&o.pubkey(), 1))
        .collect();

    let mut refusals: Vec<(&str, lever_client::Instruction)> = Vec::new();
    refusals.push((
        "InvalidBatch",
        ix::liquidate_batch(&keys, keeper.pubkey(), &[]),
    ));
    let too_many: Vec<(Pubkey, u64)> = (0..=lever::instructions::MAX_BATCH_POSITIONS)
        .map(|_| positions[0])
        .collect();
    refusals.push((
        "InvalidBatch",
        ix::liquidate_batch(&keys, keeper.pubkey(), &too_many),
    ));
    let mut not_keepers = ix::liquidate_batch(&keys, keeper.pubkey(), &positions);
    not_keepers.accounts[4].pubkey =
        lever_client::pda::associated_token(&owners[0].pubkey(), &keys.collateral_mint);
    refusals.push(("TokenAccountOwnerMismatch", not_keepers));
    let other_oracle = MarketKeys {
        oracle: Pubkey::new_unique(),
        ..keys
    };
    refusals.push((
        "OracleWrongOwner",
        ix::liquidate_batch(&other_oracle, keeper.pubkey(), &positions),
    ));
    refusals.push((
        "MarketIndexMismatch",
        ix::liquidate_batch(
            &MarketKeys { index: 1, ..keys },
            keeper.pubkey(),
            &positions,
        ),
    ));
    for (error, instruction) in refusals {
        let before = snapshot(&mut f, &wallets, &accounts).await;
        assert_error(f.send(&[instruction], &[&keeper]).await, error);
        assert_eq!(
            snapshot(&mut f, &wallets, &accounts).await,
            before,
            "{error}"
        );
    }

    // Paused liquidations pause the batch too.
    let admin = f.admin.insecure_clone();
    let pause = lever::constants::pause::LIQUIDATE;
    f.send(&[ix::set_pause_flags(admin.pubkey(), pause)], &[&admin])
        .await
        .unwrap();
    let before = snapshot(&mut f, &wallets, &accounts).await;
    assert_error(
        batch(&mut f, &keys, &keeper, &positions).await,
        "OperationPaused",
    );
    assert_eq!(snapshot(&mut f, &wallets, &accounts).await, before);

    // A price older than liquidations allow refuses the batch.
    f.send(&[ix::set_pause_flags(admin.pubkey(), 0)], &[&admin])
        .await
        .unwrap();
    f.advance_time(11);
    let before = snapshot(&mut f, &wallets, &accounts).await;
    assert_error(
        batch(&mut f, &keys, &keeper, &positions).await,
        "OraclePriceTooOldForLiquidation",
    );
    assert_eq!(snapshot(&mut f, &wallets, &accounts).await, before);
}

/// The most positions per batch: 24 partial liquidations sent the way a keeper sends
/// them (the keeper paying the fee, a compute-unit limit and price first) fit one
/// legacy transaction (no lookup table), the account-lock limit and the log, which a
/// validator truncates at 10,000 bytes: a truncated log would lose events. Every
/// liquidation's record is in the log, joined from the batch's header and its item.
/// The figures are printed for the README (`--nocapture`).
#[tokio::test]
async fn a_full_batch_fits_one_transaction_and_its_log() {
    const MOST: usize = lever::instructions::MAX_BATCH_POSITIONS;
    let collaterals = vec![PARTIAL; MOST];
    let (mut f, owners, keeper) = crash(&collaterals).await;
    let keys = f.keys;
    // ComputeBudget's SetComputeUnitLimit (2) and SetComputeUnitPrice (3).
    let budget_program = Pubkey::from_str_const("ComputeBudget111111111111111111111111111111");
    let mut limit = vec![2u8];
    limit.extend_from_slice(&400_000u32.to_le_bytes());
    let mut price = vec![3u8];
    price.extend_from_slice(&1_000u64.to_le_bytes());
    let instructions = [
        lever_client::Instruction::new_with_bytes(budget_program, &limit, vec![]),
        lever_client::Instruction::new_with_bytes(budget_program, &price, vec![]),
        ix::liquidate_batch(&keys, keeper.pubkey(), &ids(&owners)),
    ];
    let outcome = f
        .send_paid_by(Some(&keeper), &instructions, &[&keeper])
        .await
        .unwrap();
    let results = decode_batch(&outcome.return_data).unwrap();
    assert_eq!(results.statuses, vec![0; MOST]);
    let records = events::liquidations(&outcome.logs);
    assert_eq!(records.len(), MOST);
    assert!(records.iter().all(|r| r.partial));
    let headers: Vec<lever::events::LiquidationBatch> = events::decode_all(&outcome.logs);
    assert_eq!(headers.len(), 1, "one header per batch");
    let in_order: Vec<Pubkey> = records.iter().map(|r| r.owner).collect();
    assert_eq!(
        in_order,
        owners.iter().map(Keypair::pubkey).collect::<Vec<_>>()
    );
    assert!(records
        .iter()
        .all(|r| r.keeper == keeper.pubkey() && r.market == keys.market));
    assert!(
        !outcome.logs.iter().any(|l| l.contains("Log truncated")),
        "the log was truncated: events lost"
    );
    assert!(
        outcome.transaction_size <= 1232,
        "{} bytes",
        outcome.transaction_size
    );
    let log_bytes: usize = outcome.logs.iter().map(String::len).sum();
    assert!(
        log_bytes < 10_000,
        "{log_bytes} log bytes: a validator keeps 10,000"
    );
    assert_eq!(
        results.keeper_paid,
        records.iter().map(keeper_paid).sum::<u64>()
    );
    assert_eq!(
        f.collateral_balance(&keeper.pubkey()).await,
        results.keeper_paid
    );
    assert_invariant(&mut f).await;
    println!(
        "batch of {MOST} partial liquidations with the compute-budget instructions, paid by \
         the keeper: {} CU, {} transaction bytes, {log_bytes} log bytes",
        outcome.compute_units, outcome.transaction_size,
    );
}
