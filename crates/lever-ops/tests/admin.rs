//! `lever admin`'s actions against the program in the in-process runtime, through the
//! same `Chain` code as over RPC: each prepared from the cluster's state, refused
//! before sending when the signer is wrong or the state forbids it, and idempotent
//! where it can be (a pause already in place plans nothing).

use anchor_lang::prelude::Pubkey;
use lever_harness::{Keypair, Runtime, Signer};
use lever_ops::admin::{parse_operations, prepare, AdminAction, AdminError, FileStep, Prepared};
use lever_ops::chain::Chain;
use lever_ops::demo::seed;
use lever_ops::market_file::ClusterFile;

mod support;
use support::{localnet, InProcess};

const LOCALNET_FILE: &str = include_str!("../../../migrations/localnet.json");

/// A seeded localnet (config, market 0 with fees collected from three opens).
async fn seeded() -> (Runtime, Keypair, ClusterFile) {
    let file = ClusterFile::parse(LOCALNET_FILE).unwrap();
    let (mut runtime, operator) = localnet(&file).await;
    let traders: Vec<Keypair> = (0..3).map(|_| Keypair::new()).collect();
    seed(
        &mut InProcess(&mut runtime),
        &operator,
        &Keypair::new(),
        &traders,
        &file,
    )
    .await
    .unwrap();
    (runtime, operator, file)
}

async fn send(chain: &mut InProcess<'_>, signer: &Keypair, prepared: &Prepared) {
    chain.send(&prepared.instructions, &[signer]).await.unwrap();
}

async fn config(chain: &mut InProcess<'_>) -> lever::state::Config {
    let data = chain
        .account_data(&lever_client::pda::config())
        .await
        .unwrap()
        .unwrap();
    lever_client::decode::config(&data).unwrap()
}

async fn market(chain: &mut InProcess<'_>) -> lever::state::Market {
    let data = chain
        .account_data(&lever_client::pda::market(0))
        .await
        .unwrap()
        .unwrap();
    lever_client::decode::market(&data).unwrap()
}

#[track_caller]
fn assert_conflict(result: Result<Prepared, AdminError>, needle: &str) {
    match result {
        Err(AdminError::Conflict(why)) => assert!(why.contains(needle), "{why}"),
        other => panic!("expected a conflict about {needle:?}, got {other:?}"),
    }
}

#[test]
fn operation_names_parse_or_are_refused() {
    let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        parse_operations(&names(&["open", "liquidate"])).unwrap(),
        lever::constants::pause::OPEN_POSITION | lever::constants::pause::LIQUIDATE
    );
    assert_eq!(parse_operations(&names(&["all"])).unwrap(), 0x7f);
    assert!(matches!(
        parse_operations(&names(&["opne"])),
        Err(AdminError::Input(why)) if why.contains("opne")
    ));
    assert!(parse_operations(&[]).is_err());
}

#[tokio::test]
async fn pause_and_unpause_are_the_admins_and_idempotent() {
    let (mut runtime, operator, _) = seeded().await;
    let mut chain = InProcess(&mut runtime);
    let stranger = Pubkey::new_unique();
    let bits = parse_operations(&["open".into(), "lp-deposit".into()]).unwrap();

    assert_conflict(
        prepare(&mut chain, &stranger, &AdminAction::Pause { bits }).await,
        "not the admin",
    );
    let pause = prepare(&mut chain, &operator.pubkey(), &AdminAction::Pause { bits })
        .await
        .unwrap();
    assert!(
        pause.description.contains("pause open, lp-deposit"),
        "{}",
        pause.description
    );
    send(&mut chain, &operator, &pause).await;
    assert_eq!(config(&mut chain).await.pause_flags, bits);
    let again = prepare(&mut chain, &operator.pubkey(), &AdminAction::Pause { bits })
        .await
        .unwrap();
    assert!(
        again.instructions.is_empty(),
        "a pause in place plans nothing"
    );

    let open = parse_operations(&["open".into()]).unwrap();
    let unpause = prepare(
        &mut chain,
        &operator.pubkey(),
        &AdminAction::Unpause { bits: open },
    )
    .await
    .unwrap();
    send(&mut chain, &operator, &unpause).await;
    assert_eq!(config(&mut chain).await.pause_flags, bits & !open);
}

#[tokio::test]
async fn the_admin_hand_over_needs_the_proposed_signer() {
    let (mut runtime, operator, _) = seeded().await;
    let successor = runtime.new_wallet(1_000_000_000).await;
    let mut chain = InProcess(&mut runtime);
    let propose = AdminAction::ProposeAdmin {
        new_admin: successor.pubkey(),
    };
    assert_conflict(
        prepare(&mut chain, &successor.pubkey(), &propose).await,
        "not the admin",
    );
    let prepared = prepare(&mut chain, &operator.pubkey(), &propose)
        .await
        .unwrap();
    send(&mut chain, &operator, &prepared).await;

    assert_conflict(
        prepare(&mut chain, &operator.pubkey(), &AdminAction::AcceptAdmin).await,
        "not the proposed admin",
    );
    let accept = prepare(&mut chain, &successor.pubkey(), &AdminAction::AcceptAdmin)
        .await
        .unwrap();
    send(&mut chain, &successor, &accept).await;
    assert_eq!(config(&mut chain).await.admin, successor.pubkey());
    assert_conflict(
        prepare(
            &mut chain,
            &operator.pubkey(),
            &AdminAction::Pause { bits: 1 },
        )
        .await,
        "not the admin",
    );
}

