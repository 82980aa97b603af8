//! The connection flags every cluster command takes (`lever`, `lever-keeper`), resolved the Solana CLI's way:
//! flag, then environment variable, then the Solana CLI config file, then defaults
//! (localhost, `~/.config/solana/id.json`).

use std::path::PathBuf;
use std::time::Duration;

use crate::cluster::{read_keypair, CliConfig, Settings};
use crate::priority_fee::FeePolicy;
use crate::rpc::RpcChain;
use solana_keypair::Keypair;

#[derive(clap::Args, Debug, Clone)]
pub struct ClusterArgs {
    /// RPC URL or moniker (localhost, devnet, testnet, mainnet-beta; l, d, t, m);
    /// default from the Solana CLI config, else localhost.
    #[arg(long, short = 'u', env = "LEVER_RPC_URL", global = true)]
    pub url: Option<String>,
    /// The signer's keypair file; default from the Solana CLI config.
    #[arg(long, short = 'k', env = "LEVER_KEYPAIR", global = true)]
    pub keypair: Option<PathBuf>,
    /// The Solana CLI config file to read defaults from.
    #[arg(long, env = "SOLANA_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Priority fee: which percentile of the cluster's recent prioritization fees for
    /// the written accounts to offer (0-100; 50 = median).
    #[arg(long, env = "LEVER_PRIORITY_FEE_PERCENTILE", default_value_t = 50,
          value_parser = clap::value_parser!(u8).range(0..=100), global = true)]
    pub priority_fee_percentile: u8,
    /// Floor on the priority fee, micro-lamports per compute unit.
    #[arg(
        long,
        env = "LEVER_MIN_PRIORITY_FEE",
        default_value_t = 0,
        global = true
    )]
    pub min_priority_fee: u64,
    /// Cap on the priority fee, micro-lamports per compute unit.
    #[arg(
        long,
        env = "LEVER_MAX_PRIORITY_FEE",
        default_value_t = 100_000,
        global = true
    )]
    pub max_priority_fee: u64,
    /// Seconds to wait for each RPC answer.
    #[arg(long, default_value_t = 60, global = true)]
    pub timeout: u64,
}

impl ClusterArgs {
    /// The resolved settings; the message says what is wrong (bad input: exit 2).
    pub fn settings(&self) -> Result<Settings, String> {
        let config_path = self.config.clone().or_else(CliConfig::default_path);
        let config = config_path
            .map(|path| CliConfig::load(&path))
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        Settings::resolve(self.url.as_deref(), self.keypair.as_deref(), &config)
            .map_err(|e| e.to_string())
    }

    /// The signer's keypair (bad input when missing or malformed).
    pub fn signer(&self, settings: &Settings) -> Result<Keypair, String> {
        read_keypair(&settings.keypair_path).map_err(|e| e.to_string())
    }

    /// The priority-fee policy (bad input: a floor above the cap).
    pub fn fee_policy(&self) -> Result<FeePolicy, String> {
        FeePolicy::checked(
            self.priority_fee_percentile,
            self.min_priority_fee,
            self.max_priority_fee,
        )
    }

    /// The cluster over JSON-RPC (bad input: a fee policy that cannot hold).
    pub fn chain(&self, settings: &Settings) -> Result<RpcChain, String> {
        Ok(RpcChain::new(
            &settings.rpc_url,
            Duration::from_secs(self.timeout),
            self.fee_policy()?,
        ))
    }
}
