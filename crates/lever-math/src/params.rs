//! A market's risk parameters and their bounds (PROTOCOL.md, "Parameter bounds").

use crate::constants::{BPS_DENOMINATOR, MAX_BORROW_RATE_BPS_PER_HOUR, MAX_TRADE_FEE_BPS};
use crate::liquidation::LiquidationParams;
use crate::price::OracleLimits;

/// Every parameter of a market that the admin sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskParams {
    /// Initial margin ratio; max leverage = 10_000 / imr.
    pub imr_bps: u16,
    /// Maintenance margin ratio.
    pub mmr_bps: u16,
    /// Liquidation penalty rate q on the closed notional.
    pub liquidation_penalty_bps: u16,
    /// Share of the penalty paid to the keeper; the rest goes to insurance.
    pub keeper_share_bps: u16,
    /// T = mmr + buffer is the ratio a partial liquidation restores.
    pub liquidation_buffer_bps: u16,
    /// Half-width of the EMA band the liquidation mark is clamped into.
    pub ema_band_bps: u16,
    pub max_staleness_secs: u32,
    /// Largest accepted c / p.
    pub max_conf_bps: u16,
    /// Smallest notional a partial liquidation or a reduce may leave, collateral atoms.
    pub min_position_notional: u64,
    pub open_fee_bps: u16,
    pub close_fee_bps: u16,
    pub borrow_rate_bps_per_hour: u32,
    /// Cap on each side's total size, base atoms.
    pub max_open_interest: u64,
    /// The pool's liquidity times this must cover open interest's notional.
    pub max_utilization_bps: u16,
}

/// Which bound a parameter set breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamError {
    /// 0 < imr <= 100 % fails.
    InitialMarginOutOfRange,
    /// 0 < mmr < imr fails.
    MaintenanceMarginOutOfRange,
    /// 0 < q < mmr fails.
    PenaltyOutOfRange,
    /// keeper share <= 100 % fails.
    KeeperShareOutOfRange,
    /// buffer > 0 fails (or T overflows 100 %).
    BufferOutOfRange,
    /// 0 < band < 100 % fails.
    EmaBandOutOfRange,
    /// staleness > 0 fails.
    StalenessOutOfRange,
    /// 0 < max conf <= 100 % fails.
    ConfidenceLimitOutOfRange,
    /// open or close fee above [`MAX_TRADE_FEE_BPS`].
    TradeFeeOutOfRange,
    /// borrow rate above [`MAX_BORROW_RATE_BPS_PER_HOUR`].
    BorrowRateOutOfRange,
    /// max open interest > 0 fails.
    OpenInterestCapOutOfRange,
    /// 0 < max utilization <= 100 % fails.
    UtilizationOutOfRange,
}

/// 100 % in bps, as the parameters' type.
const ONE: u16 = 10_000;
const _: () = assert!(ONE as u128 == BPS_DENOMINATOR);

impl RiskParams {
    /// Checks every bound; the first one broken is reported.
    pub fn validate(&self) -> Result<(), ParamError> {
        use ParamError::*;
        let checks = [
            (
                self.imr_bps > 0 && self.imr_bps <= ONE,
                InitialMarginOutOfRange,
            ),
            (
                self.mmr_bps > 0 && self.mmr_bps < self.imr_bps,
                MaintenanceMarginOutOfRange,
            ),
            (
                self.liquidation_penalty_bps > 0 && self.liquidation_penalty_bps < self.mmr_bps,
                PenaltyOutOfRange,
            ),
            (self.keeper_share_bps <= ONE, KeeperShareOutOfRange),
            (
                self.liquidation_buffer_bps > 0
                    && self
                        .mmr_bps
                        .checked_add(self.liquidation_buffer_bps)
                        .is_some_and(|target| target <= ONE),
                BufferOutOfRange,
            ),
            (
                self.ema_band_bps > 0 && self.ema_band_bps < ONE,
                EmaBandOutOfRange,
            ),
            (self.max_staleness_secs > 0, StalenessOutOfRange),
            (
                self.max_conf_bps > 0 && self.max_conf_bps <= ONE,
                ConfidenceLimitOutOfRange,
            ),
            (
                self.open_fee_bps <= MAX_TRADE_FEE_BPS && self.close_fee_bps <= MAX_TRADE_FEE_BPS,
                TradeFeeOutOfRange,
            ),
            (
                self.borrow_rate_bps_per_hour <= MAX_BORROW_RATE_BPS_PER_HOUR,
                BorrowRateOutOfRange,
            ),
            (self.max_open_interest > 0, OpenInterestCapOutOfRange),
            (
                self.max_utilization_bps > 0 && self.max_utilization_bps <= ONE,
                UtilizationOutOfRange,
            ),
        ];
        match checks.into_iter().find(|(ok, _)| !ok) {
            Some((_, error)) => Err(error),
            None => Ok(()),
        }
    }

