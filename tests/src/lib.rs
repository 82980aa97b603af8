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

/// Closes `owner`'s position `position_id` (the owner signs).
pub async fn close(
    fixture: &mut MarketFixture,
    owner: &lever_harness::Keypair,
    position_id: u64,
) -> Result<TxOutcome, TxError> {
    use lever_harness::Signer;
    let instruction = lever_client::ix::close_position(&fixture.keys, owner.pubkey(), position_id);
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
    let instruction = lever_client::ix::position_health(&fixture.keys, *owner, position_id);
    let outcome = fixture.runtime.simulate(&[instruction]).await?;
    Ok(lever_client::health::decode_return(&outcome.return_data).unwrap_or_else(|e| panic!("{e}")))
}

/// The README's worked-example position: at a $150 price with zero confidence, a new
/// wallet holding $1 000 opens a 10x long of 10 SOL with $150 of collateral (position
/// id 1). Returns the owner and a keeper wallet holding nothing.
pub async fn worked_example_long(
    fixture: &mut MarketFixture,
) -> (lever_harness::Keypair, lever_harness::Keypair) {
    fixture.set_price(PRICE_150, 0, PRICE_150);
    let owner = fixture.wallet(1_000 * ONE_USD).await;
    let keeper = fixture.wallet(0).await;
    open(
        fixture,
        &owner,
        1,
        lever_client::Side::Long,
        150 * ONE_USD,
        10 * ONE_BASE,
    )
    .await
    .unwrap_or_else(|e| panic!("open the worked example: {e}"));
    (owner, keeper)
}

/// The audit's straddle: `trader` opens a 10x long (id 1) and a 10x short (id 2) of
/// 100 SOL each with $1 500 of collateral each (at a $150 price with zero confidence).
pub async fn open_straddle(fixture: &mut MarketFixture, trader: &lever_harness::Keypair) {
    for (id, side) in [
        (1, lever_client::Side::Long),
        (2, lever_client::Side::Short),
    ] {
        open(fixture, trader, id, side, 1_500 * ONE_USD, 100 * ONE_BASE)
            .await
            .unwrap_or_else(|e| panic!("open the straddle: {e}"));
    }
}

/// A verified update of the market's pull feed at `price` (EMA alike, no confidence),
/// published `age` seconds ago, in an account of its own: what anyone can post. Returns
/// the market's keys with that account as the oracle.
pub fn post_pull_update(
    fixture: &mut MarketFixture,
    price: i64,
    age: i64,
) -> lever_client::MarketKeys {
    let account = anchor_lang::prelude::Pubkey::new_unique();
    let spec = lever_harness::PriceSpec {
        price,
        conf: 0,
        ema_price: price,
        expo: -8,
        publish_time: fixture.runtime.now() - age,
    };
    fixture.runtime.set_pull_price(
        account,
        lever_harness::fixture::FEED_ID,
        spec,
        lever_harness::PullVerification::Full,
    );
    lever_client::MarketKeys {
        oracle: account,
        ..fixture.keys
    }
}

/// Keys of a second market (index 1) on the fixture's collateral mint, its oracle
/// published fresh; `create_market` with them creates it.
pub fn second_market(fixture: &mut MarketFixture) -> lever_client::MarketKeys {
    use lever_harness::{fixture::FEED_ID, PriceSpec, PullVerification};
    let oracle = anchor_lang::prelude::Pubkey::new_unique();
    let spec = PriceSpec {
        price: 15_000_000_000,
        conf: 1_000_000,
        ema_price: 15_000_000_000,
        expo: -8,
        publish_time: fixture.runtime.now(),
    };
    fixture
        .runtime
        .set_pull_price(oracle, FEED_ID, spec, PullVerification::Full);
    lever_client::MarketKeys::derive(1, fixture.keys.collateral_mint, oracle)
}
