//! The cascade chart: spot, EMA and mark by round (how far the band holds the mark
//! back, and how it follows), and the notional liquidated per round, longs and shorts
//! stacked (the cascade's velocity), with the running total.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    amount_units, drawing, parameter_changes, price_units, short_amount, short_price, write_svg,
    ChartError, FONT, GREY, LONG, SHORT,
};
use crate::cascade::{CascadeParams, CascadeResult};
use crate::market::Market;

/// Scales shared by the panels of one chart.
struct Scales {
    rounds: f64,
    price: (f64, f64),
    velocity_max: f64,
    total_max: f64,
}

fn scales(all: &[(&CascadeResult, &Market)], reference: f64) -> Scales {
    let mut low = reference;
    let mut high = reference;
    let mut rounds = 1.0f64;
    let mut velocity_max = 0.0f64;
    let mut total_max = 0.0f64;
    for (result, market) in all {
        let d = market.decimals;
        rounds = rounds.max(result.rounds.len() as f64);
        for r in &result.rounds {
            for p in [r.spot, r.ema, r.mark, r.mark_short] {
                low = low.min(price_units(p, d));
                high = high.max(price_units(p, d));
            }
            velocity_max = velocity_max.max(amount_units(r.closed_notional, d));
        }
        let end = price_units(result.summary.final_spot, d);
        low = low.min(end);
        high = high.max(end);
        total_max = total_max.max(amount_units(result.summary.closed_notional, d));
    }
    let pad = ((high - low) * 0.08).max(high * 0.001);
    Scales {
        rounds,
        price: ((low - pad).max(0.0), high + pad),
        velocity_max: (velocity_max * 1.15).max(1.0),
        total_max: (total_max * 1.05).max(1.0),
    }
}

fn draw_panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    result: &CascadeResult,
    market: &Market,
    reference: f64,
    scales: &Scales,
    title: &str,
) -> Result<(), ChartError> {
    let d = market.decimals;
    let x_max = scales.rounds + 0.5;
    let (upper, lower) = area.split_vertically(area.dim_in_pixel().1 * 11 / 20);
    let mut prices = ChartBuilder::on(&upper)
        .caption(title, (FONT, 18))
        .margin(14)
        .x_label_area_size(30)
        .y_label_area_size(72)
        .right_y_label_area_size(72)
        .build_cartesian_2d(0.5f64..x_max, scales.price.0..scales.price.1)
        .map_err(drawing)?;
    prices
        .configure_mesh()
        .y_desc("price ($ per base unit)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| short_price(*y))
        .light_line_style(WHITE)
        .draw()
        .map_err(drawing)?;
    let path = |pick: fn(&crate::cascade::Round) -> u128| -> Vec<(f64, f64)> {
        result
            .rounds
            .iter()
            .map(|r| (f64::from(r.round), price_units(pick(r), d)))
            .collect()
    };
    type Pick = fn(&crate::cascade::Round) -> u128;
    let lines: [(Pick, RGBColor, u32, &str); 3] = [
        (|r| r.spot, RGBColor(20, 20, 20), 2, "spot"),
        (|r| r.ema, RGBColor(230, 150, 20), 2, "EMA"),
        (
            |r| r.mark,
            RGBColor(140, 60, 170),
            3,
            "mark (spot clamped into the EMA band)",
        ),
    ];
    for (pick, color, width, label) in lines {
        let points = path(pick);
        prices
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(width)))
            .map_err(drawing)?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(width))
            });
        prices
            .draw_series(points.iter().map(|p| Circle::new(*p, 2, color.filled())))
            .map_err(drawing)?;
    }
    prices
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.5, reference), (x_max, reference)],
            GREY.stroke_width(1),
        )))
        .map_err(drawing)?
        .label(format!("book price {}", short_price(reference)))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], GREY.stroke_width(1)));
    prices
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 13))
        .draw()
        .map_err(drawing)?;

    let mut velocity = ChartBuilder::on(&lower)
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(72)
        .right_y_label_area_size(72)
        .build_cartesian_2d(0.5f64..x_max, 0f64..scales.velocity_max)
        .map_err(drawing)?
        .set_secondary_coord(0.5f64..x_max, 0f64..scales.total_max);
    velocity
        .configure_mesh()
        .x_desc("round")
        .y_desc("liquidated notional per round ($)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| short_amount(*y))
        .light_line_style(WHITE)
        .draw()
        .map_err(drawing)?;
    velocity
        .configure_secondary_axes()
        .y_desc("cumulative ($)")
        .y_label_formatter(&|y| short_amount(*y))
        .draw()
        .map_err(drawing)?;
    let bar = |r: &crate::cascade::Round, long: bool| {
        let x = f64::from(r.round);
        let longs = amount_units(r.closed_notional_long, d);
        let (bottom, top, color) = if long {
            (0.0, longs, LONG)
        } else {
            (
                longs,
                longs + amount_units(r.closed_notional_short, d),
                SHORT,
            )
        };
        Rectangle::new(
            [(x - 0.35, bottom), (x + 0.35, top)],
            color.mix(0.7).filled(),
        )
    };
    velocity
        .draw_series(result.rounds.iter().map(|r| bar(r, true)))
        .map_err(drawing)?
        .label("longs liquidated")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], LONG.mix(0.7).filled()));
    velocity
        .draw_series(result.rounds.iter().map(|r| bar(r, false)))
        .map_err(drawing)?
        .label("shorts liquidated")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], SHORT.mix(0.7).filled()));
    let mut running = 0.0;
    let cumulative: Vec<(f64, f64)> = result
        .rounds
        .iter()
        .map(|r| {
            running += amount_units(r.closed_notional, d);
            (f64::from(r.round), running)
        })
        .collect();
    velocity
        .draw_secondary_series(LineSeries::new(cumulative, BLACK.stroke_width(2)))
        .map_err(drawing)?
        .label("cumulative")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], BLACK.stroke_width(2)));
    velocity
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 13))
        .draw()
        .map_err(drawing)
}

