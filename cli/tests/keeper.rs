//! The keeper on a real validator, as operators run it (`#[ignore]`d: it needs the
//! validator and the SBF build; `.ci/run` runs it with `--ignored`):
//! - fifty positions of one trader at 2x to 9x beside the demo's three, then a crash
//!   to $135 through the publisher while two keepers (their own processes, batches of
//!   19, subscribed over websockets, no full read due for ten minutes) watch: every
//!   liquidatable position is liquidated once, by one of them, from the notifications
//!   alone, and no healthy one is touched; the slots from the price to the last
//!   liquidation and the positions liquidated per second are printed for the README;
//! - both stopped, a second crash, one keeper started again (batches of 5, 4 in flight,
//!   a priority-fee floor): it finds what is left, each position liquidated once;
//! - the keeper behind a proxy that goes down (and no websocket: it polls): it backs
//!   off, counts the failures, and liquidates after a third crash once the RPC is back;
//! - `/metrics` scraped and its counters asserted throughout.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use lever::instructions::OpenPositionArgs;
use lever_client::Side;
use lever_harness::{Keypair, Signer};
use lever_ops::chain::Chain;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;

mod support;
use support::validator::*;

const RPC_PORT: u16 = 38899;
const URL: &str = "http://127.0.0.1:38899";
/// Leverage of the trader's position `id` (1..=50): 2x to 9x in turn (10x is refused
/// at open once the open fee is taken from the collateral).
fn leverage(id: u64) -> u64 {
    2 + (id - 1) % 8
}

