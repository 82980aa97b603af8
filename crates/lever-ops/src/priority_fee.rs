//! The priority fee a transaction offers: a percentile of the cluster's recent
//! prioritization fees for the accounts it writes (`getRecentPrioritizationFees`, one
//! figure per recent slot), clamped to the operator's floor and cap.
//!
//! The median (50) pays what half of the recent slots' cheapest landed transactions
//! paid; a keeper racing others in congestion raises the percentile (Drift's bots use
//! 75-90 with a cap), a patient admin lowers it. The cap bounds what a fee spike can
//! cost; the floor keeps a transaction from offering nothing on a quiet cluster whose
//! leaders still order by fee.

/// The operator's policy, micro-lamports per compute unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeePolicy {
    /// 0..=100: which recent fee to match (nearest rank).
    pub percentile: u8,
    pub floor: u64,
    pub cap: u64,
}

impl FeePolicy {
    /// The median of recent fees, at most `cap`, no floor.
    pub fn median_capped(cap: u64) -> FeePolicy {
        FeePolicy {
            percentile: 50,
            floor: 0,
            cap,
        }
    }

    /// A policy that can be applied: percentile at most 100, floor at most cap.
    pub fn checked(percentile: u8, floor: u64, cap: u64) -> Result<FeePolicy, String> {
        if percentile > 100 {
            return Err(format!(
                "--priority-fee-percentile {percentile}: at most 100"
            ));
        }
        if floor > cap {
            return Err(format!(
                "--min-priority-fee {floor} is above --max-priority-fee {cap}"
            ));
        }
        Ok(FeePolicy {
            percentile,
            floor,
            cap,
        })
    }

    /// The fee to offer given the recent fees (any order; none known: the floor).
    ///
    /// Nearest rank: the smallest fee with at least `percentile` % of the figures at or
    /// below it, i.e. sorted[ceil(p · n / 100) - 1] (sorted[0] for p = 0).
    pub fn pick(&self, recent: &[u64]) -> u64 {
        let mut sorted = recent.to_vec();
        sorted.sort_unstable();
        let rank = (usize::from(self.percentile) * sorted.len()).div_ceil(100);
        let chosen = sorted.get(rank.saturating_sub(1)).copied().unwrap_or(0);
        chosen.clamp(self.floor, self.cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(percentile: u8, floor: u64, cap: u64) -> FeePolicy {
        FeePolicy::checked(percentile, floor, cap).unwrap()
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=100 in reverse: the p-th percentile is p.
        let recent: Vec<u64> = (1..=100).rev().collect();
        for p in [1u8, 25, 50, 75, 90, 100] {
            assert_eq!(policy(p, 0, u64::MAX).pick(&recent), u64::from(p));
        }
        assert_eq!(policy(0, 0, u64::MAX).pick(&recent), 1);
        // Four figures: the median is the second (nearest rank), the 51st the third.
        let four = [40, 10, 30, 20];
        assert_eq!(policy(50, 0, u64::MAX).pick(&four), 20);
        assert_eq!(policy(51, 0, u64::MAX).pick(&four), 30);
        assert_eq!(policy(100, 0, u64::MAX).pick(&four), 40);
    }

    #[test]
    fn clamped_to_floor_and_cap() {
        // A quiet cluster (mostly zero fees) pays the floor; a spike pays the cap.
        let quiet = [0, 0, 0, 5];
        assert_eq!(policy(50, 1_000, 100_000).pick(&quiet), 1_000);
        let spike = [2_000_000, 3_000_000, 1_000];
        assert_eq!(policy(50, 0, 100_000).pick(&spike), 100_000);
        assert_eq!(policy(0, 0, 100_000).pick(&spike), 1_000);
        assert_eq!(policy(90, 7, 100_000).pick(&[]), 7);
        assert_eq!(FeePolicy::median_capped(0).pick(&spike), 0);
    }

    #[test]
    fn a_policy_that_cannot_hold_is_refused() {
        assert!(FeePolicy::checked(101, 0, 10)
            .unwrap_err()
            .contains("at most 100"));
        assert!(FeePolicy::checked(50, 11, 10)
            .unwrap_err()
            .contains("above --max-priority-fee"));
        assert_eq!(FeePolicy::checked(100, 10, 10), Ok(policy(100, 10, 10)));
    }
}
