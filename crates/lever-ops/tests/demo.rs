//! `lever localnet --demo`'s seeding and the book commands (`lever positions`, `market
//! show`, `snapshot`), run against the program in the in-process runtime through the
//! same `Chain` code as over RPC, with the test-only publisher (native) at the Pyth
//! addresses and localnet's test USDC at its fixed address.

use anchor_lang::prelude::Pubkey;
use lever_harness::{Keypair, Signer};
use lever_ops::book::{decode_positions, evaluate, market_json, snapshot, MarketState};
use lever_ops::chain::Chain;
use lever_ops::demo::{price_update, seed, Seeded, DEMO_POSITIONS};
use lever_ops::market_file::ClusterFile;
use lever_ops::migrate::plan;

mod support;
use support::{localnet, InProcess};

const LOCALNET_FILE: &str = include_str!("../../../migrations/localnet.json");

async fn positions_of(chain: &mut InProcess<'_>, addresses: &[Pubkey]) -> Vec<(Pubkey, Vec<u8>)> {
    let mut accounts = Vec::new();
    for address in addresses {
        let data = chain.account_data(address).await.unwrap().unwrap();
        accounts.push((*address, data));
    }
    accounts
}

#[tokio::test]
async fn the_demo_seeds_once_and_the_book_reads_like_position_health() {
    let file = ClusterFile::parse(LOCALNET_FILE).unwrap();
    let (mut runtime, operator) = localnet(&file).await;
    let lp = Keypair::new();
    let traders: Vec<Keypair> = (0..3).map(|_| Keypair::new()).collect();
    let mut chain = InProcess(&mut runtime);

    let seeded = seed(&mut chain, &operator, &lp, &traders, &file)
        .await
        .unwrap();
    let Seeded::Fresh { steps, positions } = seeded else {
        panic!("a fresh ledger was not seeded: {seeded:?}");
    };
    assert_eq!(steps, 2, "config and market 0");
    assert_eq!(positions.len(), DEMO_POSITIONS.len());
    // Seeding again changes nothing; the migration plans nothing.
    assert_eq!(
        seed(&mut chain, &operator, &lp, &traders, &file).await,
        Ok(Seeded::AlreadySeeded)
    );
    assert_eq!(
        plan(&mut chain, &operator.pubkey(), &file).await.unwrap(),
        vec![]
    );

    let state = MarketState::fetch(&mut chain, 0, None).await.unwrap();
    assert_eq!(
        state.oracle, file.markets[0].oracle_account,
        "the sponsored feed account"
    );
    let summary = market_json(&state);
    assert_eq!(summary["open_positions"], 3);
    assert_eq!(summary["pool_liquidity"], 500_000_000_000u64);
    let accounts = positions_of(&mut chain, &positions).await;
    let rows = evaluate(&state, decode_positions(&state.address, accounts.clone()));
    assert_eq!(rows.len(), 3);
    assert!(rows
        .iter()
        .all(|row| !row.health.as_ref().unwrap().liquidatable));
    // Another market's address keeps none of them.
    assert!(decode_positions(&Pubkey::new_unique(), accounts).is_empty());

    // SOL falls to $135: the 8x long is liquidatable and listed first; the others not.
    let crash = price_update(&file.markets[0], 13_500_000_000).unwrap();
    chain
        .send(&[crash.instruction(&operator.pubkey())], &[&operator])
        .await
        .unwrap();
    let state = MarketState::fetch(&mut chain, 0, None).await.unwrap();
    let accounts = positions_of(&mut chain, &positions).await;
    let rows = evaluate(&state, decode_positions(&state.address, accounts));
    let eight_x = positions[1];
    assert_eq!(rows[0].address, eight_x);
    assert!(rows[0].health.as_ref().unwrap().liquidatable);
    assert!(rows[1..]
        .iter()
        .all(|row| !row.health.as_ref().unwrap().liquidatable));
    let ratios: Vec<i64> = rows
        .iter()
        .map(|row| row.health.as_ref().unwrap().margin_ratio_bps)
        .collect();
    assert!(
        ratios.windows(2).all(|pair| pair[0] <= pair[1]),
        "{ratios:?}"
    );

    // Each row is what the program's own position_health returns.
    let keys = file.markets[0].keys();
    for row in &rows {
        let view = lever_client::ix::position_health(&keys, row.position.owner, 1);
        let returned = chain.0.simulate(&[view]).await.unwrap();
        let on_chain = lever_client::health::decode_return(&returned.return_data).unwrap();
        assert_eq!(row.health.as_ref().unwrap(), &on_chain, "{}", row.address);
    }

    // The snapshot is a book the risk tools read, with the crash price.
    let book = snapshot(&state, &rows).unwrap();
    let parsed = lever_risk::book::Book::parse_str(&book.to_string()).unwrap();
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed.price.price, 13_500_000_000);
    assert_eq!(book["pool"], 500_000_000_000u64);
}

#[tokio::test]
async fn the_demo_refuses_a_file_whose_oracle_is_not_the_sponsored_feed() {
    let moved = LOCALNET_FILE.replace(
        "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE",
        &Pubkey::new_unique().to_string(),
    );
    let file = ClusterFile::parse(&moved).unwrap();
    let (mut runtime, operator) = localnet(&file).await;
    let mut chain = InProcess(&mut runtime);
    let refused = seed(&mut chain, &operator, &Keypair::new(), &[], &file)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("sponsored"), "{refused}");
    // Nothing was sent: no config exists.
    assert_eq!(
        chain
            .account_data(&lever_client::pda::config())
            .await
            .unwrap(),
        None
    );
}
