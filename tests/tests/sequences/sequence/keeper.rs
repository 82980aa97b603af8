//! The keeper sweep: every position the off-chain health calls liquidatable is
//! liquidated exactly as predicted, or refused with exactly the expected error.

use super::*;

impl Sequence {
    /// Publishes the feed `age` seconds old and tries `liquidate` on every open
    /// position, as a keeper bot would.
    pub(super) async fn keeper_sweep(&mut self, age: i64) -> Step {
        self.publish_feed(age);
        let mut last = Ok(());
        for trader in 0..TRADERS {
            for id in 0..POSITION_IDS {
                if let Some((position, _)) = self.open_position(trader, id).await {
                    last = self.liquidate_checked(trader, id, &position).await;
                }
            }
        }
        ("sweep", last)
    }

    /// What `liquidate` must do now, from the off-chain health: succeed, or fail with
    /// the named error.
    pub(super) fn expected_liquidation(
        &self,
        health: &Result<PositionHealth, HealthError>,
    ) -> Result<(), String> {
        if self.price_age() > i64::from(self.params.max_staleness_secs) {
            return Err("OracleStale".into());
        }
        if self.price_age() > i64::from(self.params.max_liquidation_price_age_secs) {
            return Err("OraclePriceTooOldForLiquidation".into());
        }
        match health {
            Err(e) => Err(e.0.clone()),
            Ok(health) if health.liquidatable => Ok(()),
            Ok(_) => Err("PositionHealthy".into()),
        }
    }

    pub(super) async fn off_chain_health(
        &mut self,
        position: &Position,
    ) -> Result<PositionHealth, HealthError> {
        let market = self.f.market().await;
        let oracle = self.f.runtime.account(self.f.keys.oracle).await.unwrap();
        let view = AccountView {
            key: &self.f.keys.oracle,
            owner: &oracle.owner,
            data: &oracle.data,
        };
        lever_client::health::compute(&market, position, view, self.f.runtime.now())
    }

    /// Liquidates as the off-chain health says: a liquidatable position at a price fresh
    /// enough must be liquidated, exactly as predicted; anything else refused with the
    /// expected error.
    pub(super) async fn liquidate_checked(
        &mut self,
        trader: usize,
        id: u64,
        position: &Position,
    ) -> Result<(), TxError> {
        let health = self.off_chain_health(position).await;
        let expected = self.expected_liquidation(&health);
        let keeper = self.keeper.insecure_clone();
        let owner = self.traders[trader].pubkey();
        let balances = (
            self.f.collateral_balance(&keeper.pubkey()).await,
            self.f.collateral_balance(&owner).await,
        );
        let instruction = ix::liquidate(&self.f.keys, keeper.pubkey(), owner, id);
        let max_age = self.params.max_liquidation_price_age_secs;
        let result = self
            .send_priced(instruction, &keeper, max_age)
            .await
            .map(|outcome| lever_client::health::decode_liquidation(&outcome.return_data).unwrap());
        self.record("liquidate", &result);
        match (expected, &result) {
            (Ok(()), Ok(record)) => {
                self.check_liquidation(trader, id, &health.unwrap(), record, balances)
                    .await
            }
            (Ok(()), Err(e)) => panic!(
                "{}: position {trader}/{id} is liquidatable ({health:?}) at a price {} s old, \
                 but liquidate failed: {e:?}",
                self.context(),
                self.price_age()
            ),
            (Err(name), Err(e)) => assert_eq!(
                e.name(),
                name,
                "{}: liquidate of {trader}/{id} ({health:?})",
                self.context()
            ),
            (Err(name), Ok(record)) => panic!(
                "{}: liquidate of {trader}/{id} succeeded ({record:?}), expected {name}",
                self.context()
            ),
        }
        result.map(|_| ())
    }

    /// A liquidation did what the health predicted and paid what its record says.
    pub(super) async fn check_liquidation(
        &mut self,
        trader: usize,
        id: u64,
        health: &PositionHealth,
        record: &PositionLiquidated,
        (keeper_before, owner_before): (u64, u64),
    ) {
        let context = self.context();
        assert_eq!(
            (record.closed_size, record.partial),
            (health.liquidation_size, health.liquidation_is_partial),
            "{context}: liquidation of {trader}/{id} differs from its health {health:?}"
        );
        let keeper_paid = self.f.collateral_balance(&self.keeper.pubkey()).await - keeper_before;
        let owner = self.traders[trader].pubkey();
        let owner_paid = self.f.collateral_balance(&owner).await - owner_before;
        assert_eq!(
            (keeper_paid, owner_paid),
            (
                record.keeper_reward + record.bankrupt_keeper_fee,
                record.owner_payout
            ),
            "{context}: liquidation payments differ from {record:?}"
        );
        let still_open = self.f.position(&owner, id).await.is_some();
        assert_eq!(still_open, record.partial, "{context}: {record:?}");
        self.ledger_mut(trader, id).taken_out += owner_paid;
        if !record.partial {
            self.ledgers.remove(&(trader, id));
        }
        if record.bankrupt_keeper_fee > 0 {
            self.note("liquidate: bankrupt");
        }
    }

    // ----- LPs and donations -----
}
