//! A book's `market`: the fields of a scenario's `market` (../shared/SCENARIOS.md) with
//! the same defaults (`RiskParams::default()`, 6 collateral and 9 base decimals).
//!
//! The scenario runner parses its `market` with this same code (`cli/src/scenario/
//! spec.rs` re-exports `MarketSpec`); it carries no Solana type so that the risk crate
//! stays on lever-math alone.

use lever_math::constants::MAX_DECIMALS;
use lever_math::{LiquidationParams, MarketDecimals, RiskParams};
use serde::{Deserialize, Serialize};

/// `market` as written; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarketSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collateral_decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imr_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mmr_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation_penalty_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keeper_share_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation_buffer_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ema_band_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_staleness_secs: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_conf_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_position_notional: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_fee_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_fee_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borrow_rate_bps_per_hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_open_interest: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_utilization_bps: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_trade_price_age_secs: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_liquidation_price_age_secs: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_hold_secs: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bankrupt_keeper_fee: Option<u64>,
    /// Accepted for compatibility with scenario files; the risk tools read no oracle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oracle: Option<OracleKind>,
}

/// The oracle kinds a scenario names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OracleKind {
    PythPull,
    PythLegacy,
}

/// Every field name of [`MarketSpec`], in file order (for the parity check with the
/// scenario runner).
pub const MARKET_FIELDS: [&str; 21] = [
    "collateral_decimals",
    "base_decimals",
    "imr_bps",
    "mmr_bps",
    "liquidation_penalty_bps",
    "keeper_share_bps",
    "liquidation_buffer_bps",
    "ema_band_bps",
    "max_staleness_secs",
    "max_conf_bps",
    "min_position_notional",
    "open_fee_bps",
    "close_fee_bps",
    "borrow_rate_bps_per_hour",
    "max_open_interest",
    "max_utilization_bps",
    "max_trade_price_age_secs",
    "max_liquidation_price_age_secs",
    "min_hold_secs",
    "bankrupt_keeper_fee",
    "oracle",
];

/// A market resolved from its spec: every parameter set and within its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Market {
    pub params: RiskParams,
    pub decimals: MarketDecimals,
}

impl Market {
    /// The subset liquidation uses.
    pub fn liquidation(&self) -> LiquidationParams {
        self.params.liquidation()
    }
}

impl MarketSpec {
    /// Fills the missing fields with the program's defaults and checks every bound;
    /// the error names the broken bound as the scenario runner does.
    pub fn resolve(&self) -> Result<Market, String> {
        let d = RiskParams::default();
        let params = RiskParams {
            imr_bps: self.imr_bps.unwrap_or(d.imr_bps),
            mmr_bps: self.mmr_bps.unwrap_or(d.mmr_bps),
            liquidation_penalty_bps: self
                .liquidation_penalty_bps
                .unwrap_or(d.liquidation_penalty_bps),
            keeper_share_bps: self.keeper_share_bps.unwrap_or(d.keeper_share_bps),
            liquidation_buffer_bps: self
                .liquidation_buffer_bps
                .unwrap_or(d.liquidation_buffer_bps),
            ema_band_bps: self.ema_band_bps.unwrap_or(d.ema_band_bps),
            max_staleness_secs: self.max_staleness_secs.unwrap_or(d.max_staleness_secs),
            max_conf_bps: self.max_conf_bps.unwrap_or(d.max_conf_bps),
            min_position_notional: self
                .min_position_notional
                .unwrap_or(d.min_position_notional),
            open_fee_bps: self.open_fee_bps.unwrap_or(d.open_fee_bps),
            close_fee_bps: self.close_fee_bps.unwrap_or(d.close_fee_bps),
            borrow_rate_bps_per_hour: self
                .borrow_rate_bps_per_hour
                .unwrap_or(d.borrow_rate_bps_per_hour),
            max_open_interest: self.max_open_interest.unwrap_or(d.max_open_interest),
            max_utilization_bps: self.max_utilization_bps.unwrap_or(d.max_utilization_bps),
            max_trade_price_age_secs: self
                .max_trade_price_age_secs
                .unwrap_or(d.max_trade_price_age_secs),
            max_liquidation_price_age_secs: self
                .max_liquidation_price_age_secs
                .unwrap_or(d.max_liquidation_price_age_secs),
            min_hold_secs: self.min_hold_secs.unwrap_or(d.min_hold_secs),
            bankrupt_keeper_fee: self.bankrupt_keeper_fee.unwrap_or(d.bankrupt_keeper_fee),
        };
        params
            .validate()
            .map_err(|e| format!("parameters break a bound: {e:?}"))?;
        let decimals = MarketDecimals {
            collateral: self.collateral_decimals.unwrap_or(6),
            base: self.base_decimals.unwrap_or(9),
        };
        if decimals.collateral > MAX_DECIMALS || decimals.base > MAX_DECIMALS {
            return Err(format!("decimals above {MAX_DECIMALS}"));
        }
        Ok(Market { params, decimals })
    }

