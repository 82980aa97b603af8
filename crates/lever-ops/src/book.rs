//! A market's positions as the cluster holds them, evaluated with the program's own
//! health code (`lever_client::health::compute`, what `position_health` returns): the
//! rows of `lever positions`, the summary of `lever market show`, and the book of
//! ../shared/RISK.md that `lever snapshot` writes for the risk tools.

use anchor_lang::prelude::Pubkey;
use lever::state::{Market, Position};
use lever_client::health::PositionHealth;
use lever_math::RiskParams;
use lever_risk::market::{MarketSpec, OracleKind};
use serde_json::{json, Value};

use crate::chain::{Chain, ChainError, FetchedAccount};

/// A market with its oracle account, as fetched.
#[derive(Debug, Clone)]
pub struct MarketState {
    pub address: Pubkey,
    pub market: Market,
    pub oracle: Pubkey,
    pub oracle_account: FetchedAccount,
    /// The cluster's unix time when fetched.
    pub now: i64,
}

/// Why a market could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookError {
    /// No market at that index, or not a market.
    NoMarket(String),
    Chain(ChainError),
}

impl std::fmt::Display for BookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BookError::NoMarket(why) => f.write_str(why),
            BookError::Chain(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for BookError {}

impl From<ChainError> for BookError {
    fn from(error: ChainError) -> Self {
        BookError::Chain(error)
    }
}

impl MarketState {
    /// Fetches market `index`, its oracle account (`oracle`, or for a legacy market the
    /// bound price account) and the cluster's clock.
    pub async fn fetch(
        chain: &mut impl Chain,
        index: u16,
        oracle: Option<Pubkey>,
    ) -> Result<MarketState, BookError> {
        let address = lever_client::pda::market(index);
        let data = chain
            .account_data(&address)
            .await?
            .ok_or_else(|| BookError::NoMarket(format!("no market {index} at {address}")))?;
        let market = lever_client::decode::market(&data)
            .map_err(|e| BookError::NoMarket(format!("{address}: {e}")))?;
        let oracle = match (oracle, market.oracle_source()) {
            (Some(oracle), _) => oracle,
            (None, Ok(lever::state::OracleSource::PythLegacy)) => {
                Pubkey::new_from_array(market.oracle_feed)
            }
            // A pull market binds a feed id, not an account: the sponsored (push
            // oracle) account of that feed, where keepers and frontends read it.
            (None, _) => crate::price::PriceFormat::Push.account(&market.oracle_feed),
        };
        let oracle_account = chain.account(&oracle).await?.ok_or_else(|| {
            BookError::NoMarket(format!("market {index}: no oracle account at {oracle}"))
        })?;
        let now = chain.unix_time().await?;
        Ok(MarketState {
            address,
            market,
            oracle,
            oracle_account,
            now,
        })
    }

    /// The market's risk parameters.
    pub fn params(&self) -> RiskParams {
        RiskParams::from(self.market.params)
    }

    /// Internal price (collateral atoms per base atom x 1e12) in collateral units per
    /// whole base unit, for people.
    pub fn display_price(&self, internal: u128) -> f64 {
        let scale = 10f64.powi(
            i32::from(self.market.base_decimals) - i32::from(self.market.collateral_decimals),
        );
        internal as f64 / lever_math::constants::PRICE_PRECISION as f64 * scale
    }

    /// Atoms of collateral in whole units, for people.
    pub fn display_collateral(&self, atoms: i128) -> f64 {
        atoms as f64 / 10f64.powi(i32::from(self.market.collateral_decimals))
    }

    /// Atoms of base in whole units, for people.
    pub fn display_base(&self, atoms: u64) -> f64 {
        atoms as f64 / 10f64.powi(i32::from(self.market.base_decimals))
    }
}

/// One position and what `position_health` would say of it now.
#[derive(Debug, Clone)]
pub struct PositionRow {
    pub address: Pubkey,
    pub position: Position,
    /// The health, or the program's error name when it would refuse (a stale oracle...).
    pub health: Result<PositionHealth, String>,
}

impl PositionRow {
    fn margin_ratio(&self) -> i64 {
        self.health
            .as_ref()
            .map_or(i64::MAX, |health| health.margin_ratio_bps)
    }
}

/// The program's error name of an Anchor error.
fn error_name(error: anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(e) => e.error_name.clone(),
        other => other.to_string(),
    }
}

