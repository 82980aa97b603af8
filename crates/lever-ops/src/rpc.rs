//! [`Chain`] over JSON-RPC (devnet, mainnet-beta, a local validator). Every transaction
//! carries a compute-unit limit from the program's measured budgets
//! (`sbf/budget.json`, with headroom because those figures come from the LLVM 23 lane,
//! not platform-tools) and a priority fee: the median of the cluster's recent
//! prioritization fees for the accounts it writes, capped by the operator.

use std::time::Duration;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::Discriminator;
use solana_commitment_config::CommitmentConfig;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

use crate::chain::{Chain, ChainError};

/// The measured per-instruction ceilings (`sbf/budget.json`).
const BUDGETS: &str = include_str!("../../../sbf/budget.json");

/// Headroom over the lane's figures, for platform-tools' different codegen.
const HEADROOM_PERCENT: u64 = 50;

/// The limit for instructions whose budget is unknown (Solana's per-instruction default).
const DEFAULT_UNITS: u64 = 200_000;

/// A JSON-RPC cluster at `confirmed` commitment.
pub struct RpcChain {
    client: RpcClient,
    /// Cap on the priority fee, micro-lamports per compute unit.
    max_priority_fee: u64,
}

impl RpcChain {
    pub fn new(url: &str, timeout: Duration, max_priority_fee: u64) -> RpcChain {
        RpcChain {
            client: RpcClient::new_with_timeout_and_commitment(
                url.to_owned(),
                timeout,
                CommitmentConfig::confirmed(),
            ),
            max_priority_fee,
        }
    }

    /// The median recent prioritization fee for `writable`, capped.
    async fn priority_fee(&self, writable: &[Pubkey]) -> Result<u64, ChainError> {
        let mut fees: Vec<u64> = self
            .client
            .get_recent_prioritization_fees(writable)
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?
            .into_iter()
            .map(|fee| fee.prioritization_fee)
            .collect();
        fees.sort_unstable();
        let median = fees.get(fees.len() / 2).copied().unwrap_or(0);
        Ok(median.min(self.max_priority_fee))
    }
}

/// The compute-unit limit for `instructions`: the sum of their budgets with headroom.
pub fn compute_unit_limit(instructions: &[Instruction]) -> u32 {
    let budgets: std::collections::HashMap<String, u64> =
        serde_json::from_str(BUDGETS).unwrap_or_default();
    let total: u64 = instructions
        .iter()
        .map(|instruction| {
            instruction_name(instruction)
                .and_then(|name| budgets.get(name))
                .map_or(DEFAULT_UNITS, |units| {
                    units.saturating_mul(100 + HEADROOM_PERCENT) / 100
                })
        })
        .fold(0u64, u64::saturating_add);
    u32::try_from(total.min(1_400_000)).unwrap_or(1_400_000)
}

/// The budget name of one of the program's instructions, by its discriminator.
fn instruction_name(instruction: &Instruction) -> Option<&'static str> {
    use lever::instruction as ix;
    if instruction.program_id != lever::ID {
        return None;
    }
    let known: [(&[u8], &'static str); 18] = [
        (ix::InitializeConfig::DISCRIMINATOR, "initialize_config"),
        (ix::CreateMarket::DISCRIMINATOR, "create_market"),
        (ix::ProposeAdmin::DISCRIMINATOR, "propose_admin"),
        (ix::AcceptAdmin::DISCRIMINATOR, "accept_admin"),
        (ix::SetPauseFlags::DISCRIMINATOR, "set_pause_flags"),
        (
            ix::UpdateMarketParams::DISCRIMINATOR,
            "update_market_params",
        ),
        (ix::LpDeposit::DISCRIMINATOR, "lp_deposit"),
        (ix::LpWithdraw::DISCRIMINATOR, "lp_withdraw"),
        (ix::OpenPosition::DISCRIMINATOR, "open_position"),
        (ix::DepositCollateral::DISCRIMINATOR, "deposit_collateral"),
        (ix::WithdrawCollateral::DISCRIMINATOR, "withdraw_collateral"),
        (ix::ReducePosition::DISCRIMINATOR, "reduce_position"),
        (ix::ClosePosition::DISCRIMINATOR, "close_position"),
        (ix::Liquidate::DISCRIMINATOR, "liquidate (partial)"),
        (ix::PositionHealth::DISCRIMINATOR, "position_health"),
        (ix::SweepSurplus::DISCRIMINATOR, "sweep_surplus"),
        (ix::WithdrawFees::DISCRIMINATOR, "withdraw_fees"),
        (ix::RecapitalizePool::DISCRIMINATOR, "recapitalize_pool"),
    ];
    known
        .iter()
        .find(|(discriminator, _)| instruction.data.starts_with(discriminator))
        .map(|(_, name)| *name)
}

