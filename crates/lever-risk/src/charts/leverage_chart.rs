//! The leverage histogram: how many positions sit at each leverage (entry notional /
//! collateral, nearest whole x). Clusters at round leverages are positions that share
//! a liquidation distance, so they liquidate together.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{drawing, write_svg, ChartError, FONT, GREY, LONG, SHORT};
use crate::map::LiquidationMap;

/// `leverage.svg`.
pub fn leverage_chart(dir: &Path, map: &LiquidationMap) -> Result<PathBuf, ChartError> {
    let max_leverage = map.leverage.iter().map(|b| b.leverage).max().unwrap_or(1) as f64;
    let tallest = map
        .leverage
        .iter()
        .map(|b| b.long_count.saturating_add(b.short_count))
        .max()
        .unwrap_or(1) as f64;
    write_svg(dir, "leverage.svg", (1100, 480), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Positions by leverage (entry notional / collateral)",
                (FONT, 18),
            )
            .margin(14)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..max_leverage + 1.0, 0f64..tallest * 1.1)
            .map_err(drawing)?;
        chart
            .configure_mesh()
            .x_desc("leverage (x)")
            .y_desc("positions")
            .x_label_formatter(&|x| format!("{x:.0}x"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .light_line_style(WHITE)
            .draw()
            .map_err(drawing)?;
        let bars = |long: bool| {
            map.leverage.iter().map(move |b| {
                let x = b.leverage as f64;
                let (bottom, top) = if long {
                    (0.0, b.long_count as f64)
                } else {
                    (
                        b.long_count as f64,
                        b.long_count.saturating_add(b.short_count) as f64,
                    )
                };
                let color = if long { LONG } else { SHORT };
                Rectangle::new([(x - 0.4, bottom), (x + 0.4, top)], color.mix(0.7).filled())
            })
        };
        chart
            .draw_series(bars(true))
            .map_err(drawing)?
            .label("longs")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], LONG.mix(0.7).filled()));
        chart
            .draw_series(bars(false))
            .map_err(drawing)?
            .label("shorts")
            .legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 14, y + 5)], SHORT.mix(0.7).filled())
            });
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(GREY)
            .label_font((FONT, 13))
            .draw()
            .map_err(drawing)
    })
}
