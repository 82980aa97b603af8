//! The scenario file (../shared/SCENARIOS.md): parsing with messages that say where
//! and what, then a static check (position ids, parameter bounds) before anything runs.

use std::collections::BTreeMap;

use lever_client::{MarketParams, OracleSource, Side};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Why a file is malformed: a message naming the place and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `market` as written, every field optional: the same object as a risk book's
/// `market` (../shared/RISK.md), parsed and resolved by one piece of code in
/// `lever_risk::market` (which has no Solana types).
pub use lever_risk::market::{MarketSpec, OracleKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    market: MarketSpec,
    steps: Vec<Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SideSpec {
    Long,
    Short,
}

impl From<SideSpec> for Side {
    fn from(side: SideSpec) -> Self {
        match side {
            SideSpec::Long => Side::Long,
            SideSpec::Short => Side::Short,
        }
    }
}

/// LP shares to burn: a number or `"all"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shares {
    All,
    Exactly(u64),
}

impl<'de> Deserialize<'de> for Shares {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Word(String),
        }
        match Raw::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom("shares must be a non-negative integer or \"all\"")
        })? {
            Raw::Number(n) => Ok(Shares::Exactly(n)),
            Raw::Word(w) if w == "all" => Ok(Shares::All),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "shares must be a non-negative integer or \"all\", not \"{w}\""
            ))),
        }
    }
}

/// One step, as the runner plays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    SetPrice {
        price: i64,
        conf: u64,
        ema: i64,
        expo: i32,
        /// Extension: seconds before the current scenario time the price was
        /// published (an older verified update, which anyone can post on-chain).
        age: u64,
    },
    AdvanceTime {
        seconds: u64,
    },
    Mint {
        who: String,
        amount: u64,
    },
    LpDeposit {
        who: String,
        amount: u64,
    },
    LpWithdraw {
        who: String,
        shares: Shares,
    },
    Open {
        who: String,
        id: String,
        side: SideSpec,
        collateral: u64,
        size: u64,
    },
    DepositCollateral {
        id: String,
        amount: u64,
    },
    WithdrawCollateral {
        id: String,
        amount: u64,
    },
    Reduce {
        id: String,
        size: u64,
    },
    Close {
        id: String,
    },
    Liquidate {
        keeper: String,
        id: String,
    },
    /// A plain token transfer from `who` into the vault, outside the program.
    Donate {
        who: String,
        amount: u64,
    },
    /// Extension: `sweep_surplus` called by `who`.
    SweepSurplus {
        who: String,
    },
}

impl Step {
    /// The `op` name as in the file.
    pub fn op(&self) -> &'static str {
        match self {
            Step::SetPrice { .. } => "set_price",
            Step::AdvanceTime { .. } => "advance_time",
            Step::Mint { .. } => "mint",
            Step::LpDeposit { .. } => "lp_deposit",
            Step::LpWithdraw { .. } => "lp_withdraw",
            Step::Open { .. } => "open",
            Step::DepositCollateral { .. } => "deposit_collateral",
            Step::WithdrawCollateral { .. } => "withdraw_collateral",
            Step::Reduce { .. } => "reduce",
            Step::Close { .. } => "close",
            Step::Liquidate { .. } => "liquidate",
            Step::Donate { .. } => "donate",
            Step::SweepSurplus { .. } => "sweep_surplus",
        }
    }

    fn position_id(&self) -> Option<&str> {
        match self {
            Step::DepositCollateral { id, .. }
            | Step::WithdrawCollateral { id, .. }
            | Step::Reduce { id, .. }
            | Step::Close { id }
            | Step::Liquidate { id, .. } => Some(id),
            _ => None,
        }
    }
}

