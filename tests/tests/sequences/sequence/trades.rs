//! Trader instructions sent with their checks: prices used, exits within the hold,
//! the exit-price bound, bad-debt closes, withdrawals without profit.

use super::*;

impl Sequence {
    /// Publishes the honest feed `age` seconds old.
    pub(super) fn publish_feed(&mut self, age: i64) {
        let spec = self
            .feed
            .spec(self.f.setup.expo, self.f.runtime.now() - age);
        self.f.publish(spec);
    }

    /// The oracle's current update as the math crate reads it.
    pub(super) fn quote(&self) -> OracleQuote {
        let spec = self.f.price;
        OracleQuote {
            price: spec.price,
            conf: spec.conf,
            ema_price: spec.ema_price,
            expo: spec.expo,
            publish_time: spec.publish_time,
        }
    }

    pub(super) fn price_age(&self) -> i64 {
        self.f.runtime.now() - self.f.price.publish_time
    }

    /// Sends an instruction that reads the oracle; when it succeeds, checks that it used
    /// the published update, no older than the market's last and at most `max_age` old.
    pub(super) async fn send_priced(
        &mut self,
        instruction: Instruction,
        signer: &Keypair,
        max_age: u32,
    ) -> Result<TxOutcome, TxError> {
        let last_used = self.f.market().await.last_price_publish_time;
        let result = self.f.send(&[instruction], &[signer]).await;
        if result.is_ok() {
            let used = self.f.market().await.last_price_publish_time;
            let published = self.f.price.publish_time;
            assert!(
                used == published && used >= last_used && self.price_age() <= i64::from(max_age),
                "{}: accepted a price published at {published} (age {}, max {max_age}) \
                 after one of {last_used}; recorded {used}",
                self.context(),
                self.price_age()
            );
        }
        result
    }

    // ----- trader actions and their checks -----

    pub(super) async fn open(
        &mut self,
        trader: usize,
        id: u64,
        side: Side,
        collateral: u64,
        size: u64,
    ) -> Result<(), TxError> {
        let owner = self.traders[trader].insecure_clone();
        let args = OpenPositionArgs {
            position_id: id,
            side,
            collateral,
            size,
        };
        let instruction = ix::open_position(&self.f.keys, owner.pubkey(), args);
        let max_age = self.params.max_trade_price_age_secs;
        self.send_priced(instruction, &owner, max_age).await?;
        let position = self.f.position(&owner.pubkey(), id).await;
        let entry_publish_time = position
            .unwrap_or_else(|| panic!("{}: opened position missing", self.context()))
            .entry_publish_time;
        assert_eq!(
            entry_publish_time,
            self.f.price.publish_time,
            "{}: the position records another entry price time",
            self.context()
        );
        let previous = self.ledgers.insert(
            (trader, id),
            Ledger {
                put_in: collateral,
                taken_out: 0,
                entry_publish_time,
            },
        );
        assert!(
            previous.is_none(),
            "{}: opened over an open position",
            self.context()
        );
        Ok(())
    }

    pub(super) async fn deposit(
        &mut self,
        trader: usize,
        id: u64,
        amount: u64,
    ) -> Result<(), TxError> {
        let owner = self.traders[trader].insecure_clone();
        let instruction = ix::deposit_collateral(&self.f.keys, owner.pubkey(), id, amount);
        self.f.send(&[instruction], &[&owner]).await?;
        self.ledger_mut(trader, id).put_in += amount;
        Ok(())
    }

    pub(super) async fn withdraw(
        &mut self,
        trader: usize,
        id: u64,
        amount: u64,
    ) -> Result<(), TxError> {
        let owner = self.traders[trader].insecure_clone();
        let instruction = ix::withdraw_collateral(&self.f.keys, owner.pubkey(), id, amount);
        let max_age = self.params.max_trade_price_age_secs;
        self.send_priced(instruction, &owner, max_age).await?;
        self.ledger_mut(trader, id).taken_out += amount;
        self.assert_margin_without_profit(trader, id).await;
        Ok(())
    }

    /// After a withdrawal: E >= IM at the risk price, unrealized profit counted zero.
    pub(super) async fn assert_margin_without_profit(&mut self, trader: usize, id: u64) {
        let market = self.f.market().await;
        let owner = self.traders[trader].pubkey();
        let position = self.f.position(&owner, id).await.unwrap();
        // The withdrawal brought the borrow index up to now.
        let snapshot = position.snapshot(market.borrow_index.get()).unwrap();
        let risk = risk_price(&self.quote(), snapshot.side, market.decimals()).unwrap();
        let meets = snapshot
            .meets_initial_margin_without_profit(risk, self.params.imr_bps)
            .unwrap();
        assert!(
            meets,
            "{}: a withdrawal left {snapshot:?} below IM at {risk:?} without its profit",
            self.context()
        );
    }

