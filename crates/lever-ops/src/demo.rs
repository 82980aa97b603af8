//! `lever localnet --demo`: seeds a fresh local validator so a newcomer can point a
//! wallet, the keeper or a frontend at it at once: a SOL/USD price through the test-only
//! publisher, the cluster file's migration (config and markets), an LP's liquidity and
//! three positions at different leverages on market 0 (3x and 8x long, 5x short).
//!
//! The operator is localnet's upgrade authority, which is also the mint authority of
//! its test USDC: it pays for everything and funds the LP and the traders. A ledger
//! already seeded (market 0 holds liquidity) is left as it is.

use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token::spl_token;
use lever::instructions::OpenPositionArgs;
use lever::state::{OracleSource, Side};
use lever_pyth_publisher::instruction::Publish;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::chain::{Chain, ChainError};
use crate::market_file::{ClusterFile, MarketDefinition};
use crate::migrate::{apply, plan, MigrateError};
use crate::price::{PriceFormat, PriceUpdate};

/// SOL/USD at seeding: $150, Pyth's exponent -8, a 0.05 % confidence.
pub const DEMO_PRICE: i64 = 15_000_000_000;
const DEMO_EXPO: i32 = -8;
const DEMO_CONF: u64 = 7_500_000;

/// What the LP deposits and each trader is funded with, in whole collateral units.
const LP_DEPOSIT_UNITS: u64 = 500_000;
const TRADER_FUNDS_UNITS: u64 = 10_000;

/// The three demo positions: side, collateral (whole units), leverage.
pub const DEMO_POSITIONS: [(Side, u64, u64); 3] = [
    (Side::Long, 1_000, 3),
    (Side::Long, 1_000, 8),
    (Side::Short, 1_000, 5),
];

/// What the seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    /// Price published, migration applied (`steps` transactions), LP and positions.
    Fresh {
        steps: usize,
        positions: Vec<Pubkey>,
    },
    /// Market 0 already held liquidity: only the price was refreshed.
    AlreadySeeded,
}

/// Why seeding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoError {
    File(String),
    Migrate(MigrateError),
    Chain(&'static str, ChainError),
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DemoError::File(why) => f.write_str(why),
            DemoError::Migrate(error) => write!(f, "migration: {error}"),
            DemoError::Chain(step, error) => write!(f, "{step}: {error}"),
        }
    }
}

impl std::error::Error for DemoError {}

/// The price update that sets market `definition`'s feed to `price`.
pub fn price_update(definition: &MarketDefinition, price: i64) -> Result<PriceUpdate, DemoError> {
    if definition.oracle_source != OracleSource::PythPull {
        return Err(DemoError::File(format!(
            "market {}: the demo publishes pull (sponsored feed) prices only",
            definition.index
        )));
    }
    let update = PriceUpdate {
        format: PriceFormat::Push,
        publish: Publish {
            feed_id: definition.oracle_feed,
            price,
            conf: DEMO_CONF,
            expo: DEMO_EXPO,
            ema_price: price,
            ema_conf: DEMO_CONF,
            publish_time: 0,
        },
    };
    if update.account() != definition.oracle_account {
        return Err(DemoError::File(format!(
            "market {}: oracle account {} is not the feed's sponsored account {}",
            definition.index,
            definition.oracle_account,
            update.account()
        )));
    }
    Ok(update)
}

