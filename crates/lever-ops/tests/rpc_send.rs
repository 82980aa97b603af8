//! `RpcChain::send_confirmed` against a scripted JSON-RPC server: an unconfirmed
//! transaction is sent again every 2 s until it is confirmed, and reported as expired
//! once the chain's block height passes its blockhash's last valid height.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use lever_ops::chain::ChainError;
use lever_ops::priority_fee::FeePolicy;
use lever_ops::rpc::RpcChain;
use serde_json::{json, Value};
use solana_keypair::Keypair;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the scripted cluster does: confirm on the `confirm_on`-th status query (never
/// if 0), at block height `height`.
struct Script {
    confirm_on: u64,
    /// Confirm once the block height has been asked for (the transaction landed just
    /// as its blockhash expired).
    confirm_after_height: bool,
    height: u64,
    height_reads: AtomicU64,
    sends: AtomicU64,
    status_queries: AtomicU64,
}

impl Script {
    fn new(confirm_on: u64, confirm_after_height: bool, height: u64) -> Arc<Script> {
        Arc::new(Script {
            confirm_on,
            confirm_after_height,
            height,
            height_reads: AtomicU64::new(0),
            sends: AtomicU64::new(0),
            status_queries: AtomicU64::new(0),
        })
    }
}

const LAST_VALID_HEIGHT: u64 = 100;

fn answer(script: &Script, request: &Value) -> Value {
    let result = match request["method"].as_str().unwrap_or_default() {
        "getRecentPrioritizationFees" => json!([]),
        "getLatestBlockhash" => json!({
            "context": {"slot": 1},
            "value": {
                "blockhash": "4uQeVj5tqViQh7yWWGStvkEG1Zmhx6uasJtWCJziofM",
                "lastValidBlockHeight": LAST_VALID_HEIGHT
            }
        }),
        "getBlockHeight" => {
            script.height_reads.fetch_add(1, Ordering::SeqCst);
            json!(script.height)
        }
        "sendTransaction" => {
            script.sends.fetch_add(1, Ordering::SeqCst);
            // The transaction's first signature, as a node answers.
            use base64::Engine;
            let wire = base64::engine::general_purpose::STANDARD
                .decode(request["params"][0].as_str().unwrap_or_default())
                .unwrap_or_default();
            let signature = solana_signature::Signature::try_from(&wire[1..65]).unwrap();
            json!(signature.to_string())
        }
        "getSignatureStatuses" => {
            let query = script.status_queries.fetch_add(1, Ordering::SeqCst) + 1;
            let landed = (script.confirm_on != 0 && query >= script.confirm_on)
                || (script.confirm_after_height && script.height_reads.load(Ordering::SeqCst) > 0);
            let status = landed.then(|| {
                json!({"slot": 5, "confirmations": null, "err": null,
                       "status": {"Ok": null}, "confirmationStatus": "confirmed"})
            });
            json!({"context": {"slot": 5}, "value": [status]})
        }
        other => panic!("unexpected RPC method {other}"),
    };
    json!({"jsonrpc": "2.0", "id": request["id"], "result": result})
}

/// Serves `script` on a local port; its URL.
async fn serve(script: Arc<Script>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            let script = Arc::clone(&script);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                // Headers, then Content-Length bytes of body.
                let (head_end, length) = loop {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while buffer.len() < head_end + length {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                }
                let request: Value = serde_json::from_slice(&buffer[head_end..]).unwrap();
                let body = answer(&script, &request).to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    url
}

fn chain(url: &str) -> RpcChain {
    RpcChain::new(url, Duration::from_secs(5), FeePolicy::median_capped(0))
}

fn memo() -> Instruction {
    Instruction::new_with_bytes(Pubkey::new_unique(), &[1], vec![])
}

#[tokio::test]
async fn an_unconfirmed_transaction_is_sent_again_until_confirmed() {
    // Confirmed on the 14th status query, 200 ms apart: about 2.6 s, past one
    // rebroadcast.
    let script = Script::new(14, false, 50);
    let chain = chain(&serve(Arc::clone(&script)).await);
    let payer = Keypair::new();
    let started = std::time::Instant::now();
    chain.send_confirmed(&[memo()], &[&payer]).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(script.status_queries.load(Ordering::SeqCst), 14);
    // Sent once, then again every 2 s while unconfirmed (not on every poll).
    let sends = script.sends.load(Ordering::SeqCst);
    let at_most = 1 + elapsed.as_secs() / 2;
    assert!(
        (2..=at_most).contains(&sends),
        "{sends} sends in {elapsed:?}"
    );
}

#[tokio::test]
async fn a_transaction_past_its_blockhash_is_reported_expired() {
    let script = Script::new(0, false, LAST_VALID_HEIGHT + 1);
    let chain = chain(&serve(Arc::clone(&script)).await);
    let payer = Keypair::new();
    let error = chain
        .send_confirmed(&[memo()], &[&payer])
        .await
        .unwrap_err();
    match error {
        ChainError::Unavailable(message) => {
            assert!(message.contains("blockhash expired"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // Sent once; the expiry is seen when it would have been sent again.
    assert_eq!(script.sends.load(Ordering::SeqCst), 1);
}

/// Landed just as its blockhash expired: confirmed, not reported expired.
#[tokio::test]
async fn a_transaction_landing_as_its_blockhash_expires_is_confirmed() {
    let script = Script::new(0, true, LAST_VALID_HEIGHT + 1);
    let chain = chain(&serve(Arc::clone(&script)).await);
    let payer = Keypair::new();
    chain.send_confirmed(&[memo()], &[&payer]).await.unwrap();
    assert_eq!(script.height_reads.load(Ordering::SeqCst), 1);
    assert_eq!(script.sends.load(Ordering::SeqCst), 1);
}
