//! Charts a risk team puts in a report, as SVG (plotters' SVG backend, no system
//! fonts: text is left to the browser that opens the file).
//!
//! PNG is not produced: rasterizing text needs font outlines, which plotters reads
//! either from the system (font-kit) or from a font file the project would have to
//! ship (ab_glyph). Any browser opens the SVG, and `rsvg-convert` or a browser's
//! screenshot turns it into PNG where one is needed.
//!
//! Axes are in human units: prices in collateral units per whole base unit ("$" for
//! the USD-stablecoin markets the project defines), amounts in collateral units.
//! Float conversion happens here only, for drawing; every figure in the JSON stays an
//! exact integer.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "drawing coordinates are f64 and pixel sizes; no money is computed here"
)]

mod cascade_chart;
mod leverage_chart;
mod map_chart;

use std::path::{Path, PathBuf};

use lever_math::{MarketDecimals, RiskParams};
use plotters::prelude::*;

pub use cascade_chart::{cascade_chart, cascade_compare_chart};
pub use leverage_chart::leverage_chart;
pub use map_chart::{map_chart, map_compare_chart};

/// Long side colour (liquidated by a fall).
pub(crate) const LONG: RGBColor = RGBColor(200, 55, 45);
/// Short side colour (liquidated by a rise).
pub(crate) const SHORT: RGBColor = RGBColor(30, 120, 180);
pub(crate) const GREY: RGBColor = RGBColor(110, 110, 110);
pub(crate) const FONT: &str = "sans-serif";

/// Why a chart could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartError {}

pub(crate) fn drawing<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("drawing failed: {e:?}"))
}

/// An internal price in collateral units per whole base unit.
pub(crate) fn price_units(raw: u128, decimals: MarketDecimals) -> f64 {
    let exponent = i32::from(decimals.base) - i32::from(decimals.collateral) - 12;
    raw as f64 * 10f64.powi(exponent)
}

/// Collateral atoms in collateral units.
pub(crate) fn amount_units(atoms: u128, decimals: MarketDecimals) -> f64 {
    atoms as f64 / 10f64.powi(i32::from(decimals.collateral))
}

/// A compact amount: 1.2k, 3.4M, 5.6B.
pub(crate) fn short_amount(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1e9 {
        format!("{:.1}B", value / 1e9)
    } else if magnitude >= 1e6 {
        format!("{:.1}M", value / 1e6)
    } else if magnitude >= 1e3 {
        format!("{:.1}k", value / 1e3)
    } else {
        format!("{value:.0}")
    }
}

/// A price with as many decimals as its size calls for.
pub(crate) fn short_price(value: f64) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.4}")
    }
}

/// The parameters that differ between two markets, as "mmr 5.00 % -> 7.00 %".
pub fn parameter_changes(base: &RiskParams, other: &RiskParams) -> Vec<String> {
    let pct = |bps: u16| format!("{:.2} %", f64::from(bps) / 100.0);
    let fields: [(&str, u16, u16); 7] = [
        ("imr", base.imr_bps, other.imr_bps),
        ("mmr", base.mmr_bps, other.mmr_bps),
        (
            "penalty",
            base.liquidation_penalty_bps,
            other.liquidation_penalty_bps,
        ),
        (
            "buffer",
            base.liquidation_buffer_bps,
            other.liquidation_buffer_bps,
        ),
        ("EMA band", base.ema_band_bps, other.ema_band_bps),
        (
            "keeper share",
            base.keeper_share_bps,
            other.keeper_share_bps,
        ),
        ("max conf", base.max_conf_bps, other.max_conf_bps),
    ];
    let mut changes: Vec<String> = fields
        .iter()
        .filter(|(_, a, b)| a != b)
        .map(|(name, a, b)| format!("{name} {} -> {}", pct(*a), pct(*b)))
        .collect();
    if base.min_position_notional != other.min_position_notional {
        changes.push(format!(
            "min notional {} -> {} atoms",
            base.min_position_notional, other.min_position_notional
        ));
    }
    changes
}

/// Renders an SVG of `size` with `draw` and writes it to `dir/name`.
pub(crate) fn write_svg(
    dir: &Path,
    name: &str,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), ChartError>,
) -> Result<PathBuf, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        draw(&root)?;
        root.present().map_err(drawing)?;
    }
    let path = dir.join(name);
    std::fs::write(&path, svg)
        .map_err(|e| ChartError(format!("{}: cannot write: {e}", path.display())))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_human() {
        let sol_usdc = MarketDecimals {
            collateral: 6,
            base: 9,
        };
        assert!((price_units(150_000_000_000, sol_usdc) - 150.0).abs() < 1e-9);
        assert!((amount_units(2_500_000, sol_usdc) - 2.5).abs() < 1e-12);
        assert_eq!(short_amount(1_234_567.0), "1.2M");
        assert_eq!(short_price(150.256), "150");
        assert_eq!(short_price(1.5), "1.50");
    }

    #[test]
    fn only_changed_parameters_are_named() {
        let base = RiskParams::default();
        let other = RiskParams {
            mmr_bps: 700,
            ..base
        };
        assert_eq!(parameter_changes(&base, &other), ["mmr 5.00 % -> 7.00 %"]);
        assert!(parameter_changes(&base, &base).is_empty());
    }
}
