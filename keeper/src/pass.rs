//! One pass of the keeper over its markets: fetch each market and all its positions
//! (`getProgramAccounts`), evaluate them with the program's own health code, and
//! liquidate the liquidatable ones, most underwater first: simulate (the program's
//! return data says what the keeper would earn), skip it when the reward is below the
//! minimum, send, and classify what came back.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token::spl_token;
use lever_ops::book::{decode_positions, evaluate, MarketState};
use lever_ops::chain::Chain;
use lever_ops::rpc::RpcChain;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::decide::{candidates, classify, worth_it, Candidate, Outcome};

/// What the keeper is told to do.
pub struct Options {
    pub markets: Vec<u16>,
    /// Collateral atoms a liquidation must pay the keeper at least.
    pub min_reward: u64,
    pub dry_run: bool,
}

/// Counters over the keeper's life and gauges of its last pass (what `/metrics`
/// exports and `--once` prints).
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub passes: u64,
    /// Positions read in the last pass.
    pub positions_tracked: u64,
    /// Liquidatable positions found in the last pass.
    pub liquidatable_now: u64,
    /// Liquidatable positions found, over all passes.
    pub liquidatable_seen: u64,
    pub liquidated: u64,
    /// Lost races by the refusal that told (`PositionHealthy`...).
    pub lost_races: BTreeMap<String, u64>,
    pub unprofitable: u64,
    pub would_liquidate: u64,
    /// Failures by error name (reads and sends).
    pub failures: BTreeMap<String, u64>,
    /// The keeper rewards the simulations before each send reported (what landed can
    /// differ by the borrow fees of the seconds in between).
    pub rewards_simulated: u64,
    /// Passes in a row with a failure (the back-off's exponent).
    pub consecutive_failed_passes: u32,
    /// Seconds the last pass took (RPC reads, simulations and sends).
    pub last_pass_seconds: f64,
    /// From first seen liquidatable to confirmed liquidation: sum (s) and count.
    pub time_to_liquidation_sum: f64,
    pub time_to_liquidation_count: u64,
    first_seen: HashMap<Pubkey, Instant>,
}

impl Stats {
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "passes": self.passes,
            "positions_tracked": self.positions_tracked,
            "liquidatable_now": self.liquidatable_now,
            "liquidatable_seen": self.liquidatable_seen,
            "liquidated": self.liquidated,
            "lost_races": self.lost_races.values().sum::<u64>(),
            "lost_races_by_error": self.lost_races,
            "unprofitable": self.unprofitable,
            "would_liquidate": self.would_liquidate,
            "failures": self.failures.values().sum::<u64>(),
            "failures_by_error": self.failures,
            "rewards_simulated": self.rewards_simulated,
        })
    }

    fn fail(&mut self, name: String) {
        *self.failures.entry(name).or_default() += 1;
    }

    fn count(&mut self, candidate: &Pubkey, outcome: &Outcome) {
        match outcome {
            Outcome::Liquidated { reward } => {
                self.liquidated += 1;
                self.rewards_simulated = self.rewards_simulated.saturating_add(*reward);
                if let Some(seen) = self.first_seen.remove(candidate) {
                    self.time_to_liquidation_sum += seen.elapsed().as_secs_f64();
                    self.time_to_liquidation_count += 1;
                }
            }
            Outcome::LostRace(name) => *self.lost_races.entry(name.clone()).or_default() += 1,
            Outcome::Unprofitable { .. } => self.unprofitable += 1,
            Outcome::WouldLiquidate { .. } => self.would_liquidate += 1,
            Outcome::Failed(name) => self.fail(name.clone()),
        }
    }
}

/// The keeper's collateral accounts already known to exist, per mint.
#[derive(Default)]
pub struct Accounts {
    known: HashSet<Pubkey>,
}

