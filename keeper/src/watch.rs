//! Websocket subscriptions: for each watched market its oracle account, the market
//! account, and the program's accounts with that market at offset 8 (open positions,
//! and the payouts batch liquidations turn them into), at the commitment the reads and
//! simulations use (`--commitment`: `confirmed`, or `processed`). Notifications go to
//! the main loop as [`Event::Changed`]; a connection that cannot be made or is lost is
//! reported ([`Event::Lost`]) and retried with a doubling pause (1 s to 30 s), the
//! keeper polling meanwhile. After each (re)subscription the main loop reads everything
//! again, so what changed while unsubscribed is not missed. A slot subscription is the
//! heartbeat: a connection with no slot notification for [`SILENCE`] is taken for dead
//! (a half-open TCP connection would otherwise look subscribed for minutes), and
//! connecting or subscribing that takes longer than [`SILENCE`] counts as a failure.

use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use futures::stream::{BoxStream, SelectAll, StreamExt};
use lever_ops::chain::FetchedAccount;
use solana_account_decoder_client_types::{UiAccount, UiAccountEncoding};
use solana_commitment_config::CommitmentConfig;
use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
use solana_rpc_client_api::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig};
use solana_rpc_client_api::filter::{Memcmp, RpcFilterType};
use tokio::sync::mpsc;

use crate::cache::Change;

/// Without a slot notification for this long (about 25 slots), the connection is
/// taken for lost.
const SILENCE: Duration = Duration::from_secs(10);
/// A session that lasted this long starts the reconnection back-off over.
const STABLE: Duration = Duration::from_secs(30);

/// A market to watch: its index, address and oracle account.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub index: u16,
    pub market: Pubkey,
    pub oracle: Pubkey,
}

/// What the subscription task tells the main loop.
#[derive(Debug)]
pub enum Event {
    /// Every subscription is in place (read everything again: changes before it were
    /// not notified).
    Subscribed,
    /// The connection could not be made or was lost; retried after `retry_in`.
    Lost { error: String, retry_in: Duration },
    /// A notification, with the slot its write landed in.
    Changed { slot: u64, change: Change },
}

/// Starts the subscription task; it runs until the receiver is dropped.
pub fn spawn(
    ws_url: String,
    targets: Vec<Target>,
    commitment: CommitmentConfig,
) -> mpsc::Receiver<Event> {
    let (sender, receiver) = mpsc::channel(4096);
    tokio::spawn(async move {
        let mut retry_in = Duration::from_secs(1);
        loop {
            let started = tokio::time::Instant::now();
            let error =
                match tokio::time::timeout(SILENCE, PubsubClient::new(ws_url.as_str())).await {
                    Ok(Ok(client)) => {
                        let outcome = forward(&client, &targets, commitment, &sender).await;
                        if sender.is_closed() {
                            return;
                        }
                        // A session that held a while starts the back-off over; one that
                        // drops right after subscribing does not (no reconnect storm).
                        if outcome.subscribed && started.elapsed() >= STABLE {
                            retry_in = Duration::from_secs(1);
                        }
                        outcome.error
                    }
                    Ok(Err(e)) => format!("{ws_url}: {e}"),
                    Err(_) => format!("{ws_url}: no connection within {} s", SILENCE.as_secs()),
                };
            if sender.send(Event::Lost { error, retry_in }).await.is_err() {
                return;
            }
            tokio::time::sleep(retry_in).await;
            retry_in = retry_in.saturating_mul(2).min(Duration::from_secs(30));
        }
    });
    receiver
}

struct Session {
    subscribed: bool,
    error: String,
}

