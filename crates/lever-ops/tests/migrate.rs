//! The migration against the program in the in-process runtime (the same `Chain` code
//! path `lever migrate` runs over RPC): idempotent, resumable, and refused before
//! anything is sent when the cluster contradicts the file.

use anchor_lang::prelude::Pubkey;
use lever_harness::fixture::FEED_ID;
use lever_harness::{Keypair, PriceSpec, PullVerification, Runtime, Signer};
use lever_ops::chain::{Chain, ChainError};

mod support;
use lever_ops::market_file::ClusterFile;
use lever_ops::migrate::{apply, plan, MigrateError, Step};
use support::InProcess;

/// A runtime with the program deployed under `deployer`'s upgrade authority, a
/// collateral mint and a fresh SOL/USD price, and the file describing one market.
async fn cluster() -> (Runtime, Keypair, String) {
    let mut runtime = Runtime::start().await;
    let deployer = runtime.new_wallet(10_000_000_000).await;
    runtime.set_upgrade_authority(Some(deployer.pubkey())).await;
    let mint = runtime.create_mint(6).await;
    let oracle = Pubkey::new_unique();
    let spec = PriceSpec {
        price: 15_000_000_000,
        conf: 1_000_000,
        ema_price: 15_000_000_000,
        expo: -8,
        publish_time: runtime.now(),
    };
    runtime.set_pull_price(oracle, FEED_ID, spec, PullVerification::Full);
    // The committed devnet file with this runtime's mint, oracle and feed.
    let feed: String = FEED_ID.iter().map(|b| format!("{b:02x}")).collect();
    let file = include_str!("../../../migrations/devnet.json")
        .replace(
            "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
            &mint.to_string(),
        )
        .replace(
            "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE",
            &oracle.to_string(),
        )
        .replace(
            "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
            &feed,
        );
    (runtime, deployer, file)
}

#[tokio::test]
async fn a_second_run_plans_nothing_and_a_changed_file_plans_its_update() {
    let (mut runtime, deployer, text) = cluster().await;
    let file = ClusterFile::parse(&text).unwrap();
    let mut chain = InProcess(&mut runtime);

    let steps = plan(&mut chain, &deployer.pubkey(), &file).await.unwrap();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0], Step::InitializeConfig);
    assert!(matches!(&steps[1], Step::CreateMarket(m) if m.index == 0));
    apply(&mut chain, &deployer, &steps).await.unwrap();
    assert_eq!(
        plan(&mut chain, &deployer.pubkey(), &file).await.unwrap(),
        vec![]
    );

    // Less leverage and a higher fee: the plan names exactly those fields.
    let changed = ClusterFile::parse(
        &text
            .replace("\"imr_bps\": 1000", "\"imr_bps\": 1250")
            .replace("\"open_fee_bps\": 10", "\"open_fee_bps\": 12"),
    )
    .unwrap();
    let steps = plan(&mut chain, &deployer.pubkey(), &changed)
        .await
        .unwrap();
    assert_eq!(steps.len(), 1, "{steps:?}");
    let described = steps[0].to_string();
    assert!(
        described.contains("imr_bps 1000 -> 1250;") && described.contains("open_fee_bps 10 -> 12;"),
        "{described}"
    );
    assert!(!described.contains("mmr_bps"), "{described}");
    apply(&mut chain, &deployer, &steps).await.unwrap();
    assert_eq!(
        plan(&mut chain, &deployer.pubkey(), &changed)
            .await
            .unwrap(),
        vec![]
    );
    let market = lever_client::decode::market(
        &chain
            .account_data(&lever_client::pda::market(0))
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(lever_math::RiskParams::from(market.params).imr_bps, 1_250);
}

#[tokio::test]
async fn a_cluster_that_contradicts_the_file_is_refused_before_sending() {
    let (mut runtime, deployer, text) = cluster().await;
    let file = ClusterFile::parse(&text).unwrap();
    let mut chain = InProcess(&mut runtime);
    let steps = plan(&mut chain, &deployer.pubkey(), &file).await.unwrap();
    apply(&mut chain, &deployer, &steps).await.unwrap();

    // Another signer than the config's admin.
    let stranger = Pubkey::new_unique();
    let refused = plan(&mut chain, &stranger, &file).await.unwrap_err();
    assert!(
        matches!(&refused, MigrateError::Conflict(why) if why.contains("admin")),
        "{refused}"
    );

    // A market whose mint differs from the one it was created with.
    let other_mint = Pubkey::new_unique().to_string();
    let file_mint = file.markets[0].collateral_mint.to_string();
    let moved = ClusterFile::parse(&text.replace(&file_mint, &other_mint)).unwrap();
    let refused = plan(&mut chain, &deployer.pubkey(), &moved)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, MigrateError::Conflict(why) if why.contains("collateral mint")),
        "{refused}"
    );
}

#[tokio::test]
async fn only_the_upgrade_authority_initializes_and_a_rerun_resumes() {
    let (mut runtime, _deployer, text) = cluster().await;
    let impostor = runtime.new_wallet(10_000_000_000).await;
    let file = ClusterFile::parse(&text).unwrap();
    let mut chain = InProcess(&mut runtime);
    let steps = plan(&mut chain, &impostor.pubkey(), &file).await.unwrap();
    let failed = apply(&mut chain, &impostor, &steps).await.unwrap_err();
    assert!(
        matches!(&failed, MigrateError::Chain { completed: 0, error: ChainError::Refused(name) } if name == "NotUpgradeAuthority"),
        "{failed}"
    );
    // Nothing was created: the next plan is the same.
    assert_eq!(
        plan(&mut chain, &impostor.pubkey(), &file).await.unwrap(),
        steps
    );
}
