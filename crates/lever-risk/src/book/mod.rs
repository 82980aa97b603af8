//! The book (RISK.md, "The book"): parsing with messages that say where and what, then
//! a check of every value before anything is computed.
//!
//! Parsing streams: positions go straight into compact storage (`Position`, `Ids`), so
//! a book of ten million positions never exists twice in memory.

mod raw;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use lever_math::{OracleQuote, PositionSnapshot, Price, Side};

use crate::ids::Ids;
use crate::market::{Market, MarketSpec};
use crate::prices::marks_of_quote;
use raw::RawBook;

/// Why a book (or a market file, or an argument) cannot be used: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookError(pub String);

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BookError {}

/// The book's price, in Pyth form as a scenario's `set_price` (same defaults: `conf`
/// 0, `ema` the price, `expo` -8). The confidence is carried, not used: marks do not
/// depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookPrice {
    pub price: i64,
    pub conf: u64,
    pub ema: i64,
    pub expo: i32,
}

impl BookPrice {
    pub fn quote(&self) -> OracleQuote {
        OracleQuote {
            price: self.price,
            conf: self.conf,
            ema_price: self.ema,
            expo: self.expo,
            publish_time: 0,
        }
    }
}

/// One position; prices are internal (collateral atoms per base atom x 1e12), which
/// the math caps at `u64::MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub side: Side,
    /// Base atoms.
    pub size: u64,
    pub entry_price: u64,
    /// Collateral atoms.
    pub collateral: u64,
    /// Collateral atoms.
    pub accrued_fees: u64,
}

impl Position {
    /// What the margin math reads.
    pub fn snapshot(&self) -> PositionSnapshot {
        PositionSnapshot {
            side: self.side,
            size: self.size,
            entry_price: Price(u128::from(self.entry_price)),
            collateral: self.collateral,
            accrued_fees: self.accrued_fees,
        }
    }
}

/// A checked book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    /// The market as written (echoed by `synth`).
    pub market_spec: MarketSpec,
    pub market: Market,
    pub price: BookPrice,
    /// Pool liquidity, collateral atoms.
    pub pool: u64,
    /// Insurance fund, collateral atoms.
    pub insurance: u64,
    pub positions: Vec<Position>,
    pub ids: Ids,
}