#[test]
#[ignore = "needs localnet/ built and target/deploy/lever.so; .ci/run runs it"]
fn fifty_positions_two_keepers_a_restart_and_an_outage() {
    let dir = temp_dir("keeper-e2e");
    let (_demo, seeded) = start_demo(&dir, RPC_PORT, 38950, 38000);
    assert!(seeded.contains("3 positions opened"), "{seeded}");
    let operator_path = dir.join("ledger.keys/upgrade-authority.json");
    let operator = lever_ops::cluster::read_keypair(&operator_path).unwrap();
    let operator_path = operator_path.display().to_string();
    let rpc = RpcClient::new_with_commitment(URL.to_owned(), CommitmentConfig::confirmed());
    let file =
        lever_ops::market_file::ClusterFile::load(&workspace().join("migrations/localnet.json"))
            .unwrap();
    let definition = &file.markets[0];
    let keys = definition.keys();

    // The trader's fifty longs, $100 of collateral each, five per transaction with a
    // fresh price (trades need one at most 10 s old).
    let trader = Keypair::new();
    // The trader pays its positions' rent (50 x ~0.002 SOL).
    airdrop(&rpc, &trader.pubkey(), 1_000_000_000);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut chain = lever_ops::rpc::RpcChain::new(
            URL,
            Duration::from_secs(30),
            lever_ops::priority_fee::FeePolicy::median_capped(0),
        );
        lever_ops::demo::fund(
            &mut chain,
            &operator,
            &keys.collateral_mint,
            &trader.pubkey(),
            10_000_000_000,
        )
        .await
        .unwrap();
        for first in (1..=50u64).step_by(5) {
            let price = lever_ops::demo::price_update(definition, lever_ops::demo::DEMO_PRICE)
                .unwrap()
                .instruction(&operator.pubkey());
            let mut instructions = vec![price];
            for id in first..first + 5 {
                let args = OpenPositionArgs {
                    position_id: id,
                    side: Side::Long,
                    collateral: 100_000_000,
                    // $100 x leverage at $150, in base atoms (9 decimals).
                    size: 100 * leverage(id) * 1_000_000_000 / 150,
                };
                instructions.push(lever_client::ix::open_position(
                    &keys,
                    trader.pubkey(),
                    args,
                ));
            }
            chain
                .send(&instructions, &[&operator, &trader])
                .await
                .unwrap_or_else(|e| panic!("opening positions {first}..: {e}"));
        }
    });
    let trader_position = |id: u64| lever_client::pda::position(&keys.market, &trader.pubkey(), id);
    let before = positions_by_address();
    assert_eq!(before.len(), 53, "the demo's 3 and the trader's 50");
    assert!(before
        .values()
        .all(|p| p["health"]["liquidatable"] == false));

    // Two keepers, each with its own wallet and metrics port.
    let keepers: Vec<Keypair> = (0..2).map(|_| Keypair::new()).collect();
    let keeper_wallets: Vec<String> = keepers
        .iter()
        .enumerate()
        .map(|(n, keeper)| {
            airdrop(&rpc, &keeper.pubkey(), 1_000_000_000);
            let path = dir.join(format!("keeper-{n}.json"));
            write_keypair(&path, keeper);
            path.display().to_string()
        })
        .collect();
    // Subscribed, with no full read due for ten minutes: what they do after the crash
    // comes from the websocket notifications (their pass counters must not move). The
    // first reads at `processed` (acting on a price a slot sooner), the second at the
    // default `confirmed`.
    let subscribed_only = ["--resync-secs", "600"];
    let processed = ["--resync-secs", "600", "--commitment", "processed"];
    let first = Keeper::start_with(&keeper_wallets[0], URL, 38961, &processed);
    let second = Keeper::start_with(&keeper_wallets[1], URL, 38962, &subscribed_only);
    for keeper in [&first, &second] {
        keeper.wait_for_gauge("lever_keeper_subscribed", 1);
        // The first pass, and the one after subscribing (changes before it).
        keeper.wait_for("lever_keeper_passes_total", 2);
    }
    let passes_before: Vec<u64> = [&first, &second]
        .iter()
        .map(|keeper| keeper.counter("lever_keeper_passes_total"))
        .collect();

    // The crash: $135. At 7x and above the trader's positions fall below maintenance
    // margin (7x: E = $30 - fees < 5 % of $630); at 6x and below they do not.
    let price_slot = set_price(&operator_path, 135);
    let crashed = Instant::now();
    wait_until_none_liquidatable(&operator_path, 135, Duration::from_secs(60));
    let elapsed = crashed.elapsed();
    let landed = liquidations_since(&rpc, price_slot);
    let liquidated: BTreeMap<Pubkey, usize> =
        landed
            .iter()
            .fold(BTreeMap::new(), |mut counts, (_, record, _)| {
                *counts.entry(record.position).or_default() += 1;
                counts
            });
    assert!(
        liquidated.values().all(|count| *count == 1),
        "a position liquidated twice: {liquidated:?}"
    );
    let after = positions_by_address();
    for id in 1..=50 {
        assert_eq!(
            liquidated.contains_key(&trader_position(id)),
            leverage(id) >= 7,
            "position {id} at {}x: now {:?}; {} liquidated; first keeper's log:\n{}",
            leverage(id),
            after.get(&trader_position(id)),
            liquidated.len(),
            first.log()
        );
    }
    for (address, position) in &before {
        if !liquidated.contains_key(address) {
            assert_eq!(
                after[address]["size"], position["size"],
                "healthy {address} touched"
            );
            assert_eq!(after[address]["collateral"], position["collateral"]);
        }
    }
    // Nobody has paid a priority fee yet: the median of recent fees is 0.
    assert!(landed.iter().all(|(_, _, price)| *price == Some(0)));
    let last_slot = landed.iter().map(|(slot, _, _)| *slot).max().unwrap();
    for (keeper, commitment) in keepers.iter().zip(["processed", "confirmed"]) {
        let slots: BTreeSet<u64> = landed
            .iter()
            .filter(|(_, record, _)| record.keeper == keeper.pubkey())
            .map(|(slot, _, _)| slot - price_slot)
            .collect();
        println!("keeper reading at {commitment}: landed {slots:?} slots after the price");
    }
    println!(
        "mass crash: {} positions liquidated by two keepers within {} slots of the price \
         (first after {} slots), {:.1} s from the price to none liquidatable: {:.1} positions/s",
        liquidated.len(),
        last_slot - price_slot,
        landed.iter().map(|(slot, _, _)| *slot).min().unwrap() - price_slot,
        elapsed.as_secs_f64(),
        liquidated.len() as f64 / elapsed.as_secs_f64()
    );

    // Both keepers' counters add up to what landed; each tracks what is left (a full
    // liquidation leaves a payout, no longer a position) once a pass has run since.
    // (Counters are published when a pass ends, after the landed transaction is read.)
    let counted = || -> u64 {
        [&first, &second]
            .iter()
            .map(|keeper| keeper.counter("lever_keeper_liquidations_total"))
            .sum()
    };
    let started = Instant::now();
    while counted() < liquidated.len() as u64 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(counted(), liquidated.len() as u64);
    for keeper in [&first, &second] {
        keeper.wait_for_gauge("lever_keeper_positions_tracked", after.len() as u64);
    }
    let lost: u64 = [&first, &second]
        .iter()
        .map(|keeper| keeper.counter("lever_keeper_lost_races_total"))
        .sum();
    println!("lost races between the two keepers: {lost}");
    // All of it by reacting to notifications: no full pass since the crash.
    let passes_after: Vec<u64> = [&first, &second]
        .iter()
        .map(|keeper| keeper.counter("lever_keeper_passes_total"))
        .collect();
    assert_eq!(passes_after, passes_before);
    for keeper in [&first, &second] {
        // The keeper that lost may still be reacting: its counters are published when
        // the reaction ends.
        keeper.wait_for("lever_keeper_notifications_total", 1);
        // Reads timed (one per pass at least), and the liquidation transactions.
        assert!(keeper.counter("lever_keeper_rpc_seconds_count") >= 2);
        assert_eq!(keeper.counter("lever_keeper_subscribed"), 1);
    }
    assert_vault_invariant(&rpc, URL);

    // Both stop (SIGTERM: exit 0, their counters on stdout); a second crash while no
    // keeper runs; one keeper restarted finds what is left and leaves nothing.
    let summaries = [first.stop(), second.stop()];
    let summed: u64 = summaries
        .iter()
        .map(|s| s["liquidated"].as_u64().unwrap())
        .sum();
    assert_eq!(summed, liquidated.len() as u64, "{summaries:?}");
    for summary in &summaries {
        // The default minimum is the fee, valued at the demo feed's SOL price (the
        // keepers' default --sol-oracle): a few cents, covered by every reward here.
        assert_eq!(summary["unprofitable"], 0, "{summary}");
        let outcomes = [
            "liquidated",
            "lost_races",
            "unprofitable",
            "would_liquidate",
        ]
        .iter()
        .map(|key| summary[key].as_u64().unwrap())
        .sum::<u64>();
        // Every outcome is an attempt; a failed one is also in the failures.
        let attempts = summary["attempts"].as_u64().unwrap();
        let failures = summary["failures"].as_u64().unwrap();
        assert!(
            attempts >= outcomes && attempts <= outcomes + failures,
            "{summary}"
        );
    }
    // A --sol-oracle that is not a Pyth price account is refused at start-up.
    let refused = Command::new(keeper_binary())
        .args([
            "--market",
            "0",
            "--url",
            URL,
            "--keypair",
            &keeper_wallets[0],
            "--once",
        ])
        .args(["--sol-oracle", &keys.market.to_string()])
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("OracleWrongOwner"), "{stderr}");
    let before = positions_by_address();
    let second_slot = set_price(&operator_path, 128);
    let waiting = positions_by_address()
        .values()
        .filter(|p| p["health"]["liquidatable"] == true)
        .count();
    assert!(waiting > 0, "the second crash made nothing liquidatable");
    // Restarted with a priority-fee floor: the local validator's recent fees are all
    // zero (the first keepers offered 0), so every batch it sends offers the floor.
    // Batches of 5, up to 4 in flight: the positions left go out in parallel.
    let restarted = Keeper::start_with(
        &keeper_wallets[0],
        URL,
        38961,
        &[
            "--min-priority-fee",
            "1234",
            "--batch-size",
            "5",
            "--max-in-flight",
            "4",
        ],
    );
    wait_until_none_liquidatable(&operator_path, 128, Duration::from_secs(60));
    let landed = liquidations_since(&rpc, second_slot);
    assert_eq!(landed.len(), waiting);
    let once: BTreeSet<Pubkey> = landed
        .iter()
        .map(|(_, record, _)| record.position)
        .collect();
    assert_eq!(once.len(), waiting, "a position liquidated twice");
    let slots: BTreeSet<u64> = landed.iter().map(|(slot, _, _)| *slot).collect();
    println!(
        "restart: {waiting} positions in batches of 5, 4 in flight, landed in slots {:?} \
         (price in slot {second_slot})",
        slots
    );
    assert!(
        landed.iter().all(|(_, _, price)| *price == Some(1234)),
        "{:?}",
        landed.iter().map(|(_, _, price)| price).collect::<Vec<_>>()
    );
    for id in (1..=50).filter(|id| leverage(*id) <= 5) {
        let address = trader_position(id);
        assert_eq!(
            positions_by_address()[&address]["size"],
            before[&address]["size"]
        );
    }
    let summary = restarted.stop();
    assert_eq!(
        summary["liquidated"].as_u64(),
        Some(waiting as u64),
        "{summary}"
    );

    // The keeper behind a proxy that goes down: passes fail and it backs off (its log
    // says so); the RPC back, a fresh price is liquidated.
    let proxy = Proxy::start(38990, RPC_PORT);
    let behind = Keeper::start_with(
        &keeper_wallets[1],
        "http://127.0.0.1:38990",
        38963,
        &["--log-format", "json"],
    );
    let tracked = positions_by_address().len() as u64;
    behind.wait_for_gauge("lever_keeper_positions_tracked", tracked);
    proxy.set_up(false);
    let cut = Instant::now();
    while behind.counter("lever_keeper_failures_total") == 0 {
        assert!(
            cut.elapsed() < Duration::from_secs(30),
            "no failure counted while down"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
    // A market it cannot read keeps its last known gauges (not zero).
    assert_eq!(behind.counter("lever_keeper_positions_tracked"), tracked);
    proxy.set_up(true);
    let third_slot = set_price(&operator_path, 120);
    wait_until_none_liquidatable(&operator_path, 120, Duration::from_secs(90));
    let landed = liquidations_since(&rpc, third_slot);
    assert!(!landed.is_empty(), "nothing liquidated after the outage");
    // Counters are published when a pass ends (after the landed transaction is read).
    behind.wait_for("lever_keeper_liquidations_total", landed.len() as u64);
    // Its log is one JSON object per line, fields at the top level.
    let log = behind.stop_with_log();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    fn with_message<'a>(
        lines: &'a [serde_json::Value],
        message: &'a str,
    ) -> impl Iterator<Item = &'a serde_json::Value> + 'a {
        lines.iter().filter(move |line| line["message"] == message)
    }
    let logged = |message: &'static str| with_message(&lines, message);
    assert!(
        logged("positions unreadable")
            .chain(logged("market unreadable"))
            .all(|line| line["level"] == "WARN"
                && line["market"] == 0
                && line["error"].is_string()),
        "{log}"
    );
    assert!(
        logged("positions unreadable")
            .chain(logged("market unreadable"))
            .count()
            > 0,
        "{log}"
    );
    // Its websocket (the proxy's port + 1) is not there: it said so and polled.
    assert!(
        logged("subscriptions unavailable; polling meanwhile")
            .any(|line| line["level"] == "WARN" && line["retry_in_ms"].as_u64() >= Some(1000)),
        "{log}"
    );
    assert!(
        logged("backing off").any(|line| line["level"] == "WARN"
            && line["failed_passes"].as_u64() >= Some(1)
            && line["next_pass_in_ms"].as_u64() >= Some(400)),
        "{log}"
    );
    let liquidated: Vec<_> = logged("liquidated").collect();
    assert_eq!(liquidated.len(), landed.len(), "{log}");
    assert!(liquidated.iter().all(|line| line["market"] == 0
        && line["reward"].as_u64() > Some(0)
        && line["position"].is_string()
        && line["timestamp"].is_string()));
    assert_vault_invariant(&rpc, URL);
}

