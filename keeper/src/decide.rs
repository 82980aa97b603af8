//! The keeper's decisions, pure so they are tested without a cluster: which positions
//! to liquidate and in what order, whether a liquidation pays, and what a failure
//! means (another keeper won the race, or something to retry).

use std::collections::HashSet;

use anchor_lang::prelude::Pubkey;
use lever_math::OracleQuote;
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
/// refusal that skipped it), what it pays the keeper and whether that is worth it
/// ([`MinReward::worth`]). `Liquidated` means "send it".
pub fn batch_outcome(status: u32, reward: u64, worth_it: bool) -> Outcome {
    if status != 0 {
        let name = lever_client::errors::name(status).unwrap_or_else(|| format!("code {status}"));
        return classify(&ChainError::Refused(name));
    }
    if worth_it {
        Outcome::Liquidated { reward }
    } else {
        Outcome::Unprofitable { reward }
    }
}

/// What a liquidation must pay the keeper to be sent (`--min-reward`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinReward {
    /// At least this many collateral atoms per position (0: everything is sent).
    Atoms(u64),
    /// The rewards of a transaction at least the fee it pays (signature and priority
    /// fee), valued at `sol`: SOL's price in the collateral's currency (`--sol-oracle`,
    /// read at every full pass).
    Fee { sol: OracleQuote },
}

impl MinReward {
    /// Which of `rewards` (one per position, collateral atoms) of one transaction that
    /// pays `fee_lamports` are worth sending: each against `Atoms`; against `Fee`,
    /// all or none, by whether together they cover the fee (a bankrupt position's fixed
    /// fee counts in its reward, so it can carry a batch).
    pub fn worth(&self, rewards: &[u64], fee_lamports: u64, collateral_decimals: u8) -> Vec<bool> {
        match self {
            MinReward::Atoms(least) => rewards.iter().map(|reward| reward >= least).collect(),
            MinReward::Fee { sol } => {
                // A price that cannot value the fee (not positive, absurd) sends nothing.
                let fee =
                    fee_in_collateral(fee_lamports, sol, collateral_decimals).unwrap_or(u64::MAX);
                let total = rewards.iter().fold(0u64, |sum, r| sum.saturating_add(*r));
                vec![total >= fee; rewards.len()]
            }
        }
    }
}

/// `fee_lamports` in collateral atoms at `sol` (SOL at price x 10^expo units of the
/// collateral's currency), rounded up, against the keeper:
/// atoms = lamports x price x 10^(expo + collateral decimals - 9), 10^9 lamports a SOL.
/// `None` when the price is not positive or the value does not fit.
pub fn fee_in_collateral(
    fee_lamports: u64,
    sol: &OracleQuote,
    collateral_decimals: u8,
) -> Option<u64> {
    let price = u128::try_from(sol.price).ok().filter(|price| *price > 0)?;
    let value = u128::from(fee_lamports).checked_mul(price)?;
    let exponent = sol
        .expo
        .checked_add(i32::from(collateral_decimals))?
        .checked_sub(9)?;
    let atoms = match u32::try_from(exponent) {
        Ok(up) => value.checked_mul(10u128.checked_pow(up)?)?,
        Err(_) => value.div_ceil(10u128.checked_pow(exponent.unsigned_abs())?),
    };
    u64::try_from(atoms).ok()
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
        assert_eq!(
            batch_outcome(0, 10, true),
            Outcome::Liquidated { reward: 10 }
        );
        assert_eq!(
            batch_outcome(0, 4, false),
            Outcome::Unprofitable { reward: 4 }
        );
        for race in ["PositionHealthy", "PositionNotOpen"] {
            assert_eq!(
                batch_outcome(code(race), 0, true),
                Outcome::LostRace(race.into())
            );
        }
        // The keeper's own mistakes are failures, not races.
        for mistake in ["SelfLiquidation", "DuplicatePosition"] {
            assert_eq!(
                batch_outcome(code(mistake), 0, true),
                Outcome::Failed(mistake.into())
            );
        }
    }

    #[test]
    fn a_minimum_in_atoms_is_per_position_and_inclusive() {
        let least = MinReward::Atoms(10);
        assert_eq!(least.worth(&[10, 9, 11], 5_000, 6), vec![true, false, true]);
        assert_eq!(MinReward::Atoms(0).worth(&[0], u64::MAX, 6), vec![true]);
    }

    /// SOL at $135.00000000 (Pyth's exponent -8), collateral of 6 decimals.
    const SOL_135: OracleQuote = OracleQuote {
        price: 13_500_000_000,
        conf: 1_000_000,
        ema_price: 13_500_000_000,
        expo: -8,
        publish_time: 0,
    };

    #[test]
    fn a_fee_is_valued_at_the_sol_price_rounded_against_the_keeper() {
        // 5,000 lamports = 0.000005 SOL = $0.000675 = 675 atoms of a 6-decimal dollar.
        assert_eq!(fee_in_collateral(5_000, &SOL_135, 6), Some(675));
        // 1 lamport = $0.000000135 = 0.135 atoms: 1.
        assert_eq!(fee_in_collateral(1, &SOL_135, 6), Some(1));
        assert_eq!(fee_in_collateral(0, &SOL_135, 6), Some(0));
        // A collateral of 18 decimals scales up: 5,000 lamports = 6.75e14 atoms.
        assert_eq!(
            fee_in_collateral(5_000, &SOL_135, 18),
            Some(675_000_000_000_000)
        );
        let with_price = |price| OracleQuote { price, ..SOL_135 };
        assert_eq!(fee_in_collateral(5_000, &with_price(0), 6), None);
        assert_eq!(fee_in_collateral(5_000, &with_price(-1), 6), None);
        assert_eq!(fee_in_collateral(u64::MAX, &with_price(i64::MAX), 30), None);
    }

    #[test]
    fn against_the_fee_a_transaction_is_sent_whole_when_its_rewards_cover_it() {
        let fee = MinReward::Fee { sol: SOL_135 };
        // A fee of 7,000 lamports is 945 atoms.
        assert_eq!(fee.worth(&[945], 7_000, 6), vec![true]);
        assert_eq!(fee.worth(&[944], 7_000, 6), vec![false]);
        // Positions too small alone are sent together when they cover it in all.
        assert_eq!(fee.worth(&[400, 300, 245], 7_000, 6), vec![true; 3]);
        assert_eq!(fee.worth(&[400, 300, 244], 7_000, 6), vec![false; 3]);
        // A price that cannot value the fee sends nothing.
        let unpriced = MinReward::Fee {
            sol: OracleQuote {
                price: 0,
                ..SOL_135
            },
        };
        assert_eq!(unpriced.worth(&[1_000_000_000], 1, 6), vec![false]);
    }
}
