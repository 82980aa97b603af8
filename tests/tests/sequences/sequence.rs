//! One seeded sequence: the market, its actors, the random actions, and what the
//! checks need to remember. Trader instructions and their checks are in `trades`, the
//! keeper's in `keeper`, LP fairness and token accounting in `accounting`.

use std::collections::BTreeMap;

use lever::instructions::OpenPositionArgs;
use lever_client::health::{AccountView, HealthError, PositionHealth, PositionLiquidated};
use lever_client::{ix, Instruction, MarketParams, Position, Side};
use lever_harness::{Keypair, MarketFixture, MarketSetup, PriceSpec, Signer, TxError, TxOutcome};
use lever_math::price::{execution_price, liquidation_mark, risk_price};
use lever_math::settlement::{
    settle_full_realizing, settle_partial_realizing, FullSettlement, Realize,
};
use lever_math::{OracleQuote, RiskParams};
use lever_tests::*;

use super::support::*;
use super::*;

mod accounting;
mod keeper;
mod trades;

/// One seeded sequence: a market, its actors, and what the checks need to remember.
pub(crate) struct Sequence {
    f: MarketFixture,
    params: MarketParams,
    rng: Rng,
    seed: u64,
    traders: Vec<Keypair>,
    /// The fixture's LP and a second one.
    lps: [Keypair; 2],
    keeper: Keypair,
    /// Sends tokens straight into the vault; takes part in nothing else.
    donor: Keypair,
    initial_tokens: u64,
    /// What the vault must hold beyond the buckets: donations since the last sweep.
    surplus: u64,
    feed: Feed,
    ledgers: BTreeMap<(usize, u64), Ledger>,
    log: Vec<String>,
    pub(crate) outcomes: Outcomes,
}

impl Sequence {
    pub(crate) async fn start(seed: u64) -> Self {
        let params = MarketParams {
            open_fee_bps: 5,
            close_fee_bps: 5,
            borrow_rate_bps_per_hour: 5,
            bankrupt_keeper_fee: ONE_USD / 2,
            ..RiskParams::default().into()
        };
        let (mut f, lp) = funded_market(MarketSetup {
            params,
            ..MarketSetup::default()
        })
        .await;
        let keeper = f.wallet(0).await;
        let donor = f.wallet(DONOR_FUNDS).await;
        let second_lp = f.wallet(SECOND_LP_FUNDS).await;
        let mut traders = Vec::new();
        for _ in 0..TRADERS {
            traders.push(f.wallet(TRADER_FUNDS).await);
        }
        let mut sequence = Sequence {
            f,
            params,
            rng: Rng::new(seed),
            seed,
            traders,
            lps: [lp, second_lp],
            keeper,
            donor,
            initial_tokens: 0,
            surplus: 0,
            feed: Feed {
                price: PRICE_150,
                ema: PRICE_150,
            },
            ledgers: BTreeMap::new(),
            log: Vec::new(),
            outcomes: Outcomes::default(),
        };
        sequence.publish_feed(0);
        sequence.initial_tokens = sequence.total_tokens().await;
        sequence
    }

    /// Where a failing check happened and the last actions before it.
    fn context(&self) -> String {
        let recent = &self.log[self.log.len().saturating_sub(16)..];
        format!(
            "seed {} after {} actions (last: {recent:?})",
            self.seed,
            self.log.len()
        )
    }

    fn record<T>(&mut self, label: &str, result: &Result<T, TxError>) {
        let outcome = outcome_of(label, result);
        self.outcomes.add(&outcome);
        self.log.push(outcome);
    }

    fn note(&mut self, outcome: &str) {
        self.outcomes.add(outcome);
        self.log.push(outcome.to_string());
    }

    // ----- the random mix -----

    /// One random action (weights out of 21), then the accounting checks.
    pub(crate) async fn step(&mut self) {
        let (label, result) = match self.rng.below(21) {
            0 | 1 => self.open_random().await,
            2 | 3 => self.straddle().await,
            4..=6 => self.move_price(),
            7 | 8 => self.shop().await,
            9 => self.pass_time(),
            10 | 11 => self.collateral().await,
            12 => self.reduce_random().await,
            13 | 14 => self.close_random().await,
            15 | 16 => {
                // Keepers mostly post a current update; sometimes a late one.
                let age = if self.rng.one_in(3) {
                    self.rng.publish_age()
                } else {
                    0
                };
                self.keeper_sweep(age).await
            }
            17 | 18 => self.lp_move().await,
            _ => self.donation().await,
        };
        self.record(label, &result);
        self.check_accounting().await;
    }

