//! Market: create (with its vault, LP mint and oracle binding) and parameter updates.

use lever_client::{ix, MarketKeys, MarketParams, OracleSource};
use lever_harness::fixture::FEED_ID;
use lever_harness::{MarketFixture, MarketSetup, PriceSpec, PullVerification, Signer};
use lever_math::RiskParams;
use lever_tests::{assert_error, second_market, without_signature};

fn bound_cases() -> Vec<(MarketParams, &'static str)> {
    let base = RiskParams::default();
    let case = |p: RiskParams, name| (MarketParams::from(p), name);
    vec![
        case(RiskParams { imr_bps: 0, ..base }, "InitialMarginOutOfRange"),
        case(
            RiskParams {
                imr_bps: 10_001,
                ..base
            },
            "InitialMarginOutOfRange",
        ),
        case(
            RiskParams {
                mmr_bps: 1_000,
                ..base
            },
            "MaintenanceMarginOutOfRange",
        ),
        case(
            RiskParams { mmr_bps: 0, ..base },
            "MaintenanceMarginOutOfRange",
        ),
        case(
            RiskParams {
                liquidation_penalty_bps: 500,
                ..base
            },
            "PenaltyOutOfRange",
        ),
        case(
            RiskParams {
                liquidation_penalty_bps: 0,
                ..base
            },
            "PenaltyOutOfRange",
        ),
        case(
            RiskParams {
                keeper_share_bps: 10_001,
                ..base
            },
            "KeeperShareOutOfRange",
        ),
        case(
            RiskParams {
                liquidation_buffer_bps: 0,
                ..base
            },
            "BufferOutOfRange",
        ),
        case(
            RiskParams {
                ema_band_bps: 0,
                ..base
            },
            "EmaBandOutOfRange",
        ),
        case(
            RiskParams {
                max_staleness_secs: 0,
                ..base
            },
            "StalenessOutOfRange",
        ),
        case(
            RiskParams {
                max_conf_bps: 0,
                ..base
            },
            "ConfidenceLimitOutOfRange",
        ),
        case(
            RiskParams {
                open_fee_bps: 1_001,
                ..base
            },
            "TradeFeeOutOfRange",
        ),
        case(
            RiskParams {
                borrow_rate_bps_per_hour: 10_001,
                ..base
            },
            "BorrowRateOutOfRange",
        ),
        case(
            RiskParams {
                max_open_interest: 0,
                ..base
            },
            "OpenInterestCapOutOfRange",
        ),
        case(
            RiskParams {
                max_utilization_bps: 10_001,
                ..base
            },
            "UtilizationOutOfRange",
        ),
        case(
            RiskParams {
                max_trade_price_age_secs: 0,
                ..base
            },
            "TradePriceAgeOutOfRange",
        ),
        case(
            RiskParams {
                max_liquidation_price_age_secs: 61,
                ..base
            },
            "LiquidationPriceAgeOutOfRange",
        ),
        case(
            RiskParams {
                min_hold_secs: 10,
                ..base
            },
            "MinHoldOutOfRange",
        ),
        case(
            RiskParams {
                bankrupt_keeper_fee: base.min_position_notional / 10 + 1,
                ..base
            },
            "BankruptKeeperFeeOutOfRange",
        ),
    ]
}