#[tokio::test]
async fn fees_are_withdrawn_up_to_what_was_collected() {
    let (mut runtime, operator, file) = seeded().await;
    let mut chain = InProcess(&mut runtime);
    let collected = market(&mut chain).await.fees_collected;
    assert!(collected > 0, "the demo's opens paid fees");
    let too_much = AdminAction::WithdrawFees {
        market: 0,
        amount: Some(collected + 1),
        destination: None,
    };
    assert_conflict(
        prepare(&mut chain, &operator.pubkey(), &too_much).await,
        "cannot withdraw",
    );
    let all = AdminAction::WithdrawFees {
        market: 0,
        amount: None,
        destination: None,
    };
    let prepared = prepare(&mut chain, &operator.pubkey(), &all).await.unwrap();
    send(&mut chain, &operator, &prepared).await;
    assert_eq!(market(&mut chain).await.fees_collected, 0);
    let mint = file.markets[0].collateral_mint;
    let destination = lever_client::pda::associated_token(&operator.pubkey(), &mint);
    assert_eq!(chain.0.token_balance(destination).await, collected);
    assert_conflict(
        prepare(&mut chain, &operator.pubkey(), &all).await,
        "cannot withdraw",
    );
}

#[tokio::test]
async fn update_params_follows_the_file_for_one_market() {
    let (mut runtime, operator, _) = seeded().await;
    let mut chain = InProcess(&mut runtime);
    let changed =
        ClusterFile::parse(&LOCALNET_FILE.replace("\"imr_bps\": 1000", "\"imr_bps\": 1250"))
            .unwrap();
    let action = AdminAction::FromFile {
        file: changed,
        step: FileStep::UpdateParams(0),
    };
    assert_conflict(
        prepare(&mut chain, &Pubkey::new_unique(), &action).await,
        "admin",
    );
    let prepared = prepare(&mut chain, &operator.pubkey(), &action)
        .await
        .unwrap();
    assert!(
        prepared.description.contains("imr_bps 1000 -> 1250"),
        "{}",
        prepared.description
    );
    send(&mut chain, &operator, &prepared).await;
    assert_eq!(
        lever_math::RiskParams::from(market(&mut chain).await.params).imr_bps,
        1_250
    );
    let again = prepare(&mut chain, &operator.pubkey(), &action)
        .await
        .unwrap();
    assert!(again.instructions.is_empty());
}

#[tokio::test]
async fn the_file_steps_run_one_at_a_time_in_order() {
    let file = ClusterFile::parse(LOCALNET_FILE).unwrap();
    let (mut runtime, operator) = localnet(&file).await;
    let stranger = runtime.new_wallet(1_000_000_000).await;
    let mut chain = InProcess(&mut runtime);
    let step = |step| AdminAction::FromFile {
        file: file.clone(),
        step,
    };
    // Publish the feed so create_market can read it.
    let price =
        lever_ops::demo::price_update(&file.markets[0], lever_ops::demo::DEMO_PRICE).unwrap();
    chain
        .send(&[price.instruction(&operator.pubkey())], &[&operator])
        .await
        .unwrap();

    assert_conflict(
        prepare(
            &mut chain,
            &operator.pubkey(),
            &step(FileStep::CreateMarket(0)),
        )
        .await,
        "init-config first",
    );
    // Only the upgrade authority may initialize: the program refuses the stranger.
    let init = prepare(
        &mut chain,
        &stranger.pubkey(),
        &step(FileStep::InitializeConfig),
    )
    .await
    .unwrap();
    assert_eq!(
        chain.send(&init.instructions, &[&stranger]).await,
        Err(lever_ops::chain::ChainError::Refused(
            "NotUpgradeAuthority".into()
        ))
    );
    let init = prepare(
        &mut chain,
        &operator.pubkey(),
        &step(FileStep::InitializeConfig),
    )
    .await
    .unwrap();
    send(&mut chain, &operator, &init).await;
    let again = prepare(
        &mut chain,
        &operator.pubkey(),
        &step(FileStep::InitializeConfig),
    )
    .await
    .unwrap();
    assert!(again.instructions.is_empty(), "{}", again.description);

    assert!(matches!(
        prepare(&mut chain, &operator.pubkey(), &step(FileStep::CreateMarket(3))).await,
        Err(AdminError::Input(why)) if why.contains("no market 3")
    ));
    assert_conflict(
        prepare(
            &mut chain,
            &operator.pubkey(),
            &step(FileStep::UpdateParams(0)),
        )
        .await,
        "does not exist yet",
    );
    let create = prepare(
        &mut chain,
        &operator.pubkey(),
        &step(FileStep::CreateMarket(0)),
    )
    .await
    .unwrap();
    assert!(
        create.description.contains("create market 0"),
        "{}",
        create.description
    );
    send(&mut chain, &operator, &create).await;
    assert_eq!(market(&mut chain).await.index, 0);
    let again = prepare(
        &mut chain,
        &operator.pubkey(),
        &step(FileStep::CreateMarket(0)),
    )
    .await
    .unwrap();
    assert!(again.instructions.is_empty(), "{}", again.description);
}
