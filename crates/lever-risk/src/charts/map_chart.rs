//! The liquidation map chart: notional at risk by liquidation price (longs below the
//! mark, shorts above), the cumulative notional a move from the mark would liquidate,
//! and the mark itself.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    amount_units, drawing, parameter_changes, price_units, short_amount, short_price, write_svg,
    ChartError, FONT, GREY, LONG, SHORT,
};
use crate::map::LiquidationMap;
use crate::market::Market;

/// Windows (fraction of the mark either side) the chart may show, narrowest first.
const WINDOWS: [f64; 7] = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0];
/// Share of the at-risk notional the chosen window must show.
const SHOWN_SHARE: f64 = 0.95;

/// A map in drawing units.
struct MapSeries {
    mark: f64,
    /// (low, high, notional) per bucket.
    long_bars: Vec<(f64, f64, f64)>,
    short_bars: Vec<(f64, f64, f64)>,
    liquidatable_count: u64,
    liquidatable_notional: f64,
}

impl MapSeries {
    fn new(map: &LiquidationMap, market: &Market) -> Self {
        let d = market.decimals;
        let bars = |long: bool| {
            map.buckets
                .iter()
                .filter(|b| {
                    if long {
                        b.long_count > 0
                    } else {
                        b.short_count > 0
                    }
                })
                .map(|b| {
                    let value = if long {
                        b.long_notional
                    } else {
                        b.short_notional
                    };
                    (
                        price_units(b.price_low, d),
                        price_units(b.price_high, d),
                        amount_units(value, d),
                    )
                })
                .collect()
        };
        MapSeries {
            mark: price_units(map.mark_price, d),
            long_bars: bars(true),
            short_bars: bars(false),
            liquidatable_count: map.liquidatable_now.count,
            liquidatable_notional: amount_units(map.liquidatable_now.notional, d),
        }
    }

    fn total(&self) -> f64 {
        self.long_bars
            .iter()
            .chain(&self.short_bars)
            .map(|b| b.2)
            .sum()
    }

    /// The narrowest window around the mark showing `SHOWN_SHARE` of the notional.
    fn window(&self) -> f64 {
        let total = self.total();
        let inside = |w: f64| {
            let (low, high) = (self.mark * (1.0 - w), self.mark * (1.0 + w));
            self.long_bars
                .iter()
                .chain(&self.short_bars)
                .filter(|b| b.0 >= low && b.1 <= high)
                .map(|b| b.2)
                .sum::<f64>()
        };
        WINDOWS
            .iter()
            .copied()
            .find(|w| total <= 0.0 || inside(*w) >= SHOWN_SHARE * total)
            .unwrap_or(1.0)
    }

