//! The book as written: serde shapes with the contract's field names and defaults.
//! Positions are read one by one straight into compact storage (`Position`, `Ids`).

use std::fmt;

use lever_math::Side;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Position;
use crate::ids::Ids;
use crate::market::MarketSpec;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrice {
    pub(super) price: i64,
    #[serde(default)]
    pub(super) conf: u64,
    pub(super) ema: Option<i64>,
    #[serde(default = "default_expo")]
    pub(super) expo: i32,
}

fn default_expo() -> i32 {
    -8
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RawSide {
    Long,
    Short,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPosition {
    id: String,
    side: RawSide,
    size: u64,
    entry_price: u64,
    collateral: u64,
    #[serde(default)]
    accrued_fees: u64,
}

/// The positions array, read element by element into compact storage.
pub(super) struct PositionList {
    pub(super) positions: Vec<Position>,
    pub(super) ids: Ids,
}

impl<'de> Deserialize<'de> for PositionList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = PositionList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of positions")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PositionList, A::Error> {
                let count = seq.size_hint().unwrap_or(0);
                let mut list = PositionList {
                    positions: Vec::with_capacity(count),
                    ids: Ids::with_capacity(count),
                };
                while let Some(raw) = seq.next_element::<RawPosition>()? {
                    list.ids.push(&raw.id);
                    list.positions.push(Position {
                        side: match raw.side {
                            RawSide::Long => Side::Long,
                            RawSide::Short => Side::Short,
                        },
                        size: raw.size,
                        entry_price: raw.entry_price,
                        collateral: raw.collateral,
                        accrued_fees: raw.accrued_fees,
                    });
                }
                Ok(list)
            }
        }
        deserializer.deserialize_seq(ListVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBook {
    #[serde(default)]
    pub(super) market: MarketSpec,
    pub(super) price: RawPrice,
    pub(super) pool: u64,
    pub(super) insurance: u64,
    pub(super) positions: PositionList,
}
