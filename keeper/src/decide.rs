//! The keeper's decisions, pure so they are tested without a cluster: which positions
//! to liquidate and in what order, whether a liquidation pays, and what a failure
//! means (another keeper won the race, or something to retry).

use std::collections::HashSet;

use anchor_lang::prelude::Pubkey;
use lever_ops::book::PositionRow;
use lever_ops::chain::ChainError;

/// A position to liquidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub address: Pubkey,
    pub owner: Pubkey,
    pub position_id: u64,
    pub margin_ratio_bps: i64,
}

/// The liquidatable positions of `rows` not already in flight, most underwater first
/// (lowest margin ratio; ties by address, so two keepers agree on the order).
pub fn candidates(rows: &[PositionRow], in_flight: &HashSet<Pubkey>) -> Vec<Candidate> {
    let mut found: Vec<Candidate> = rows
        .iter()
        .filter(|row| !in_flight.contains(&row.address))
        .filter_map(|row| {
            let health = row.health.as_ref().ok()?;
            health.liquidatable.then_some(Candidate {
                address: row.address,
                owner: row.position.owner,
                position_id: row.position.position_id,
                margin_ratio_bps: health.margin_ratio_bps,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        a.margin_ratio_bps
            .cmp(&b.margin_ratio_bps)
            .then(a.address.cmp(&b.address))
    });
    found
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Liquidated {
        reward: u64,
    },
    /// Another keeper (or the owner) got there first: not an error.
    LostRace(String),
    /// The reward is below the configured minimum.
    Unprofitable {
        reward: u64,
    },
    /// `--dry-run`: simulated, not sent.
    WouldLiquidate {
        reward: u64,
    },
    /// Anything else: counted by name, retried on the next pass.
    Failed(String),
}

/// The refusals that mean the position is no longer there to take: healthy again
/// (someone liquidated part of it, or the price moved), closed (its account is gone,
/// or a batch left it as a payout), or a price older than the market's last (someone
/// acted on a newer one).
const RACES: [&str; 6] = [
    "PositionHealthy",
    "PositionNotOpen",
    "AccountNotInitialized",
    "AccountDiscriminatorMismatch",
    "OraclePriceOlderThanLastUsed",
    "AccountOwnedByWrongProgram",
];

/// The outcome of a refusal or a failure.
pub fn classify(error: &ChainError) -> Outcome {
    match error {
        ChainError::Refused(name) if RACES.iter().any(|race| name == race) => {
            Outcome::LostRace(name.clone())
        }
        ChainError::Refused(name) => Outcome::Failed(name.clone()),
        ChainError::Unavailable(why) => Outcome::Failed(format!("unavailable: {why}")),
    }
}

/// What a simulated batch says of one position: its status (0, or the code of the
/// refusal that skipped it) and what it pays the keeper. `Liquidated` means "send it".
pub fn batch_outcome(status: u32, reward: u64, min_reward: u64) -> Outcome {
    if status != 0 {
        let name = lever_client::errors::name(status).unwrap_or_else(|| format!("code {status}"));
        return classify(&ChainError::Refused(name));
    }
    if worth_it(reward, min_reward) {
        Outcome::Liquidated { reward }
    } else {
        Outcome::Unprofitable { reward }
    }
}

/// Whether a liquidation paying `reward` (collateral atoms) is worth sending.
pub fn worth_it(reward: u64, min_reward: u64) -> bool {
    reward >= min_reward
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn races_are_not_errors() {
        for race in RACES {
            assert_eq!(
                classify(&ChainError::Refused(race.into())),
                Outcome::LostRace(race.into())
            );
        }
        assert_eq!(
            classify(&ChainError::Refused("MarketPaused".into())),
            Outcome::Failed("MarketPaused".into())
        );
        assert!(matches!(
            classify(&ChainError::Unavailable("timeout".into())),
            Outcome::Failed(why) if why.contains("timeout")
        ));
    }

    fn row(address: u8, ratio: Option<(i64, bool)>) -> PositionRow {
        let mut position: lever::state::Position = bytemuck::Zeroable::zeroed();
        position.position_id = u64::from(address);
        PositionRow {
            address: Pubkey::new_from_array([address; 32]),
            position,
            health: match ratio {
                Some((margin_ratio_bps, liquidatable)) => {
                    Ok(lever_client::health::PositionHealth {
                        mark_price: 1,
                        notional: 1,
                        equity: 1,
                        accrued_fees: 0,
                        maintenance_requirement: 1,
                        margin_ratio_bps,
                        liquidation_price: 1,
                        liquidatable,
                        liquidation_size: 1,
                        liquidation_is_partial: true,
                    })
                }
                None => Err("OracleStale".into()),
            },
        }
    }

    #[test]
    fn most_underwater_first_never_twice_never_healthy() {
        let rows = [
            row(1, Some((300, true))),
            row(2, Some((-50, true))),
            row(3, Some((800, false))),
            row(4, Some((100, true))),
            row(5, None),
            row(6, Some((300, true))),
        ];
        let in_flight: HashSet<Pubkey> = [Pubkey::new_from_array([4; 32])].into();
        let ids: Vec<u64> = candidates(&rows, &in_flight)
            .iter()
            .map(|candidate| candidate.position_id)
            .collect();
        assert_eq!(ids, vec![2, 1, 6], "by ratio, ties by address; 4 in flight");
        assert_eq!(candidates(&rows, &HashSet::new()).len(), 4);
    }

    #[test]
    fn a_batch_result_is_sent_lost_or_unprofitable() {
        let code = |name: &str| lever_client::errors::code(name).unwrap();
        assert_eq!(batch_outcome(0, 10, 5), Outcome::Liquidated { reward: 10 });
        assert_eq!(batch_outcome(0, 4, 5), Outcome::Unprofitable { reward: 4 });
        for race in ["PositionHealthy", "PositionNotOpen"] {
            assert_eq!(
                batch_outcome(code(race), 0, 0),
                Outcome::LostRace(race.into())
            );
        }
        // The keeper's own mistakes are failures, not races.
        for mistake in ["SelfLiquidation", "DuplicatePosition"] {
            assert_eq!(
                batch_outcome(code(mistake), 0, 0),
                Outcome::Failed(mistake.into())
            );
        }
    }

    #[test]
    fn the_minimum_reward_is_inclusive() {
        assert!(worth_it(10, 10));
        assert!(!worth_it(9, 10));
        assert!(worth_it(0, 0));
    }
}
