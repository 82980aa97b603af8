//! The keeper's main loop: full passes (every `--interval-ms` while polling, every
//! `--resync-secs` while subscribed), and between them the websocket notifications,
//! applied to the cache and reacted to at once. A pass that fails backs off; a lost
//! subscription falls back to polling until it is back.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::pass::{self, Stats};
use crate::watch::Event;

/// How often to pass over the markets.
pub struct Cadence {
    /// Between passes while polling (doubled per failed pass, up to 30 s).
    pub interval: Duration,
    /// Between full reads while subscribed.
    pub resync: Duration,
}

/// The keeper and its subscription, owned by the loop.
pub struct Keeper {
    pub work: pass::Keeper,
    /// The notifications, if subscribed (none with `--no-subscribe` or `--once`).
    pub events: Option<mpsc::Receiver<Event>>,
    pub subscribed: bool,
}

/// Runs until SIGINT/SIGTERM (or after one pass with `once`), publishing the counters
/// to `shared` after each step (the work is done on a copy, so `/metrics` never waits
/// on RPC).
pub async fn drive(
    keeper: &mut Keeper,
    shared: &Arc<Mutex<Stats>>,
    cadence: &Cadence,
    once: bool,
) -> Result<(), String> {
    // Both handlers made once: a signal that arrives during a pass or a reaction is
    // kept and ends the loop right after it (a handler made anew each turn would not
    // see it).
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate =
        signal(SignalKind::terminate()).map_err(|e| format!("cannot handle SIGTERM: {e}"))?;
    let mut interrupt =
        signal(SignalKind::interrupt()).map_err(|e| format!("cannot handle SIGINT: {e}"))?;
    let mut next_pass = Instant::now();
    loop {
        let mut stats = shared.lock().map(|stats| stats.clone()).unwrap_or_default();
        if Instant::now() >= next_pass {
            pass::run(&mut keeper.work, &mut stats).await;
            next_pass = Instant::now() + pause(keeper.subscribed, &stats, cadence);
            publish(shared, stats);
            if once {
                return Ok(());
            }
            continue;
        }
        // A signal during a pass or a reaction waits for it to finish.
        tokio::select! {
            _ = tokio::time::sleep_until(next_pass) => {}
            event = next_event(&mut keeper.events) => {
                let mut changed = BTreeSet::new();
                let mut event = event;
                // Everything already queued is applied before reacting once.
                loop {
                    match event {
                        Some(event) => handle(keeper, event, &mut stats, &mut changed, &mut next_pass, cadence),
                        // The subscription task is gone (it ends only with the
                        // keeper): poll from now on.
                        None => {
                            keeper.events = None;
                            keeper.subscribed = false;
                            next_pass = next_pass.min(Instant::now() + cadence.interval);
                        }
                    }
                    match keeper.events.as_mut().map(mpsc::Receiver::try_recv) {
                        Some(Ok(queued)) => event = Some(queued),
                        _ => break,
                    }
                }
                stats.subscribed = keeper.subscribed;
                pass::react(&mut keeper.work, &mut stats, &changed).await;
                publish(shared, stats);
            }
            _ = interrupt.recv() => return Ok(()),
            _ = terminate.recv() => return Ok(()),
        }
    }
}

/// The pause after a pass: the resync period while subscribed and well, else the
/// polling interval with its back-off.
fn pause(subscribed: bool, stats: &Stats, cadence: &Cadence) -> Duration {
    let failed = stats.consecutive_failed_passes;
    if subscribed && failed == 0 {
        return cadence.resync;
    }
    let mut pause = pass::backoff(cadence.interval, failed);
    if subscribed {
        // Never longer than a healthy resync.
        pause = pause.min(cadence.resync);
    }
    if failed > 0 {
        tracing::warn!(
            failed_passes = failed,
            next_pass_in_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
            "backing off"
        );
    }
    pause
}

fn handle(
    keeper: &mut Keeper,
    event: Event,
    stats: &mut Stats,
    changed: &mut BTreeSet<u16>,
    next_pass: &mut Instant,
    cadence: &Cadence,
) {
    match event {
        Event::Subscribed => {
            tracing::info!(markets = keeper.work.options.markets.len(), "subscribed");
            keeper.subscribed = true;
            // What changed before the subscriptions were in place: read it all again.
            *next_pass = Instant::now();
        }
        Event::Lost { error, retry_in } => {
            let retry_in_ms = u64::try_from(retry_in.as_millis()).unwrap_or(u64::MAX);
            if keeper.subscribed {
                tracing::warn!(error, retry_in_ms, "subscription lost; polling meanwhile");
            } else {
                tracing::warn!(
                    error,
                    retry_in_ms,
                    "subscriptions unavailable; polling meanwhile"
                );
            }
            stats.fail("subscription".into());
            keeper.subscribed = false;
            *next_pass = (*next_pass).min(Instant::now() + cadence.interval);
        }
        Event::Changed { slot, change } => {
            stats.notifications = stats.notifications.saturating_add(1);
            let market = change.market();
            if let Some(cache) = keeper.work.caches.get_mut(&market) {
                if cache.apply(slot, change) {
                    changed.insert(market);
                }
            }
        }
    }
}

/// The next event, or never when not subscribed.
async fn next_event(events: &mut Option<mpsc::Receiver<Event>>) -> Option<Event> {
    match events {
        Some(events) => events.recv().await,
        None => std::future::pending().await,
    }
}

fn publish(shared: &Arc<Mutex<Stats>>, stats: Stats) {
    if let Ok(mut shared) = shared.lock() {
        *shared = stats;
    }
}