/// Subscribes to every target and forwards notifications until the connection ends.
async fn forward(
    client: &PubsubClient,
    targets: &[Target],
    commitment: CommitmentConfig,
    sender: &mpsc::Sender<Event>,
) -> Session {
    let mut streams: SelectAll<BoxStream<'_, Item>> = SelectAll::new();
    let slots = match within(client.slot_subscribe()).await {
        Ok((stream, _unsubscribe)) => stream,
        Err(e) => return failed(format!("slots: {e}")),
    };
    streams.push(slots.map(|_| Item::Slot).boxed());
    for target in targets {
        let index = target.index;
        let oracle = account_changes(client, &target.oracle, commitment, move |account| {
            Some(Change::Oracle {
                market: index,
                account: fetched(&account)?,
            })
        });
        match oracle.await {
            Ok(stream) => streams.push(stream),
            Err(e) => return failed(format!("oracle {}: {e}", target.oracle)),
        }
        let market = account_changes(client, &target.market, commitment, move |account| {
            Some(Change::Market {
                market: index,
                data: account.data.decode()?,
            })
        });
        match market.await {
            Ok(stream) => streams.push(stream),
            Err(e) => return failed(format!("market {}: {e}", target.market)),
        }
        let config = RpcProgramAccountsConfig {
            filters: Some(vec![RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
                8,
                target.market.to_bytes().to_vec(),
            ))]),
            account_config: account_config(commitment),
            ..RpcProgramAccountsConfig::default()
        };
        let accounts = match within(client.program_subscribe(&lever::ID, Some(config))).await {
            Ok((stream, _unsubscribe)) => stream,
            Err(e) => return failed(format!("program accounts of market {index}: {e}")),
        };
        streams.push(
            accounts
                .filter_map(move |update| async move {
                    Some(Item::Change {
                        slot: update.context.slot,
                        change: Change::Account {
                            market: index,
                            address: update.value.pubkey.parse().ok()?,
                            data: update.value.account.data.decode()?,
                        },
                    })
                })
                .boxed(),
        );
    }
    if sender.send(Event::Subscribed).await.is_err() {
        return failed("stopped".into());
    }
    loop {
        let item = match tokio::time::timeout(SILENCE, streams.next()).await {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(_) => {
                return Session {
                    subscribed: true,
                    error: format!("no slot notification for {} s", SILENCE.as_secs()),
                }
            }
        };
        if let Item::Change { slot, change } = item {
            if sender.send(Event::Changed { slot, change }).await.is_err() {
                break;
            }
        }
    }
    Session {
        subscribed: true,
        error: "the websocket connection ended".into(),
    }
}

/// Base64 data at `commitment`, as the reads.
fn account_config(commitment: CommitmentConfig) -> RpcAccountInfoConfig {
    RpcAccountInfoConfig {
        encoding: Some(UiAccountEncoding::Base64),
        commitment: Some(commitment),
        ..RpcAccountInfoConfig::default()
    }
}

/// One account's notifications (subscribed within [`SILENCE`]), each made a change by
/// `change` (`None`: skipped, e.g. data that does not decode).
async fn account_changes<'a>(
    client: &'a PubsubClient,
    address: &Pubkey,
    commitment: CommitmentConfig,
    change: impl Fn(UiAccount) -> Option<Change> + Send + 'a,
) -> Result<BoxStream<'a, Item>, String> {
    let (stream, _unsubscribe) =
        within(client.account_subscribe(address, Some(account_config(commitment)))).await?;
    Ok(stream
        .filter_map(move |update| {
            let slot = update.context.slot;
            futures::future::ready(change(update.value).map(|change| Item::Change { slot, change }))
        })
        .boxed())
}

/// What the merged subscriptions yield: a change, or a slot (the heartbeat).
enum Item {
    Change { slot: u64, change: Change },
    Slot,
}

/// A subscription request, failed after [`SILENCE`] without an answer.
async fn within<T>(
    request: impl std::future::Future<
        Output = Result<T, solana_pubsub_client::nonblocking::pubsub_client::PubsubClientError>,
    >,
) -> Result<T, String> {
    match tokio::time::timeout(SILENCE, request).await {
        Ok(answer) => answer.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer within {} s", SILENCE.as_secs())),
    }
}

fn failed(error: String) -> Session {
    Session {
        subscribed: false,
        error,
    }
}

/// An account notification as the reads return it (owner and data).
fn fetched(account: &UiAccount) -> Option<FetchedAccount> {
    Some(FetchedAccount {
        owner: account.owner.parse().ok()?,
        data: account.data.decode()?,
    })
}