fn describe(params: &CascadeParams, market: &Market, result: &CascadeResult) -> String {
    let s = &result.summary;
    format!(
        "shock {:+.2} %, depth ${} per 1 %: {} liquidations in {} rounds, drawdown {:.2} %, bad debt ${}",
        params.shock_bps as f64 / 100.0,
        short_amount(amount_units(u128::from(params.depth), market.decimals)),
        s.liquidations,
        s.rounds,
        s.drawdown_bps as f64 / 100.0,
        short_amount(amount_units(s.bad_debt, market.decimals)),
    )
}

/// `cascade.svg`: one cascade. `reference` is the book's price (internal).
pub fn cascade_chart(
    dir: &Path,
    result: &CascadeResult,
    market: &Market,
    params: &CascadeParams,
    reference: u128,
) -> Result<PathBuf, ChartError> {
    let reference = price_units(reference, market.decimals);
    let scales = scales(&[(result, market)], reference);
    write_svg(dir, "cascade.svg", (1100, 760), |root| {
        let title = format!("Cascade: {}", describe(params, market, result));
        draw_panel(root, result, market, reference, &scales, &title)
    })
}

/// `cascade-compare.svg`: the same book and shock under two markets, side by side on
/// the same axes.
pub fn cascade_compare_chart(
    dir: &Path,
    base: (&CascadeResult, &Market),
    other: (&CascadeResult, &Market),
    params: &CascadeParams,
    reference: u128,
) -> Result<PathBuf, ChartError> {
    let reference = price_units(reference, base.1.decimals);
    let scales = scales(&[base, other], reference);
    let changes = parameter_changes(&base.1.params, &other.1.params).join(", ");
    write_svg(dir, "cascade-compare.svg", (1800, 780), |root| {
        let (left, right) = root.split_horizontally(900);
        draw_panel(
            &left,
            base.0,
            base.1,
            reference,
            &scales,
            &format!("base: {}", describe(params, base.1, base.0)),
        )?;
        let changed = if changes.is_empty() {
            "same parameters".to_string()
        } else {
            changes.clone()
        };
        draw_panel(
            &right,
            other.0,
            other.1,
            reference,
            &scales,
            &format!("{changed}: {}", describe(params, other.1, other.0)),
        )
    })
}
