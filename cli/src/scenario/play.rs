//! Plays a checked scenario against the program in the in-process runtime.

use std::collections::BTreeMap;

use anchor_lang::solana_program::program_pack::Pack;
use lever::instructions::OpenPositionArgs;
use lever_client::{ix, Side};
use lever_harness::{Engine, Keypair, MarketFixture, MarketSetup, PriceSpec, Signer, TxError};

use super::report::{
    FinalState, LiquidationReport, MarketReport, PositionReport, Report, StepReport,
};
use super::spec::{Malformed, Scenario, Shares, Step};

/// A quote that validates under any parameter set, used to create the market before
/// the file's first `set_price` (that step's own values when they are valid).
fn bootstrap_quote(scenario: &Scenario) -> (i64, u64, i32) {
    let first = scenario.steps.iter().find_map(|step| match step {
        Step::SetPrice {
            price, ema, expo, ..
        } if *price > 0 && *ema > 0 => Some((*price, *expo)),
        _ => None,
    });
    let (price, expo) = first.unwrap_or((100_000_000, -8));
    (price, 0, expo)
}

struct Player {
    fixture: MarketFixture,
    wallets: BTreeMap<String, Keypair>,
    positions: BTreeMap<String, (String, u64)>,
}

impl Player {
    async fn wallet(&mut self, name: &str) -> Keypair {
        if let Some(wallet) = self.wallets.get(name) {
            return wallet.insecure_clone();
        }
        let wallet = self.fixture.wallet(0).await;
        self.wallets
            .insert(name.to_string(), wallet.insecure_clone());
        wallet
    }

    async fn owner_of(&mut self, id: &str) -> (Keypair, u64) {
        let (owner, position_id) = self.positions.get(id).cloned().unwrap_or_default();
        (self.wallet(&owner).await, position_id)
    }

    async fn play(&mut self, step: &Step) -> StepReport {
        let f = &mut self.fixture;
        let result: Result<Option<LiquidationReport>, TxError> = match step {
            Step::SetPrice {
                price,
                conf,
                ema,
                expo,
                age,
            } => {
                // `age` fits an i64 (checked when parsing).
                let age = i64::try_from(*age).unwrap_or(i64::MAX);
                let spec = PriceSpec {
                    price: *price,
                    conf: *conf,
                    ema_price: *ema,
                    expo: *expo,
                    publish_time: f.runtime.now().saturating_sub(age),
                };
                f.publish(spec);
                Ok(None)
            }
            Step::AdvanceTime { seconds } => {
                f.advance_time(i64::try_from(*seconds).unwrap_or(i64::MAX));
                Ok(None)
            }
            Step::Mint { who, amount } => {
                let wallet = self.wallet(who).await;
                self.fixture.fund(&wallet.pubkey(), *amount).await;
                Ok(None)
            }
            Step::LpDeposit { who, amount } => {
                let wallet = self.wallet(who).await;
                let f = &mut self.fixture;
                f.send(
                    &[ix::lp_deposit(&f.keys, wallet.pubkey(), *amount)],
                    &[&wallet],
                )
                .await
                .map(|_| None)
            }
            Step::LpWithdraw { who, shares } => {
                let wallet = self.wallet(who).await;
                let f = &mut self.fixture;
                let shares = match shares {
                    Shares::All => f.share_balance(&wallet.pubkey()).await,
                    Shares::Exactly(n) => *n,
                };
                f.send(
                    &[ix::lp_withdraw(&f.keys, wallet.pubkey(), shares)],
                    &[&wallet],
                )
                .await
                .map(|_| None)
            }
            Step::Open {
                who,
                id,
                side,
                collateral,
                size,
            } => {
                let wallet = self.wallet(who).await;
                let position_id = self.positions.get(id).map(|(_, n)| *n).unwrap_or_default();
                let args = OpenPositionArgs {
                    position_id,
                    side: Side::from(*side),
                    collateral: *collateral,
                    size: *size,
                };
                let f = &mut self.fixture;
                f.send(
                    &[ix::open_position(&f.keys, wallet.pubkey(), args)],
                    &[&wallet],
                )
                .await
                .map(|_| None)
            }
            Step::DepositCollateral { id, amount } => {
                let (owner, n) = self.owner_of(id).await;
                let f = &mut self.fixture;
                f.send(
                    &[ix::deposit_collateral(&f.keys, owner.pubkey(), n, *amount)],
                    &[&owner],
                )
                .await
                .map(|_| None)
            }
            Step::WithdrawCollateral { id, amount } => {
                let (owner, n) = self.owner_of(id).await;
                let f = &mut self.fixture;
                f.send(
                    &[ix::withdraw_collateral(&f.keys, owner.pubkey(), n, *amount)],
                    &[&owner],
                )
                .await
                .map(|_| None)
            }
            Step::Reduce { id, size } => {
                let (owner, n) = self.owner_of(id).await;
                let f = &mut self.fixture;
                f.send(
                    &[ix::reduce_position(&f.keys, owner.pubkey(), n, *size)],
                    &[&owner],
                )
                .await
                .map(|_| None)
            }
            Step::Close { id } => {
                let (owner, n) = self.owner_of(id).await;
                let f = &mut self.fixture;
                f.send(&[ix::close_position(&f.keys, owner.pubkey(), n)], &[&owner])
                    .await
                    .map(|_| None)
            }
            Step::Liquidate { keeper, id } => {
                let keeper = self.wallet(keeper).await;
                let (owner, n) = self.owner_of(id).await;
                let f = &mut self.fixture;
                let instruction = ix::liquidate(&f.keys, keeper.pubkey(), owner.pubkey(), n);
                f.send(&[instruction], &[&keeper]).await.map(|outcome| {
                    lever_client::health::decode_liquidation(&outcome.return_data)
                        .ok()
                        .map(|r| LiquidationReport {
                            partial: r.partial,
                            closed_size: r.closed_size,
                            remaining_size: r.remaining_size,
                            mark_price: r.mark_price,
                            equity_before: r.equity_before,
                            equity_after: r.equity_after,
                            penalty: r.penalty,
                            keeper_reward: r.keeper_reward,
                            insurance_fee: r.insurance_fee,
                            bad_debt: r.bad_debt,
                            owner_payout: r.owner_payout,
                            bad_debt_from_insurance: r.bad_debt_from_insurance,
                            bad_debt_socialized: r.bad_debt_socialized,
                            bankrupt_keeper_fee: r.bankrupt_keeper_fee,
                        })
                })
            }
            Step::Donate { who, amount } => {
                let wallet = self.wallet(who).await;
                self.fixture.donate(&wallet, *amount).await.map(|_| None)
            }
            Step::SweepSurplus { who } => {
                let wallet = self.wallet(who).await;
                let f = &mut self.fixture;
                f.send(&[ix::sweep_surplus(&f.keys, wallet.pubkey())], &[&wallet])
                    .await
                    .map(|_| None)
            }
        };
        match result {
            Ok(liquidation) => StepReport {
                op: step.op(),
                ok: true,
                error: None,
                liquidation,
            },
            Err(error) => StepReport {
                op: step.op(),
                ok: false,
                error: Some(error.name().to_string()),
                liquidation: None,
            },
        }
    }