/// `lever positions --market 0 --json`, by address.
fn positions_by_address() -> BTreeMap<Pubkey, serde_json::Value> {
    let listed = json_of(&["positions", "--market", "0", "--url", URL, "--json"]);
    listed["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                Pubkey::from_str_const(p["address"].as_str().unwrap()),
                p.clone(),
            )
        })
        .collect()
}

/// Waits until no position is liquidatable, publishing the same price again every
/// 5 s as Pyth would (a liquidation needs a price at most 10 s old).
fn wait_until_none_liquidatable(operator: &str, dollars: u32, limit: Duration) {
    let started = Instant::now();
    let mut published = Instant::now();
    loop {
        if published.elapsed() > Duration::from_secs(5) {
            set_price(operator, dollars);
            published = Instant::now();
        }
        let left: BTreeSet<Pubkey> = positions_by_address()
            .into_iter()
            .filter(|(_, p)| p["health"]["liquidatable"] == true)
            .map(|(address, _)| address)
            .collect();
        if left.is_empty() {
            return;
        }
        assert!(started.elapsed() < limit, "still liquidatable: {left:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// `lever price set` SOL/USD to `dollars`; the slot its update landed in (found in
/// the blocks from the slot before it was sent).
fn set_price(operator: &str, dollars: u32) -> u64 {
    let rpc = RpcClient::new_with_commitment(URL.to_owned(), CommitmentConfig::confirmed());
    let from = rpc.get_slot().unwrap();
    let (code, _, stderr) = price_set(URL, operator, &dollars.to_string());
    assert_eq!(code, Some(0), "{stderr}");
    let publisher = lever_pyth_publisher::instruction::PUSH_ORACLE_ID.to_string();
    let scanned = blocks(&rpc, from);
    scanned
        .iter()
        .find(|landed| landed.logs.iter().any(|line| line.contains(&publisher)))
        .map(|landed| landed.slot)
        .unwrap_or_else(|| panic!("the price update in no block from {from}"))
}

/// Every transaction's log from `from` to the newest confirmed slot, with its slot
/// (failed transactions left out).
fn blocks(rpc: &RpcClient, from: u64) -> Vec<Landed> {
    use solana_rpc_client_api::config::RpcBlockConfig;
    use solana_transaction_status_client_types::option_serializer::OptionSerializer;
    use solana_transaction_status_client_types::{TransactionDetails, UiTransactionEncoding};
    let to = rpc.get_slot().unwrap();
    let compute_budget = Pubkey::from_str_const("ComputeBudget111111111111111111111111111111");
    let mut found = Vec::new();
    // Slot by slot: `getBlocks` leaves out confirmed slots the validator has not rooted
    // yet, which early in its life is all of them. A skipped slot has no block.
    for slot in from..=to {
        let config = RpcBlockConfig {
            encoding: Some(UiTransactionEncoding::Base64),
            transaction_details: Some(TransactionDetails::Full),
            rewards: Some(false),
            commitment: Some(CommitmentConfig::confirmed()),
            max_supported_transaction_version: Some(0),
        };
        let Ok(block) = rpc.get_block_with_config(slot, config) else {
            continue;
        };
        for transaction in block.transactions.unwrap_or_default() {
            let Some(meta) = transaction.meta else {
                continue;
            };
            if meta.err.is_some() {
                continue;
            }
            if let OptionSerializer::Some(logs) = meta.log_messages {
                // `SetComputeUnitPrice`: tag 3, then the price as a u64 LE.
                let unit_price = transaction.transaction.decode().and_then(|decoded| {
                    let message = &decoded.message;
                    message.instructions().iter().find_map(|instruction| {
                        let program = message
                            .static_account_keys()
                            .get(usize::from(instruction.program_id_index))?;
                        let data = instruction.data.as_slice();
                        if *program != compute_budget || data.first() != Some(&3) {
                            return None;
                        }
                        Some(u64::from_le_bytes(data.get(1..9)?.try_into().ok()?))
                    })
                });
                found.push(Landed {
                    slot,
                    logs,
                    unit_price,
                });
            }
        }
    }
    found
}

/// A successful transaction of a block: its slot, log and compute-unit price.
struct Landed {
    slot: u64,
    logs: Vec<String>,
    /// Micro-lamports per compute unit (`SetComputeUnitPrice`), if it set one.
    unit_price: Option<u64>,
}

/// The `PositionLiquidated` events of the transactions landed after `slot`, with the
/// slot each landed in and its transaction's compute-unit price; no log may be
/// truncated.
fn liquidations_since(
    rpc: &RpcClient,
    slot: u64,
) -> Vec<(u64, lever_client::health::PositionLiquidated, Option<u64>)> {
    let mut found = Vec::new();
    for landed in blocks(rpc, slot + 1) {
        assert!(
            !landed
                .logs
                .iter()
                .any(|line| line.contains("Log truncated")),
            "a log was truncated"
        );
        for record in lever_client::events::liquidations(&landed.logs) {
            found.push((landed.slot, record, landed.unit_price));
        }
    }
    found
}

/// A running `lever-keeper` with its metrics port and its log (stderr, drained by a
/// thread so the keeper never blocks on a full pipe).
struct Keeper {
    child: Option<Child>,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Keeper {
    /// Started with `extra` flags besides the market, URL, keypair and metrics port.
    fn start_with(wallet: &str, url: &str, port: u16, extra: &[&str]) -> Keeper {
        let child = Command::new(keeper_binary())
            .args(["--market", "0", "--url", url, "--keypair", wallet])
            .args(extra)
            .args(["--metrics-addr", &format!("127.0.0.1:{port}")])
            .args(["--interval-ms", "200", "--timeout", "5"])
            .env("SOLANA_CONFIG", "/nonexistent/config.yml")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut child = child;
        let stderr = child.stderr.take().unwrap();
        let log: Arc<Mutex<String>> = Arc::default();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(mut log) = sink.lock() {
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        let keeper = Keeper {
            child: Some(child),
            port,
            log,
        };
        keeper.wait_healthy();
        keeper
    }

    fn wait_healthy(&self) {
        let started = Instant::now();
        while scrape(self.port, "/health").as_deref() != Some("ok\n") {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no /health on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What it logged so far.
    fn log(&self) -> String {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// Waits (up to 20 s) until `counter` reaches `at_least`.
    fn wait_for(&self, counter: &str, at_least: u64) {
        let started = Instant::now();
        while self.counter(counter) < at_least {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{counter} stayed below {at_least}: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits (up to 20 s) until the gauge `name` is `value` (a gauge is published when
    /// a pass ends).
    fn wait_for_gauge(&self, name: &str, value: u64) {
        let started = Instant::now();
        while self.counter(name) != value {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{name} is {}, not {value}: {}",
                self.counter(name),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// A counter or gauge of `/metrics`, summed over its labels.
    fn counter(&self, name: &str) -> u64 {
        let metrics = scrape(self.port, "/metrics")
            .unwrap_or_else(|| panic!("no /metrics on {}: {}", self.port, self.log()));
        metrics
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter(|line| {
                line.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('{'))
            })
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .sum::<f64>() as u64
    }

    /// SIGTERM; the counters it prints on exit (exit 0).
    fn stop(mut self) -> serde_json::Value {
        let (summary, _) = self.terminate();
        summary
    }

    /// SIGTERM; its log (stderr).
    fn stop_with_log(mut self) -> String {
        self.terminate().1
    }

    fn terminate(&mut self) -> (serde_json::Value, String) {
        let child = self.child.take().unwrap();
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        let summary = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let log = self.log.lock().map(|log| log.clone()).unwrap_or_default();
        (summary, log)
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&mut child);
        }
    }
}

/// A TCP proxy to the validator's RPC port that the test takes down (refusing new
/// connections and cutting open ones) and brings back.
struct Proxy {
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(port: u16, target: u16) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (up_flag, connections) = (Arc::clone(&up), Arc::clone(&open));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !up_flag.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                let pipes = [
                    (client.try_clone(), server.try_clone()),
                    (server.try_clone(), client.try_clone()),
                ];
                if let Ok(mut list) = connections.lock() {
                    list.extend([client, server]);
                }
                for (from, to) in pipes {
                    if let (Ok(mut from), Ok(mut to)) = (from, to) {
                        std::thread::spawn(move || {
                            let _ = std::io::copy(&mut from, &mut to);
                            let _ = to.shutdown(Shutdown::Both);
                        });
                    }
                }
            }
        });
        Proxy { up, open }
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
        if !up {
            if let Ok(mut list) = self.open.lock() {
                for stream in list.drain(..) {
                    let _ = stream.shutdown(Shutdown::Both);
                }
            }
        }
    }
}
