//! A market's risk parameters and their bounds (PROTOCOL.md, "Parameter bounds").

use crate::constants::{
    BPS_DENOMINATOR, MAX_BORROW_RATE_BPS_PER_HOUR, MAX_MIN_HOLD_SECS, MAX_TRADE_FEE_BPS,
};
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
    /// Oldest price (seconds) that opens, reduces, closes, collateral withdrawals and
    /// LP deposits and withdrawals execute at.
    pub max_trade_price_age_secs: u32,
    /// Oldest price (seconds) a liquidation executes at.
    pub max_liquidation_price_age_secs: u32,
    /// A voluntary exit priced less than this many seconds (of oracle publish time)
    /// after the open's price realizes losses only: its profit is forfeited to the pool.
    pub min_hold_secs: u32,
    /// Paid to the keeper who liquidates a bankrupt position (E <= 0), collateral
    /// atoms, from the insurance fund first and the pool for the rest. At most the
    /// initial margin of a minimum position (`min_position_notional x imr`), so that
    /// opening positions to liquidate them bankrupt from another wallet costs at least
    /// the fee it would earn.
    pub bankrupt_keeper_fee: u64,
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
    /// 0 < trade price age <= max staleness fails.
    TradePriceAgeOutOfRange,
    /// 0 < liquidation price age <= max staleness fails.
    LiquidationPriceAgeOutOfRange,
    /// trade price age < min hold <= [`MAX_MIN_HOLD_SECS`] fails.
    MinHoldOutOfRange,
    /// bankrupt keeper fee <= min position notional x imr fails.
    BankruptKeeperFeeOutOfRange,
    /// An update raises mmr or the EMA band by more than one step while positions are
    /// open ([`MAX_RISK_STEP_BPS`]).
    RiskIncreaseTooLarge,
    /// An update raises mmr or the EMA band sooner than [`RISK_INCREASE_INTERVAL_SECS`]
    /// after the previous raise while positions are open.
    RiskIncreaseTooSoon,
}

/// Largest raise of `mmr_bps` or `ema_band_bps` in one update while positions are open.
pub const MAX_RISK_STEP_BPS: u16 = 100;

