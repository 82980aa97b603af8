//! The result JSON (../shared/SCENARIOS.md, "Output"). Structs fix the field order and
//! `BTreeMap`s sort names, so a run prints the same bytes every time. Fields beyond
//! the contract are marked "extension".

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Report {
    pub steps: Vec<StepReport>,
    #[serde(rename = "final")]
    pub final_state: FinalState,
}

#[derive(Debug, Serialize)]
pub struct StepReport {
    pub op: &'static str,
    pub ok: bool,
    /// The program's error name (Anchor's or the SPL Token program's for theirs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation: Option<LiquidationReport>,
}

#[derive(Debug, Serialize)]
pub struct LiquidationReport {
    pub partial: bool,
    pub closed_size: u64,
    pub remaining_size: u64,
    /// Internal price: collateral atoms per base atom x 1e12.
    pub mark_price: u128,
    pub equity_before: i128,
    pub equity_after: i128,
    pub penalty: u64,
    pub keeper_reward: u64,
    pub insurance_fee: u64,
    pub bad_debt: u64,
    pub owner_payout: u64,
    /// Extension: how the bad debt was covered.
    pub bad_debt_from_insurance: u64,
    /// Extension.
    pub bad_debt_socialized: u64,
    /// Extension: fixed fee paid to the keeper of a bankrupt position, on top of
    /// `keeper_reward`.
    pub bankrupt_keeper_fee: u64,
}

#[derive(Debug, Serialize)]
pub struct FinalState {
    /// Collateral token balance of every party named in the file.
    pub wallets: BTreeMap<String, u64>,
    pub market: MarketReport,
    /// Open positions by scenario id; closed ones are absent.
    pub positions: BTreeMap<String, PositionReport>,
    /// Extension: LP share balance of every party named in the file.
    pub lp_shares: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize)]
pub struct MarketReport {
    pub vault: u64,
    pub pool: u64,
    pub insurance: u64,
    pub fees: u64,
    pub collateral: u64,
    pub bad_debt_total: u64,
    pub open_interest_long: u128,
    pub open_interest_short: u128,
    /// Extension: bad debt paid by insurance, cumulative.
    pub bad_debt_insured: u64,
    /// Extension: bad debt socialized to the pool, cumulative.
    pub bad_debt_socialized: u64,
    /// Extension: LP shares outstanding.
    pub lp_supply: u64,
}

#[derive(Debug, Serialize)]
pub struct PositionReport {
    pub side: &'static str,
    pub size: u64,
    pub collateral: u64,
    /// Internal price: collateral atoms per base atom x 1e12.
    pub entry_price: u128,
}
