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

/// A cluster, as the operator commands use it.
#[allow(
    async_fn_in_trait,
    reason = "used through generics on one thread; no Send bound is needed"
)]
pub trait Chain {
    /// The account's data, `None` when no account exists at `address`.
    async fn account_data(&mut self, address: &Pubkey) -> Result<Option<Vec<u8>>, ChainError>;

    /// Sends one transaction of `instructions`, signed by `signers` (the first pays),
    /// and waits for its confirmation.
    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), ChainError>;
}
