//! Helpers shared by the program tests (the runtime itself is `lever-harness`).

use lever_harness::{MarketFixture, TxError, TxOutcome};

/// Asserts that a transaction failed with the named error.
#[track_caller]
pub fn assert_error(result: Result<TxOutcome, TxError>, expected: &str) {
    match result {
        Ok(_) => panic!("expected error {expected}, but the transaction succeeded"),
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
    let market = fixture.runtime.account(market_key).await.map(|a| a.data).unwrap_or_default();
    let vault = fixture.vault_balance().await;
    let mut balances = Vec::new();
    for wallet in wallets {
        balances.push(fixture.collateral_balance(wallet).await);
    }
    let mut datas = Vec::new();
    for account in accounts {
        datas.push(fixture.runtime.account(*account).await.map(|a| a.data));
    }
    Snapshot { market, vault, balances, accounts: datas }
}

/// Asserts the vault invariant (PROTOCOL.md): vault balance == sum of buckets.
pub async fn assert_invariant(fixture: &mut MarketFixture) {
    assert!(fixture.vault_invariant_holds().await, "vault invariant broken: {:?}", fixture.market().await);
}
