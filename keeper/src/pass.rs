//! One pass of the keeper over its markets: fetch each market and all its positions
//! (`getProgramAccounts`), evaluate them with the program's own health code, and
//! liquidate the liquidatable ones, most underwater first: simulate (the program's
//! return data says what the keeper would earn), skip it when the reward is below the
//! minimum, send, and classify what came back.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token::spl_token;
use lever::state::Position;
use lever_client::Instruction;
use lever_ops::book::{evaluate, MarketState};
use lever_ops::chain::Chain;
use lever_ops::rpc::RpcChain;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::cache::MarketCache;
use crate::decide::{batch_outcome, candidates, classify, worth_it, Candidate, Outcome};

/// What the keeper is told to do.
pub struct Options {
    pub markets: Vec<u16>,
    /// Collateral atoms a liquidation must pay the keeper at least.
    pub min_reward: u64,
    pub dry_run: bool,
    /// Positions per transaction; 1 sends `liquidate`, more `liquidate_batch`.
    pub batch_size: usize,
    /// Claim every pending payout of the markets for its owner after each pass.
    pub claim_payouts: bool,
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
    first_seen: HashMap<Pubkey, Instant>,
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

    pub fn fail(&mut self, name: String) {
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

/// One full pass over every market: read it and all its positions again (the cache
/// replaced), liquidate what is liquidatable, claim payouts if asked. A market that
/// cannot be read is logged, counted and skipped (its cache kept).
pub async fn run(
    chain: &mut RpcChain,
    keeper: &Keypair,
    options: &Options,
    accounts: &mut Accounts,
    stats: &mut Stats,
    caches: &mut BTreeMap<u16, MarketCache>,
) {
    let started = Instant::now();
    let failures_before: u64 = stats.failures.values().sum();
    stats.passes += 1;
    let mut still_liquidatable = HashSet::new();
    for index in &options.markets {
        let Some(cache) = read(chain, *index, stats).await else {
            continue;
        };
        let state = cache.state();
        let positions = cache.positions();
        caches.insert(*index, cache);
        let found = act(chain, keeper, &state, positions, options, accounts, stats).await;
        still_liquidatable.extend(found);
        if options.claim_payouts && !options.dry_run {
            claim_payouts(chain, keeper, &state, stats).await;
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

/// After notifications: evaluates each changed market from its cache (no RPC read) and
/// liquidates what became liquidatable; a market where something was, is read again at
/// once (what landed, and accounts a liquidation closed, which no notification
/// reports) and evaluated once more.
pub async fn react(
    chain: &mut RpcChain,
    keeper: &Keypair,
    options: &Options,
    accounts: &mut Accounts,
    stats: &mut Stats,
    caches: &mut BTreeMap<u16, MarketCache>,
    changed: &BTreeSet<u16>,
) {
    for index in changed {
        let Some(cache) = caches.get(index) else {
            continue;
        };
        let (state, positions) = (cache.state(), cache.positions());
        if act(chain, keeper, &state, positions, options, accounts, stats)
            .await
            .is_empty()
        {
            continue;
        }
        let Some(fresh) = read(chain, *index, stats).await else {
            continue;
        };
        let (state, positions) = (fresh.state(), fresh.positions());
        caches.insert(*index, fresh);
        act(chain, keeper, &state, positions, options, accounts, stats).await;
    }
}

/// Market `index`, its oracle account and all its positions, read now; a failure is
/// logged and counted.
async fn read(chain: &mut RpcChain, index: u16, stats: &mut Stats) -> Option<MarketCache> {
    let state = match MarketState::fetch(chain, index, None).await {
        Ok(state) => state,
        Err(e) => {
            tracing::warn!(market = index, error = %e, "market unreadable");
            stats.fail("read_market".into());
            return None;
        }
    };
    match chain.positions(&state.address, None).await {
        Ok(positions) => Some(MarketCache::new(state, positions)),
        Err(e) => {
            tracing::warn!(market = index, error = %e, "positions unreadable");
            stats.fail("read_positions".into());
            None
        }
    }
}

/// Evaluates `positions` with the program's health code and liquidates the
/// liquidatable ones, most underwater first, `--batch-size` per transaction, one
/// transaction at a time (so nothing is ever in flight twice). Returns them.
async fn act(
    chain: &mut RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    positions: Vec<(Pubkey, Position)>,
    options: &Options,
    accounts: &mut Accounts,
    stats: &mut Stats,
) -> Vec<Pubkey> {
    let index = state.market.index;
    let rows = evaluate(state, positions);
    let found = candidates(&rows, &HashSet::new());
    stats.markets.insert(
        index,
        MarketGauges {
            positions: rows.len() as u64,
            liquidatable: found.len() as u64,
        },
    );
    stats.liquidatable_seen = stats.liquidatable_seen.saturating_add(found.len() as u64);
    for chunk in found.chunks(options.batch_size.max(1)) {
        for candidate in chunk {
            stats
                .first_seen
                .entry(candidate.address)
                .or_insert_with(Instant::now);
        }
        let outcomes = if options.batch_size > 1 {
            liquidate_batch(chain, keeper, state, chunk, options, accounts).await
        } else {
            let mut outcomes = Vec::new();
            for candidate in chunk {
                outcomes.push(liquidate(chain, keeper, state, candidate, options, accounts).await);
            }
            outcomes
        };
        for (candidate, outcome) in chunk.iter().zip(&outcomes) {
            log_outcome(index, candidate, outcome);
            stats.count(&candidate.address, outcome);
        }
    }
    found.iter().map(|candidate| candidate.address).collect()
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

/// Sends `claim_payout` for every payout the market's batch liquidations left, to
/// each owner's associated token account (the owner's money; the keeper pays the fee).
async fn claim_payouts(
    chain: &mut RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    stats: &mut Stats,
) {
    let payouts = match chain.payouts(&state.address).await {
        Ok(payouts) => payouts,
        Err(e) => {
            tracing::warn!(market = state.market.index, error = %e, "payouts unreadable");
            stats.fail("read_payouts".into());
            return;
        }
    };
    let keys = market_keys(state);
    for (address, data) in payouts {
        let Ok(payout) = lever_client::decode::liquidation_payout(&data) else {
            stats.fail("decode_payout".into());
            continue;
        };
        let claim = lever_client::ix::claim_payout(&keys, payout.owner, payout.position_id);
        let outcome = match chain.send(&[claim], &[keeper]).await {
            Ok(()) => {
                stats.payouts_claimed += 1;
                "claimed".to_string()
            }
            // Claimed by someone else meanwhile: nothing to count.
            Err(e) => match classify(&e) {
                Outcome::LostRace(name) => format!("lost_race {name}"),
                other => {
                    let name = match other {
                        Outcome::Failed(name) => name,
                        other => format!("{other:?}"),
                    };
                    stats.fail(format!("claim_payout: {name}"));
                    format!("failed {name}")
                }
            },
        };
        tracing::info!(
            market = state.market.index,
            payout = %address,
            owner = %payout.owner,
            amount = payout.amount,
            outcome,
            "payout claim"
        );
    }
}

fn market_keys(state: &MarketState) -> lever_client::MarketKeys {
    lever_client::MarketKeys::derive(
        state.market.index,
        state.market.collateral_mint,
        state.oracle,
    )
}

/// The instruction creating the keeper's collateral account when it does not exist
/// yet (read once per mint: found, or created by a send, it is known to exist).
async fn keeper_account_setup(
    chain: &mut RpcChain,
    keeper: &Keypair,
    mint: &Pubkey,
    accounts: &mut Accounts,
) -> Result<(Pubkey, Vec<Instruction>), Outcome> {
    let collateral = get_associated_token_address(&keeper.pubkey(), mint);
    if accounts.known.contains(&collateral) {
        return Ok((collateral, Vec::new()));
    }
    match chain.account_data(&collateral).await {
        Ok(Some(_)) => {
            accounts.known.insert(collateral);
            Ok((collateral, Vec::new()))
        }
        Ok(None) => Ok((
            collateral,
            vec![create_associated_token_account_idempotent(
                &keeper.pubkey(),
                &keeper.pubkey(),
                mint,
                &spl_token::ID,
            )],
        )),
        Err(e) => Err(classify(&e)),
    }
}

async fn liquidate(
    chain: &mut RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    candidate: &Candidate,
    options: &Options,
    accounts: &mut Accounts,
) -> Outcome {
    let keys = market_keys(state);
    let (collateral, mut instructions) =
        match keeper_account_setup(chain, keeper, &keys.collateral_mint, accounts).await {
            Ok(setup) => setup,
            Err(outcome) => return outcome,
        };
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
        Ok(record) => record
            .keeper_reward
            .saturating_add(record.bankrupt_keeper_fee),
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

/// `chunk` in one `liquidate_batch`: simulated first, whose per-position statuses and
/// rewards decide what is sent (lost races and unprofitable positions are left out),
/// then sent once, and each position counted by what landed (the confirmed
/// transaction's return data). One outcome per candidate, in order.
async fn liquidate_batch(
    chain: &mut RpcChain,
    keeper: &Keypair,
    state: &MarketState,
    chunk: &[Candidate],
    options: &Options,
    accounts: &mut Accounts,
) -> Vec<Outcome> {
    let everyone = |outcome: Outcome| vec![outcome; chunk.len()];
    let keys = market_keys(state);
    let (collateral, setup) =
        match keeper_account_setup(chain, keeper, &keys.collateral_mint, accounts).await {
            Ok(setup) => setup,
            Err(outcome) => return everyone(outcome),
        };
    // The keeper's token account in a transaction of its own: its creation logs ~1 KB,
    // which a full batch's log has no room for (events past 10,000 bytes are lost). A
    // dry run sends nothing, so it simulates the creation with the batch.
    let setup = if setup.is_empty() || options.dry_run {
        setup
    } else {
        if let Err(e) = chain.send(&setup, &[keeper]).await {
            return everyone(classify(&e));
        }
        accounts.known.insert(collateral);
        Vec::new()
    };
    let batch = |positions: &[(Pubkey, u64)]| {
        let mut instructions = setup.clone();
        instructions.push(lever_client::ix::liquidate_batch(
            &keys,
            keeper.pubkey(),
            positions,
        ));
        instructions
    };
    let positions: Vec<(Pubkey, u64)> = chunk.iter().map(|c| (c.owner, c.position_id)).collect();
    let simulated = match chain.simulate(&batch(&positions), &[keeper]).await {
        Ok(simulated) => simulated,
        Err(e) => return everyone(classify(&e)),
    };
    let simulated_batch = match lever_client::health::decode_batch(&simulated.return_data) {
        Ok(batch) if batch.statuses.len() == chunk.len() => batch,
        Ok(_) => return everyone(Outcome::Failed("return data: wrong length".into())),
        Err(e) => return everyone(Outcome::Failed(format!("return data: {e}"))),
    };
    // Each liquidation's reward, from its event in the simulation's log.
    let rewards: HashMap<Pubkey, u64> = lever_client::events::liquidations(&simulated.logs)
        .iter()
        .map(|record| {
            let paid = record
                .keeper_reward
                .saturating_add(record.bankrupt_keeper_fee);
            (record.position, paid)
        })
        .collect();
    let reward_of = |i: usize| rewards.get(&chunk[i].address).copied().unwrap_or(0);
    let mut outcomes: Vec<Outcome> = simulated_batch
        .statuses
        .iter()
        .enumerate()
        .map(|(i, status)| batch_outcome(u32::from(*status), reward_of(i), options.min_reward))
        .collect();
    let chosen: Vec<usize> = (0..chunk.len())
        .filter(|i| matches!(outcomes[*i], Outcome::Liquidated { .. }))
        .collect();
    if chosen.is_empty() {
        return outcomes;
    }
    if options.dry_run {
        for i in &chosen {
            if let Outcome::Liquidated { reward } = outcomes[*i] {
                outcomes[*i] = Outcome::WouldLiquidate { reward };
            }
        }
        return outcomes;
    }
    let sent: Vec<(Pubkey, u64)> = chosen.iter().map(|i| positions[*i]).collect();
    match chain.send_returning(&batch(&sent), &[keeper]).await {
        Ok(return_data) => {
            accounts.known.insert(collateral);
            // What landed, position by position: another keeper may have taken some
            // between the simulation and the send (the batch skips them). Rewards are
            // the simulated ones (the landed total differs by seconds of borrow fees).
            match lever_client::health::decode_batch(&return_data) {
                Ok(landed) if landed.statuses.len() == chosen.len() => {
                    for (i, status) in chosen.iter().zip(&landed.statuses) {
                        outcomes[*i] = batch_outcome(u32::from(*status), reward_of(*i), 0);
                    }
                }
                _ => {
                    for i in &chosen {
                        outcomes[*i] = Outcome::Failed("landed return data unreadable".into());
                    }
                }
            }
        }
        Err(e) => {
            let failed = classify(&e);
            for i in &chosen {
                outcomes[*i] = failed.clone();
            }
        }
    }
    outcomes
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