#[tokio::test]
async fn create_market_binds_mint_oracle_vault_and_lp_mint() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let market = f.market().await;
    assert_eq!(market.index, 0);
    assert_eq!(market.collateral_mint, f.keys.collateral_mint);
    assert_eq!(
        (market.vault, market.lp_mint),
        (f.keys.vault, f.keys.lp_mint)
    );
    assert_eq!(market.oracle_source().unwrap(), OracleSource::PythPull);
    assert_eq!(market.oracle_feed, FEED_ID);
    assert_eq!((market.collateral_decimals, market.base_decimals), (6, 9));
    assert_eq!(market.params, MarketParams::from(RiskParams::default()));
    assert_eq!(
        (
            market.collateral_total,
            market.pool_liquidity,
            market.insurance_fund,
            market.fees_collected
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(f.config().await.market_count, 1);
    assert_eq!(f.vault_balance().await, 0);
    // The LP mint has the collateral's decimals and the market as authority.
    use anchor_lang::solana_program::program_pack::Pack;
    let lp = anchor_spl::token::spl_token::state::Mint::unpack(
        &f.runtime.account(f.keys.lp_mint).await.unwrap().data,
    )
    .unwrap();
    assert_eq!(lp.decimals, 6);
    assert_eq!(lp.mint_authority, Some(f.keys.market).into());
}

#[tokio::test]
async fn legacy_oracle_market_is_bound_to_its_price_account() {
    let setup = MarketSetup {
        oracle_source: OracleSource::PythLegacy,
        ..MarketSetup::default()
    };
    let mut f = MarketFixture::new(setup).await;
    let market = f.market().await;
    assert_eq!(market.oracle_source().unwrap(), OracleSource::PythLegacy);
    assert_eq!(market.oracle_feed, f.keys.oracle.to_bytes());
}

fn create_args(f: &MarketFixture, params: MarketParams) -> lever::instructions::CreateMarketArgs {
    lever::instructions::CreateMarketArgs {
        params,
        ..f.create_args()
    }
}

#[tokio::test]
async fn create_market_refusals_change_nothing() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let stranger = f.runtime.new_wallet(1_000_000_000).await;
    let keys = second_market(&mut f);
    let params = f.setup.params;

    let by_stranger = ix::create_market(stranger.pubkey(), &keys, create_args(&f, params));
    assert_error(f.send(&[by_stranger], &[&stranger]).await, "Unauthorized");
    let unsigned = without_signature(
        ix::create_market(admin.pubkey(), &keys, create_args(&f, params)),
        &admin.pubkey(),
    );
    assert_error(f.send(&[unsigned], &[]).await, "AccountNotSigner");

    let skipped = MarketKeys::derive(2, keys.collateral_mint, keys.oracle);
    assert_error(
        f.send(
            &[ix::create_market(
                admin.pubkey(),
                &skipped,
                create_args(&f, params),
            )],
            &[&admin],
        )
        .await,
        "InvalidMarketIndex",
    );

    let mut too_fine = create_args(&f, params);
    too_fine.base_decimals = 19;
    assert_error(
        f.send(
            &[ix::create_market(admin.pubkey(), &keys, too_fine)],
            &[&admin],
        )
        .await,
        "DecimalsOutOfRange",
    );

    for (params, expected) in bound_cases() {
        let result = f
            .send(
                &[ix::create_market(
                    admin.pubkey(),
                    &keys,
                    create_args(&f, params),
                )],
                &[&admin],
            )
            .await;
        assert_error(result, expected);
    }
    assert!(
        f.runtime.account(keys.market).await.is_none(),
        "no market account was created"
    );
    assert_eq!(f.config().await.market_count, 1);
}

#[tokio::test]
async fn create_market_refuses_an_oracle_that_does_not_validate() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let keys = second_market(&mut f);
    let now = f.runtime.now();
    let good = PriceSpec {
        price: 15_000_000_000,
        conf: 1_000_000,
        ema_price: 15_000_000_000,
        expo: -8,
        publish_time: now,
    };

    let mut wrong_feed = create_args(&f, f.setup.params);
    wrong_feed.oracle_feed = [9; 32];
    assert_error(
        f.send(
            &[ix::create_market(admin.pubkey(), &keys, wrong_feed)],
            &[&admin],
        )
        .await,
        "OracleWrongFeed",
    );

    f.runtime.set_pull_price(
        keys.oracle,
        FEED_ID,
        good,
        PullVerification::Partial { signatures: 5 },
    );
    assert_error(
        f.send(
            &[ix::create_market(
                admin.pubkey(),
                &keys,
                create_args(&f, f.setup.params),
            )],
            &[&admin],
        )
        .await,
        "OraclePartiallyVerified",
    );

    let stale = PriceSpec {
        publish_time: now - 61,
        ..good
    };
    f.runtime
        .set_pull_price(keys.oracle, FEED_ID, stale, PullVerification::Full);
    assert_error(
        f.send(
            &[ix::create_market(
                admin.pubkey(),
                &keys,
                create_args(&f, f.setup.params),
            )],
            &[&admin],
        )
        .await,
        "OracleStale",
    );

    // A legacy binding to a pull account: wrong owner program.
    f.runtime
        .set_pull_price(keys.oracle, FEED_ID, good, PullVerification::Full);
    let mut legacy = create_args(&f, f.setup.params);
    legacy.oracle_source = OracleSource::PythLegacy;
    legacy.oracle_feed = keys.oracle.to_bytes();
    assert_error(
        f.send(
            &[ix::create_market(admin.pubkey(), &keys, legacy)],
            &[&admin],
        )
        .await,
        "OracleWrongOwner",
    );
    assert!(f.runtime.account(keys.market).await.is_none());

    // And with a valid read it goes through.
    f.send(
        &[ix::create_market(
            admin.pubkey(),
            &keys,
            create_args(&f, f.setup.params),
        )],
        &[&admin],
    )
    .await
    .unwrap();
    assert_eq!(f.config().await.market_count, 2);
}