impl MarketState {
    /// The oracle's price as the program reads it for a view (`position_health`).
    pub fn view_price(&self) -> Result<lever::oracle::ValidatedPrice, String> {
        lever::oracle::validate_price(
            &self.market,
            &self.oracle,
            &self.oracle_account.owner,
            &self.oracle_account.data,
            self.now,
            lever::oracle::PriceUse::View,
        )
        .map_err(error_name)
    }
}

/// Evaluates `positions` of the market, most underwater first (those whose health
/// cannot be computed last), ties by address. The price is validated once, then each
/// position runs the program's `compute_health`: together exactly what
/// `lever_client::health::compute` (and `position_health`) does per position.
pub fn evaluate(state: &MarketState, positions: Vec<(Pubkey, Position)>) -> Vec<PositionRow> {
    let price = state.view_price();
    let mut rows: Vec<PositionRow> = positions
        .into_iter()
        .map(|(address, position)| PositionRow {
            health: match &price {
                Ok(price) => {
                    lever::instructions::compute_health(&state.market, &position, price, state.now)
                        .map_err(error_name)
                }
                Err(name) => Err(name.clone()),
            },
            address,
            position,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.margin_ratio()
            .cmp(&b.margin_ratio())
            .then(a.address.cmp(&b.address))
    });
    rows
}

/// Decodes fetched position accounts, dropping any that is not one of `market`'s.
pub fn decode_positions(
    market: &Pubkey,
    accounts: Vec<(Pubkey, Vec<u8>)>,
) -> Vec<(Pubkey, Position)> {
    accounts
        .into_iter()
        .filter_map(|(address, data)| {
            let position = lever_client::decode::position(&data).ok()?;
            (position.market == *market).then_some((address, position))
        })
        .collect()
}

fn side_name(position: &Position) -> &'static str {
    match position.side() {
        Ok(lever::state::Side::Long) => "long",
        Ok(lever::state::Side::Short) => "short",
        Err(_) => "unknown",
    }
}

/// A row as JSON. Integers beyond 2^53 (u128, i128) are strings, so JavaScript reads
/// them exactly; `*_ui` fields are for people.
pub fn row_json(state: &MarketState, row: &PositionRow) -> Value {
    let position = &row.position;
    let mut value = json!({
        "address": row.address.to_string(),
        "owner": position.owner.to_string(),
        "position_id": position.position_id,
        "side": side_name(position),
        "size": position.size,
        "size_ui": state.display_base(position.size),
        "collateral": position.collateral,
        "entry_price": position.entry_price.get().to_string(),
        "entry_price_ui": state.display_price(position.entry_price.get()),
    });
    let health = match &row.health {
        Ok(health) => json!({
            "mark_price": health.mark_price.to_string(),
            "mark_price_ui": state.display_price(health.mark_price),
            "notional": health.notional.to_string(),
            "equity": health.equity.to_string(),
            "equity_ui": state.display_collateral(health.equity),
            "accrued_fees": health.accrued_fees,
            "maintenance_requirement": health.maintenance_requirement.to_string(),
            "margin_ratio_bps": health.margin_ratio_bps,
            "liquidation_price": health.liquidation_price.to_string(),
            "liquidation_price_ui": state.display_price(health.liquidation_price),
            "liquidatable": health.liquidatable,
            "liquidation_size": health.liquidation_size,
            "liquidation_is_partial": health.liquidation_is_partial,
        }),
        Err(name) => json!({ "error": name }),
    };
    if let Some(object) = value.as_object_mut() {
        object.insert("health".into(), health);
    }
    value
}

