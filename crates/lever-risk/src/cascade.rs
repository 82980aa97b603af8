//! The cascade (RISK.md, "The cascade"): a shock moves spot, liquidations at the mark
//! sell (longs) or buy (shorts), that flow moves spot again, the EMA follows, and the
//! next round liquidates what the new mark reaches.
//!
//! Each side's positions wait in a queue ordered by liquidation price (`queue`), so a
//! round looks only at the positions its mark has crossed; those are liquidated in the
//! order they appear in the book, and a partly liquidated one goes back at its new
//! price after the round (a position is liquidated at most once per round).

use lever_math::Side;
use serde::Serialize;

use crate::book::{Book, BookError};
use crate::error::{at, RiskError};
use crate::impact::{impacted_spot, net_flow, next_ema};
use crate::ledger::{liquidate, Balances, LiquidationRecord};
use crate::prices::{marks_of_internal, scaled_internal_nearest};
use crate::queue::{risk_key, threshold, Entry, SideQueue};
use crate::summary::{summarize, Summary};

/// The command's arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CascadeParams {
    /// Signed shock to the book's price, bps (-800: an 8 % drop).
    pub shock_bps: i64,
    /// Market depth: collateral atoms of net selling that take 1 % off spot.
    pub depth: u64,
    /// Share of the gap to spot the EMA closes per round, bps.
    pub ema_alpha_bps: u16,
    pub max_rounds: u32,
}

impl CascadeParams {
    pub const DEFAULT_EMA_ALPHA_BPS: u16 = 1_000;
    pub const DEFAULT_MAX_ROUNDS: u32 = 100;

    /// Checks the arguments' ranges; the message names the flag.
    pub fn check(&self) -> Result<(), BookError> {
        if self.shock_bps <= -10_000 {
            return Err(BookError(format!(
                "--shock-bps: {} would take the price to zero or below (must be > -10000)",
                self.shock_bps
            )));
        }
        if self.depth == 0 {
            return Err(BookError("--depth: must be positive".into()));
        }
        if self.ema_alpha_bps > 10_000 {
            return Err(BookError(format!(
                "--ema-alpha-bps: {} is above 10000 (100 %)",
                self.ema_alpha_bps
            )));
        }
        Ok(())
    }
}

/// One round, as RISK.md lists its fields; prices at the start of the round, money
/// after it. Fields past `pool` are extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Round {
    pub round: u32,
    pub spot: u128,
    pub ema: u128,
    /// The long side's mark (band edges rounded down); see `mark_short`.
    pub mark: u128,
    pub liquidations: u64,
    pub partial: u64,
    pub full: u64,
    pub closed_notional: u128,
    pub net_flow: i128,
    pub penalty: u128,
    /// Keepers' share of the penalties.
    pub keeper_rewards: u128,
    pub bad_debt: u128,
    pub bad_debt_socialized: u128,
    pub insurance: u64,
    pub pool: u64,
    /// Extension: the short side's mark (band edges rounded up).
    pub mark_short: u128,
    /// Extension: notional closed on longs and on shorts.
    pub closed_notional_long: u128,
    pub closed_notional_short: u128,
    /// Extension: fixed fees paid to keepers of bankrupt positions.
    pub bankrupt_keeper_fees: u128,
}

/// What a cascade produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CascadeResult {
    pub rounds: Vec<Round>,
    pub summary: Summary,
}

/// Told about the cascade as it runs: progress, and each liquidation (the cross-check
/// with the program replays them).
pub trait Observer {
    fn round_started(&mut self, _round: u32, _max_rounds: u32) {}
    fn liquidated(&mut self, _round: u32, _index: usize, _record: &LiquidationRecord) {}
}

/// An observer that does nothing.
pub struct Quiet;
impl Observer for Quiet {}

fn add(total: &mut u128, amount: u128, round: u32) -> Result<(), RiskError> {
    *total = total
        .checked_add(amount)
        .ok_or_else(|| RiskError(format!("round {round}: a total overflowed")))?;
    Ok(())
}

