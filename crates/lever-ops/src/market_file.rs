//! Market definitions per cluster (`migrations/<cluster>.json`): the mint, the Pyth
//! binding and every risk parameter of each market, written out in full (no defaults:
//! a production parameter is never implied). A file is checked before anything is
//! sent: the program's own parameter bounds (`lever_math::RiskParams::validate`, the
//! same function `create_market` and `update_market_params` run), addresses, feed ids,
//! and indices in creation order.

use std::str::FromStr;

use anchor_lang::prelude::Pubkey;
use lever::instructions::CreateMarketArgs;
use lever::state::{MarketParams, OracleSource};
use lever_math::RiskParams;
use serde::Deserialize;

/// Why a market file cannot be used; names the market and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketFileError(pub String);

impl std::fmt::Display for MarketFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MarketFileError {}

/// A cluster's file: which cluster it is for, and its markets in index order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterFile {
    pub cluster: String,
    pub markets: Vec<MarketDefinition>,
}

/// One market as the program stores its creation arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketDefinition {
    pub index: u16,
    pub name: String,
    pub collateral_mint: Pubkey,
    /// The account passed to instructions that read the price (a price update account
    /// for pull markets, the price account for legacy ones).
    pub oracle_account: Pubkey,
    pub oracle_source: OracleSource,
    /// Pull: the feed id; legacy: the price account's address.
    pub oracle_feed: [u8; 32],
    pub base_decimals: u8,
    pub params: RiskParams,
}

impl MarketDefinition {
    pub fn create_args(&self) -> CreateMarketArgs {
        CreateMarketArgs {
            oracle_source: self.oracle_source,
            oracle_feed: self.oracle_feed,
            base_decimals: self.base_decimals,
            params: MarketParams::from(self.params),
        }
    }

    pub fn keys(&self) -> lever_client::MarketKeys {
        lever_client::MarketKeys::derive(self.index, self.collateral_mint, self.oracle_account)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    cluster: String,
    markets: Vec<RawMarket>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarket {
    index: u16,
    name: String,
    collateral_mint: String,
    oracle: RawOracle,
    base_decimals: u8,
    params: RawParams,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, tag = "source", rename_all = "snake_case")]
enum RawOracle {
    PythPull { feed_id: String, account: String },
    PythLegacy { account: String },
}

/// Every field of [`RiskParams`], each required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParams {
    imr_bps: u16,
    mmr_bps: u16,
    liquidation_penalty_bps: u16,
    keeper_share_bps: u16,
    liquidation_buffer_bps: u16,
    ema_band_bps: u16,
    max_staleness_secs: u32,
    max_conf_bps: u16,
    min_position_notional: u64,
    open_fee_bps: u16,
    close_fee_bps: u16,
    borrow_rate_bps_per_hour: u32,
    max_open_interest: u64,
    max_utilization_bps: u16,
    max_trade_price_age_secs: u32,
    max_liquidation_price_age_secs: u32,
    min_hold_secs: u32,
    bankrupt_keeper_fee: u64,
}

impl From<RawParams> for RiskParams {
    fn from(raw: RawParams) -> Self {
        RiskParams {
            imr_bps: raw.imr_bps,
            mmr_bps: raw.mmr_bps,
            liquidation_penalty_bps: raw.liquidation_penalty_bps,
            keeper_share_bps: raw.keeper_share_bps,
            liquidation_buffer_bps: raw.liquidation_buffer_bps,
            ema_band_bps: raw.ema_band_bps,
            max_staleness_secs: raw.max_staleness_secs,
            max_conf_bps: raw.max_conf_bps,
            min_position_notional: raw.min_position_notional,
            open_fee_bps: raw.open_fee_bps,
            close_fee_bps: raw.close_fee_bps,
            borrow_rate_bps_per_hour: raw.borrow_rate_bps_per_hour,
            max_open_interest: raw.max_open_interest,
            max_utilization_bps: raw.max_utilization_bps,
            max_trade_price_age_secs: raw.max_trade_price_age_secs,
            max_liquidation_price_age_secs: raw.max_liquidation_price_age_secs,
            min_hold_secs: raw.min_hold_secs,
            bankrupt_keeper_fee: raw.bankrupt_keeper_fee,
        }
    }
}

impl ClusterFile {
    /// Parses and checks a file's text.
    pub fn parse(text: &str) -> Result<ClusterFile, MarketFileError> {
        let raw: RawFile = serde_json::from_str(text)
            .map_err(|error| MarketFileError(format!("not a market file: {error}")))?;
        let markets = raw
            .markets
            .into_iter()
            .enumerate()
            .map(|(position, market)| check_market(position, market))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ClusterFile {
            cluster: raw.cluster,
            markets,
        })
    }

    pub fn load(path: &std::path::Path) -> Result<ClusterFile, MarketFileError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| MarketFileError(format!("{}: {error}", path.display())))?;
        ClusterFile::parse(&text)
            .map_err(|error| MarketFileError(format!("{}: {error}", path.display())))
    }
}

