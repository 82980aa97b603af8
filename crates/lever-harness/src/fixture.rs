//! A ready market: config, collateral mint, oracle account and market created, with
//! helpers for wallets, prices and the vault invariant. Tests, the demo and the
//! scenario runner start from here.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use lever::instructions::CreateMarketArgs;
use lever_client::{ix, pda, MarketKeys, MarketParams, OracleSource};
use lever_math::RiskParams;
use pyth_sdk_solana::state::PriceStatus;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::pyth::{PriceSpec, PullVerification};
use crate::runtime::{Engine, Runtime, TxError, TxOutcome};

/// The feed id of the fixture's pull market (any 32 bytes; Pyth's are hashes).
pub const FEED_ID: [u8; 32] = [7; 32];

/// What market to create.
#[derive(Debug, Clone, Copy)]
pub struct MarketSetup {
    pub collateral_decimals: u8,
    pub base_decimals: u8,
    pub params: MarketParams,
    pub oracle_source: OracleSource,
    /// Initial price mantissa (and EMA), conf and exponent.
    pub price: i64,
    pub conf: u64,
    pub expo: i32,
}

impl Default for MarketSetup {
    /// A SOL-like market (9 base decimals) against a 6-decimal stablecoin at $150,
    /// with the documented default parameters.
    fn default() -> Self {
        MarketSetup {
            collateral_decimals: 6,
            base_decimals: 9,
            params: RiskParams::default().into(),
            oracle_source: OracleSource::PythPull,
            price: 15_000_000_000,
            conf: 1_000_000,
            expo: -8,
        }
    }
}

/// A runtime with one market.
pub struct MarketFixture {
    pub runtime: Runtime,
    pub admin: Keypair,
    pub keys: MarketKeys,
    pub setup: MarketSetup,
    /// The latest published price.
    pub price: PriceSpec,
    /// The setup's own program transactions (`initialize_config`, `create_market`).
    pub setup_log: Vec<(&'static str, TxOutcome)>,
}

impl MarketFixture {
    /// Starts a runtime, initializes the config and creates the market.
    pub async fn new(setup: MarketSetup) -> Self {
        Self::try_new(setup)
            .await
            .unwrap_or_else(|e| panic!("market setup: {e}"))
    }

    /// As [`Self::new`], but a market the program refuses to create is an error. The
    /// program runs as [`Engine::from_env`] says (native unless `LEVER_SBF` is set).
    pub async fn try_new(setup: MarketSetup) -> Result<Self, TxError> {
        Self::try_new_on(setup, &Engine::from_env()).await
    }

    /// As [`Self::try_new`], running the program as `engine` says.
    pub async fn try_new_on(setup: MarketSetup, engine: &Engine) -> Result<Self, TxError> {
        let mut runtime = Runtime::start_with(engine).await;
        let admin = runtime.new_wallet(10_000_000_000).await;
        // The deployer: only the program's upgrade authority may initialize the config.
        runtime.set_upgrade_authority(Some(admin.pubkey())).await;
        let initialized = runtime
            .send(&[ix::initialize_config(admin.pubkey())], &[&admin])
            .await?;
        let mint = runtime.create_mint(setup.collateral_decimals).await;
        let oracle = Pubkey::new_unique();
        let keys = MarketKeys::derive(0, mint, oracle);
        let price = PriceSpec {
            price: setup.price,
            conf: setup.conf,
            ema_price: setup.price,
            expo: setup.expo,
            publish_time: runtime.now(),
        };
        let setup_log = vec![("initialize_config", initialized)];
        let mut fixture = MarketFixture {
            runtime,
            admin,
            keys,
            setup,
            price,
            setup_log,
        };
        fixture.publish(price);
        let create =
            ix::create_market(fixture.admin.pubkey(), &fixture.keys, fixture.create_args());
        let admin = fixture.admin.insecure_clone();
        let created = fixture.send(&[create], &[&admin]).await?;
        fixture.setup_log.push(("create_market", created));
        Ok(fixture)
    }

    /// The arguments that created (or would create) this market.
    pub fn create_args(&self) -> CreateMarketArgs {
        CreateMarketArgs {
            oracle_source: self.setup.oracle_source,
            oracle_feed: self.feed(),
            base_decimals: self.setup.base_decimals,
            params: self.setup.params,
        }
    }

    /// The feed binding: the feed id (pull) or the price account address (legacy).
    pub fn feed(&self) -> [u8; 32] {
        match self.setup.oracle_source {
            OracleSource::PythPull => FEED_ID,
            OracleSource::PythLegacy => self.keys.oracle.to_bytes(),
        }
    }

    /// Writes `spec` to the market's oracle account in the market's format.
    pub fn publish(&mut self, spec: PriceSpec) {
        self.price = spec;
        match self.setup.oracle_source {
            OracleSource::PythPull => {
                self.runtime
                    .set_pull_price(self.keys.oracle, FEED_ID, spec, PullVerification::Full)
            }
            OracleSource::PythLegacy => {
                self.runtime
                    .set_legacy_price(self.keys.oracle, spec, PriceStatus::Trading)
            }
        }
    }

    /// Publishes a price now.
    pub fn set_price(&mut self, price: i64, conf: u64, ema_price: i64) {
        let spec = PriceSpec {
            price,
            conf,
            ema_price,
            expo: self.setup.expo,
            publish_time: self.runtime.now(),
        };
        self.publish(spec);
    }

    /// Moves the clock; the oracle keeps its publish time (and so ages).
    pub fn advance_time(&mut self, seconds: i64) {
        self.runtime.advance_time(seconds);
    }

