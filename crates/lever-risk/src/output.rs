//! The JSON the commands print. Field order is fixed by the structs and every number
//! is an integer, so the same input gives the same bytes. Large arrays (a book's
//! positions, a map's liquidation prices) are written one element per line as they
//! are serialized, never built as one string.

use std::io::{self, Write};

use serde::Serialize;

use crate::book::Book;
use crate::cascade::CascadeResult;
use crate::map::LiquidationMap;
use crate::market::MarketSpec;

fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::other)
}

/// Writes `items` as a JSON array, one per line, indented by `indent`.
fn lines<T: Serialize>(
    out: &mut dyn Write,
    indent: &str,
    items: impl Iterator<Item = T>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    let mut first = true;
    for item in items {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        out.write_all(indent.as_bytes())?;
        out.write_all(b"  ")?;
        json(out, &item)?;
        first = false;
    }
    if !first {
        write!(out, "\n{indent}")?;
    }
    out.write_all(b"]")
}

#[derive(Serialize)]
struct PositionOut<'a> {
    id: &'a str,
    side: &'static str,
    size: u64,
    entry_price: u64,
    collateral: u64,
    accrued_fees: u64,
}

#[derive(Serialize)]
struct PriceOut {
    price: i64,
    conf: u64,
    ema: i64,
    expo: i32,
}

/// A book in the input format (RISK.md, "The book").
pub fn write_book(out: &mut dyn Write, book: &Book) -> io::Result<()> {
    out.write_all(b"{\n  \"market\": ")?;
    json(out, &book.market_spec)?;
    out.write_all(b",\n  \"price\": ")?;
    let p = book.price;
    json(
        out,
        &PriceOut {
            price: p.price,
            conf: p.conf,
            ema: p.ema,
            expo: p.expo,
        },
    )?;
    write!(
        out,
        ",\n  \"pool\": {},\n  \"insurance\": {},\n  \"positions\": ",
        book.pool, book.insurance
    )?;
    let positions = book
        .positions
        .iter()
        .zip(book.ids.iter())
        .map(|(p, id)| PositionOut {
            id,
            side: match p.side {
                lever_math::Side::Long => "long",
                lever_math::Side::Short => "short",
            },
            size: p.size,
            entry_price: p.entry_price,
            collateral: p.collateral,
            accrued_fees: p.accrued_fees,
        });
    lines(out, "  ", positions)?;
    out.write_all(b"\n}\n")
}

#[derive(Serialize)]
struct LiquidationPriceOut<'a> {
    id: &'a str,
    liquidation_price: u128,
}

/// The map's fields, from the opening brace to the last field (the caller closes).
fn write_map_fields(
    out: &mut dyn Write,
    book: &Book,
    map: &LiquidationMap,
    indent: &str,
) -> io::Result<()> {
    write!(
        out,
        "{{\n{indent}  \"mark_price\": {},\n{indent}  \"mark_price_short\": {},\n{indent}  \"bucket_bps\": {},\n{indent}  \"liquidatable_now\": ",
        map.mark_price, map.mark_price_short, map.bucket_bps
    )?;
    json(out, &map.liquidatable_now)?;
    write!(out, ",\n{indent}  \"buckets\": ")?;
    let inner = format!("{indent}  ");
    lines(out, &inner, map.buckets.iter())?;
    write!(out, ",\n{indent}  \"leverage\": ")?;
    lines(out, &inner, map.leverage.iter())?;
    write!(out, ",\n{indent}  \"positions\": ")?;
    let positions = book
        .ids
        .iter()
        .zip(map.liquidation_prices.iter())
        .map(|(id, price)| LiquidationPriceOut {
            id,
            liquidation_price: *price,
        });
    lines(out, &inner, positions)
}

/// The map's result; with `compare`, the same book's map under a second market, under
/// `compare` (an extension: the base result's fields stay where they are).
pub fn write_map(
    out: &mut dyn Write,
    book: &Book,
    map: &LiquidationMap,
    compare: Option<(&MarketSpec, &LiquidationMap)>,
) -> io::Result<()> {
    write_map_fields(out, book, map, "")?;
    if let Some((spec, other)) = compare {
        out.write_all(b",\n  \"compare\": {\n    \"market\": ")?;
        json(out, spec)?;
        out.write_all(b",\n    \"result\": ")?;
        write_map_fields(out, book, other, "    ")?;
        out.write_all(b"\n    }\n  }")?;
    }
    out.write_all(b"\n}\n")
}

/// The cascade's result, pretty-printed; with `compare`, the second market's result
/// under `compare`.
pub fn write_cascade(
    out: &mut dyn Write,
    result: &CascadeResult,
    compare: Option<(&MarketSpec, &CascadeResult)>,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Compared<'a> {
        market: &'a MarketSpec,
        result: &'a CascadeResult,
    }
    #[derive(Serialize)]
    struct WithCompare<'a> {
        #[serde(flatten)]
        base: &'a CascadeResult,
        compare: Compared<'a>,
    }
    match compare {
        None => serde_json::to_writer_pretty(&mut *out, result),
        Some((market, other)) => serde_json::to_writer_pretty(
            &mut *out,
            &WithCompare {
                base: result,
                compare: Compared {
                    market,
                    result: other,
                },
            },
        ),
    }
    .map_err(io::Error::other)?;
    out.write_all(b"\n")
}
