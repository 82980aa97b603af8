//! LP fairness at the end of a sequence, the sweep, and token accounting after every
//! step.

use super::*;

impl Sequence {
    /// Two LPs withdraw the same number of shares one after the other, in random order,
    /// at one price: they are paid the same within [`LP_FAIRNESS_ATOMS`].
    pub(super) async fn lp_fairness(&mut self) {
        self.publish_feed(0);
        for lp in 0..2 {
            let wallet = self.lps[lp].pubkey();
            if self.f.share_balance(&wallet).await == 0 {
                let amount = self
                    .f
                    .collateral_balance(&wallet)
                    .await
                    .min(SECOND_LP_FUNDS);
                let result = self.lp_deposit(lp, amount).await;
                self.record("lp fairness deposit", &result);
            }
        }
        let mut shares = u64::MAX;
        for lp in &self.lps {
            shares = shares.min(self.f.share_balance(&lp.pubkey()).await / 4);
        }
        if shares == 0 {
            self.note("lp fairness: no shares");
            return;
        }
        let first = self.rng.below(2) as usize;
        let paid_first = self.lp_withdraw(first, shares).await;
        let paid_second = match &paid_first {
            Ok(_) => self.lp_withdraw(1 - first, shares).await,
            Err(e) => Err(e.clone()),
        };
        self.record("lp fairness", &paid_second);
        if let (Ok(a), Ok(b)) = (paid_first, paid_second) {
            assert!(
                a.abs_diff(b) <= LP_FAIRNESS_ATOMS,
                "{}: {shares} shares paid {a} to LP {first}, then {b} to the other",
                self.context()
            );
        }
    }

    pub(super) async fn lp_deposit(
        &mut self,
        lp: usize,
        amount: u64,
    ) -> Result<TxOutcome, TxError> {
        let wallet = self.lps[lp].insecure_clone();
        let instruction = ix::lp_deposit(&self.f.keys, wallet.pubkey(), amount);
        let max_age = self.params.max_trade_price_age_secs;
        self.send_priced(instruction, &wallet, max_age).await
    }

    /// Burns `shares` of LP `lp`; returns what it was paid.
    pub(super) async fn lp_withdraw(&mut self, lp: usize, shares: u64) -> Result<u64, TxError> {
        let wallet = self.lps[lp].insecure_clone();
        let before = self.f.collateral_balance(&wallet.pubkey()).await;
        let instruction = ix::lp_withdraw(&self.f.keys, wallet.pubkey(), shares);
        let max_age = self.params.max_trade_price_age_secs;
        self.send_priced(instruction, &wallet, max_age).await?;
        Ok(self.f.collateral_balance(&wallet.pubkey()).await - before)
    }

    /// `sweep_surplus`: refused when nothing was donated since the last sweep, else the
    /// whole surplus goes to the insurance fund.
    pub(super) async fn sweep_surplus(&mut self) -> Result<(), TxError> {
        let insurance_before = self.f.market().await.insurance_fund;
        let instruction = ix::sweep_surplus(&self.f.keys, self.donor.pubkey());
        let donor = self.donor.insecure_clone();
        let result = self.f.send(&[instruction], &[&donor]).await.map(|_| ());
        match &result {
            Ok(()) => {
                let insurance = self.f.market().await.insurance_fund;
                assert!(
                    self.surplus > 0 && insurance == insurance_before + self.surplus,
                    "{}: swept a surplus of {}: insurance {insurance_before} -> {insurance}",
                    self.context(),
                    self.surplus
                );
                self.surplus = 0;
            }
            Err(e) => assert_eq!(
                (self.surplus, e.name()),
                (0, "NoSurplus"),
                "{}: sweep refused",
                self.context()
            ),
        }
        result
    }

    // ----- accounting -----

    pub(super) async fn total_tokens(&mut self) -> u64 {
        let mut wallets: Vec<_> = self.traders.iter().map(|t| t.pubkey()).collect();
        wallets.extend(self.lps.iter().map(|lp| lp.pubkey()));
        wallets.push(self.keeper.pubkey());
        wallets.push(self.donor.pubkey());
        let mut total = self.f.vault_balance().await;
        for wallet in &wallets {
            total += self.f.collateral_balance(wallet).await;
        }
        total
    }

    /// The vault holds the buckets plus exactly the donations since the last sweep, and
    /// no token was created or destroyed.
    pub(super) async fn check_accounting(&mut self) {
        let surplus = self.f.vault_surplus().await;
        assert_eq!(
            surplus,
            Some(self.surplus),
            "{}: vault surplus over the buckets",
            self.context()
        );
        let total = self.total_tokens().await;
        assert_eq!(
            total,
            self.initial_tokens,
            "{}: tokens in the vault and wallets changed",
            self.context()
        );
    }
}