/// A row for the terminal.
pub fn row_text(state: &MarketState, row: &PositionRow) -> String {
    let position = &row.position;
    let head = format!(
        "{:<44} {:<5} {:>12.4} @ {:>10.4}",
        row.address.to_string(),
        side_name(position),
        state.display_base(position.size),
        state.display_price(position.entry_price.get()),
    );
    match &row.health {
        Ok(health) => format!(
            "{head}  equity {:>12.2}  margin {:>6.2}%  liq. price {:>10.4}  {}",
            state.display_collateral(health.equity),
            health.margin_ratio_bps as f64 / 100.0,
            state.display_price(health.liquidation_price),
            if !health.liquidatable {
                "healthy".to_owned()
            } else if health.liquidation_is_partial {
                format!(
                    "LIQUIDATABLE (partial, {} base atoms)",
                    health.liquidation_size
                )
            } else {
                "LIQUIDATABLE (full)".to_owned()
            }
        ),
        Err(name) => format!("{head}  health unavailable: {name}"),
    }
}

/// The market itself as JSON (`lever market show --json`).
pub fn market_json(state: &MarketState) -> Value {
    let market = &state.market;
    json!({
        "address": state.address.to_string(),
        "index": market.index,
        "collateral_mint": market.collateral_mint.to_string(),
        "vault": market.vault.to_string(),
        "lp_mint": market.lp_mint.to_string(),
        "oracle_source": match market.oracle_source() {
            Ok(lever::state::OracleSource::PythPull) => "pyth_pull",
            Ok(lever::state::OracleSource::PythLegacy) => "pyth_legacy",
            Err(_) => "unknown",
        },
        "oracle_feed": market.oracle_feed.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "oracle_account": state.oracle.to_string(),
        "collateral_decimals": market.collateral_decimals,
        "base_decimals": market.base_decimals,
        "params": serde_json::to_value(market_spec(state)).unwrap_or(Value::Null),
        "open_positions": market.open_positions,
        "long_open_interest": market.long_interest.size.get().to_string(),
        "short_open_interest": market.short_interest.size.get().to_string(),
        "collateral_total": market.collateral_total,
        "pool_liquidity": market.pool_liquidity,
        "insurance_fund": market.insurance_fund,
        "fees_collected": market.fees_collected,
        "pending_payouts": market.pending_payouts,
        "bad_debt_insured_total": market.bad_debt_insured_total,
        "bad_debt_socialized_total": market.bad_debt_socialized_total,
        "last_price_publish_time": market.last_price_publish_time,
        "cluster_time": state.now,
    })
}

/// The market's parameters in the scenario/book `market` form, every field written out.
pub fn market_spec(state: &MarketState) -> MarketSpec {
    let market = lever_risk::market::Market {
        params: state.params(),
        decimals: lever_math::MarketDecimals {
            collateral: state.market.collateral_decimals,
            base: state.market.base_decimals,
        },
    };
    MarketSpec {
        oracle: Some(match state.market.oracle_source() {
            Ok(lever::state::OracleSource::PythLegacy) => OracleKind::PythLegacy,
            _ => OracleKind::PythPull,
        }),
        ..MarketSpec::explicit(&market)
    }
}

/// The book of ../shared/RISK.md: the market, the oracle's price now, pool, insurance,
/// and every position with its borrow fees accrued to now. Refused (the program's error
/// name) when the oracle cannot be read as the program would read it.
pub fn snapshot(state: &MarketState, rows: &[PositionRow]) -> Result<Value, String> {
    let price = state.view_price()?;
    let mut positions = Vec::with_capacity(rows.len());
    for row in rows {
        let health = row
            .health
            .as_ref()
            .map_err(|name| format!("{}: {name}", row.address))?;
        let entry_price = u64::try_from(row.position.entry_price.get())
            .map_err(|_| format!("{}: entry price beyond the book's range", row.address))?;
        positions.push(json!({
            "id": row.address.to_string(),
            "side": side_name(&row.position),
            "size": row.position.size,
            "entry_price": entry_price,
            "collateral": row.position.collateral,
            "accrued_fees": health.accrued_fees,
        }));
    }
    Ok(json!({
        "market": serde_json::to_value(market_spec(state)).map_err(|e| e.to_string())?,
        "price": {
            "price": price.quote.price,
            "conf": price.quote.conf,
            "ema": price.quote.ema_price,
            "expo": price.quote.expo,
        },
        "pool": state.market.pool_liquidity,
        "insurance": state.market.insurance_fund,
        "positions": positions,
    }))
}
