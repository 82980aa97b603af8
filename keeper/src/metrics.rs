//! `/metrics` (Prometheus text format) and `/health`, served on a plain TCP listener:
//! two read-only endpoints need no HTTP framework.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::pass::{MarketGauges, Stats};

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
            .map(|(error, count)| {
                (
                    format!("{{error=\"{}\"}}", escaped(error)),
                    count.to_string(),
                )
            })
            .collect()
    };
    metric(
        "lever_keeper_passes_total",
        "counter",
        "Passes over the watched markets.",
        &one(stats.passes.to_string()),
    );
    let by_market = |gauge: fn(&MarketGauges) -> u64| -> Vec<(String, String)> {
        stats
            .markets
            .iter()
            .map(|(index, gauges)| (format!("{{market=\"{index}\"}}"), gauge(gauges).to_string()))
            .collect()
    };
    metric(
        "lever_keeper_positions_tracked",
        "gauge",
        "Open positions at the market's last successful read.",
        &by_market(|market| market.positions),
    );
    metric(
        "lever_keeper_liquidatable",
        "gauge",
        "Liquidatable positions at the market's last successful read.",
        &by_market(|market| market.liquidatable),
    );
    metric(
        "lever_keeper_attempts_total",
        "counter",
        "Liquidatable positions tried: simulated, then sent or skipped (every outcome).",
        &one(stats.attempts.to_string()),
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
        "Liquidations skipped below --min-reward (the fee, or a fixed amount).",
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
        "lever_keeper_notifications_total",
        "counter",
        "Websocket notifications applied (prices, markets, positions).",
        &one(stats.notifications.to_string()),
    );
    metric(
        "lever_keeper_subscribed",
        "gauge",
        "1 while the websocket subscriptions are in place, 0 while polling.",
        &one(u8::from(stats.subscribed).to_string()),
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
    let mut rpc = Vec::new();
    for (call, timing) in &stats.rpc_seconds {
        rpc.push((format!("_sum{{call=\"{call}\"}}"), timing.sum.to_string()));
        rpc.push((
            format!("_count{{call=\"{call}\"}}"),
            timing.count.to_string(),
        ));
    }
    metric(
        "lever_keeper_rpc_seconds",
        "summary",
        "RPC latency by call: read (a market and its positions), liquidate (one \
         transaction simulated, sent, confirmed), claim.",
        &rpc,
    );
    // (A summary's `_sum` and `_count` go in the "labels" slot: they are name
    // suffixes, written right after the name, before any label.)
    text
}

/// A label value as the text format wants it: backslash, quote and newline escaped.
fn escaped(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// How long a client has to send its request line and headers.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// The most of a request read: the request line is all that is used.
const MAX_REQUEST_HEAD: usize = 8192;

/// Reads a request up to the blank line that ends its headers (a client may send it in
/// several segments: one `read` can return just `GET `). `None` if the connection
/// closes first or the head is longer than [`MAX_REQUEST_HEAD`].
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut chunk).await?;
        if read == 0 || head.len().saturating_add(read) > MAX_REQUEST_HEAD {
            return Ok(None);
        }
        head.extend_from_slice(chunk.get(..read).unwrap_or_default());
    }
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

/// Serves `/metrics` and `/health` until the process ends.
pub async fn serve(listener: TcpListener, stats: Arc<Mutex<Stats>>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait rather than spin.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let stats = Arc::clone(&stats);
        tokio::spawn(async move {
            let Ok(Some(head)) = tokio::time::timeout(REQUEST_TIMEOUT, read_head(&mut stream))
                .await
                .map(Result::ok)
                .map(Option::flatten)
            else {
                return;
            };
            let path = head.split_whitespace().nth(1).unwrap_or("/");
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
        stats.attempts = 5;
        stats.failures.insert("read_positions".into(), 4);
        stats.lost_races.insert("PositionHealthy".into(), 1);
        // A message with a quote and a newline stays one valid line; an unavailable
        // cluster's message is cut to its kind.
        stats.fail("odd \"name\"\nline".into());
        stats.fail("claim_payout: unavailable: reading 5Xy...: timed out".into());
        stats.fail("unavailable: 4Zz not confirmed".into());
        stats.markets.insert(
            0,
            MarketGauges {
                positions: 53,
                liquidatable: 19,
            },
        );
        stats.markets.insert(
            2,
            MarketGauges {
                positions: 7,
                liquidatable: 0,
            },
        );
        let text = render(&stats);
        assert!(
            text.contains("lever_keeper_failures_total{error=\"odd \\\"name\\\"\\nline\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("lever_keeper_failures_total{error=\"claim_payout: unavailable\"} 1\n")
        );
        assert!(text.contains("lever_keeper_failures_total{error=\"unavailable\"} 1\n"));
        assert!(text.contains(
            "lever_keeper_positions_tracked{market=\"0\"} 53\nlever_keeper_positions_tracked{market=\"2\"} 7\n"
        ));
        assert!(text.contains("lever_keeper_liquidatable{market=\"0\"} 19\n"));
        stats.time("read", Duration::from_millis(250));
        stats.time("read", Duration::from_millis(750));
        let text = render(&stats);
        assert!(
            text.contains("lever_keeper_rpc_seconds_sum{call=\"read\"} 1\n"),
            "{text}"
        );
        assert!(text.contains("lever_keeper_rpc_seconds_count{call=\"read\"} 2\n"));
        assert_eq!(stats.positions_tracked(), 60);
        assert_eq!(stats.liquidatable_now(), 19);
        assert!(text
            .contains("# TYPE lever_keeper_passes_total counter\nlever_keeper_passes_total 3\n"));
        assert!(text.contains("lever_keeper_liquidations_total 2\n"));
        assert!(text.contains("lever_keeper_attempts_total 5\n"));
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

    /// A request whose line arrives in pieces (as a client may send it) is still
    /// answered; a path other than the two is a 404.
    #[tokio::test]
    async fn a_request_split_over_segments_is_answered() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let mut stats = Stats::default();
        stats.passes = 7;
        tokio::spawn(serve(listener, Arc::new(Mutex::new(stats))));
        let ask = |pieces: Vec<&'static str>| async move {
            let mut stream = TcpStream::connect(address).await.unwrap();
            for piece in pieces {
                stream.write_all(piece.as_bytes()).await.unwrap();
                stream.flush().await.unwrap();
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            response
        };
        let response = ask(vec!["GET ", "/metrics", " HTTP/1.0\r\n", "\r\n"]).await;
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(
            response.contains("\nlever_keeper_passes_total 7\n"),
            "{response}"
        );
        let response = ask(vec!["GET /health HTTP/1.1\r\nHost: x\r\n\r\n"]).await;
        assert!(response.ends_with("\r\n\r\nok\n"), "{response}");
        let response = ask(vec!["GET /other HTTP/1.1\r\n\r\n"]).await;
        assert!(response.starts_with("HTTP/1.1 404"), "{response}");
    }
}