fn check_market(position: usize, raw: RawMarket) -> Result<MarketDefinition, MarketFileError> {
    let name = raw.name;
    let fail =
        |what: String| MarketFileError(format!("market {name:?} (index {}): {what}", raw.index));
    // The program creates market N only when N markets exist: indices are 0, 1, 2...
    if usize::from(raw.index) != position {
        return Err(fail(format!(
            "index {} at position {position}: markets must be listed by index from 0 without gaps",
            raw.index
        )));
    }
    let collateral_mint =
        pubkey(&raw.collateral_mint).map_err(|e| fail(format!("collateral_mint: {e}")))?;
    let (oracle_source, oracle_account, oracle_feed) = match raw.oracle {
        RawOracle::PythPull { feed_id, account } => {
            let account = pubkey(&account).map_err(|e| fail(format!("oracle.account: {e}")))?;
            let feed = feed_id_bytes(&feed_id).map_err(|e| fail(format!("oracle.feed_id: {e}")))?;
            (OracleSource::PythPull, account, feed)
        }
        RawOracle::PythLegacy { account } => {
            let account = pubkey(&account).map_err(|e| fail(format!("oracle.account: {e}")))?;
            (OracleSource::PythLegacy, account, account.to_bytes())
        }
    };
    let params = RiskParams::from(raw.params);
    params
        .validate()
        .map_err(|bound| fail(format!("params break a bound: {bound:?}")))?;
    Ok(MarketDefinition {
        index: raw.index,
        name: name.clone(),
        collateral_mint,
        oracle_account,
        oracle_source,
        oracle_feed,
        base_decimals: raw.base_decimals,
        params,
    })
}

fn pubkey(text: &str) -> Result<Pubkey, String> {
    Pubkey::from_str(text).map_err(|_| format!("{text:?} is not a base58 address"))
}

/// A Pyth feed id: 32 bytes as 64 hex digits, with or without `0x`.
fn feed_id_bytes(text: &str) -> Result<[u8; 32], String> {
    let hex = text.strip_prefix("0x").unwrap_or(text);
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{text:?} is not 64 hex digits"));
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| format!("{text:?} is not hex"))?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| format!("{text:?} is not hex"))?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed devnet file, so that the tests also hold it to the checks.
    const DEVNET: &str = include_str!("../../../migrations/devnet.json");
    const SOL_USD: &str = "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";

    fn file(market_index: u16, imr: u16, feed: &str) -> String {
        DEVNET
            .replace("\"index\": 0", &format!("\"index\": {market_index}"))
            .replace("\"imr_bps\": 1000", &format!("\"imr_bps\": {imr}"))
            .replace(SOL_USD, feed)
    }

    #[test]
    fn a_valid_file_parses_to_the_programs_arguments() {
        let parsed = ClusterFile::parse(&file(0, 1_000, SOL_USD)).unwrap();
        let market = &parsed.markets[0];
        assert_eq!(parsed.cluster, "devnet");
        assert_eq!(market.oracle_source, OracleSource::PythPull);
        assert_eq!(market.oracle_feed[..2], [0xef, 0x0d]);
        assert_eq!(market.params.imr_bps, 1_000);
        assert_eq!(
            market.create_args().params,
            MarketParams::from(market.params)
        );
        let with_prefix = ClusterFile::parse(&file(0, 1_000, &format!("0x{SOL_USD}"))).unwrap();
        assert_eq!(with_prefix.markets[0].oracle_feed, market.oracle_feed);
    }

    #[test]
    fn each_defect_is_named() {
        let bound = ClusterFile::parse(&file(0, 400, SOL_USD)).unwrap_err();
        assert!(bound.0.contains("MaintenanceMarginOutOfRange"), "{bound}");
        let gap = ClusterFile::parse(&file(1, 1_000, SOL_USD)).unwrap_err();
        assert!(gap.0.contains("without gaps"), "{gap}");
        let feed = ClusterFile::parse(&file(0, 1_000, "abc")).unwrap_err();
        assert!(feed.0.contains("oracle.feed_id"), "{feed}");
        let missing =
            ClusterFile::parse(&file(0, 1_000, SOL_USD).replace("\"min_hold_secs\": 30,", ""))
                .unwrap_err();
        assert!(missing.0.contains("min_hold_secs"), "{missing}");
        let unknown = ClusterFile::parse(
            &file(0, 1_000, SOL_USD).replace("\"base_decimals\"", "\"base_decimal\""),
        )
        .unwrap_err();
        assert!(unknown.0.contains("base_decimal"), "{unknown}");
        let mint =
            ClusterFile::parse(&file(0, 1_000, SOL_USD).replace("4zMMC9sr", "0OIl")).unwrap_err();
        assert!(mint.0.contains("collateral_mint"), "{mint}");
    }

    /// Every committed cluster file passes the program's bounds, names its cluster, and
    /// reads each pull market's price at the feed's sponsored (push oracle) account.
    #[test]
    fn the_committed_cluster_files_are_valid() {
        let files = [
            ("devnet", DEVNET),
            (
                "localnet",
                include_str!("../../../migrations/localnet.json"),
            ),
            (
                "mainnet-beta",
                include_str!("../../../migrations/mainnet-beta.json"),
            ),
        ];
        for (cluster, text) in files {
            let parsed = ClusterFile::parse(text).unwrap_or_else(|e| panic!("{cluster}: {e}"));
            assert_eq!(parsed.cluster, cluster);
            for market in &parsed.markets {
                if market.oracle_source == OracleSource::PythPull {
                    assert_eq!(
                        market.oracle_account,
                        crate::price::PriceFormat::Push.account(&market.oracle_feed),
                        "{cluster} market {}",
                        market.index
                    );
                }
            }
        }
    }
}
