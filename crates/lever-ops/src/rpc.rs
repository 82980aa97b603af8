//! [`Chain`] over JSON-RPC (devnet, mainnet-beta, a local validator). Every transaction
//! carries a compute-unit limit from the program's measured budgets
//! (`sbf/budget.json`, with headroom because those figures come from the LLVM 23 lane,
//! not platform-tools) and a priority fee: a percentile of the cluster's recent
//! prioritization fees for the accounts it writes, between the operator's floor and cap
//! ([`crate::priority_fee`]).

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

use crate::chain::{Chain, ChainError, FetchedAccount};
use crate::priority_fee::FeePolicy;

/// The measured per-instruction ceilings (`sbf/budget.json`).
const BUDGETS: &str = include_str!("../../../sbf/budget.json");

/// Headroom over the lane's figures, for platform-tools' different codegen.
const HEADROOM_PERCENT: u64 = 50;

/// The limit for instructions whose budget is unknown (Solana's per-instruction default).
const DEFAULT_UNITS: u64 = 200_000;

/// How often a sent transaction's status is asked for.
const STATUS_POLL: Duration = Duration::from_millis(200);
/// How often a sent, unconfirmed transaction is sent again.
const REBROADCAST: Duration = Duration::from_secs(2);
/// The most a confirmation is waited for, should the block height stop advancing (a
/// blockhash is valid for 150 blocks: about a minute).
const CONFIRM_LIMIT: Duration = Duration::from_secs(120);

/// What a simulation reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulated {
    pub units: u64,
    pub return_data: Vec<u8>,
    /// The program log (events are `Program data:` lines).
    pub logs: Vec<String>,
    /// The fee the transaction would pay, in lamports ([`transaction_fee`]).
    pub fee_lamports: u64,
}

/// A transaction signed and ready to send.
struct Prepared {
    transaction: Transaction,
    /// Every instruction, compute budget first (a refusal names one by its index).
    instructions: Vec<Instruction>,
    /// The last block height at which its blockhash is valid.
    last_valid_height: u64,
    fee_lamports: u64,
}

/// Lamports per signature: the base fee on mainnet-beta, devnet, testnet and a default
/// test validator (a validator's genesis can set another).
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;

/// What a transaction pays: the base fee per signature plus the priority fee, the
/// compute-unit price (micro-lamports) times the requested limit, rounded up as the
/// runtime rounds it.
pub fn transaction_fee(signatures: u64, unit_limit: u32, unit_price: u64) -> u64 {
    let priority = (u128::from(unit_price) * u128::from(unit_limit)).div_ceil(1_000_000);
    LAMPORTS_PER_SIGNATURE
        .saturating_mul(signatures)
        .saturating_add(u64::try_from(priority).unwrap_or(u64::MAX))
}

/// A JSON-RPC cluster. Reads and simulations are at `confirmed` unless told otherwise
/// ([`RpcChain::reading_at`]); a sent transaction always counts once it is
/// `confirmed`.
pub struct RpcChain {
    client: RpcClient,
    fee_policy: FeePolicy,
    /// Accounts, simulations and the preflight check.
    read: CommitmentConfig,
}

impl RpcChain {
    pub fn new(url: &str, timeout: Duration, fee_policy: FeePolicy) -> RpcChain {
        RpcChain {
            client: RpcClient::new_with_timeout_and_commitment(
                url.to_owned(),
                timeout,
                CommitmentConfig::confirmed(),
            ),
            fee_policy,
            read: CommitmentConfig::confirmed(),
        }
    }

    /// Reads accounts and simulates (and checks a transaction before sending it) at
    /// `read`: `processed` sees a slot's writes as soon as the node has executed
    /// them, before the cluster has voted on it (a keeper acting on a price one slot
    /// sooner, at the risk of a slot that is dropped). Confirmation stays `confirmed`.
    pub fn reading_at(mut self, read: CommitmentConfig) -> RpcChain {
        self.read = read;
        self
    }

    /// The recent prioritization fees for `writable`, through the fee policy.
    async fn priority_fee(&self, writable: &[Pubkey]) -> Result<u64, ChainError> {
        let recent: Vec<u64> = self
            .client
            .get_recent_prioritization_fees(writable)
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?
            .into_iter()
            .map(|fee| fee.prioritization_fee)
            .collect();
        Ok(self.fee_policy.pick(&recent))
    }
}

