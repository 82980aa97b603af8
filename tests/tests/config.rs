//! Config: initialize, two-step admin hand-over, pause flags.

use lever::constants::pause;
use lever_client::{ix, pda};
use lever_harness::{MarketFixture, MarketSetup, Runtime, Signer};
use lever_tests::{assert_error, without_signature};

#[tokio::test]
async fn initialize_sets_the_signer_as_admin_and_cannot_run_twice() {
    let mut runtime = Runtime::start().await;
    let admin = runtime.new_wallet(1_000_000_000).await;
    runtime.set_upgrade_authority(Some(admin.pubkey())).await;
    runtime
        .send(&[ix::initialize_config(admin.pubkey())], &[&admin])
        .await
        .unwrap();
    let config =
        lever_client::decode::config(&runtime.account(pda::config()).await.unwrap().data).unwrap();
    assert_eq!(config.admin, admin.pubkey());
    assert_eq!(config.pending_admin, Default::default());
    assert_eq!((config.pause_flags, config.market_count), (0, 0));

    let intruder = runtime.new_wallet(1_000_000_000).await;
    runtime.set_upgrade_authority(Some(intruder.pubkey())).await;
    let again = runtime
        .send(&[ix::initialize_config(intruder.pubkey())], &[&intruder])
        .await;
    // Even the upgrade authority cannot create the config PDA a second time.
    assert!(again.is_err(), "second initialize must fail");
    let after =
        lever_client::decode::config(&runtime.account(pda::config()).await.unwrap().data).unwrap();
    assert_eq!(after.admin, admin.pubkey());
}

/// The audit's front-run: a program can be invoked only from the slot after its
/// deployment, so anyone watching could call `initialize_config` before the deployer
/// and take the admin seat. Only the upgrade authority recorded in the program's
/// ProgramData account may.
#[tokio::test]
async fn only_the_upgrade_authority_can_initialize() {
    let mut runtime = Runtime::start().await;
    let deployer = runtime.new_wallet(1_000_000_000).await;
    let front_runner = runtime.new_wallet(1_000_000_000).await;
    runtime.set_upgrade_authority(Some(deployer.pubkey())).await;

    let taken = runtime
        .send(
            &[ix::initialize_config(front_runner.pubkey())],
            &[&front_runner],
        )
        .await;
    assert_error(taken, "NotUpgradeAuthority");
    assert!(runtime.account(pda::config()).await.is_none());

    // A fake ProgramData at another address (owned by the loader) is refused by seeds.
    let fake = lever_client::Pubkey::new_unique();
    let header = lever_harness::runtime::program_data_header(1, Some(front_runner.pubkey()));
    runtime.set_account(
        fake,
        lever_harness::pyth::owned_account(
            header.clone(),
            anchor_lang::solana_program::bpf_loader_upgradeable::ID,
        ),
    );
    let mut forged = ix::initialize_config(front_runner.pubkey());
    forged.accounts[2].pubkey = fake;
    assert_error(
        runtime.send(&[forged], &[&front_runner]).await,
        "ConstraintSeeds",
    );
    // The right address with data not written by the loader (wrong owner).
    runtime.set_account(
        pda::program_data(),
        lever_harness::pyth::owned_account(header, lever_client::Pubkey::new_unique()),
    );
    assert_error(
        runtime
            .send(
                &[ix::initialize_config(front_runner.pubkey())],
                &[&front_runner],
            )
            .await,
        "AccountOwnedByWrongProgram",
    );
    // A program whose upgrade authority was removed (immutable) cannot be initialized
    // by anyone: deploy and initialize before making it immutable.
    runtime.set_upgrade_authority(None).await;
    assert_error(
        runtime
            .send(&[ix::initialize_config(deployer.pubkey())], &[&deployer])
            .await,
        "NotUpgradeAuthority",
    );
    assert!(runtime.account(pda::config()).await.is_none());

    runtime.set_upgrade_authority(Some(deployer.pubkey())).await;
    runtime
        .send(&[ix::initialize_config(deployer.pubkey())], &[&deployer])
        .await
        .unwrap();
    let config =
        lever_client::decode::config(&runtime.account(pda::config()).await.unwrap().data).unwrap();
    assert_eq!(config.admin, deployer.pubkey());
}

