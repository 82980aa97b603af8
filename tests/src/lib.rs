//! Helpers shared by the program tests (the runtime itself is `lever-harness`).

use lever_harness::{MarketFixture, TxError, TxOutcome};

/// Asserts that a transaction failed with the named error.
#[track_caller]
pub fn assert_error<T: std::fmt::Debug>(result: Result<T, TxError>, expected: &str) {
    match result {
        Ok(value) => panic!("expected error {expected}, but the transaction succeeded: {value:?}"),
        Err(error) => assert_eq!(error.name(), expected, "wrong error: {error:?}"),
    }
}

/// Everything a refused instruction must leave untouched: the market's account data,
/// the vault balance, and the given wallets' collateral balances.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub market: Vec<u8>,
    pub vault: u64,
    pub balances: Vec<u64>,
    pub accounts: Vec<Option<Vec<u8>>>,
}

/// Takes a snapshot of the market, the vault, `wallets`' collateral and `accounts`' data.
pub async fn snapshot(
    fixture: &mut MarketFixture,
    wallets: &[anchor_lang::prelude::Pubkey],
    accounts: &[anchor_lang::prelude::Pubkey],
) -> Snapshot {
    let market_key = fixture.keys.market;
    let market = fixture
        .runtime
        .account(market_key)
        .await
        .map(|a| a.data)
        .unwrap_or_default();
    let vault = fixture.vault_balance().await;
    let mut balances = Vec::new();
    for wallet in wallets {
        balances.push(fixture.collateral_balance(wallet).await);
    }
    let mut datas = Vec::new();
    for account in accounts {
        datas.push(fixture.runtime.account(*account).await.map(|a| a.data));
    }
    Snapshot {
        market,
        vault,
        balances,
        accounts: datas,
    }
}

/// Asserts the vault invariant (PROTOCOL.md): vault balance == sum of buckets.
pub async fn assert_invariant(fixture: &mut MarketFixture) {
    assert!(
        fixture.vault_invariant_holds().await,
        "vault invariant broken: {:?}",
        fixture.market().await
    );
}

/// The same instruction with `signer` no longer marked as signing (a missing signature).
pub fn without_signature(
    mut instruction: anchor_lang::solana_program::instruction::Instruction,
    signer: &anchor_lang::prelude::Pubkey,
) -> anchor_lang::solana_program::instruction::Instruction {
    for meta in instruction
        .accounts
        .iter_mut()
        .filter(|m| m.pubkey == *signer)
    {
        meta.is_signer = false;
    }
    instruction
}

/// $150 with expo -8.
pub const PRICE_150: i64 = 15_000_000_000;
/// One whole SOL-like base unit (9 decimals).
pub const ONE_BASE: u64 = 1_000_000_000;
/// One whole collateral unit (6 decimals).
pub const ONE_USD: u64 = 1_000_000;
/// What the fixture's LP deposits.
pub const POOL_DEPOSIT: u64 = 100_000 * ONE_USD;

/// A market with `setup` whose pool holds [`POOL_DEPOSIT`] from one LP.
pub async fn funded_market(
    setup: lever_harness::MarketSetup,
) -> (MarketFixture, lever_harness::Keypair) {
    use lever_harness::Signer;
    let mut fixture = MarketFixture::new(setup).await;
    let lp = fixture.wallet(POOL_DEPOSIT).await;
    let deposit = lever_client::ix::lp_deposit(&fixture.keys, lp.pubkey(), POOL_DEPOSIT);
    fixture
        .send(&[deposit], &[&lp])
        .await
        .unwrap_or_else(|e| panic!("lp deposit: {e}"));
    (fixture, lp)
}

/// Opens a position for `owner`.
pub async fn open(
    fixture: &mut MarketFixture,
    owner: &lever_harness::Keypair,
    position_id: u64,
    side: lever_client::Side,
    collateral: u64,
    size: u64,
) -> Result<TxOutcome, TxError> {
    use lever_harness::Signer;
    let args = lever::instructions::OpenPositionArgs {
        position_id,
        side,
        collateral,
        size,
    };
    let instruction = lever_client::ix::open_position(&fixture.keys, owner.pubkey(), args);
    fixture.send(&[instruction], &[owner]).await
}

/// Liquidates `owner`'s position `position_id` with `keeper` (its collateral account is
/// created first) and decodes the returned record.
pub async fn liquidate(
    fixture: &mut MarketFixture,
    keeper: &lever_harness::Keypair,
    owner: &anchor_lang::prelude::Pubkey,
    position_id: u64,
) -> Result<lever_client::health::PositionLiquidated, TxError> {
    use lever_harness::Signer;
    let instruction =
        lever_client::ix::liquidate(&fixture.keys, keeper.pubkey(), *owner, position_id);
    let outcome = fixture.send(&[instruction], &[keeper]).await?;
    Ok(
        lever_client::health::decode_liquidation(&outcome.return_data)
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

/// `position_health` run by the program in a simulated transaction.
pub async fn position_health(
    fixture: &mut MarketFixture,
    owner: &anchor_lang::prelude::Pubkey,
    position_id: u64,
) -> Result<lever_client::health::PositionHealth, TxError> {
    let address = fixture.position_address(owner, position_id);
    let instruction = lever_client::ix::position_health(&fixture.keys, address);
    let outcome = fixture.runtime.simulate(&[instruction]).await?;
    Ok(lever_client::health::decode_return(&outcome.return_data).unwrap_or_else(|e| panic!("{e}")))
}
