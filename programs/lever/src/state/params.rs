use anchor_lang::prelude::*;
use lever_math::RiskParams;

/// A market's risk parameters as stored and as passed to create/update. Bounds are
/// checked by `lever_math::RiskParams::validate` (README, "Parameters").
///
/// Stored in place in the zero-copy `Market` and passed as an instruction argument: the
/// fields are ordered widest first, so the `#[repr(C)]` layout has no padding and its
/// bytes are exactly the borsh encoding (the IDL describes it once, as bytemuck).
#[zero_copy]
#[derive(
    anchor_lang::prelude::borsh::BorshSerialize,
    anchor_lang::prelude::borsh::BorshDeserialize,
    InitSpace,
    Debug,
    PartialEq,
    Eq,
)]
#[borsh(crate = "anchor_lang::prelude::borsh")]
pub struct MarketParams {
    pub min_position_notional: u64,
    pub max_open_interest: u64,
    pub bankrupt_keeper_fee: u64,
    pub max_staleness_secs: u32,
    pub borrow_rate_bps_per_hour: u32,
    pub max_trade_price_age_secs: u32,
    pub max_liquidation_price_age_secs: u32,
    pub min_hold_secs: u32,
    pub imr_bps: u16,
    pub mmr_bps: u16,
    pub liquidation_penalty_bps: u16,
    pub keeper_share_bps: u16,
    pub liquidation_buffer_bps: u16,
    pub ema_band_bps: u16,
    pub max_conf_bps: u16,
    pub open_fee_bps: u16,
    pub close_fee_bps: u16,
    pub max_utilization_bps: u16,
}

const _: () = assert!(core::mem::size_of::<MarketParams>() == 8 * 3 + 4 * 5 + 2 * 10);

/// Both directions of the field-for-field copy between the stored parameters and the
/// math crate's (which has no Anchor types), from one list of fields.
macro_rules! convert_params {
    ($($field:ident),* $(,)?) => {
        impl From<MarketParams> for RiskParams {
            fn from(p: MarketParams) -> Self {
                RiskParams { $($field: p.$field),* }
            }
        }

        impl From<RiskParams> for MarketParams {
            fn from(p: RiskParams) -> Self {
                MarketParams { $($field: p.$field),* }
            }
        }
    };
}

convert_params!(
    imr_bps,
    mmr_bps,
    liquidation_penalty_bps,
    keeper_share_bps,
    liquidation_buffer_bps,
    ema_band_bps,
    max_staleness_secs,
    max_conf_bps,
    min_position_notional,
    open_fee_bps,
    close_fee_bps,
    borrow_rate_bps_per_hour,
    max_open_interest,
    max_utilization_bps,
    max_trade_price_age_secs,
    max_liquidation_price_age_secs,
    min_hold_secs,
    bankrupt_keeper_fee,
);

impl MarketParams {
    /// The subset liquidation and health use.
    pub fn liquidation(&self) -> lever_math::LiquidationParams {
        RiskParams::from(*self).liquidation()
    }

    /// Staleness and confidence limits of the market's oracle.
    pub fn oracle_limits(&self) -> lever_math::price::OracleLimits {
        RiskParams::from(*self).oracle_limits()
    }

    /// Checks every bound of PROTOCOL.md, each broken bound with its own error.
    pub fn validate(&self) -> Result<()> {
        RiskParams::from(*self)
            .validate()
            .map_err(|e| error!(crate::error::LeverError::from(e)))
    }

    /// The step rule of an update while positions are open (`lever_math::params`):
    /// whether `next` raises risk, or the error when it raises it too far or too soon.
    pub fn check_update_step(
        &self,
        next: &MarketParams,
        last_raise_at: i64,
        now: i64,
    ) -> Result<bool> {
        RiskParams::from(*self)
            .check_update_step(&RiskParams::from(*next), last_raise_at, now)
            .map_err(|e| error!(crate::error::LeverError::from(e)))
    }
}
