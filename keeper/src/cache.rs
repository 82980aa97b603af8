//! What the keeper knows of a market between full reads: the market, its oracle
//! account and its open positions as last read (`getProgramAccounts`), kept current by
//! the websocket notifications of [`crate::watch`]. A price notification re-evaluates
//! the cached positions at once, with no RPC read; a periodic full read heals what
//! notifications cannot say (a closed account leaves the program, so no program
//! notification reports it) or missed.
//!
//! Each notification carries the slot it was written in; one older than the slot at
//! which the last full read began is dropped: the read already holds its write and
//! maybe later ones, which applying it would undo (it can be queued while the read
//! runs).

use std::collections::BTreeMap;
use std::time::Instant;

use anchor_lang::prelude::Pubkey;
use lever::state::Position;
use lever_ops::book::{decode_positions, MarketState};
use lever_ops::chain::FetchedAccount;

/// A notification, as the cache applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The market's oracle account was written (a new price).
    Oracle {
        market: u16,
        account: FetchedAccount,
    },
    /// The market account was written (indices, parameters, pause).
    Market { market: u16, data: Vec<u8> },
    /// A program account with this market at offset 8 was written: an open position,
    /// or one a batch liquidation turned into a `LiquidationPayout`.
    Account {
        market: u16,
        address: Pubkey,
        data: Vec<u8>,
    },
}

impl Change {
    pub fn market(&self) -> u16 {
        match self {
            Change::Oracle { market, .. }
            | Change::Market { market, .. }
            | Change::Account { market, .. } => *market,
        }
    }
}

/// One market as last read, with the notifications since applied.
pub struct MarketCache {
    state: MarketState,
    positions: BTreeMap<Pubkey, Position>,
    /// The cluster's slot when the read began: notifications before it are stale.
    read_slot: u64,
    /// When `state.now` (the cluster's clock) was read.
    read_at: Instant,
}

impl MarketCache {
    /// The market read from `read_slot` on, and its position accounts.
    pub fn new(
        state: MarketState,
        accounts: Vec<(Pubkey, Vec<u8>)>,
        read_slot: u64,
    ) -> MarketCache {
        let positions = decode_positions(&state.address, accounts)
            .into_iter()
            .collect();
        MarketCache {
            state,
            positions,
            read_slot,
            read_at: Instant::now(),
        }
    }

    /// The market as the program would see it now: the cluster's clock as read, advanced
    /// by the time since (the oracle's staleness and the fees accrued depend on it).
    pub fn state(&self) -> MarketState {
        let mut state = self.state.clone();
        let elapsed = i64::try_from(self.read_at.elapsed().as_secs()).unwrap_or(i64::MAX);
        state.now = state.now.saturating_add(elapsed);
        state
    }

    pub fn positions(&self) -> Vec<(Pubkey, Position)> {
        self.positions
            .iter()
            .map(|(address, position)| (*address, *position))
            .collect()
    }