impl RpcChain {
    /// Every position account of `market` (and of `owner`, if given), by
    /// `getProgramAccounts` filtered on the account size, the discriminator and the
    /// market (and owner) fields, which `Position` keeps at offsets 8 and 40.
    pub async fn positions(
        &self,
        market: &Pubkey,
        owner: Option<&Pubkey>,
    ) -> Result<Vec<(Pubkey, Vec<u8>)>, ChainError> {
        self.accounts_of(lever::state::Position::DISCRIMINATOR, market, owner)
            .await
    }

    /// Every `LiquidationPayout` of `market` waiting for `claim_payout` (same size and
    /// field offsets as a position, another discriminator).
    pub async fn payouts(&self, market: &Pubkey) -> Result<Vec<(Pubkey, Vec<u8>)>, ChainError> {
        self.accounts_of(lever::state::LiquidationPayout::DISCRIMINATOR, market, None)
            .await
    }

    async fn accounts_of(
        &self,
        discriminator: &[u8],
        market: &Pubkey,
        owner: Option<&Pubkey>,
    ) -> Result<Vec<(Pubkey, Vec<u8>)>, ChainError> {
        use solana_account_decoder_client_types::UiAccountEncoding;
        use solana_rpc_client_api::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig};
        use solana_rpc_client_api::filter::{Memcmp, RpcFilterType};
        let size = u64::try_from(lever::state::Position::SIZE).unwrap_or(u64::MAX);
        let mut filters = vec![
            RpcFilterType::DataSize(size),
            RpcFilterType::Memcmp(Memcmp::new_raw_bytes(0, discriminator.to_vec())),
            RpcFilterType::Memcmp(Memcmp::new_raw_bytes(8, market.to_bytes().to_vec())),
        ];
        if let Some(owner) = owner {
            filters.push(RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
                40,
                owner.to_bytes().to_vec(),
            )));
        }
        let config = RpcProgramAccountsConfig {
            filters: Some(filters),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                commitment: Some(self.read),
                ..RpcAccountInfoConfig::default()
            },
            ..RpcProgramAccountsConfig::default()
        };
        // The replacement (`get_program_ui_accounts_with_config`) returns encoded
        // accounts to decode by hand; this one decodes them.
        #[allow(deprecated)]
        let accounts = self
            .client
            .get_program_accounts_with_config(&lever::ID, config)
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?;
        Ok(accounts
            .into_iter()
            .map(|(address, account)| (address, account.data))
            .collect())
    }

    /// Asks the cluster's faucet for `lamports` (localnet, devnet) and waits until the
    /// airdrop is confirmed.
    pub async fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<(), ChainError> {
        let signature = self
            .client
            .request_airdrop(to, lamports)
            .await
            .map_err(|e| ChainError::Unavailable(format!("airdrop: {e}")))?;
        self.client
            .poll_for_signature(&signature)
            .await
            .map_err(|e| ChainError::Unavailable(format!("airdrop: {e}")))
    }

    /// Simulates one transaction as [`Chain::send`] would send it; returns the compute
    /// units it consumed and its return data, or the refusal by name. Nothing is sent.
    pub async fn simulate(
        &self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Simulated, ChainError> {
        let Prepared {
            transaction,
            instructions: all,
            fee_lamports,
            ..
        } = self.transaction(instructions, signers).await?;
        let result = self
            .client
            .simulate_transaction_with_config(
                &transaction,
                solana_rpc_client_api::config::RpcSimulateTransactionConfig {
                    commitment: Some(self.read),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?
            .value;
        match result.err {
            Some(error) => Err(ChainError::Refused(refusal_name(
                &TransactionError::from(error),
                &all,
            ))),
            None => {
                use base64::Engine;
                let return_data = result
                    .return_data
                    .map(|data| base64::engine::general_purpose::STANDARD.decode(data.data.0))
                    .transpose()
                    .map_err(|e| ChainError::Unavailable(format!("return data: {e}")))?
                    .unwrap_or_default();
                Ok(Simulated {
                    units: result.units_consumed.unwrap_or_default(),
                    return_data,
                    logs: result.logs.unwrap_or_default(),
                    fee_lamports,
                })
            }
        }
    }

    /// The signed transaction of `instructions` with the compute-budget instructions
    /// first (see [`Prepared`]).
    async fn transaction(
        &self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Prepared, ChainError> {
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
        let unit_price = self.priority_fee(&writable).await?;
        let unit_limit = compute_unit_limit(instructions);
        let mut all = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(unit_limit),
            ComputeBudgetInstruction::set_compute_unit_price(unit_price),
        ];
        all.extend_from_slice(instructions);
        let (blockhash, last_valid_height) = self
            .client
            .get_latest_blockhash_with_commitment(self.client.commitment())
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?;
        let transaction =
            Transaction::new_signed_with_payer(&all, Some(&payer), signers, blockhash);
        let signatures = u64::from(transaction.message.header.num_required_signatures);
        Ok(Prepared {
            transaction,
            instructions: all,
            last_valid_height,
            fee_lamports: transaction_fee(signatures, unit_limit, unit_price),
        })
    }

    /// The cluster's slot at the read commitment.
    pub async fn slot(&self) -> Result<u64, ChainError> {
        self.client
            .get_slot_with_commitment(self.read)
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))
    }

    /// The JSON-RPC client (for the loader's upload in `deploy`).
    pub fn client(&self) -> &RpcClient {
        &self.client
    }

    /// The priority fee for transactions writing `writable` (by the fee policy).
    pub async fn fee_for(&self, writable: &[Pubkey]) -> Result<u64, ChainError> {
        self.priority_fee(writable).await
    }

    /// The cluster's genesis hash (which cluster it is).
    pub async fn genesis_hash(&self) -> Result<String, ChainError> {
        self.client
            .get_genesis_hash()
            .await
            .map(|hash| hash.to_string())
            .map_err(|e| ChainError::Unavailable(e.to_string()))
    }

    /// The cluster answers (`getVersion`).
    pub async fn reachable(&self) -> bool {
        self.client.get_version().await.is_ok()
    }
}