/// A refusal's name: the program's, Anchor's or SPL Token's error by its code, else the
/// runtime's error as it prints.
fn refusal_name(error: &TransactionError) -> String {
    match error {
        TransactionError::InstructionError(_, InstructionError::Custom(code)) => {
            lever_client::errors::name(*code).unwrap_or_else(|| format!("Custom({code})"))
        }
        TransactionError::InstructionError(_, other) => format!("{other:?}"),
        other => format!("{other:?}"),
    }
}

impl Chain for RpcChain {
    async fn account_data(&mut self, address: &Pubkey) -> Result<Option<Vec<u8>>, ChainError> {
        let response = self
            .client
            .get_account_with_commitment(address, self.client.commitment())
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?;
        Ok(response.value.map(|account| account.data))
    }

    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), ChainError> {
        let payer = signers
            .first()
            .ok_or_else(|| ChainError::Unavailable("a transaction needs a fee payer".into()))?
            .pubkey();
        let writable: Vec<Pubkey> = instructions
            .iter()
            .flat_map(|instruction| instruction.accounts.iter())
            .filter(|meta| meta.is_writable)
            .map(|meta| meta.pubkey)
            .take(128)
            .collect();
        let fee = self.priority_fee(&writable).await?;
        let mut all = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(compute_unit_limit(instructions)),
            ComputeBudgetInstruction::set_compute_unit_price(fee),
        ];
        all.extend_from_slice(instructions);
        let blockhash = self
            .client
            .get_latest_blockhash()
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?;
        let transaction =
            Transaction::new_signed_with_payer(&all, Some(&payer), signers, blockhash);
        self.client
            .send_and_confirm_transaction(&transaction)
            .await
            .map(|_| ())
            .map_err(|e| match e.get_transaction_error() {
                Some(refused) => ChainError::Refused(refusal_name(&refused)),
                None => ChainError::Unavailable(e.to_string()),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_come_from_the_budgets_with_headroom() {
        let budgets: std::collections::HashMap<String, u64> =
            serde_json::from_str(BUDGETS).unwrap();
        let admin = Pubkey::new_unique();
        let init = lever_client::ix::initialize_config(admin);
        let pause = lever_client::ix::set_pause_flags(admin, 1);
        assert_eq!(
            u64::from(compute_unit_limit(std::slice::from_ref(&init))),
            budgets["initialize_config"] * 3 / 2
        );
        assert_eq!(
            u64::from(compute_unit_limit(&[init, pause])),
            (budgets["initialize_config"] + budgets["set_pause_flags"]) * 3 / 2
        );
        let foreign = Instruction::new_with_bytes(Pubkey::new_unique(), &[1, 2, 3], vec![]);
        assert_eq!(u64::from(compute_unit_limit(&[foreign])), DEFAULT_UNITS);
    }

    #[test]
    fn refusals_are_named_like_the_tests_name_them() {
        let custom = TransactionError::InstructionError(0, InstructionError::Custom(6000 + 2));
        assert_eq!(
            refusal_name(&custom),
            lever_client::errors::name(6002).unwrap()
        );
        let signer =
            TransactionError::InstructionError(1, InstructionError::MissingRequiredSignature);
        assert_eq!(refusal_name(&signer), "MissingRequiredSignature");
    }
}