#[tokio::test]
async fn update_params_checks_the_same_bounds() {
    let mut f = MarketFixture::new(MarketSetup::default()).await;
    let admin = f.admin.insecure_clone();
    let stranger = f.runtime.new_wallet(1_000_000_000).await;
    let new_params = MarketParams {
        imr_bps: 2_000,
        mmr_bps: 1_000,
        close_fee_bps: 10,
        ..f.setup.params
    };

    f.send(
        &[ix::update_market_params(
            admin.pubkey(),
            &f.keys,
            new_params,
        )],
        &[&admin],
    )
    .await
    .unwrap();
    assert_eq!(f.market().await.params, new_params);

    let before = f.runtime.account(f.keys.market).await.unwrap().data;
    assert_error(
        f.send(
            &[ix::update_market_params(
                stranger.pubkey(),
                &f.keys,
                new_params,
            )],
            &[&stranger],
        )
        .await,
        "Unauthorized",
    );
    for (params, expected) in bound_cases() {
        assert_error(
            f.send(
                &[ix::update_market_params(admin.pubkey(), &f.keys, params)],
                &[&admin],
            )
            .await,
            expected,
        );
    }
    assert_eq!(
        f.runtime.account(f.keys.market).await.unwrap().data,
        before,
        "refused updates change nothing"
    );
}

#[tokio::test]
async fn a_rate_change_is_not_retroactive() {
    let setup = MarketSetup {
        params: MarketParams {
            borrow_rate_bps_per_hour: 10,
            ..MarketSetup::default().params
        },
        ..MarketSetup::default()
    };
    let mut f = MarketFixture::new(setup).await;
    let admin = f.admin.insecure_clone();
    f.advance_time(3_600);
    let zero_rate = MarketParams {
        borrow_rate_bps_per_hour: 0,
        ..f.setup.params
    };
    f.send(
        &[ix::update_market_params(admin.pubkey(), &f.keys, zero_rate)],
        &[&admin],
    )
    .await
    .unwrap();
    let market = f.market().await;
    // One hour at 10 bps accrued before the change: index = 0.001 * 1e18.
    assert_eq!(market.borrow_index.get(), 1_000_000_000_000_000);
    assert_eq!(market.borrow_index_updated_at, f.runtime.now());
}

#[tokio::test]
async fn a_coarse_price_quantum_is_refused_and_entries_round_against_the_trader() {
    // 18 base decimals at $150 against a 6-decimal stablecoin: 150 internal units, so
    // one unit of rounding is 0.7 % of the price.
    let coarse = MarketSetup {
        base_decimals: 18,
        ..MarketSetup::default()
    };
    assert_error(
        MarketFixture::try_new(coarse).await.map(|_| ()),
        "PriceQuantumTooCoarse",
    );

    // 11 base decimals with expo -8: the conversion divides by 10, so $150.00000005 is
    // 1 500 000 000.5 units. A long's entry rounds up, a short's down.
    let fine = MarketSetup {
        base_decimals: 11,
        price: 15_000_000_005,
        conf: 0,
        ..MarketSetup::default()
    };
    let mut f = MarketFixture::new(fine).await;
    let lp = f.wallet(100_000_000_000).await;
    f.send(
        &[ix::lp_deposit(&f.keys, lp.pubkey(), 100_000_000_000)],
        &[&lp],
    )
    .await
    .unwrap();
    let trader = f.wallet(1_000_000_000).await;
    let one_unit = 100_000_000_000; // 1e11 base atoms
    for (id, side, entry) in [
        (1, lever_client::Side::Long, 1_500_000_001),
        (2, lever_client::Side::Short, 1_500_000_000),
    ] {
        lever_tests::open(&mut f, &trader, id, side, 100_000_000, one_unit)
            .await
            .unwrap();
        let position = f.position(&trader.pubkey(), id).await.unwrap();
        assert_eq!(position.entry_price.get(), entry, "{side:?}");
    }
}
