//! The in-process runtime as a [`Chain`]: the operator code paths that run over RPC,
//! run against the program in lever-harness's runtime.

#![allow(dead_code, reason = "each test binary uses part of it")]

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::spl_token;
use lever_harness::pyth::owned_account;
use lever_harness::{Keypair, Runtime, Signer};
use lever_ops::chain::{Chain, ChainError, FetchedAccount};
use lever_ops::market_file::ClusterFile;

pub struct InProcess<'a>(pub &'a mut Runtime);

impl Chain for InProcess<'_> {
    async fn account(&mut self, address: &Pubkey) -> Result<Option<FetchedAccount>, ChainError> {
        Ok(self
            .0
            .account(*address)
            .await
            .map(|account| FetchedAccount {
                owner: account.owner,
                data: account.data,
            }))
    }

    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), ChainError> {
        // Over RPC the first signer pays the fee; here the runtime's payer does, so a
        // signer no instruction asks for is left out (signing would fail otherwise).
        let required: Vec<&Keypair> = signers
            .iter()
            .copied()
            .filter(|signer| {
                instructions.iter().any(|instruction| {
                    instruction
                        .accounts
                        .iter()
                        .any(|meta| meta.is_signer && meta.pubkey == signer.pubkey())
                })
            })
            .collect();
        self.0
            .send(instructions, &required)
            .await
            .map(|_| ())
            .map_err(|error| ChainError::Refused(error.name().to_string()))
    }
}

/// A runtime as lever-localnet starts: the program deployed under `operator`'s upgrade
/// authority, and the test USDC mint (6 decimals) whose authority is `operator`.
pub async fn localnet(file: &ClusterFile) -> (Runtime, Keypair) {
    let mut runtime = Runtime::start().await;
    let operator = runtime.new_wallet(100_000_000_000).await;
    runtime.set_upgrade_authority(Some(operator.pubkey())).await;
    let mut mint = vec![0; spl_token::state::Mint::LEN];
    spl_token::state::Mint {
        mint_authority: Some(operator.pubkey()).into(),
        supply: 0,
        decimals: 6,
        is_initialized: true,
        freeze_authority: None.into(),
    }
    .pack_into_slice(&mut mint);
    runtime.set_account(
        file.markets[0].collateral_mint,
        owned_account(mint, spl_token::ID),
    );
    (runtime, operator)
}