#[tokio::test]
async fn admin_hand_over_takes_two_steps() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let successor = f.runtime.new_wallet(1_000_000_000).await;

    f.send(
        &[ix::propose_admin(admin.pubkey(), successor.pubkey())],
        &[&admin],
    )
    .await
    .unwrap();
    let config = f.config().await;
    assert_eq!(
        (config.admin, config.pending_admin),
        (admin.pubkey(), successor.pubkey())
    );

    f.send(&[ix::accept_admin(successor.pubkey())], &[&successor])
        .await
        .unwrap();
    let config = f.config().await;
    assert_eq!(
        (config.admin, config.pending_admin),
        (successor.pubkey(), Default::default())
    );

    // The old admin has lost its powers.
    assert_error(
        f.send(&[ix::set_pause_flags(admin.pubkey(), 1)], &[&admin])
            .await,
        "Unauthorized",
    );
    f.send(&[ix::set_pause_flags(successor.pubkey(), 1)], &[&successor])
        .await
        .unwrap();
}

#[tokio::test]
async fn hand_over_refusals() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let stranger = f.runtime.new_wallet(1_000_000_000).await;
    let successor = f.runtime.new_wallet(1_000_000_000).await;
    let before = f.config().await;

    assert_error(
        f.send(
            &[ix::propose_admin(stranger.pubkey(), stranger.pubkey())],
            &[&stranger],
        )
        .await,
        "Unauthorized",
    );
    assert_error(
        f.send(&[ix::accept_admin(stranger.pubkey())], &[&stranger])
            .await,
        "NoPendingAdmin",
    );
    let unsigned = without_signature(
        ix::propose_admin(admin.pubkey(), successor.pubkey()),
        &admin.pubkey(),
    );
    assert_error(f.send(&[unsigned], &[]).await, "AccountNotSigner");
    let after = f.config().await;
    assert_eq!(
        (after.admin, after.pending_admin),
        (before.admin, before.pending_admin)
    );

    f.send(
        &[ix::propose_admin(admin.pubkey(), successor.pubkey())],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        f.send(&[ix::accept_admin(stranger.pubkey())], &[&stranger])
            .await,
        "NotPendingAdmin",
    );
    let unsigned = without_signature(ix::accept_admin(successor.pubkey()), &successor.pubkey());
    assert_error(f.send(&[unsigned], &[]).await, "AccountNotSigner");
    assert_eq!(f.config().await.admin, admin.pubkey());

    // Proposing the default key cancels the hand-over.
    f.send(
        &[ix::propose_admin(admin.pubkey(), Default::default())],
        &[&admin],
    )
    .await
    .unwrap();
    assert_error(
        f.send(&[ix::accept_admin(successor.pubkey())], &[&successor])
            .await,
        "NoPendingAdmin",
    );
}

#[tokio::test]
async fn pause_flags_are_admin_only_and_defined_bits_only() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let stranger = f.runtime.new_wallet(1_000_000_000).await;

    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::ALL)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_eq!(f.config().await.pause_flags, pause::ALL);
    f.send(
        &[ix::set_pause_flags(admin.pubkey(), pause::LIQUIDATE)],
        &[&admin],
    )
    .await
    .unwrap();
    assert_eq!(f.config().await.pause_flags, pause::LIQUIDATE);

    assert_error(
        f.send(&[ix::set_pause_flags(stranger.pubkey(), 0)], &[&stranger])
            .await,
        "Unauthorized",
    );
    assert_error(
        f.send(&[ix::set_pause_flags(admin.pubkey(), 1 << 7)], &[&admin])
            .await,
        "UnknownPauseFlag",
    );
    let unsigned = without_signature(ix::set_pause_flags(admin.pubkey(), 0), &admin.pubkey());
    assert_error(f.send(&[unsigned], &[]).await, "AccountNotSigner");
    assert_eq!(f.config().await.pause_flags, pause::LIQUIDATE);
}

/// A copy of the config at another address (program-owned, right discriminator): the
/// config is pinned by its address, so an admin of the copy gains nothing.
#[tokio::test]
async fn a_copy_of_the_config_elsewhere_is_refused() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let stranger = f.runtime.new_wallet(1_000_000_000).await;
    let mut copy = f.runtime.account(pda::config()).await.unwrap();
    // The copy names the stranger as admin.
    copy.data[8..40].copy_from_slice(stranger.pubkey().as_ref());
    let copy_address = lever_harness::Keypair::new().pubkey();
    f.runtime.set_account(copy_address, copy);
    let mut instruction = ix::set_pause_flags(stranger.pubkey(), pause::ALL);
    for meta in &mut instruction.accounts {
        if meta.pubkey == pda::config() {
            meta.pubkey = copy_address;
        }
    }
    let before = f.runtime.account(pda::config()).await.unwrap().data;
    assert_error(f.send(&[instruction], &[&stranger]).await, "InvalidConfig");
    assert_eq!(f.runtime.account(pda::config()).await.unwrap().data, before);
}