    /// The end of a sequence: a sweep at a fresh price, then LP fairness.
    pub(crate) async fn finish(&mut self) {
        let (label, result) = self.keeper_sweep(0).await;
        self.record(label, &result);
        self.check_accounting().await;
        self.lp_fairness().await;
        self.check_accounting().await;
    }

    fn pick_trader(&mut self) -> usize {
        self.rng.below(TRADERS as u64) as usize
    }

    /// Mostly one of the open positions, sometimes any (trader, id) (refusal paths).
    fn pick_position(&mut self) -> (usize, u64) {
        let open: Vec<(usize, u64)> = self.ledgers.keys().copied().collect();
        if !open.is_empty() && !self.rng.one_in(4) {
            return open[self.rng.below(open.len() as u64) as usize];
        }
        (self.pick_trader(), self.rng.below(POSITION_IDS))
    }

    fn collateral_for(&self, size: u64, leverage: u64) -> u64 {
        notional_atoms(size, self.feed.price) / leverage + ONE_USD
    }

    async fn open_random(&mut self) -> Step {
        let trader = self.pick_trader();
        let id = self.rng.below(ORDINARY_IDS);
        let side = self.rng.side();
        let size = (1 + self.rng.below(20)) * ONE_BASE / 2;
        let leverage = 5 + self.rng.below(6);
        let collateral = self.collateral_for(size, leverage);
        let result = self.open(trader, id, side, collateral, size).await;
        ("open", result)
    }

    /// Opens both legs when the trader holds neither; otherwise closes the winning one.
    async fn straddle(&mut self) -> Step {
        let trader = self.pick_trader();
        let legs: Vec<u64> = [STRADDLE_LONG, STRADDLE_SHORT]
            .into_iter()
            .filter(|id| self.ledgers.contains_key(&(trader, *id)))
            .collect();
        if legs.is_empty() {
            let size = (1 + self.rng.below(10)) * ONE_BASE / 2;
            let leverage = 5 + self.rng.below(6);
            let collateral = self.collateral_for(size, leverage);
            let mut result = self
                .open(trader, STRADDLE_LONG, Side::Long, collateral, size)
                .await;
            if result.is_ok() {
                result = self
                    .open(trader, STRADDLE_SHORT, Side::Short, collateral, size)
                    .await;
            }
            return ("straddle open", result);
        }
        let leg = self.winning_leg(trader, &legs).await;
        ("straddle close", self.close(trader, leg).await)
    }

    /// Of the open legs, the one with the higher PnL at its exit price.
    async fn winning_leg(&mut self, trader: usize, legs: &[u64]) -> u64 {
        let mut best = (i128::MIN, legs[0]);
        for &id in legs {
            if let Some(terms) = self.exit_terms(trader, id).await {
                let pnl = terms.snapshot.margin_at(terms.price).unwrap().pnl;
                if pnl > best.0 {
                    best = (pnl, id);
                }
            }
        }
        best.1
    }

    /// A move of up to +-12 % (one time in six a gap of up to +-25 %), lasting or (one
    /// time in three) a wick the EMA does not follow, published now or up to 20 s late.
    fn move_price(&mut self) -> Step {
        let bps = if self.rng.one_in(6) {
            self.rng.within(2_500)
        } else {
            self.rng.within(1_200)
        };
        let label = if self.rng.one_in(3) {
            self.feed = self.feed.wicked(bps);
            "wick"
        } else {
            self.feed = self.feed.moved(bps);
            "price"
        };
        let age = self.rng.publish_age();
        self.publish_feed(age);
        (label, Ok(()))
    }

    /// Posts another update of the feed (up to 5 % away, up to 20 s old) just before a
    /// trader acts, then the honest latest update again: an older one than the market
    /// last used must be refused, one past the trade age too.
    async fn shop(&mut self) -> Step {
        let honest = self.f.price;
        let bps = self.rng.within(500);
        let age = self.rng.below(MAX_PUBLISH_AGE + 1) as i64;
        self.f.publish(PriceSpec {
            price: honest.price + honest.price * bps / 10_000,
            publish_time: self.f.runtime.now() - age,
            ..honest
        });
        let (trader, id) = self.pick_position();
        let step = match self.rng.below(4) {
            0 => ("shop close", self.close(trader, id).await),
            1 => {
                let size = (1 + self.rng.below(10)) * ONE_BASE / 4;
                ("shop reduce", self.reduce(trader, id, size).await)
            }
            2 => {
                let amount = (1 + self.rng.below(50)) * ONE_USD;
                ("shop withdraw", self.withdraw(trader, id, amount).await)
            }
            _ => {
                let side = self.rng.side();
                let size = (1 + self.rng.below(20)) * ONE_BASE / 2;
                let collateral = self.collateral_for(size, 5);
                let id = id % ORDINARY_IDS;
                let result = self.open(trader, id, side, collateral, size).await;
                ("shop open", result)
            }
        };
        self.f.publish(honest);
        step
    }