impl Book {
    /// Parses and checks a book's text.
    pub fn parse_str(text: &str) -> Result<Book, BookError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        Book::finish(&mut deserializer)
    }

    /// Parses and checks a book read from `reader` (buffer it: the JSON reader asks
    /// for one byte at a time). Streams: the text is never held whole, so a book of
    /// ten million positions (1.2 GB of JSON) parses in a fraction of its size.
    pub fn parse_reader<R: Read>(reader: R) -> Result<Book, BookError> {
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        Book::finish(&mut deserializer)
    }

    fn finish<'de, R: serde_json::de::Read<'de>>(
        deserializer: &mut serde_json::Deserializer<R>,
    ) -> Result<Book, BookError> {
        let raw: RawBook = serde_path_to_error::deserialize(&mut *deserializer).map_err(|e| {
            let place = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() || place == "." {
                BookError(format!("not a valid book: {inner}"))
            } else {
                BookError(format!("{place}: {inner}"))
            }
        })?;
        deserializer
            .end()
            .map_err(|e| BookError(format!("not a valid book: {e}")))?;
        Book::check(raw)
    }

    fn check(raw: RawBook) -> Result<Book, BookError> {
        let market = raw
            .market
            .resolve()
            .map_err(|e| BookError(format!("market: {e}")))?;
        let price = BookPrice {
            price: raw.price.price,
            conf: raw.price.conf,
            ema: raw.price.ema.unwrap_or(raw.price.price),
            expo: raw.price.expo,
        };
        if price.price <= 0 {
            return Err(BookError(format!(
                "price.price: must be positive, not {}",
                price.price
            )));
        }
        if price.ema <= 0 {
            return Err(BookError(format!(
                "price.ema: must be positive, not {}",
                price.ema
            )));
        }
        marks_of_quote(&price.quote(), market.params.ema_band_bps, market.decimals).map_err(
            |e| {
                BookError(format!(
                    "price: {e} (expo {} with {} collateral and {} base decimals)",
                    price.expo, market.decimals.collateral, market.decimals.base
                ))
            },
        )?;
        let book = Book {
            market_spec: raw.market,
            market,
            price,
            pool: raw.pool,
            insurance: raw.insurance,
            positions: raw.positions.positions,
            ids: raw.positions.ids,
        };
        book.check_positions()?;
        Ok(book)
    }

    /// Each position's values, and that every id is used once.
    fn check_positions(&self) -> Result<(), BookError> {
        let mmr_bps = self.market.params.mmr_bps;
        let mut first_use: HashMap<&str, usize> = HashMap::with_capacity(self.positions.len());
        for (index, (position, id)) in self.positions.iter().zip(self.ids.iter()).enumerate() {
            let place = || format!("positions[{index}] (id \"{id}\")");
            if id.is_empty() {
                return Err(BookError(format!(
                    "positions[{index}].id: must not be empty"
                )));
            }
            if let Some(first) = first_use.insert(id, index) {
                return Err(BookError(format!(
                    "{}: id already used by positions[{first}]",
                    place()
                )));
            }
            for (field, value) in [
                ("size", position.size),
                ("entry_price", position.entry_price),
                ("collateral", position.collateral),
            ] {
                if value == 0 {
                    return Err(BookError(format!("{}: {field} must be positive", place())));
                }
            }
            position
                .snapshot()
                .liquidation_price(mmr_bps)
                .map_err(|e| BookError(format!("{}: liquidation price: {e}", place())))?;
        }
        Ok(())
    }

    /// Number of positions.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The liquidation marks (long, short) of the book's price.
    pub fn marks(&self) -> (Price, Price) {
        // Checked when the book was parsed.
        marks_of_quote(
            &self.price.quote(),
            self.market.params.ema_band_bps,
            self.market.decimals,
        )
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
      "market": {"imr_bps": 1000, "mmr_bps": 500},
      "price": {"price": 15000000000, "conf": 0, "ema": 15000000000, "expo": -8},
      "pool": 1000000000000,
      "insurance": 0,
      "positions": [
        {"id": "p1", "side": "long", "size": 10000000000, "entry_price": 150000000000,
         "collateral": 200000000, "accrued_fees": 0},
        {"id": "p2", "side": "short", "size": 5000000000, "entry_price": 150000000000,
         "collateral": 100000000}
      ]
    }"#;

    #[test]
    fn the_contract_example_parses() {
        let book = Book::parse_str(GOOD).unwrap();
        assert_eq!(book.len(), 2);
        assert_eq!(book.ids.get(1), "p2");
        assert_eq!(book.positions[1].side, Side::Short);
        assert_eq!(book.positions[1].accrued_fees, 0);
        assert_eq!(
            book.marks(),
            (Price(150_000_000_000), Price(150_000_000_000))
        );
        let from_reader = Book::parse_reader(GOOD.as_bytes()).unwrap();
        assert_eq!(from_reader, book);
    }

    fn refused(text: &str) -> String {
        Book::parse_str(text).unwrap_err().0
    }

    #[test]
    fn errors_say_where_and_what() {
        let cases: [(String, &[&str]); 9] = [
            (
                GOOD.replace("\"size\": 5000000000", "\"size\": -5"),
                &["positions[1].size", "-5"],
            ),
            (
                GOOD.replace("\"side\": \"short\"", "\"side\": \"up\""),
                &["positions[1].side", "up"],
            ),
            (
                GOOD.replace("\"p2\"", "\"p1\""),
                &["positions[1]", "already used by positions[0]"],
            ),
            (
                GOOD.replace("\"collateral\": 100000000", "\"collateral\": 0"),
                &["positions[1]", "collateral must be positive"],
            ),
            (
                GOOD.replace("\"accrued_fees\": 0", "\"fees\": 0"),
                &["positions[0]", "unknown field `fees`"],
            ),
            (
                GOOD.replace("\"mmr_bps\": 500", "\"mmr_bps\": 1500"),
                &["market", "MaintenanceMarginOutOfRange"],
            ),
            (
                GOOD.replace("\"price\": 15000000000,", "\"price\": 0,"),
                &["price.price", "positive"],
            ),
            (
                GOOD.replace("\"insurance\": 0,", ""),
                &["missing field `insurance`"],
            ),
            (
                GOOD.replace("]\n    }", "]\n    } trailing"),
                &["not a valid book", "trailing"],
            ),
        ];
        for (text, expected) in cases {
            let message = refused(&text);
            for part in expected {
                assert!(message.contains(part), "{part:?} not in {message:?}");
            }
        }
    }

    #[test]
    fn truncated_json_is_reported_with_its_line() {
        let message = refused(&GOOD[..200]);
        assert!(
            message.contains("not a valid book") && message.contains("line"),
            "{message}"
        );
    }
}