    /// The spec with every field written out: what `synth` prints, so a book says
    /// exactly which parameters it was made for.
    pub fn explicit(market: &Market) -> MarketSpec {
        let p = market.params;
        MarketSpec {
            collateral_decimals: Some(market.decimals.collateral),
            base_decimals: Some(market.decimals.base),
            imr_bps: Some(p.imr_bps),
            mmr_bps: Some(p.mmr_bps),
            liquidation_penalty_bps: Some(p.liquidation_penalty_bps),
            keeper_share_bps: Some(p.keeper_share_bps),
            liquidation_buffer_bps: Some(p.liquidation_buffer_bps),
            ema_band_bps: Some(p.ema_band_bps),
            max_staleness_secs: Some(p.max_staleness_secs),
            max_conf_bps: Some(p.max_conf_bps),
            min_position_notional: Some(p.min_position_notional),
            open_fee_bps: Some(p.open_fee_bps),
            close_fee_bps: Some(p.close_fee_bps),
            borrow_rate_bps_per_hour: Some(p.borrow_rate_bps_per_hour),
            max_open_interest: Some(p.max_open_interest),
            max_utilization_bps: Some(p.max_utilization_bps),
            max_trade_price_age_secs: Some(p.max_trade_price_age_secs),
            max_liquidation_price_age_secs: Some(p.max_liquidation_price_age_secs),
            min_hold_secs: Some(p.min_hold_secs),
            bankrupt_keeper_fee: Some(p.bankrupt_keeper_fee),
            oracle: None,
        }
    }
}

/// Parses a market file for `--market` and `--compare`: either the market object
/// itself, or any object with a `market` field (a book or a scenario file), whose
/// market is taken and whose other fields are ignored.
pub fn parse_market_file(text: &str) -> Result<Market, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err("a market file must be a JSON object".into());
    };
    let (place, market) = match fields.remove("market") {
        Some(market) => ("market", market),
        None => ("market file", serde_json::Value::Object(fields)),
    };
    let spec: MarketSpec = serde_json::from_value(market).map_err(|e| format!("{place}: {e}"))?;
    spec.resolve().map_err(|e| format!("{place}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_the_program_defaults() {
        let market = MarketSpec::default().resolve().unwrap();
        assert_eq!(market.params, RiskParams::default());
        assert_eq!((market.decimals.collateral, market.decimals.base), (6, 9));
    }

    #[test]
    fn the_field_list_names_every_field() {
        let explicit = MarketSpec {
            oracle: Some(OracleKind::PythPull),
            ..MarketSpec::explicit(&MarketSpec::default().resolve().unwrap())
        };
        let value = serde_json::to_value(&explicit).unwrap();
        let names: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = MARKET_FIELDS.to_vec();
        expected.sort_unstable();
        let mut names = names;
        names.sort_unstable();
        assert_eq!(names, expected);
    }

    #[test]
    fn an_explicit_spec_resolves_to_the_same_market() {
        let market = MarketSpec {
            imr_bps: Some(500),
            mmr_bps: Some(250),
            ..MarketSpec::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(MarketSpec::explicit(&market).resolve(), Ok(market));
    }

    #[test]
    fn market_files_come_bare_or_inside_a_book() {
        let bare = parse_market_file(r#"{"mmr_bps": 700}"#).unwrap();
        let wrapped = parse_market_file(r#"{"market": {"mmr_bps": 700}, "steps": []}"#).unwrap();
        assert_eq!(bare, wrapped);
        assert_eq!(bare.params.mmr_bps, 700);
        let err = parse_market_file(r#"{"mmr": 700}"#).unwrap_err();
        assert!(err.contains("unknown field `mmr`"), "{err}");
        let err = parse_market_file(r#"{"mmr_bps": 1000}"#).unwrap_err();
        assert!(err.contains("MaintenanceMarginOutOfRange"), "{err}");
    }
}
