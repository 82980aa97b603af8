//! The keeper's work on its markets: a full pass reads each market and all its
//! positions (`getProgramAccounts`) into the cache; a reaction evaluates a market from
//! the cache after notifications. Either way the positions are evaluated with the
//! program's own health code and the liquidatable ones liquidated, most underwater
//! first, through [`crate::send`] (simulated, skipped below the minimum reward, sent,
//! and classified by what came back); the counters and gauges are kept here.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use lever::state::Position;
use lever_math::OracleQuote;
use lever_ops::book::{evaluate, MarketState};
use lever_ops::chain::Chain;
use lever_ops::rpc::RpcChain;
use solana_keypair::Keypair;

use crate::cache::MarketCache;
use crate::decide::{candidates, Candidate, MinReward, Outcome};
use crate::send;

/// What the keeper is told to do.
pub struct Options {
    pub markets: Vec<u16>,
    /// What a liquidation must pay the keeper (the SOL price of `Fee` is refreshed
    /// at every full pass from `sol_oracle`).
    pub min_reward: MinReward,
    /// The Pyth account of SOL's price in the collateral's currency (`--sol-oracle`),
    /// read for `MinReward::Fee` only.
    pub sol_oracle: Pubkey,
    pub dry_run: bool,
    /// Positions per transaction; 1 sends `liquidate`, more `liquidate_batch`.
    pub batch_size: usize,
    /// Claim every pending payout of the markets for its owner after each pass.
    pub claim_payouts: bool,
    /// Liquidation transactions of one market sent at once (each holds other
    /// positions).
    pub max_in_flight: usize,
}

/// Counters over the keeper's life and gauges of its last pass (what `/metrics`
/// exports and `--once` prints).
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub passes: u64,
    /// Per market, as of its last successful read: a pass that cannot read a market
    /// keeps what was last known (the failure is counted) rather than report zero.
    pub markets: BTreeMap<u16, MarketGauges>,
    /// Liquidatable positions found, over all passes.
    pub liquidatable_seen: u64,
    /// Liquidatable positions tried (each one simulated, then sent or not): the sum of
    /// every outcome below.
    pub attempts: u64,
    pub liquidated: u64,
    /// Lost races by the refusal that told (`PositionHealthy`...).
    pub lost_races: BTreeMap<String, u64>,
    pub unprofitable: u64,
    pub would_liquidate: u64,
    /// `claim_payout`s sent for owners (`--claim-payouts`).
    pub payouts_claimed: u64,
    /// Failures by error name (reads and sends).
    pub failures: BTreeMap<String, u64>,
    /// The keeper rewards the simulations before each send reported (what landed can
    /// differ by the borrow fees of the seconds in between).
    pub rewards_simulated: u64,
    /// Passes in a row with a failure (the back-off's exponent).
    pub consecutive_failed_passes: u32,
    /// Seconds the last pass took (RPC reads, simulations and sends).
    pub last_pass_seconds: f64,
    /// Websocket notifications applied (prices, the market, positions).
    pub notifications: u64,
    /// Whether the subscriptions are in place (else the keeper polls).
    pub subscribed: bool,
    /// From first seen liquidatable to confirmed liquidation: sum (s) and count.
    pub time_to_liquidation_sum: f64,
    pub time_to_liquidation_count: u64,
    /// RPC latency by call: `read` (a market, its oracle, the clock and its positions),
    /// `liquidate` (one transaction simulated, sent and confirmed), `claim`.
    pub rpc_seconds: BTreeMap<&'static str, Timing>,
    /// Positions left out of reactions until then (see [`COOLDOWN`]).
    cooldown: HashMap<Pubkey, Instant>,
    first_seen: HashMap<Pubkey, Instant>,
}

/// Durations observed: their sum (seconds) and count, a Prometheus summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timing {
    pub sum: f64,
    pub count: u64,
}

/// A market's gauges from its last successful read.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarketGauges {
    /// Open positions read.
    pub positions: u64,
    /// Of them, liquidatable.
    pub liquidatable: u64,
}

impl Stats {
    /// Positions of every watched market, as last read.
    pub fn positions_tracked(&self) -> u64 {
        self.markets.values().map(|market| market.positions).sum()
    }

