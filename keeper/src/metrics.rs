//! `/metrics` (Prometheus text format) and `/health`, served on a plain TCP listener:
//! two read-only endpoints need no HTTP framework.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::pass::Stats;

/// The counters and gauges in Prometheus' text format.
pub fn render(stats: &Stats) -> String {
    let mut text = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, samples: &[(String, String)]| {
        let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, value) in samples {
            let _ = writeln!(text, "{name}{labels} {value}");
        }
    };
    let one = |value: String| vec![(String::new(), value)];
    let by_error = |map: &std::collections::BTreeMap<String, u64>| -> Vec<(String, String)> {
        map.iter()
            .map(|(error, count)| (format!("{{error=\"{error}\"}}"), count.to_string()))
            .collect()
    };
    metric(
        "lever_keeper_passes_total",
        "counter",
        "Passes over the watched markets.",
        &one(stats.passes.to_string()),
    );
    metric(
        "lever_keeper_positions_tracked",
        "gauge",
        "Positions read in the last pass.",
        &one(stats.positions_tracked.to_string()),
    );
    metric(
        "lever_keeper_liquidatable",
        "gauge",
        "Liquidatable positions found in the last pass.",
        &one(stats.liquidatable_now.to_string()),
    );
    metric(
        "lever_keeper_liquidations_total",
        "counter",
        "Liquidations confirmed.",
        &one(stats.liquidated.to_string()),
    );
    metric(
        "lever_keeper_lost_races_total",
        "counter",
        "Liquidations another keeper got first, by the refusal that told.",
        &by_error(&stats.lost_races),
    );
    metric(
        "lever_keeper_unprofitable_total",
        "counter",
        "Liquidations skipped below --min-reward.",
        &one(stats.unprofitable.to_string()),
    );
    metric(
        "lever_keeper_failures_total",
        "counter",
        "Failed reads and sends, by error.",
        &by_error(&stats.failures),
    );
    metric(
        "lever_keeper_payouts_claimed_total",
        "counter",
        "Batch liquidations' payouts claimed for their owners (--claim-payouts).",
        &one(stats.payouts_claimed.to_string()),
    );
    metric(
        "lever_keeper_rewards_simulated_total",
        "counter",
        "Keeper rewards of the liquidations sent, as simulated (collateral atoms).",
        &one(stats.rewards_simulated.to_string()),
    );
    metric(
        "lever_keeper_last_pass_seconds",
        "gauge",
        "Duration of the last pass (RPC reads, simulations, sends).",
        &one(stats.last_pass_seconds.to_string()),
    );
    metric(
        "lever_keeper_time_to_liquidation_seconds",
        "summary",
        "From first seen liquidatable to the liquidation confirmed.",
        &[
            ("_sum".to_owned(), stats.time_to_liquidation_sum.to_string()),
            (
                "_count".to_owned(),
                stats.time_to_liquidation_count.to_string(),
            ),
        ],
    );
    // (The summary's `_sum` and `_count` go in the "labels" slot: they are name
    // suffixes, written right after the name.)
    text
}

/// Serves `/metrics` and `/health` until the process ends.
pub async fn serve(listener: TcpListener, stats: Arc<Mutex<Stats>>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            continue;
        };
        let stats = Arc::clone(&stats);
        tokio::spawn(async move {
            let mut request = [0u8; 1024];
            let Ok(read) = stream.read(&mut request).await else {
                return;
            };
            let line =
                String::from_utf8_lossy(request.get(..read).unwrap_or_default()).into_owned();
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match path {
                "/metrics" => (
                    "200 OK",
                    stats.lock().map(|stats| render(&stats)).unwrap_or_default(),
                ),
                "/health" => ("200 OK", "ok\n".to_owned()),
                _ => ("404 Not Found", "not found\n".to_owned()),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_typed_and_labelled_by_error() {
        let mut stats = Stats::default();
        stats.passes = 3;
        stats.liquidated = 2;
        stats.failures.insert("read_positions".into(), 4);
        stats.lost_races.insert("PositionHealthy".into(), 1);
        let text = render(&stats);
        assert!(text
            .contains("# TYPE lever_keeper_passes_total counter\nlever_keeper_passes_total 3\n"));
        assert!(text.contains("lever_keeper_liquidations_total 2\n"));
        assert!(text.contains("lever_keeper_failures_total{error=\"read_positions\"} 4\n"));
        assert!(text.contains("lever_keeper_lost_races_total{error=\"PositionHealthy\"} 1\n"));
        assert!(text.contains("lever_keeper_time_to_liquidation_seconds_count 0\n"));
        for line in text.lines().filter(|line| !line.starts_with('#')) {
            let name = line.split(['{', ' ']).next().unwrap_or_default();
            assert!(
                text.contains(&format!(
                    "# TYPE {}",
                    name.trim_end_matches("_sum").trim_end_matches("_count")
                )),
                "{line}"
            );
        }
    }
}