    /// The subset liquidation uses.
    pub fn liquidation(&self) -> LiquidationParams {
        LiquidationParams {
            mmr_bps: self.mmr_bps,
            penalty_bps: self.liquidation_penalty_bps,
            buffer_bps: self.liquidation_buffer_bps,
            min_position_notional: self.min_position_notional,
        }
    }

    /// The oracle limits.
    pub fn oracle_limits(&self) -> OracleLimits {
        OracleLimits {
            max_staleness_secs: self.max_staleness_secs,
            max_conf_bps: self.max_conf_bps,
        }
    }
}

impl Default for RiskParams {
    /// The documented defaults (README, "Parameters"): 10x max leverage, 5 %
    /// maintenance, 1 % penalty split evenly, target 6 %.
    fn default() -> Self {
        RiskParams {
            imr_bps: 1_000,
            mmr_bps: 500,
            liquidation_penalty_bps: 100,
            keeper_share_bps: 5_000,
            liquidation_buffer_bps: 100,
            ema_band_bps: 500,
            max_staleness_secs: 60,
            max_conf_bps: 200,
            min_position_notional: 10_000_000,
            open_fee_bps: 0,
            close_fee_bps: 0,
            borrow_rate_bps_per_hour: 0,
            max_open_interest: u64::MAX,
            max_utilization_bps: ONE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(RiskParams::default().validate(), Ok(()));
    }

    #[test]
    fn each_bound_has_its_own_error() {
        let base = RiskParams::default();
        let cases: [(RiskParams, ParamError); 16] = [
            (
                RiskParams { imr_bps: 0, ..base },
                ParamError::InitialMarginOutOfRange,
            ),
            (
                RiskParams {
                    imr_bps: 10_001,
                    ..base
                },
                ParamError::InitialMarginOutOfRange,
            ),
            (
                RiskParams {
                    mmr_bps: 1_000,
                    ..base
                },
                ParamError::MaintenanceMarginOutOfRange,
            ),
            (
                RiskParams { mmr_bps: 0, ..base },
                ParamError::MaintenanceMarginOutOfRange,
            ),
            (
                RiskParams {
                    liquidation_penalty_bps: 500,
                    ..base
                },
                ParamError::PenaltyOutOfRange,
            ),
            (
                RiskParams {
                    liquidation_penalty_bps: 0,
                    ..base
                },
                ParamError::PenaltyOutOfRange,
            ),
            (
                RiskParams {
                    keeper_share_bps: 10_001,
                    ..base
                },
                ParamError::KeeperShareOutOfRange,
            ),
            (
                RiskParams {
                    liquidation_buffer_bps: 0,
                    ..base
                },
                ParamError::BufferOutOfRange,
            ),
            (
                RiskParams {
                    ema_band_bps: 0,
                    ..base
                },
                ParamError::EmaBandOutOfRange,
            ),
            (
                RiskParams {
                    ema_band_bps: 10_000,
                    ..base
                },
                ParamError::EmaBandOutOfRange,
            ),
            (
                RiskParams {
                    max_staleness_secs: 0,
                    ..base
                },
                ParamError::StalenessOutOfRange,
            ),
            (
                RiskParams {
                    max_conf_bps: 0,
                    ..base
                },
                ParamError::ConfidenceLimitOutOfRange,
            ),
            (
                RiskParams {
                    close_fee_bps: 1_001,
                    ..base
                },
                ParamError::TradeFeeOutOfRange,
            ),
            (
                RiskParams {
                    borrow_rate_bps_per_hour: 10_001,
                    ..base
                },
                ParamError::BorrowRateOutOfRange,
            ),
            (
                RiskParams {
                    max_open_interest: 0,
                    ..base
                },
                ParamError::OpenInterestCapOutOfRange,
            ),
            (
                RiskParams {
                    max_utilization_bps: 0,
                    ..base
                },
                ParamError::UtilizationOutOfRange,
            ),
        ];
        for (params, expected) in cases {
            assert_eq!(params.validate(), Err(expected), "{params:?}");
        }
    }

    #[test]
    fn full_leverage_bounds_are_inclusive_where_the_protocol_says() {
        let params = RiskParams {
            imr_bps: 10_000,
            mmr_bps: 9_000,
            liquidation_buffer_bps: 1_000,
            ..RiskParams::default()
        };
        assert_eq!(params.validate(), Ok(()));
        let params = RiskParams {
            keeper_share_bps: 10_000,
            ..RiskParams::default()
        };
        assert_eq!(params.validate(), Ok(()));
    }
}