    async fn final_state(&mut self) -> FinalState {
        let mut wallets = BTreeMap::new();
        let mut lp_shares = BTreeMap::new();
        let names: Vec<(String, Keypair)> = self
            .wallets
            .iter()
            .map(|(n, k)| (n.clone(), k.insecure_clone()))
            .collect();
        let f = &mut self.fixture;
        for (name, wallet) in &names {
            wallets.insert(name.clone(), f.collateral_balance(&wallet.pubkey()).await);
            lp_shares.insert(name.clone(), f.share_balance(&wallet.pubkey()).await);
        }
        let market = f.market().await;
        let lp_supply = match f.runtime.account(f.keys.lp_mint).await {
            Some(account) => anchor_spl_mint_supply(&account.data),
            None => 0,
        };
        let market_report = MarketReport {
            vault: f.vault_balance().await,
            pool: market.pool_liquidity,
            insurance: market.insurance_fund,
            fees: market.fees_collected,
            collateral: market.collateral_total,
            bad_debt_total: market
                .bad_debt_insured_total
                .saturating_add(market.bad_debt_socialized_total),
            open_interest_long: market.long_interest.size.get(),
            open_interest_short: market.short_interest.size.get(),
            bad_debt_insured: market.bad_debt_insured_total,
            bad_debt_socialized: market.bad_debt_socialized_total,
            lp_supply,
        };
        let mut positions = BTreeMap::new();
        for (id, (owner, n)) in self.positions.clone() {
            let Some(wallet) = self.wallets.get(&owner).map(|k| k.insecure_clone()) else {
                continue;
            };
            if let Some(position) = self.fixture.position(&wallet.pubkey(), n).await {
                let side = match position.side() {
                    Ok(Side::Long) => "long",
                    Ok(Side::Short) => "short",
                    // The program writes only 0 or 1; say so rather than guess.
                    Err(_) => "invalid",
                };
                positions.insert(
                    id,
                    PositionReport {
                        side,
                        size: position.size,
                        collateral: position.collateral,
                        entry_price: position.entry_price.get(),
                    },
                );
            }
        }
        FinalState {
            wallets,
            market: market_report,
            positions,
            lp_shares,
        }
    }
}

fn anchor_spl_mint_supply(data: &[u8]) -> u64 {
    lever_harness::runtime::spl_token::state::Mint::unpack(data)
        .map(|m| m.supply)
        .unwrap_or(0)
}

/// Creates the market and plays every step; refused steps are reported and the run
/// goes on.
pub async fn play(scenario: &Scenario, engine: &Engine) -> Result<Report, Malformed> {
    let (price, conf, expo) = bootstrap_quote(scenario);
    let setup = MarketSetup {
        collateral_decimals: scenario.setup.collateral_decimals,
        base_decimals: scenario.setup.base_decimals,
        params: scenario.setup.params,
        oracle_source: scenario.setup.oracle,
        price,
        conf,
        expo,
    };
    let mut fixture = MarketFixture::try_new_on(setup, engine)
        .await
        .map_err(|e| Malformed(format!("market: cannot be created: {e}")))?;
    // Until the file's first set_price the feed has no fresh price.
    let stale_by = i64::from(scenario.setup.params.max_staleness_secs).saturating_add(1);
    let now = fixture.runtime.now();
    fixture.publish(PriceSpec {
        price,
        conf,
        ema_price: price,
        expo,
        publish_time: now.saturating_sub(stale_by),
    });

    let mut player = Player {
        fixture,
        wallets: BTreeMap::new(),
        positions: scenario.positions.clone(),
    };
    let mut steps = Vec::with_capacity(scenario.steps.len());
    for step in &scenario.steps {
        steps.push(player.play(step).await);
    }
    let final_state = player.final_state().await;
    Ok(Report { steps, final_state })
}