/// Least time between two raises of `mmr_bps` or `ema_band_bps` while positions are
/// open: a day, so holders see the change coming and can add collateral.
pub const RISK_INCREASE_INTERVAL_SECS: i64 = 86_400;

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
            (
                self.max_trade_price_age_secs > 0
                    && self.max_trade_price_age_secs <= self.max_staleness_secs,
                TradePriceAgeOutOfRange,
            ),
            (
                self.max_liquidation_price_age_secs > 0
                    && self.max_liquidation_price_age_secs <= self.max_staleness_secs,
                LiquidationPriceAgeOutOfRange,
            ),
            // The hold must outlast the trade age: an exit price that can realize a
            // profit is then published after the open executed, so nobody can know it
            // when opening.
            (
                self.min_hold_secs > self.max_trade_price_age_secs
                    && self.min_hold_secs <= MAX_MIN_HOLD_SECS,
                MinHoldOutOfRange,
            ),
            (
                u128::from(self.bankrupt_keeper_fee).saturating_mul(BPS_DENOMINATOR)
                    <= u128::from(self.min_position_notional)
                        .saturating_mul(u128::from(self.imr_bps)),
                BankruptKeeperFeeOutOfRange,
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
            max_trade_age_secs: self.max_trade_price_age_secs,
            max_liquidation_age_secs: self.max_liquidation_price_age_secs,
        }
    }

    /// Whether replacing `self` by `next` raises a parameter that can make a healthy
    /// position liquidatable: the maintenance margin, or the EMA band (a wider band
    /// lets the mark follow a wick further).
    pub fn raises_risk(&self, next: &RiskParams) -> bool {
        next.mmr_bps > self.mmr_bps || next.ema_band_bps > self.ema_band_bps
    }

    /// The update rule for a market with open positions: a risk-raising update moves
    /// mmr and the band by at most [`MAX_RISK_STEP_BPS`] each, and comes at least
    /// [`RISK_INCREASE_INTERVAL_SECS`] after the previous one (`last_raise_at`, unix
    /// seconds; `now` the current time). Lowering risk is never limited. Returns whether
    /// the update raises risk (the caller records `now`).
    pub fn check_update_step(
        &self,
        next: &RiskParams,
        last_raise_at: i64,
        now: i64,
    ) -> Result<bool, ParamError> {
        if !self.raises_risk(next) {
            return Ok(false);
        }
        let step_ok = |old: u16, new: u16| new.saturating_sub(old) <= MAX_RISK_STEP_BPS;
        if !step_ok(self.mmr_bps, next.mmr_bps) || !step_ok(self.ema_band_bps, next.ema_band_bps) {
            return Err(ParamError::RiskIncreaseTooLarge);
        }
        if now < last_raise_at.saturating_add(RISK_INCREASE_INTERVAL_SECS) {
            return Err(ParamError::RiskIncreaseTooSoon);
        }
        Ok(true)
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
            max_trade_price_age_secs: 10,
            max_liquidation_price_age_secs: 10,
            min_hold_secs: 30,
            bankrupt_keeper_fee: 0,
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
        let cases: [(RiskParams, ParamError); 22] = [
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
            (
                RiskParams {
                    max_trade_price_age_secs: 0,
                    ..base
                },
                ParamError::TradePriceAgeOutOfRange,
            ),
            (
                RiskParams {
                    max_trade_price_age_secs: 61,
                    min_hold_secs: 120,
                    ..base
                },
                ParamError::TradePriceAgeOutOfRange,
            ),
            (
                RiskParams {
                    max_liquidation_price_age_secs: 61,
                    ..base
                },
                ParamError::LiquidationPriceAgeOutOfRange,
            ),
            (
                RiskParams {
                    min_hold_secs: 10,
                    ..base
                },
                ParamError::MinHoldOutOfRange,
            ),
            (
                RiskParams {
                    min_hold_secs: MAX_MIN_HOLD_SECS + 1,
                    ..base
                },
                ParamError::MinHoldOutOfRange,
            ),
            (
                RiskParams {
                    // 10 % of the 10-unit minimum is 1 unit: one atom more.
                    bankrupt_keeper_fee: 1_000_001,
                    ..base
                },
                ParamError::BankruptKeeperFeeOutOfRange,
            ),
        ];
        for (params, expected) in cases {
            assert_eq!(params.validate(), Err(expected), "{params:?}");
        }
    }

    #[test]
    fn risk_raises_are_bounded_per_step_and_per_day() {
        let old = RiskParams::default();
        let day = RISK_INCREASE_INTERVAL_SECS;
        let raise = |mmr_bps, ema_band_bps| RiskParams {
            mmr_bps,
            ema_band_bps,
            ..old
        };
        // Lowering risk, or changing other parameters, is never limited.
        assert_eq!(old.check_update_step(&raise(400, 300), 0, 0), Ok(false));
        assert_eq!(
            old.check_update_step(
                &RiskParams {
                    imr_bps: 2_000,
                    ..old
                },
                0,
                0
            ),
            Ok(false)
        );
        // One step of 1 % is allowed a day after the last raise, not sooner.
        assert_eq!(old.check_update_step(&raise(600, 500), 0, day), Ok(true));
        assert_eq!(
            old.check_update_step(&raise(600, 500), 0, day - 1),
            Err(ParamError::RiskIncreaseTooSoon)
        );
        assert_eq!(
            old.check_update_step(&raise(601, 500), 0, day),
            Err(ParamError::RiskIncreaseTooLarge)
        );
        assert_eq!(
            old.check_update_step(&raise(500, 601), 0, day),
            Err(ParamError::RiskIncreaseTooLarge)
        );
    }

    #[test]
    fn the_bankrupt_fee_is_at_most_a_minimum_positions_margin() {
        // Defaults: 10 % of a 10-unit minimum position is 1 unit.
        let at_cap = RiskParams {
            bankrupt_keeper_fee: 1_000_000,
            ..RiskParams::default()
        };
        assert_eq!(at_cap.validate(), Ok(()));
        // At 2x max leverage the same minimum position posts 5 units.
        let low_leverage = RiskParams {
            imr_bps: 5_000,
            bankrupt_keeper_fee: 5_000_000,
            ..RiskParams::default()
        };
        assert_eq!(low_leverage.validate(), Ok(()));
        assert_eq!(
            RiskParams {
                bankrupt_keeper_fee: 5_000_001,
                ..low_leverage
            }
            .validate(),
            Err(ParamError::BankruptKeeperFeeOutOfRange)
        );
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