/// One pass over every market; a market that cannot be read is logged and skipped.
pub async fn run(
    chain: &mut RpcChain,
    keeper: &Keypair,
    options: &Options,
    accounts: &mut Accounts,
    stats: &mut Stats,
) {
    let started = Instant::now();
    let failures_before: u64 = stats.failures.values().sum();
    stats.passes += 1;
    stats.positions_tracked = 0;
    stats.liquidatable_now = 0;
    let mut still_liquidatable = HashSet::new();
    for index in &options.markets {
        let state = match MarketState::fetch(chain, *index, None).await {
            Ok(state) => state,
            Err(e) => {
                eprintln!("market={index} event=read_failed error={e}");
                stats.fail("read_market".into());
                continue;
            }
        };
        let positions = match chain.positions(&state.address, None).await {
            Ok(positions) => positions,
            Err(e) => {
                eprintln!("market={index} event=read_failed error={e}");
                stats.fail("read_positions".into());
                continue;
            }
        };
        let rows = evaluate(&state, decode_positions(&state.address, positions));
        stats.positions_tracked = stats.positions_tracked.saturating_add(rows.len() as u64);
        // One transaction at a time, so nothing is ever in flight twice.
        let found = candidates(&rows, &HashSet::new());
        stats.liquidatable_now = stats.liquidatable_now.saturating_add(found.len() as u64);
        stats.liquidatable_seen = stats.liquidatable_seen.saturating_add(found.len() as u64);
        for candidate in found {
            still_liquidatable.insert(candidate.address);
            stats
                .first_seen
                .entry(candidate.address)
                .or_insert_with(Instant::now);
            let outcome = liquidate(chain, keeper, &state, &candidate, options, accounts).await;
            eprintln!(
                "market={index} position={} margin_bps={} outcome={outcome:?}",
                candidate.address, candidate.margin_ratio_bps
            );
            stats.count(&candidate.address, &outcome);
        }
    }
    // Forget positions no longer liquidatable (taken by another keeper, or healthy).
    stats
        .first_seen
        .retain(|address, _| still_liquidatable.contains(address));
    let failed = stats.failures.values().sum::<u64>() > failures_before;
    stats.consecutive_failed_passes = if failed {
        stats.consecutive_failed_passes.saturating_add(1)
    } else {
        0
    };
    stats.last_pass_seconds = started.elapsed().as_secs_f64();
}

/// The pause after a pass: the interval, doubled per failed pass in a row, at most 30 s.
pub fn backoff(interval: Duration, consecutive_failed_passes: u32) -> Duration {
    let factor = 1u32
        .checked_shl(consecutive_failed_passes.min(16))
        .unwrap_or(u32::MAX);
    interval
        .saturating_mul(factor)
        .min(Duration::from_secs(30))
        .max(interval)
}

async fn liquidate(
    chain: &mut RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    candidate: &Candidate,
    options: &Options,
    accounts: &mut Accounts,
) -> Outcome {
    let keys = lever_client::MarketKeys::derive(
        state.market.index,
        state.market.collateral_mint,
        state.oracle,
    );
    let mut instructions = Vec::new();
    let collateral = get_associated_token_address(&keeper.pubkey(), &keys.collateral_mint);
    if !accounts.known.contains(&collateral) {
        match chain.account_data(&collateral).await {
            Ok(Some(_)) => {
                accounts.known.insert(collateral);
            }
            Ok(None) => instructions.push(create_associated_token_account_idempotent(
                &keeper.pubkey(),
                &keeper.pubkey(),
                &keys.collateral_mint,
                &spl_token::ID,
            )),
            Err(e) => return classify(&e),
        }
    }
    instructions.push(lever_client::ix::liquidate(
        &keys,
        keeper.pubkey(),
        candidate.owner,
        candidate.position_id,
    ));
    let simulated = match chain.simulate(&instructions, &[keeper]).await {
        Ok(simulated) => simulated,
        Err(e) => return classify(&e),
    };
    let reward = match lever_client::health::decode_liquidation(&simulated.return_data) {
        Ok(record) => record.keeper_reward,
        Err(e) => return Outcome::Failed(format!("return data: {e}")),
    };
    if !worth_it(reward, options.min_reward) {
        return Outcome::Unprofitable { reward };
    }
    if options.dry_run {
        return Outcome::WouldLiquidate { reward };
    }
    match chain.send(&instructions, &[keeper]).await {
        Ok(()) => {
            accounts.known.insert(collateral);
            Outcome::Liquidated { reward }
        }
        Err(e) => classify(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_exponentially_up_to_30_s() {
        let second = Duration::from_secs(1);
        assert_eq!(backoff(second, 0), second);
        assert_eq!(backoff(second, 1), 2 * second);
        assert_eq!(backoff(second, 3), 8 * second);
        assert_eq!(backoff(second, 10), 30 * second);
        assert_eq!(backoff(second, u32::MAX), 30 * second);
        assert_eq!(
            backoff(Duration::from_secs(60), 2),
            Duration::from_secs(60),
            "never below the interval"
        );
    }
}