    /// Sends a transaction; after every successful one, asserts the vault invariant of
    /// PROTOCOL.md from outside the program (vault balance == the market's buckets), so
    /// it holds after every step of every test, demo and scenario.
    pub async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<TxOutcome, TxError> {
        self.send_paid_by(None, instructions, signers).await
    }

    /// [`Self::send`] with `fee_payer` (when given) paying the fee, as a keeper does.
    pub async fn send_paid_by(
        &mut self,
        fee_payer: Option<&Keypair>,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<TxOutcome, TxError> {
        if self.runtime.account(self.keys.market).await.is_none() {
            // The transaction that creates the market: nothing to compare with yet.
            return self
                .runtime
                .send_paid_by(fee_payer, instructions, signers)
                .await;
        }
        let surplus_before = self.vault_surplus().await;
        let outcome = self
            .runtime
            .send_paid_by(fee_payer, instructions, signers)
            .await?;
        let surplus_after = self.vault_surplus().await;
        assert!(
            surplus_after.is_some(),
            "vault holds less than the buckets after a successful transaction: {:?}",
            self.market().await
        );
        // Each instruction moves the vault by exactly its buckets' change: the surplus
        // stays what it was, or is swept to zero.
        assert!(
            surplus_after == surplus_before || surplus_after == Some(0),
            "vault moved by other than the buckets' change: surplus {surplus_before:?} -> {surplus_after:?}"
        );
        Ok(outcome)
    }

    /// A wallet with SOL for rent and `collateral` atoms in its collateral account.
    pub async fn wallet(&mut self, collateral: u64) -> Keypair {
        self.wallet_from(Keypair::new(), collateral).await
    }

    /// [`Self::wallet`] for a keypair chosen by the caller (reproducible addresses).
    pub async fn wallet_from(&mut self, wallet: Keypair, collateral: u64) -> Keypair {
        let wallet = self.runtime.fund_wallet(wallet, 1_000_000_000).await;
        self.fund(&wallet.pubkey(), collateral).await;
        self.runtime
            .token_account(&wallet.pubkey(), &self.keys.lp_mint)
            .await;
        wallet
    }

    /// Mints `amount` collateral atoms to `owner`.
    pub async fn fund(&mut self, owner: &Pubkey, amount: u64) {
        let mint = self.keys.collateral_mint;
        if amount > 0 {
            self.runtime.mint_to(&mint, owner, amount).await;
        } else {
            self.runtime.token_account(owner, &mint).await;
        }
    }

    pub async fn collateral_balance(&mut self, owner: &Pubkey) -> u64 {
        let account = pda::associated_token(owner, &self.keys.collateral_mint);
        self.runtime.token_balance(account).await
    }

    pub async fn share_balance(&mut self, owner: &Pubkey) -> u64 {
        let account = pda::associated_token(owner, &self.keys.lp_mint);
        self.runtime.token_balance(account).await
    }

    pub async fn vault_balance(&mut self) -> u64 {
        self.runtime.token_balance(self.keys.vault).await
    }

    pub async fn market(&mut self) -> lever_client::Market {
        let account = self
            .runtime
            .account(self.keys.market)
            .await
            .unwrap_or_else(|| panic!("market missing"));
        lever_client::decode::market(&account.data).unwrap_or_else(|e| panic!("{e}"))
    }

    pub async fn config(&mut self) -> lever_client::Config {
        let account = self
            .runtime
            .account(pda::config())
            .await
            .unwrap_or_else(|| panic!("config missing"));
        lever_client::decode::config(&account.data).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn position_address(&self, owner: &Pubkey, position_id: u64) -> Pubkey {
        pda::position(&self.keys.market, owner, position_id)
    }

    /// The position, or `None` when its account is closed.
    pub async fn position(
        &mut self,
        owner: &Pubkey,
        position_id: u64,
    ) -> Option<lever_client::Position> {
        let address = self.position_address(owner, position_id);
        let account = self.runtime.account(address).await?;
        lever_client::decode::position(&account.data).ok()
    }

    /// PROTOCOL.md's vault invariant: vault balance >= sum of the market's buckets (the
    /// difference is what was sent to the vault outside the program; see
    /// [`Self::vault_surplus`] for the exact accounting).
    pub async fn vault_invariant_holds(&mut self) -> bool {
        self.vault_surplus().await.is_some()
    }

    /// Vault balance minus the market's buckets, `None` when the vault holds less.
    pub async fn vault_surplus(&mut self) -> Option<u64> {
        let market = self.market().await;
        let buckets = [
            market.collateral_total,
            market.pool_liquidity,
            market.insurance_fund,
            market.fees_collected,
            market.pending_payouts,
        ]
        .iter()
        .map(|b| u128::from(*b))
        .sum::<u128>();
        u128::from(self.vault_balance().await)
            .checked_sub(buckets)
            .and_then(|surplus| u64::try_from(surplus).ok())
    }

    /// Sends `amount` of `from`'s collateral straight into the vault with the SPL Token
    /// program, outside the lever program (anyone can, on-chain).
    pub async fn donate(&mut self, from: &Keypair, amount: u64) -> Result<TxOutcome, TxError> {
        let source = pda::associated_token(&from.pubkey(), &self.keys.collateral_mint);
        let transfer = crate::runtime::spl_token::instruction::transfer(
            &crate::runtime::spl_token::ID,
            &source,
            &self.keys.vault,
            &from.pubkey(),
            &[],
            amount,
        )
        .unwrap_or_else(|e| panic!("transfer instruction: {e}"));
        self.runtime.send(&[transfer], &[from]).await
    }
}