/// Plays the cascade on `book`.
pub fn run(
    book: &Book,
    params: &CascadeParams,
    observer: &mut dyn Observer,
) -> Result<CascadeResult, RiskError> {
    params.check().map_err(|e| RiskError(e.0))?;
    let market = book.market;
    let decimals = market.decimals;
    let band = market.params.ema_band_bps;
    let mmr = market.params.mmr_bps;
    let shock_factor = i128::from(params.shock_bps)
        .checked_add(10_000)
        .and_then(|f| u128::try_from(f).ok())
        .ok_or_else(|| RiskError("--shock-bps: out of range".into()))?;
    let price = book.price;
    let round_zero = || "round 0".to_string();
    let reference =
        scaled_internal_nearest(price.price, price.expo, decimals, 1, 1).map_err(at(round_zero))?;
    let mut spot = scaled_internal_nearest(price.price, price.expo, decimals, shock_factor, 10_000)
        .map_err(at(round_zero))?;
    let mut ema =
        scaled_internal_nearest(price.ema, price.expo, decimals, 1, 1).map_err(at(round_zero))?;

    let mut positions = book.positions.clone();
    let (mut longs, mut shorts) = (Vec::new(), Vec::new());
    let mut collateral: u128 = 0;
    for (index, position) in positions.iter().enumerate() {
        add(&mut collateral, u128::from(position.collateral), 0)?;
        let price = position
            .snapshot()
            .liquidation_price(mmr)
            .map_err(at(|| format!("positions[{index}]")))?;
        if let Some(key) = risk_key(position.side, price) {
            let index = u32::try_from(index)
                .map_err(|_| RiskError("a cascade takes at most 2^32 - 1 positions".into()))?;
            let entry = Entry { key, index };
            match position.side {
                Side::Long => longs.push(entry),
                Side::Short => shorts.push(entry),
            }
        }
    }
    let mut longs = SideQueue::new(longs);
    let mut shorts = SideQueue::new(shorts);
    let mut balances = Balances {
        collateral,
        pool: book.pool,
        insurance: book.insurance,
        paid_out: 0,
    };
    let start = balances;

    let mut rounds = Vec::new();
    let mut spots = vec![spot];
    let mut candidates: Vec<Entry> = Vec::new();
    for round in 1..=params.max_rounds {
        observer.round_started(round, params.max_rounds);
        let place = || format!("round {round}");
        let (long_mark, short_mark) =
            marks_of_internal(spot, ema, band, decimals).map_err(at(place))?;
        candidates.clear();
        longs.pop_crossed(threshold(Side::Long, long_mark), &mut candidates);
        shorts.pop_crossed(threshold(Side::Short, short_mark), &mut candidates);
        candidates.sort_unstable_by_key(|entry| entry.index);

        let mut row = Round {
            round,
            spot,
            ema,
            mark: long_mark.raw(),
            mark_short: short_mark.raw(),
            ..Round::default()
        };
        let (mut sold, mut bought): (u128, u128) = (0, 0);
        let mut returned = Vec::new();
        for entry in candidates.iter().copied() {
            let index = entry.index as usize;
            let Some(position) = positions.get_mut(index) else {
                continue;
            };
            let side = position.side;
            let mark = match side {
                Side::Long => long_mark,
                Side::Short => short_mark,
            };
            let outcome = liquidate(position, mark, &market, &mut balances)
                .map_err(|e| RiskError(format!("round {round}, {}: {e}", book.ids.get(index))))?;
            let Some(outcome) = outcome else {
                returned.push((side, entry));
                continue;
            };
            let record = outcome.record;
            observer.liquidated(round, index, &record);
            row.liquidations = row.liquidations.saturating_add(1);
            if record.partial {
                row.partial = row.partial.saturating_add(1);
                let price = position
                    .snapshot()
                    .liquidation_price(mmr)
                    .map_err(at(place))?;
                if let Some(key) = risk_key(side, price) {
                    returned.push((
                        side,
                        Entry {
                            key,
                            index: entry.index,
                        },
                    ));
                }
            } else {
                row.full = row.full.saturating_add(1);
            }
            let closed = u128::from(record.closed_size);
            match side {
                Side::Long => {
                    add(&mut sold, closed, round)?;
                    add(
                        &mut row.closed_notional_long,
                        outcome.closed_notional,
                        round,
                    )?;
                }
                Side::Short => {
                    add(&mut bought, closed, round)?;
                    add(
                        &mut row.closed_notional_short,
                        outcome.closed_notional,
                        round,
                    )?;
                }
            }
            add(&mut row.closed_notional, outcome.closed_notional, round)?;
            add(&mut row.penalty, u128::from(record.penalty), round)?;
            add(
                &mut row.keeper_rewards,
                u128::from(record.keeper_reward),
                round,
            )?;
            add(
                &mut row.bankrupt_keeper_fees,
                u128::from(record.bankrupt_keeper_fee),
                round,
            )?;
            add(&mut row.bad_debt, u128::from(record.bad_debt), round)?;
            add(
                &mut row.bad_debt_socialized,
                u128::from(record.bad_debt_socialized),
                round,
            )?;
        }
        for (side, entry) in returned {
            match side {
                Side::Long => longs.push(entry),
                Side::Short => shorts.push(entry),
            }
        }
        longs.settle();
        shorts.settle();
        row.net_flow = net_flow(bought, short_mark, sold, long_mark).map_err(at(place))?;
        row.insurance = balances.insurance;
        row.pool = balances.pool;
        spot = impacted_spot(spot, row.net_flow, params.depth).map_err(at(place))?;
        if i64::try_from(spot).is_err() {
            return Err(RiskError(format!(
                "round {round}: spot {spot} rose past the largest price the oracle can carry"
            )));
        }
        ema = next_ema(ema, spot, params.ema_alpha_bps).map_err(at(place))?;
        spots.push(spot);
        let quiet = row.liquidations == 0;
        rounds.push(row);
        if quiet {
            break;
        }
    }
    let summary = summarize(
        &rounds,
        &spots,
        reference,
        params.shock_bps > 0,
        &start,
        &balances,
    )?;
    Ok(CascadeResult { rounds, summary })
}