/// The measured budgets (`sbf/budget.json`), parsed once.
fn budgets() -> &'static std::collections::HashMap<String, u64> {
    static BUDGET_TABLE: std::sync::OnceLock<std::collections::HashMap<String, u64>> =
        std::sync::OnceLock::new();
    BUDGET_TABLE.get_or_init(|| serde_json::from_str(BUDGETS).unwrap_or_default())
}

/// Accounts of `liquidate_batch` before its positions (the remaining accounts).
const BATCH_FIXED_ACCOUNTS: usize = 7;

/// The compute-unit limit for `instructions`: the sum of their budgets with headroom.
/// A `liquidate_batch` of n positions is budgeted on the line through the bench's
/// batches of 1 and of `MAX_BATCH_POSITIONS` (24) positions.
pub fn compute_unit_limit(instructions: &[Instruction]) -> u32 {
    let budgets = budgets();
    let total: u64 = instructions
        .iter()
        .map(|instruction| {
            let budget = match instruction_name(instruction) {
                Some("liquidate_batch") => batch_budget(budgets, instruction),
                Some(name) => budgets.get(name).copied(),
                None => None,
            };
            budget.map_or(DEFAULT_UNITS, |units| {
                units.saturating_mul(100 + HEADROOM_PERCENT) / 100
            })
        })
        .fold(0u64, u64::saturating_add);
    u32::try_from(total.min(1_400_000)).unwrap_or(1_400_000)
}

/// budget(n) = budget(1) + (n - 1) (budget(most) - budget(1)) / (most - 1), rounded
/// up, with most = `MAX_BATCH_POSITIONS`.
fn batch_budget(
    budgets: &std::collections::HashMap<String, u64>,
    instruction: &Instruction,
) -> Option<u64> {
    let one = *budgets.get("liquidate_batch (1 partial)")?;
    let most = *budgets.get(MOST_BATCH_BUDGET)?;
    let positions = instruction
        .accounts
        .len()
        .saturating_sub(BATCH_FIXED_ACCOUNTS)
        .max(1);
    let extra = u64::try_from(positions - 1).ok()?;
    let steps = u64::try_from(MAX_BATCH_POSITIONS - 1).ok()?;
    Some(one + (extra * most.saturating_sub(one)).div_ceil(steps))
}

const MAX_BATCH_POSITIONS: usize = lever::instructions::MAX_BATCH_POSITIONS;

/// The bench's name for the largest batch (`lever bench cu`, `sbf/budget.json`).
pub const MOST_BATCH_BUDGET: &str = "liquidate_batch (24 partial)";
const _: () = assert!(MAX_BATCH_POSITIONS == 24, "rename MOST_BATCH_BUDGET");