    /// Seconds or hours; the feed republishes the price three times in four.
    fn pass_time(&mut self) -> Step {
        let seconds = if self.rng.one_in(2) {
            1 + self.rng.below(45)
        } else {
            self.rng.below(7_200)
        };
        self.f.advance_time(seconds as i64);
        if !self.rng.one_in(4) {
            self.publish_feed(0);
        }
        ("time", Ok(()))
    }

    /// A deposit; or a withdrawal of a few dollars, or of up to all the collateral of
    /// the position most in profit (which only its unrealized profit could cover).
    async fn collateral(&mut self) -> Step {
        if self.rng.one_in(2) {
            let (trader, id) = self.pick_position();
            let amount = self.rng.below(50) * ONE_USD + 1;
            return ("deposit", self.deposit(trader, id, amount).await);
        }
        if self.rng.one_in(2) {
            if let Some((trader, id, collateral)) = self.ranked_position(Rank::MostProfit).await {
                let amount = collateral / 10 * (1 + self.rng.below(10));
                return ("withdraw", self.withdraw(trader, id, amount).await);
            }
        }
        let (trader, id) = self.pick_position();
        let amount = self.rng.below(20) * ONE_USD + 1;
        ("withdraw", self.withdraw(trader, id, amount).await)
    }

    async fn reduce_random(&mut self) -> Step {
        let (trader, id) = self.pick_position();
        let size = (1 + self.rng.below(10)) * ONE_BASE / 4;
        ("reduce", self.reduce(trader, id, size).await)
    }

    /// Half the time a trader cutting the worst loss (the close that may leave bad
    /// debt), else any position.
    async fn close_random(&mut self) -> Step {
        let worst = if self.rng.one_in(2) {
            self.ranked_position(Rank::MostLoss).await
        } else {
            None
        };
        let (trader, id) = match worst {
            Some((trader, id, _)) => (trader, id),
            None => self.pick_position(),
        };
        ("close", self.close(trader, id).await)
    }

    /// The open position with the highest or lowest PnL at its exit price, with its
    /// collateral.
    async fn ranked_position(&mut self, rank: Rank) -> Option<(usize, u64, u64)> {
        let mut ranked = Vec::new();
        for (trader, id) in self.ledgers.keys().copied().collect::<Vec<_>>() {
            let terms = self.exit_terms(trader, id).await?;
            let pnl = terms.snapshot.margin_at(terms.price).unwrap().pnl;
            ranked.push((pnl, trader, id, terms.snapshot.collateral));
        }
        let pick = match rank {
            Rank::MostProfit => ranked.into_iter().max(),
            Rank::MostLoss => ranked.into_iter().min(),
        };
        pick.map(|(_, trader, id, collateral)| (trader, id, collateral))
    }

    async fn lp_move(&mut self) -> Step {
        let lp = self.lps[self.rng.below(2) as usize].insecure_clone();
        let amount = self.rng.below(5_000) * ONE_USD + 1;
        let max_age = self.params.max_trade_price_age_secs;
        if self.rng.one_in(2) {
            let instruction = ix::lp_withdraw(&self.f.keys, lp.pubkey(), amount);
            let result = self.send_priced(instruction, &lp, max_age).await;
            ("lp withdraw", result.map(|_| ()))
        } else {
            let instruction = ix::lp_deposit(&self.f.keys, lp.pubkey(), amount);
            let result = self.send_priced(instruction, &lp, max_age).await;
            ("lp deposit", result.map(|_| ()))
        }
    }

    /// A few atoms sent to the vault by the donor, or a sweep: one time in two when
    /// something was donated, one in six when not.
    async fn donation(&mut self) -> Step {
        let sweep_odds = if self.surplus > 0 { 2 } else { 6 };
        if self.rng.one_in(sweep_odds) {
            return ("sweep_surplus", self.sweep_surplus().await);
        }
        let amount = 1 + self.rng.below(1_000);
        let result = self.f.donate(&self.donor, amount).await.map(|_| ());
        if result.is_ok() {
            self.surplus += amount;
        }
        ("donate", result)
    }

    // ----- prices -----
}