    /// Liquidatable positions of every watched market, as last read.
    pub fn liquidatable_now(&self) -> u64 {
        self.markets
            .values()
            .map(|market| market.liquidatable)
            .sum()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "passes": self.passes,
            "positions_tracked": self.positions_tracked(),
            "liquidatable_now": self.liquidatable_now(),
            "liquidatable_seen": self.liquidatable_seen,
            "attempts": self.attempts,
            "liquidated": self.liquidated,
            "lost_races": self.lost_races.values().sum::<u64>(),
            "lost_races_by_error": self.lost_races,
            "unprofitable": self.unprofitable,
            "would_liquidate": self.would_liquidate,
            "payouts_claimed": self.payouts_claimed,
            "failures": self.failures.values().sum::<u64>(),
            "failures_by_error": self.failures,
            "rewards_simulated": self.rewards_simulated,
            "notifications": self.notifications,
        })
    }

    /// Positions cooling down now.
    fn cooling(&self) -> HashSet<Pubkey> {
        let now = Instant::now();
        self.cooldown
            .iter()
            .filter(|(_, until)| **until > now)
            .map(|(address, _)| *address)
            .collect()
    }

    /// Records an RPC call's duration.
    pub fn time(&mut self, call: &'static str, took: Duration) {
        let timing = self.rpc_seconds.entry(call).or_default();
        timing.sum += took.as_secs_f64();
        timing.count = timing.count.saturating_add(1);
    }

    /// Counts a failure under its name. An unavailable cluster's message (addresses,
    /// signatures, heights) is cut to `unavailable`, so the metric has a bounded set of
    /// labels; the log line has the message.
    pub fn fail(&mut self, name: String) {
        let name = match name.find("unavailable") {
            Some(at) => name
                .get(..at + "unavailable".len())
                .unwrap_or("unavailable")
                .to_owned(),
            None => name,
        };
        *self.failures.entry(name).or_default() += 1;
    }

    fn count(&mut self, candidate: &Pubkey, outcome: &Outcome) {
        self.attempts += 1;
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

/// How long a position that was unprofitable, only simulated (dry run) or failed is
/// left out of reactions to notifications (full passes still try it).
const COOLDOWN: Duration = Duration::from_secs(10);

/// The keeper's collateral accounts already known to exist, per mint.
#[derive(Default)]
pub struct Accounts {
    pub(crate) known: HashSet<Pubkey>,
}

/// What the keeper works with: the cluster, its keypair and settings, what it knows.
pub struct Keeper {
    pub chain: RpcChain,
    pub keypair: Keypair,
    pub options: Options,
    pub accounts: Accounts,
    /// Each watched market as last read, with the notifications since applied.
    pub caches: BTreeMap<u16, MarketCache>,
}

/// One full pass over every market: read it and all its positions again (the cache
/// replaced), liquidate what is liquidatable (positions cooling down included), claim
/// payouts if asked. A market that cannot be read is logged, counted and skipped (its
/// cache kept).
pub async fn run(keeper: &mut Keeper, stats: &mut Stats) {
    let started = Instant::now();
    let failures_before: u64 = stats.failures.values().sum();
    stats.passes += 1;
    let now = Instant::now();
    stats.cooldown.retain(|_, until| *until > now);
    refresh_sol_price(keeper).await;
    let mut still_liquidatable = HashSet::new();
    for index in keeper.options.markets.clone() {
        let Some(cache) = read(&mut keeper.chain, index, stats).await else {
            continue;
        };
        let state = cache.state();
        keeper.caches.insert(index, cache);
        let found = act_and_refresh(keeper, stats, index, &HashSet::new()).await;
        still_liquidatable.extend(found);
        if keeper.options.claim_payouts && !keeper.options.dry_run {
            send::claim_payouts(&mut keeper.chain, &keeper.keypair, &state, stats).await;
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

/// Reads SOL's price again for valuing fees (`--min-reward fee`). A failed read keeps
/// the last price (a fee estimate a few minutes old is still close) and is logged, not
/// counted as a failed pass: liquidations go on.
async fn refresh_sol_price(keeper: &mut Keeper) {
    let oracle = keeper.options.sol_oracle;
    let MinReward::Fee { sol } = &mut keeper.options.min_reward else {
        return;
    };
    match read_sol_price(&mut keeper.chain, &oracle).await {
        Ok(quote) => *sol = quote,
        Err(e) => {
            tracing::warn!(oracle = %oracle, error = %e, "SOL price unreadable: the last one is kept");
        }
    }
}

/// SOL's price from the Pyth account `oracle` (pull or legacy), by the program's
/// decoders.
pub async fn read_sol_price(chain: &mut RpcChain, oracle: &Pubkey) -> Result<OracleQuote, String> {
    let account = chain
        .account(oracle)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no account at {oracle}"))?;
    let quote = lever_client::oracle::quote(oracle, &account.owner, &account.data)?;
    // Pyth publishes a non-positive price for a feed in trouble: no fee can be valued
    // with it (every transaction would be skipped as unprofitable).
    if quote.price <= 0 {
        return Err(format!("SOL price {} is not positive", quote.price));
    }
    Ok(quote)
}

/// After notifications: evaluates each changed market from its cache (no RPC read) and
/// liquidates what became liquidatable, leaving out positions cooling down (a
/// notification comes every slot; a position that was unprofitable or failed is not
/// simulated again on each).
pub async fn react(keeper: &mut Keeper, stats: &mut Stats, changed: &BTreeSet<u16>) {
    for index in changed {
        let cooling = stats.cooling();
        act_and_refresh(keeper, stats, *index, &cooling).await;
    }
}

/// Acts on market `index` from its cache; when anything landed or was taken by another
/// keeper, reads the market again (what landed, and accounts a liquidation closed,
/// which no notification reports) and acts once more on what is left. The
/// liquidatable positions last seen.
async fn act_and_refresh(
    keeper: &mut Keeper,
    stats: &mut Stats,
    index: u16,
    excluded: &HashSet<Pubkey>,
) -> Vec<Pubkey> {
    let Some(cache) = keeper.caches.get(&index) else {
        return Vec::new();
    };
    let (state, positions) = (cache.state(), cache.positions());
    let outcomes = act(keeper, stats, &state, positions, excluded).await;
    let changed_hands = outcomes
        .iter()
        .any(|(_, outcome)| matches!(outcome, Outcome::Liquidated { .. } | Outcome::LostRace(_)));
    if !changed_hands {
        return outcomes.into_iter().map(|(address, _)| address).collect();
    }
    let Some(fresh) = read(&mut keeper.chain, index, stats).await else {
        return Vec::new();
    };
    let (state, positions) = (fresh.state(), fresh.positions());
    keeper.caches.insert(index, fresh);
    let cooling = stats.cooling();
    act(keeper, stats, &state, positions, &cooling)
        .await
        .into_iter()
        .map(|(address, _)| address)
        .collect()
}

/// Market `index`, its oracle account and all its positions, read now; a failure is
/// logged and counted.
async fn read(chain: &mut RpcChain, index: u16, stats: &mut Stats) -> Option<MarketCache> {
    let started = Instant::now();
    let read = read_market(chain, index, stats).await;
    stats.time("read", started.elapsed());
    read
}

async fn read_market(chain: &mut RpcChain, index: u16, stats: &mut Stats) -> Option<MarketCache> {
    // Notifications written before this slot are already in what is read next.
    let read_slot = match chain.slot().await {
        Ok(slot) => slot,
        Err(e) => {
            tracing::warn!(market = index, error = %e, "market unreadable");
            stats.fail("read_market".into());
            return None;
        }
    };
    let state = match MarketState::fetch(chain, index, None).await {
        Ok(state) => state,
        Err(e) => {
            tracing::warn!(market = index, error = %e, "market unreadable");
            stats.fail("read_market".into());
            return None;
        }
    };
    match chain.positions(&state.address, None).await {
        Ok(positions) => Some(MarketCache::new(state, positions, read_slot)),
        Err(e) => {
            tracing::warn!(market = index, error = %e, "positions unreadable");
            stats.fail("read_positions".into());
            None
        }
    }
}

/// Evaluates `positions` with the program's health code and liquidates the
/// liquidatable ones, most underwater first, `--batch-size` per transaction and up to
/// `--max-in-flight` transactions at once. The transactions of a wave hold disjoint
/// positions, and a wave is confirmed (or failed) before the next is sent and before
/// anything is evaluated again, so no position is ever in flight twice. Returns each
/// liquidatable one with what came of it.
async fn act(
    keeper: &mut Keeper,
    stats: &mut Stats,
    state: &MarketState,
    positions: Vec<(Pubkey, Position)>,
    excluded: &HashSet<Pubkey>,
) -> Vec<(Pubkey, Outcome)> {
    let Keeper {
        chain,
        keypair: keeper,
        options,
        accounts,
        ..
    } = keeper;
    let (keeper, options): (&Keypair, &Options) = (keeper, options);
    let index = state.market.index;
    let rows = evaluate(state, positions);
    let found = candidates(&rows, excluded);
    stats.markets.insert(
        index,
        MarketGauges {
            positions: rows.len() as u64,
            liquidatable: found.len() as u64,
        },
    );
    stats.liquidatable_seen = stats.liquidatable_seen.saturating_add(found.len() as u64);
    if found.is_empty() {
        return Vec::new();
    }
    for candidate in &found {
        stats
            .first_seen
            .entry(candidate.address)
            .or_insert_with(Instant::now);
    }
    let mint = state.market.collateral_mint;
    let outcomes: Vec<Outcome> =
        match send::keeper_account(chain, keeper, &mint, accounts, options.dry_run).await {
            Ok(setup) => {
                let chain: &RpcChain = chain;
                let transactions: Vec<&[Candidate]> = found
                    .chunks(send::positions_per_transaction(options.batch_size, &setup))
                    .collect();
                let mut outcomes = Vec::with_capacity(found.len());
                for wave in transactions.chunks(options.max_in_flight.max(1)) {
                    let sent = wave.iter().map(|chunk| async {
                        let started = Instant::now();
                        let outcomes =
                            send::liquidate(chain, keeper, state, chunk, options, &setup).await;
                        (outcomes, started.elapsed())
                    });
                    for (landed, took) in futures::future::join_all(sent).await {
                        stats.time("liquidate", took);
                        outcomes.extend(landed);
                    }
                }
                outcomes
            }
            Err(failed) => vec![failed; found.len()],
        };
    for (candidate, outcome) in found.iter().zip(&outcomes) {
        log_outcome(index, candidate, outcome);
        stats.count(&candidate.address, outcome);
        match outcome {
            Outcome::Liquidated { .. } | Outcome::LostRace(_) => {
                stats.cooldown.remove(&candidate.address);
            }
            Outcome::Unprofitable { .. } | Outcome::WouldLiquidate { .. } | Outcome::Failed(_) => {
                stats
                    .cooldown
                    .insert(candidate.address, Instant::now() + COOLDOWN);
            }
        }
    }
    found
        .iter()
        .map(|candidate| candidate.address)
        .zip(outcomes)
        .collect()
}

/// One line per liquidatable position handled: info when it landed, was left to
/// another keeper or skipped by choice, warn when it failed.
fn log_outcome(market: u16, candidate: &Candidate, outcome: &Outcome) {
    let position = candidate.address.to_string();
    let margin_bps = candidate.margin_ratio_bps;
    match outcome {
        Outcome::Liquidated { reward } => {
            tracing::info!(market, position, margin_bps, reward, "liquidated")
        }
        Outcome::LostRace(error) => {
            tracing::info!(market, position, margin_bps, error, "lost race")
        }
        Outcome::Unprofitable { reward } => {
            tracing::info!(market, position, margin_bps, reward, "below --min-reward")
        }
        Outcome::WouldLiquidate { reward } => {
            tracing::info!(
                market,
                position,
                margin_bps,
                reward,
                "would liquidate (dry run)"
            )
        }
        Outcome::Failed(error) => {
            tracing::warn!(market, position, margin_bps, error, "liquidation failed")
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_cools_down_for_a_while_then_is_tried_again() {
        let mut stats = Stats::default();
        let (cooling, cooled) = (Pubkey::new_unique(), Pubkey::new_unique());
        let now = Instant::now();
        stats.cooldown.insert(cooling, now + COOLDOWN);
        stats
            .cooldown
            .insert(cooled, now - Duration::from_millis(1));
        assert_eq!(stats.cooling(), HashSet::from([cooling]));
    }

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