    /// Applies a notification of this market written in `slot`. True when the
    /// positions' health may have changed (a price, the market, a position), i.e. worth
    /// evaluating again; false for a notification older than the read.
    pub fn apply(&mut self, slot: u64, change: Change) -> bool {
        if slot < self.read_slot {
            return false;
        }
        match change {
            Change::Oracle { account, .. } => {
                let changed = account != self.state.oracle_account;
                self.state.oracle_account = account;
                changed
            }
            Change::Market { data, .. } => match lever_client::decode::market(&data) {
                Ok(market) => {
                    self.state.market = market;
                    true
                }
                Err(_) => false,
            },
            Change::Account { address, data, .. } => {
                match decode_positions(&self.state.address, vec![(address, data)]).pop() {
                    Some((address, position)) => {
                        self.positions.insert(address, position);
                        true
                    }
                    // No longer an open position of this market (now a payout).
                    None => self.positions.remove(&address).is_some(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::Discriminator;
    use lever::state::{LiquidationPayout, Market};

    fn encoded<T: bytemuck::Pod>(discriminator: &[u8], value: &T) -> Vec<u8> {
        [discriminator, bytemuck::bytes_of(value)].concat()
    }

    fn position(market: Pubkey, size: u64) -> Vec<u8> {
        let mut position: Position = bytemuck::Zeroable::zeroed();
        position.market = market;
        position.size = size;
        encoded(Position::DISCRIMINATOR, &position)
    }

    fn cache() -> (MarketCache, Pubkey) {
        let address = Pubkey::new_unique();
        let market: Market = bytemuck::Zeroable::zeroed();
        let state = MarketState {
            address,
            market,
            oracle: Pubkey::new_unique(),
            oracle_account: FetchedAccount {
                owner: Pubkey::new_unique(),
                data: vec![1, 2, 3],
            },
            now: 1_000,
        };
        let mine = Pubkey::new_unique();
        let elsewhere = Pubkey::new_unique();
        let cache = MarketCache::new(
            state,
            vec![
                (mine, position(address, 5)),
                // Another market's position (a filter that let it through) is dropped.
                (elsewhere, position(Pubkey::new_unique(), 7)),
            ],
            READ_SLOT,
        );
        (cache, mine)
    }

    const READ_SLOT: u64 = 100;

    #[test]
    fn a_notification_older_than_the_read_is_dropped() {
        let (mut cache, mine) = cache();
        let market = cache.state().address;
        // Written before the read began (queued while it ran): the read holds it.
        assert!(!cache.apply(
            READ_SLOT - 1,
            Change::Account {
                market: 0,
                address: mine,
                data: position(market, 1),
            }
        ));
        assert_eq!(cache.positions()[0].1.size, 5);
        // Written at or after it: applied.
        assert!(cache.apply(
            READ_SLOT,
            Change::Account {
                market: 0,
                address: mine,
                data: position(market, 2),
            }
        ));
        assert_eq!(cache.positions()[0].1.size, 2);
    }

    #[test]
    fn notifications_keep_the_book_current() {
        let (mut cache, mine) = cache();
        let market = cache.state().address;
        assert_eq!(cache.positions().len(), 1);
        // A position written: updated in place; a new one: added.
        assert!(cache.apply(
            READ_SLOT,
            Change::Account {
                market: 0,
                address: mine,
                data: position(market, 9),
            }
        ));
        let opened = Pubkey::new_unique();
        assert!(cache.apply(
            READ_SLOT,
            Change::Account {
                market: 0,
                address: opened,
                data: position(market, 3),
            }
        ));
        let sizes: Vec<(Pubkey, u64)> = cache
            .positions()
            .iter()
            .map(|(address, position)| (*address, position.size))
            .collect();
        let mut expected = vec![(mine, 9), (opened, 3)];
        expected.sort();
        assert_eq!(sizes, expected);
        // Turned into a payout by a batch liquidation: gone; a payout it never had: no
        // change to react to.
        let mut payout: LiquidationPayout = bytemuck::Zeroable::zeroed();
        payout.market = market;
        let payout = encoded(LiquidationPayout::DISCRIMINATOR, &payout);
        assert!(cache.apply(
            READ_SLOT,
            Change::Account {
                market: 0,
                address: mine,
                data: payout.clone(),
            }
        ));
        assert!(!cache.apply(
            READ_SLOT,
            Change::Account {
                market: 0,
                address: Pubkey::new_unique(),
                data: payout,
            }
        ));
        assert_eq!(cache.positions().len(), 1);
    }

    #[test]
    fn a_new_price_or_market_is_applied_and_worth_evaluating() {
        let (mut cache, _) = cache();
        let before = cache.state().oracle_account;
        assert!(!cache.apply(
            READ_SLOT,
            Change::Oracle {
                market: 0,
                account: before.clone(),
            }
        ));
        let newer = FetchedAccount {
            owner: before.owner,
            data: vec![4, 5, 6],
        };
        assert!(cache.apply(
            READ_SLOT,
            Change::Oracle {
                market: 0,
                account: newer.clone(),
            }
        ));
        assert_eq!(cache.state().oracle_account, newer);
        let mut market: Market = bytemuck::Zeroable::zeroed();
        market.base_decimals = 9;
        assert!(cache.apply(
            READ_SLOT,
            Change::Market {
                market: 0,
                data: encoded(Market::DISCRIMINATOR, &market),
            }
        ));
        assert_eq!(cache.state().market.base_decimals, 9);
        // Not a market: ignored.
        assert!(!cache.apply(
            READ_SLOT,
            Change::Market {
                market: 0,
                data: vec![0; 8],
            }
        ));
        assert_eq!(cache.state().market.base_decimals, 9);
        // The clock read advances with the time since.
        assert!(cache.state().now >= 1_000);
    }
}