/// The budget name of one of the program's instructions, by its discriminator.
fn instruction_name(instruction: &Instruction) -> Option<&'static str> {
    use lever::instruction as ix;
    if instruction.program_id != lever::ID {
        return None;
    }
    let known: [(&[u8], &'static str); 20] = [
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
        (ix::LiquidateBatch::DISCRIMINATOR, "liquidate_batch"),
        (ix::ClaimPayout::DISCRIMINATOR, "claim_payout"),
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

/// A refusal's name: the program's, Anchor's or SPL Token's error by its code (the
/// test-only publisher's when the failing instruction is one of its), else the
/// runtime's error as it prints.
fn refusal_name(error: &TransactionError, instructions: &[Instruction]) -> String {
    match error {
        TransactionError::InstructionError(index, InstructionError::Custom(code)) => {
            let failed = instructions.get(usize::from(*index));
            let publisher = failed.is_some_and(|instruction| {
                crate::price::PriceFormat::ALL
                    .iter()
                    .any(|format| format.program_id() == instruction.program_id)
            });
            let name = if publisher {
                lever_pyth_publisher::error::PublisherError::from_code(*code)
                    .map(|error| error.name().to_owned())
            } else {
                lever_client::errors::name(*code)
            };
            name.unwrap_or_else(|| format!("Custom({code})"))
        }
        TransactionError::InstructionError(_, other) => format!("{other:?}"),
        other => format!("{other:?}"),
    }
}

impl RpcChain {
    /// Signs, sends and confirms `instructions` (compute budget first); a refusal is
    /// named by the failing instruction's program. Takes `&self`: several can be in
    /// flight at once.
    ///
    /// Sent once with the preflight check (a refusal costs no fee), then its status is
    /// polled every [`STATUS_POLL`] and the same signed transaction sent again every
    /// [`REBROADCAST`] (a leader may drop it under load) until it is confirmed, fails,
    /// or its blockhash expires (about a minute: the confirmation timeout).
    pub async fn send_confirmed(
        &self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<solana_signature::Signature, ChainError> {
        use solana_rpc_client_api::config::RpcSendTransactionConfig;
        let Prepared {
            transaction,
            instructions: all,
            last_valid_height,
            ..
        } = self.transaction(instructions, signers).await?;
        let named = |e: solana_rpc_client_api::client_error::Error| match e.get_transaction_error()
        {
            Some(refused) => ChainError::Refused(refusal_name(&refused, &all)),
            None => ChainError::Unavailable(e.to_string()),
        };
        let first = RpcSendTransactionConfig {
            preflight_commitment: Some(self.read.commitment),
            encoding: Some(solana_transaction_status_client_types::UiTransactionEncoding::Base64),
            ..RpcSendTransactionConfig::default()
        };
        let signature = self
            .client
            .send_transaction_with_config(&transaction, first)
            .await
            .map_err(named)?;
        // What a status answer settles: confirmed, refused, or nothing yet.
        let settled = |status: Option<Result<(), TransactionError>>| match status {
            Some(Ok(())) => Some(Ok(signature)),
            Some(Err(refused)) => Some(Err(ChainError::Refused(refusal_name(&refused, &all)))),
            None => None,
        };
        let started = tokio::time::Instant::now();
        let mut sent_at = started;
        // A poll that fails (a busy node) is not an answer: the transaction may still
        // land, so the loop goes on until the blockhash is known to have expired or the
        // wall-clock limit passes.
        let mut last_error = String::new();
        loop {
            match self.client.get_signature_status(&signature).await {
                Ok(status) => {
                    if let Some(done) = settled(status) {
                        return done;
                    }
                }
                Err(e) => last_error = e.to_string(),
            }
            if started.elapsed() >= CONFIRM_LIMIT {
                return Err(ChainError::Unavailable(format!(
                    "{signature} not confirmed within {} s {last_error}",
                    CONFIRM_LIMIT.as_secs()
                )));
            }
            if sent_at.elapsed() >= REBROADCAST {
                if let Ok(height) = self.client.get_block_height().await {
                    if height > last_valid_height {
                        // It may have landed between the status read and this one.
                        let last = self.client.get_signature_status(&signature).await;
                        return last.ok().and_then(settled).unwrap_or_else(|| {
                            Err(ChainError::Unavailable(format!(
                                "{signature} not confirmed before its blockhash expired \
                                 (block height {height} > {last_valid_height})"
                            )))
                        });
                    }
                }
                let again = RpcSendTransactionConfig {
                    skip_preflight: true,
                    ..RpcSendTransactionConfig::default()
                };
                // A failed resend changes nothing: the first send may still land.
                let _ = self
                    .client
                    .send_transaction_with_config(&transaction, again)
                    .await;
                sent_at = tokio::time::Instant::now();
            }
            tokio::time::sleep(STATUS_POLL).await;
        }
    }

    /// Sends and confirms like `Chain::send`, then reads the landed transaction's
    /// return data (what the program reported, e.g. `liquidate_batch`'s per-position
    /// results, which can differ from the simulation when another keeper acted in
    /// between). Empty when the transaction set none.
    pub async fn send_returning(
        &self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Vec<u8>, ChainError> {
        use solana_rpc_client_api::config::RpcTransactionConfig;
        use solana_transaction_status_client_types::option_serializer::OptionSerializer;
        use solana_transaction_status_client_types::UiTransactionEncoding;
        let signature = self.send_confirmed(instructions, signers).await?;
        let config = RpcTransactionConfig {
            encoding: Some(UiTransactionEncoding::Base64),
            commitment: Some(self.client.commitment()),
            max_supported_transaction_version: Some(0),
        };
        let landed = self
            .client
            .get_transaction_with_config(&signature, config)
            .await
            .map_err(|e| ChainError::Unavailable(format!("reading {signature}: {e}")))?;
        let return_data = landed
            .transaction
            .meta
            .map(|meta| meta.return_data)
            .unwrap_or(OptionSerializer::None);
        match return_data {
            OptionSerializer::Some(data) => {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD
                    .decode(data.data.0)
                    .map_err(|e| ChainError::Unavailable(format!("return data: {e}")))
            }
            _ => Ok(Vec::new()),
        }
    }
}

impl Chain for RpcChain {
    async fn account(&mut self, address: &Pubkey) -> Result<Option<FetchedAccount>, ChainError> {
        let response = self
            .client
            .get_account_with_commitment(address, self.read)
            .await
            .map_err(|e| ChainError::Unavailable(e.to_string()))?;
        Ok(response.value.map(|account| FetchedAccount {
            owner: account.owner,
            data: account.data,
        }))
    }

    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), ChainError> {
        self.send_confirmed(instructions, signers).await.map(|_| ())
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
    fn a_transaction_pays_per_signature_and_its_priority_fee_rounded_up() {
        assert_eq!(transaction_fee(1, 200_000, 0), 5_000);
        // 1,234 micro-lamports x 200,000 units = 246.8 lamports: 247.
        assert_eq!(transaction_fee(1, 200_000, 1_234), 5_247);
        assert_eq!(transaction_fee(2, 1_000_000, 1_000_000), 1_010_000);
        assert_eq!(transaction_fee(1, u32::MAX, u64::MAX), u64::MAX);
    }

    #[test]
    fn a_batch_is_budgeted_by_its_positions() {
        let budgets = budgets();
        let keys = lever_client::MarketKeys::derive(0, Pubkey::new_unique(), Pubkey::new_unique());
        let limit = |n: usize| {
            let positions: Vec<(Pubkey, u64)> = (0..n).map(|_| (Pubkey::new_unique(), 1)).collect();
            let batch = lever_client::ix::liquidate_batch(&keys, Pubkey::new_unique(), &positions);
            u64::from(compute_unit_limit(&[batch]))
        };
        assert_eq!(limit(1), budgets["liquidate_batch (1 partial)"] * 3 / 2);
        assert_eq!(limit(24), budgets[MOST_BATCH_BUDGET] * 3 / 2);
        assert!(limit(1) < limit(10) && limit(10) < limit(24));
    }

    #[test]
    fn refusals_are_named_like_the_tests_name_them() {
        let custom = TransactionError::InstructionError(0, InstructionError::Custom(6000 + 2));
        assert_eq!(
            refusal_name(&custom, &[]),
            lever_client::errors::name(6002).unwrap()
        );
        let publish = crate::price::PriceUpdate {
            format: crate::price::PriceFormat::Push,
            publish: lever_pyth_publisher::instruction::Publish {
                feed_id: [1; 32],
                price: 1,
                conf: 0,
                expo: -8,
                ema_price: 1,
                ema_conf: 0,
                publish_time: 0,
            },
        }
        .instruction(&Pubkey::new_unique());
        let wrong_authority = TransactionError::InstructionError(1, InstructionError::Custom(5));
        let budget = Instruction::new_with_bytes(Pubkey::new_unique(), &[], vec![]);
        assert_eq!(
            refusal_name(&wrong_authority, &[budget, publish]),
            "WrongAuthority"
        );
        let signer =
            TransactionError::InstructionError(1, InstructionError::MissingRequiredSignature);
        assert_eq!(refusal_name(&signer, &[]), "MissingRequiredSignature");
    }
}