    /// Cumulative notional from the mark outward: longs going down, shorts going up.
    fn cumulative(&self, long: bool) -> Vec<(f64, f64)> {
        let mut bars: Vec<&(f64, f64, f64)> = if long {
            self.long_bars
                .iter()
                .filter(|b| b.1 <= self.mark * 1.000_001)
                .collect()
        } else {
            self.short_bars
                .iter()
                .filter(|b| b.0 >= self.mark * 0.999_999)
                .collect()
        };
        if long {
            bars.sort_by(|a, b| b.0.total_cmp(&a.0));
        } else {
            bars.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let mut sum = 0.0;
        let mut points = vec![(self.mark, 0.0)];
        for bar in bars {
            let (near, far) = if long { (bar.1, bar.0) } else { (bar.0, bar.1) };
            points.push((near, sum));
            sum += bar.2;
            points.push((far, sum));
        }
        points
    }

    fn tallest(&self, window: f64) -> f64 {
        let (low, high) = (self.mark * (1.0 - window), self.mark * (1.0 + window));
        self.long_bars
            .iter()
            .chain(&self.short_bars)
            .filter(|b| b.1 >= low && b.0 <= high)
            .map(|b| b.2)
            .fold(0.0, f64::max)
    }

    fn cumulative_max(&self) -> f64 {
        let end = |points: Vec<(f64, f64)>| points.last().map_or(0.0, |p| p.1);
        end(self.cumulative(true)).max(end(self.cumulative(false)))
    }
}

/// Scales shared by the panels of one chart.
struct Scales {
    x: (f64, f64),
    bar_max: f64,
    cumulative_max: f64,
}

fn draw_panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    series: &MapSeries,
    scales: &Scales,
    title: &str,
) -> Result<(), ChartError> {
    let (x0, x1) = scales.x;
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 18))
        .margin(14)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .right_y_label_area_size(72)
        .build_cartesian_2d(x0..x1, 0f64..scales.bar_max)
        .map_err(drawing)?
        .set_secondary_coord(x0..x1, 0f64..scales.cumulative_max);
    chart
        .configure_mesh()
        .x_desc("liquidation price ($ per base unit)")
        .y_desc("notional per bucket ($)")
        .x_label_formatter(&|x| short_price(*x))
        .y_label_formatter(&|y| short_amount(*y))
        .light_line_style(WHITE)
        .draw()
        .map_err(drawing)?;
    chart
        .configure_secondary_axes()
        .y_desc("cumulative from the mark ($)")
        .y_label_formatter(&|y| short_amount(*y))
        .draw()
        .map_err(drawing)?;
    for (bars, color, label) in [
        (&series.long_bars, LONG, "longs (liquidated by a fall)"),
        (&series.short_bars, SHORT, "shorts (liquidated by a rise)"),
    ] {
        chart
            .draw_series(bars.iter().filter(|b| b.1 >= x0 && b.0 <= x1).map(|b| {
                Rectangle::new(
                    [(b.0.max(x0), 0.0), (b.1.min(x1), b.2)],
                    color.mix(0.55).filled(),
                )
            }))
            .map_err(drawing)?
            .label(label)
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.mix(0.55).filled())
            });
    }
    for (long, color, label) in [
        (true, LONG, "cumulative longs"),
        (false, SHORT, "cumulative shorts"),
    ] {
        let points: Vec<(f64, f64)> = series
            .cumulative(long)
            .into_iter()
            .map(|(x, y)| (x.clamp(x0, x1), y))
            .collect();
        chart
            .draw_secondary_series(LineSeries::new(points, color.stroke_width(2)))
            .map_err(drawing)?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2))
            });
    }
    let mark_label = format!("mark {}", short_price(series.mark));
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(series.mark, 0.0), (series.mark, scales.bar_max)],
            BLACK.stroke_width(2),
        )))
        .map_err(drawing)?
        .label(mark_label)
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], BLACK.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 13))
        .draw()
        .map_err(drawing)
}

fn subtitle(series: &MapSeries, window: f64) -> String {
    format!(
        "liquidatable now: {} positions, ${}; window mark ±{:.0} %",
        series.liquidatable_count,
        short_amount(series.liquidatable_notional),
        window * 100.0
    )
}

fn scales(all: &[&MapSeries]) -> (Scales, f64) {
    let window = all.iter().map(|s| s.window()).fold(0.0, f64::max);
    let mark = all.first().map_or(1.0, |s| s.mark);
    let bar_max = all.iter().map(|s| s.tallest(window)).fold(0.0, f64::max);
    let cumulative_max = all.iter().map(|s| s.cumulative_max()).fold(0.0, f64::max);
    (
        Scales {
            x: (mark * (1.0 - window), mark * (1.0 + window)),
            bar_max: (bar_max * 1.15).max(1.0),
            cumulative_max: (cumulative_max * 1.05).max(1.0),
        },
        window,
    )
}

/// `map.svg`: the liquidation map of one book.
pub fn map_chart(dir: &Path, map: &LiquidationMap, market: &Market) -> Result<PathBuf, ChartError> {
    let series = MapSeries::new(map, market);
    let (scales, window) = scales(&[&series]);
    write_svg(dir, "map.svg", (1100, 620), |root| {
        let title = format!(
            "Liquidation map: notional at risk by price ({})",
            subtitle(&series, window)
        );
        draw_panel(root, &series, &scales, &title)
    })
}

/// `map-compare.svg`: the same book's map under two markets, side by side on the same
/// axes.
pub fn map_compare_chart(
    dir: &Path,
    base: (&LiquidationMap, &Market),
    other: (&LiquidationMap, &Market),
) -> Result<PathBuf, ChartError> {
    let left = MapSeries::new(base.0, base.1);
    let right = MapSeries::new(other.0, other.1);
    let (scales, window) = scales(&[&left, &right]);
    let changes = parameter_changes(&base.1.params, &other.1.params).join(", ");
    write_svg(dir, "map-compare.svg", (1800, 640), |root| {
        let (l, r) = root.split_horizontally(900);
        draw_panel(
            &l,
            &left,
            &scales,
            &format!("base ({})", subtitle(&left, window)),
        )?;
        let changed = if changes.is_empty() {
            "same parameters".to_string()
        } else {
            changes.clone()
        };
        draw_panel(
            &r,
            &right,
            &scales,
            &format!("{changed} ({})", subtitle(&right, window)),
        )
    })
}