/// Seeds the cluster as the module doc says. `lp` and `traders` need no SOL: the
/// operator pays.
pub async fn seed(
    chain: &mut impl Chain,
    operator: &Keypair,
    lp: &Keypair,
    traders: &[Keypair],
    file: &ClusterFile,
) -> Result<Seeded, DemoError> {
    let first = file
        .markets
        .first()
        .ok_or_else(|| DemoError::File("the cluster file has no market".into()))?;
    for definition in &file.markets {
        let update = price_update(definition, DEMO_PRICE)?;
        chain
            .send(&[update.instruction(&operator.pubkey())], &[operator])
            .await
            .map_err(|e| DemoError::Chain("publishing the price", e))?;
    }
    let steps = plan(chain, &operator.pubkey(), file)
        .await
        .map_err(DemoError::Migrate)?;
    apply(chain, operator, &steps)
        .await
        .map_err(DemoError::Migrate)?;

    let keys = first.keys();
    let market_data = chain
        .account_data(&keys.market)
        .await
        .map_err(|e| DemoError::Chain("reading market 0", e))?
        .ok_or_else(|| DemoError::File("market 0 was not created".into()))?;
    let market = lever_client::decode::market(&market_data)
        .map_err(|e| DemoError::File(format!("market 0: {e}")))?;
    if market.pool_liquidity > 0 {
        return Ok(Seeded::AlreadySeeded);
    }
    let unit = 10u64.pow(u32::from(market.collateral_decimals));
    let base_unit = 10u128.pow(u32::from(market.base_decimals));

    fund(
        chain,
        operator,
        &keys.collateral_mint,
        &lp.pubkey(),
        LP_DEPOSIT_UNITS * unit,
    )
    .await?;
    chain
        .send(
            &[
                // The LP's share account (the market's LP mint).
                create_associated_token_account_idempotent(
                    &operator.pubkey(),
                    &lp.pubkey(),
                    &keys.lp_mint,
                    &spl_token::ID,
                ),
                lever_client::ix::lp_deposit(&keys, lp.pubkey(), LP_DEPOSIT_UNITS * unit),
            ],
            &[operator, lp],
        )
        .await
        .map_err(|e| DemoError::Chain("LP deposit", e))?;

    let mut positions = Vec::new();
    for (trader, (side, collateral_units, leverage)) in traders.iter().zip(DEMO_POSITIONS) {
        fund(
            chain,
            operator,
            &keys.collateral_mint,
            &trader.pubkey(),
            TRADER_FUNDS_UNITS * unit,
        )
        .await?;
        // size = collateral x leverage / price, in base atoms.
        let notional_units = u128::from(collateral_units * leverage);
        let price_units = u128::try_from(DEMO_PRICE).unwrap_or(1) / 100_000_000;
        let size = u64::try_from(notional_units * base_unit / price_units).unwrap_or(u64::MAX);
        let args = OpenPositionArgs {
            position_id: 1,
            side,
            collateral: collateral_units * unit,
            size,
        };
        chain
            .send(
                &[lever_client::ix::open_position(
                    &keys,
                    trader.pubkey(),
                    args,
                )],
                &[operator, trader],
            )
            .await
            .map_err(|e| DemoError::Chain("opening a demo position", e))?;
        positions.push(lever_client::pda::position(
            &keys.market,
            &trader.pubkey(),
            1,
        ));
    }
    Ok(Seeded::Fresh {
        steps: steps.len(),
        positions,
    })
}

/// SOL each demo wallet gets: a position's account rent is paid by its owner.
const WALLET_LAMPORTS: u64 = 50_000_000;

/// Creates `owner`'s collateral account (if missing), mints `amount` into it and sends
/// the wallet some SOL.
pub async fn fund(
    chain: &mut impl Chain,
    operator: &Keypair,
    mint: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> Result<(), DemoError> {
    let account = get_associated_token_address(owner, mint);
    let mint_to = spl_token::instruction::mint_to(
        &spl_token::ID,
        mint,
        &account,
        &operator.pubkey(),
        &[],
        amount,
    )
    .map_err(|e| DemoError::File(format!("mint_to: {e}")))?;
    chain
        .send(
            &[
                create_associated_token_account_idempotent(
                    &operator.pubkey(),
                    owner,
                    mint,
                    &spl_token::ID,
                ),
                mint_to,
                anchor_lang::solana_program::system_instruction::transfer(
                    &operator.pubkey(),
                    owner,
                    WALLET_LAMPORTS,
                ),
            ],
            &[operator],
        )
        .await
        .map_err(|e| DemoError::Chain("funding a demo wallet", e))
}