    pub(super) async fn reduce(
        &mut self,
        trader: usize,
        id: u64,
        size: u64,
    ) -> Result<(), TxError> {
        let terms = self.exit_terms(trader, id).await;
        let owner = self.traders[trader].insecure_clone();
        let instruction = ix::reduce_position(&self.f.keys, owner.pubkey(), id, size);
        let max_age = self.params.max_trade_price_age_secs;
        self.send_priced(instruction, &owner, max_age).await?;
        let terms = terms.unwrap_or_else(|| panic!("{}: reduced nothing", self.context()));
        let position = self.f.position(&owner.pubkey(), id).await.unwrap();
        let bound = settle_partial_realizing(
            &terms.snapshot,
            size,
            terms.price,
            self.params.close_fee_bps,
            terms.realize(),
        )
        .unwrap();
        assert!(
            i128::from(position.collateral) <= bound.new_collateral,
            "{}: a reduce left {} of collateral, the rules give {}",
            self.context(),
            position.collateral,
            bound.new_collateral
        );
        if terms.within_hold {
            assert!(
                position.collateral <= terms.snapshot.collateral,
                "{}: a reduce within the hold raised the collateral {} -> {}",
                self.context(),
                terms.snapshot.collateral,
                position.collateral
            );
        }
        Ok(())
    }

    pub(super) async fn close(&mut self, trader: usize, id: u64) -> Result<(), TxError> {
        let terms = self.exit_terms(trader, id).await;
        let owner = self.traders[trader].insecure_clone();
        let before = self.f.collateral_balance(&owner.pubkey()).await;
        let instruction = ix::close_position(&self.f.keys, owner.pubkey(), id);
        let max_age = self.params.max_trade_price_age_secs;
        let result = self.send_priced(instruction, &owner, max_age).await;
        match (&result, terms) {
            (Ok(_), Some(terms)) => {
                let payout = self.f.collateral_balance(&owner.pubkey()).await - before;
                self.check_close(trader, id, terms, payout).await;
            }
            (Ok(_), None) => panic!("{}: closed a position that is not open", self.context()),
            (Err(e), Some(terms)) if e.name() == "CloseWouldLeaveBadDebt" => {
                let settlement = self.settle_close(terms, terms.realize());
                assert!(
                    settlement.bad_debt > 0,
                    "{}: close refused as bad debt, but settles to {settlement:?}",
                    self.context()
                );
            }
            (Err(_), _) => {}
        }
        result.map(|_| ())
    }

    /// The close at `terms` as the rules settle it.
    pub(super) fn settle_close(&self, terms: ExitTerms, realize: Realize) -> FullSettlement {
        settle_full_realizing(
            &terms.snapshot,
            terms.price,
            self.params.close_fee_bps,
            realize,
        )
        .unwrap()
    }

    /// A close paid `payout`: no bad debt, no more than the rules give, and within the
    /// hold no more out of the position than went in.
    pub(super) async fn check_close(
        &mut self,
        trader: usize,
        id: u64,
        terms: ExitTerms,
        payout: u64,
    ) {
        let settlement = self.settle_close(terms, terms.realize());
        assert_eq!(
            settlement.bad_debt,
            0,
            "{}: a close left bad debt",
            self.context()
        );
        assert!(
            payout <= settlement.owner_payout,
            "{}: a close paid {payout}, the rules give {}",
            self.context(),
            settlement.owner_payout
        );
        let owner = self.traders[trader].pubkey();
        assert!(
            self.f.position(&owner, id).await.is_none(),
            "{}: a closed position is still open",
            self.context()
        );
        let ledger = self.ledgers.remove(&(trader, id)).unwrap();
        if terms.within_hold {
            let taken_out = ledger.taken_out + payout;
            assert!(
                taken_out <= ledger.put_in,
                "{}: closed within the hold, the position paid {taken_out} for {} put in",
                self.context(),
                ledger.put_in
            );
            if self.settle_close(terms, Realize::All).pnl > 0 {
                self.note("close: profit forfeited");
            }
        }
    }

    /// The position and its ledger when it is open; asserts that the chain and the
    /// ledger agree on that.
    pub(super) async fn open_position(
        &mut self,
        trader: usize,
        id: u64,
    ) -> Option<(Position, Ledger)> {
        let owner = self.traders[trader].pubkey();
        let position = self.f.position(&owner, id).await;
        let ledger = self.ledgers.get(&(trader, id)).copied();
        assert_eq!(
            position.is_some(),
            ledger.is_some(),
            "{}: position {trader}/{id} open on chain: {}, in the ledger: {}",
            self.context(),
            position.is_some(),
            ledger.is_some()
        );
        Some((position?, ledger?))
    }

    /// The position's exit terms at the published price, `None` when it is not open.
    pub(super) async fn exit_terms(&mut self, trader: usize, id: u64) -> Option<ExitTerms> {
        let (position, ledger) = self.open_position(trader, id).await?;
        let market = self.f.market().await;
        let index = market.projected_borrow_index(self.f.runtime.now()).unwrap();
        let snapshot = position.snapshot(index).unwrap();
        let quote = self.quote();
        let decimals = market.decimals();
        let spot = execution_price(&quote, snapshot.side, decimals).unwrap();
        let mark =
            liquidation_mark(&quote, self.params.ema_band_bps, snapshot.side, decimals).unwrap();
        let held = quote.publish_time - ledger.entry_publish_time;
        Some(ExitTerms {
            snapshot,
            price: snapshot.side.worse_of(spot, mark),
            within_hold: held < i64::from(self.params.min_hold_secs),
        })
    }

    pub(super) fn ledger_mut(&mut self, trader: usize, id: u64) -> &mut Ledger {
        let context = self.context();
        self.ledgers
            .get_mut(&(trader, id))
            .unwrap_or_else(|| panic!("{context}: position {trader}/{id} not in the ledger"))
    }

    // ----- keeper -----
}
