//! What the operator commands need from a cluster: read an account, send instructions.
//! `lever` implements it over JSON-RPC; the tests implement it on the in-process
//! runtime, so the plan and its execution are the same code in both.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use solana_keypair::Keypair;

/// Why a read or a send failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainError {
    /// The cluster executed the transaction and refused it: the error's name
    /// (`Unauthorized`, `AccountNotSigner`...).
    Refused(String),
    /// The cluster could not be reached or did not answer in time.
    Unavailable(String),
}

impl std::fmt::Display for ChainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainError::Refused(name) => write!(f, "refused by the cluster: {name}"),
            ChainError::Unavailable(why) => write!(f, "cluster unavailable: {why}"),
        }
    }
}

impl std::error::Error for ChainError {}

/// The Clock sysvar's address.
pub const CLOCK_SYSVAR: Pubkey =
    anchor_lang::pubkey!("SysvarC1ock11111111111111111111111111111111");

/// An account as fetched: its owner program and data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedAccount {
    pub owner: Pubkey,
    pub data: Vec<u8>,
}

/// A cluster, as the operator commands use it.
#[allow(
    async_fn_in_trait,
    reason = "used through generics on one thread; no Send bound is needed"
)]
pub trait Chain {
    /// The account, `None` when no account exists at `address`.
    async fn account(&mut self, address: &Pubkey) -> Result<Option<FetchedAccount>, ChainError>;

    /// The account's data, `None` when no account exists at `address`.
    async fn account_data(&mut self, address: &Pubkey) -> Result<Option<Vec<u8>>, ChainError> {
        Ok(self.account(address).await?.map(|account| account.data))
    }

    /// The cluster's clock: unix time of the latest slot (the Clock sysvar).
    async fn unix_time(&mut self) -> Result<i64, ChainError> {
        // Clock: slot, epoch_start_timestamp, epoch, leader_schedule_epoch (8 bytes
        // each), then unix_timestamp.
        let data = self
            .account_data(&CLOCK_SYSVAR)
            .await?
            .ok_or_else(|| ChainError::Unavailable("no Clock sysvar".into()))?;
        data.get(32..40)
            .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
            .map(i64::from_le_bytes)
            .ok_or_else(|| ChainError::Unavailable("malformed Clock sysvar".into()))
    }

    /// Sends one transaction of `instructions`, signed by `signers` (the first pays),
    /// and waits for its confirmation.
    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), ChainError>;
}