// Per-op field sets; unknown fields are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetPrice {
    price: i64,
    #[serde(default)]
    conf: u64,
    ema: Option<i64>,
    #[serde(default = "default_expo")]
    expo: i32,
    #[serde(default, deserialize_with = "non_negative_seconds")]
    age: u64,
}
fn default_expo() -> i32 {
    -8
}
/// `age`: a whole number of seconds, at most `i64::MAX` (what a clock can go back).
fn non_negative_seconds<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<u64, D::Error> {
    let age = u64::deserialize(deserializer).map_err(|_| {
        serde::de::Error::custom("age must be a non-negative integer number of seconds")
    })?;
    if i64::try_from(age).is_err() {
        return Err(serde::de::Error::custom(format!(
            "age must be at most {} seconds, not {age}",
            i64::MAX
        )));
    }
    Ok(age)
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceTime {
    seconds: u64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WhoAmount {
    who: String,
    amount: u64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Who {
    who: String,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LpWithdraw {
    who: String,
    shares: Shares,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Open {
    who: String,
    id: String,
    side: SideSpec,
    collateral: u64,
    size: u64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdAmount {
    id: String,
    amount: u64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdSize {
    id: String,
    size: u64,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Id {
    id: String,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Liquidate {
    keeper: String,
    id: String,
}

/// A parsed, checked scenario.
#[derive(Debug)]
pub struct Scenario {
    pub setup: MarketSetupSpec,
    pub steps: Vec<Step>,
    /// Scenario position id -> (owner name, on-chain position id), in order of first open.
    pub positions: BTreeMap<String, (String, u64)>,
}

/// The market as the runner creates it.
#[derive(Debug, Clone, Copy)]
pub struct MarketSetupSpec {
    pub collateral_decimals: u8,
    pub base_decimals: u8,
    pub params: MarketParams,
    pub oracle: OracleSource,
}

fn parse_as<T: DeserializeOwned>(value: Value, place: &str) -> Result<T, Malformed> {
    serde_json::from_value(value).map_err(|e| Malformed(format!("{place}: {e}")))
}

fn parse_step(index: usize, value: Value) -> Result<Step, Malformed> {
    let place = format!("steps[{index}]");
    let Value::Object(mut fields) = value else {
        return Err(Malformed(format!("{place}: a step must be an object")));
    };
    let op = match fields.remove("op") {
        Some(Value::String(op)) => op,
        Some(_) => return Err(Malformed(format!("{place}: \"op\" must be a string"))),
        None => return Err(Malformed(format!("{place}: missing field `op`"))),
    };
    let place = format!("{place} ({op})");
    let body = Value::Object(fields);
    Ok(match op.as_str() {
        "set_price" => {
            let s: SetPrice = parse_as(body, &place)?;
            Step::SetPrice { price: s.price, conf: s.conf, ema: s.ema.unwrap_or(s.price), expo: s.expo, age: s.age }
        }
        "advance_time" => Step::AdvanceTime { seconds: parse_as::<AdvanceTime>(body, &place)?.seconds },
        "mint" => {
            let s: WhoAmount = parse_as(body, &place)?;
            Step::Mint { who: s.who, amount: s.amount }
        }
        "lp_deposit" => {
            let s: WhoAmount = parse_as(body, &place)?;
            Step::LpDeposit { who: s.who, amount: s.amount }
        }
        "lp_withdraw" => {
            let s: LpWithdraw = parse_as(body, &place)?;
            Step::LpWithdraw { who: s.who, shares: s.shares }
        }
        "open" => {
            let s: Open = parse_as(body, &place)?;
            Step::Open { who: s.who, id: s.id, side: s.side, collateral: s.collateral, size: s.size }
        }
        "deposit_collateral" => {
            let s: IdAmount = parse_as(body, &place)?;
            Step::DepositCollateral { id: s.id, amount: s.amount }
        }
        "withdraw_collateral" => {
            let s: IdAmount = parse_as(body, &place)?;
            Step::WithdrawCollateral { id: s.id, amount: s.amount }
        }
        "reduce" => {
            let s: IdSize = parse_as(body, &place)?;
            Step::Reduce { id: s.id, size: s.size }
        }
        "close" => Step::Close { id: parse_as::<Id>(body, &place)?.id },
        "liquidate" => {
            let s: Liquidate = parse_as(body, &place)?;
            Step::Liquidate { keeper: s.keeper, id: s.id }
        }
        "donate" => {
            let s: WhoAmount = parse_as(body, &place)?;
            Step::Donate { who: s.who, amount: s.amount }
        }
        "sweep_surplus" => Step::SweepSurplus { who: parse_as::<Who>(body, &place)?.who },
        other => {
            return Err(Malformed(format!(
                "steps[{index}]: unknown op \"{other}\" (expected one of set_price, advance_time, mint, lp_deposit, lp_withdraw, open, deposit_collateral, withdraw_collateral, reduce, close, liquidate, donate, sweep_surplus)"
            )))
        }
    })
}

fn market_setup(spec: &MarketSpec) -> Result<MarketSetupSpec, Malformed> {
    let market = spec
        .resolve()
        .map_err(|e| Malformed(format!("market: {e}")))?;
    let oracle = match spec.oracle.unwrap_or(OracleKind::PythPull) {
        OracleKind::PythPull => OracleSource::PythPull,
        OracleKind::PythLegacy => OracleSource::PythLegacy,
    };
    Ok(MarketSetupSpec {
        collateral_decimals: market.decimals.collateral,
        base_decimals: market.decimals.base,
        params: market.params.into(),
        oracle,
    })
}

/// Parses and checks a scenario file's text.
pub fn parse(text: &str) -> Result<Scenario, Malformed> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| Malformed(format!("not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(Malformed(
            "the file must be a JSON object with \"market\" and \"steps\"".into(),
        ));
    }
    let shape: FileShape = parse_as(value, "file")?;
    let setup = market_setup(&shape.market)?;
    let mut steps = Vec::with_capacity(shape.steps.len());
    let mut positions: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for (index, value) in shape.steps.into_iter().enumerate() {
        let step = parse_step(index, value)?;
        if let Step::Open { who, id, .. } = &step {
            let next_id = u64::try_from(positions.len()).unwrap_or(u64::MAX);
            let (owner, _) = positions
                .entry(id.clone())
                .or_insert_with(|| (who.clone(), next_id));
            if owner != who {
                return Err(Malformed(format!(
                    "steps[{index}] (open): position id \"{id}\" belongs to \"{owner}\", not \"{who}\""
                )));
            }
        }
        if let Some(id) = step.position_id() {
            if !positions.contains_key(id) {
                return Err(Malformed(format!(
                    "steps[{index}] ({}): unknown position id \"{id}\" (no earlier open step)",
                    step.op()
                )));
            }
        }
        steps.push(step);
    }
    Ok(Scenario {
        setup,
        steps,
        positions,
    })
}
