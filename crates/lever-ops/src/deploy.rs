//! `lever deploy`: deploys or upgrades the program with the upgradeable loader (v3), the
//! way `solana program deploy` does, over JSON-RPC:
//! 1. inspect the program: new (a program keypair is needed), or upgradeable with the
//!    signer as its upgrade authority (anything else is refused before sending);
//! 2. a buffer (its keypair kept in a file, so a failed upload resumes): created if
//!    missing; an existing one must be the signer's and of the file's size, and only the
//!    chunks that differ from the local file are written;
//! 3. the writes, one chunk per transaction, sent concurrently without waiting and then
//!    confirmed in bulk; what did not land is sent again with a new blockhash;
//! 4. the buffer read back and compared with the local file byte for byte (its SHA-256
//!    printed): a buffer that differs is never deployed;
//! 5. deploy, or extend the program data if the new program is larger and upgrade.

use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::bpf_loader_upgradeable::{
    self as loader, get_program_data_address, UpgradeableLoaderState,
};
use anchor_lang::solana_program::instruction::Instruction;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;

use crate::chain::ChainError;

/// Solana's packet size: the largest serialized transaction.
const PACKET_DATA_SIZE: usize = 1_232;

/// Why a deployment stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployError {
    /// The cluster's state refuses it (not the authority, a foreign buffer, a buffer
    /// that differs from the file...); nothing more was sent.
    Conflict(String),
    /// The upload stopped after `written` chunk writes (`--max-writes`, or writes that
    /// never landed); running again resumes.
    Interrupted {
        written: usize,
        left: usize,
    },
    Chain(ChainError),
}

impl std::fmt::Display for DeployError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeployError::Conflict(why) => write!(f, "{why}; nothing more was sent"),
            DeployError::Interrupted { written, left } => write!(
                f,
                "upload interrupted after {written} writes, {left} chunks left; run again to resume"
            ),
            DeployError::Chain(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for DeployError {}

fn unavailable(error: impl std::fmt::Display) -> DeployError {
    DeployError::Chain(ChainError::Unavailable(error.to_string()))
}

/// What the program id holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Nothing: a first deployment (needs the program's keypair).
    New,
    /// An upgradeable program whose upgrade authority is the signer; `capacity` is the
    /// largest program its data account holds without extending.
    Upgrade { capacity: usize },
}

/// Reads the program at `program_id` and checks the signer may upgrade it.
pub async fn inspect(
    rpc: &RpcClient,
    program_id: &Pubkey,
    authority: &Pubkey,
) -> Result<Target, DeployError> {
    let Some(program) = rpc
        .get_account_with_commitment(program_id, rpc.commitment())
        .await
        .map_err(unavailable)?
        .value
    else {
        return Ok(Target::New);
    };
    if program.owner != loader::ID {
        return Err(DeployError::Conflict(format!(
            "{program_id} is not an upgradeable program (owner {})",
            program.owner
        )));
    }
    let programdata_address = get_program_data_address(program_id);
    let programdata = rpc
        .get_account_with_commitment(&programdata_address, rpc.commitment())
        .await
        .map_err(unavailable)?
        .value
        .ok_or_else(|| DeployError::Conflict(format!("{program_id} has no program data")))?;
    // ProgramData: tag 3 (u32), slot (u64), Option<Pubkey> authority.
    let header = UpgradeableLoaderState::size_of_programdata_metadata();
    let data = &programdata.data;
    let authority_set = data.get(12) == Some(&1);
    let stored = data.get(13..45).map(|bytes| Pubkey::try_from(bytes).ok());
    match (data.get(..4), authority_set, stored) {
        (Some([3, 0, 0, 0]), true, Some(Some(stored))) if stored == *authority => {
            Ok(Target::Upgrade {
                capacity: data.len().saturating_sub(header),
            })
        }
        (Some([3, 0, 0, 0]), true, Some(Some(stored))) => Err(DeployError::Conflict(format!(
            "the signer {authority} is not the upgrade authority of {program_id} ({stored})"
        ))),
        (Some([3, 0, 0, 0]), false, _) => Err(DeployError::Conflict(format!(
            "{program_id} is immutable (no upgrade authority)"
        ))),
        _ => Err(DeployError::Conflict(format!(
            "{programdata_address}: not program data"
        ))),
    }
}

/// The largest chunk one write transaction carries (with the compute-unit price and
/// limit instructions every transaction here has).
pub fn chunk_size(buffer: &Pubkey, authority: &Pubkey) -> usize {
    let empty = write_transaction(buffer, authority, 0, Vec::new(), 0, Default::default());
    let overhead = bincode::serialized_size(&empty)
        .ok()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(PACKET_DATA_SIZE);
    // The bytes' length prefix grows as the vector fills (a short_vec in the message:
    // up to 2 more bytes).
    PACKET_DATA_SIZE.saturating_sub(overhead).saturating_sub(2)
}

fn write_transaction(
    buffer: &Pubkey,
    authority: &Pubkey,
    offset: u32,
    bytes: Vec<u8>,
    priority_fee: u64,
    blockhash: solana_hash::Hash,
) -> Transaction {
    let instructions = [
        ComputeBudgetInstruction::set_compute_unit_limit(WRITE_UNITS),
        ComputeBudgetInstruction::set_compute_unit_price(priority_fee),
        loader::write(buffer, authority, offset, bytes),
    ];
    let mut transaction = Transaction::new_with_payer(&instructions, Some(authority));
    transaction.message.recent_blockhash = blockhash;
    transaction
}

/// A loader write costs well under this.
const WRITE_UNITS: u32 = 5_000;

/// How an upload went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upload {
    pub chunks: usize,
    /// Chunks already in the buffer (a resumed upload).
    pub already_written: usize,
    pub written: usize,
}

/// Options of an upload.
pub struct UploadOptions<'a> {
    pub priority_fee: u64,
    /// Transactions in flight at once.
    pub concurrency: usize,
    /// Stop after this many writes (an interrupted upload, for tests and rehearsals).
    pub max_writes: Option<usize>,
    /// Called with (chunks done, chunks) as writes confirm.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// Creates the buffer if missing, then writes every chunk of `program` that it does not
/// hold yet.
pub async fn upload(
    rpc: &RpcClient,
    authority: &Keypair,
    buffer: &Keypair,
    program: &[u8],
    options: &UploadOptions<'_>,
) -> Result<Upload, DeployError> {
    let buffer_address = buffer.pubkey();
    let header = UpgradeableLoaderState::size_of_buffer_metadata();
    let existing = rpc
        .get_account_with_commitment(&buffer_address, rpc.commitment())
        .await
        .map_err(unavailable)?
        .value;
    let held: Vec<u8> = match existing {
        Some(account) => {
            check_buffer(
                &account.owner,
                &account.data,
                &authority.pubkey(),
                program.len(),
            )?;
            account.data.get(header..).unwrap_or_default().to_vec()
        }
        None => {
            let lamports = rpc
                .get_minimum_balance_for_rent_exemption(header.saturating_add(program.len()))
                .await
                .map_err(unavailable)?;
            let balance = rpc
                .get_balance(&authority.pubkey())
                .await
                .map_err(unavailable)?;
            if balance < lamports {
                return Err(DeployError::Conflict(format!(
                    "the buffer's rent is {lamports} lamports and the signer {} holds {balance}",
                    authority.pubkey()
                )));
            }
            let create = loader::create_buffer(
                &authority.pubkey(),
                &buffer_address,
                &authority.pubkey(),
                lamports,
                program.len(),
            )
            .map_err(|e| DeployError::Conflict(format!("create_buffer: {e}")))?;
            send_and_confirm(rpc, &create, &[authority, buffer]).await?;
            vec![0; program.len()]
        }
    };

    let size = chunk_size(&buffer_address, &authority.pubkey());
    let chunks: Vec<(usize, &[u8])> = program
        .chunks(size)
        .enumerate()
        .map(|(index, chunk)| (index.saturating_mul(size), chunk))
        .collect();
    let mut pending: Vec<(usize, &[u8])> = chunks
        .iter()
        .copied()
        .filter(|(offset, chunk)| {
            held.get(*offset..offset.saturating_add(chunk.len())) != Some(*chunk)
        })
        .collect();
    let already_written = chunks.len().saturating_sub(pending.len());
    let mut written = 0usize;
    (options.progress)(already_written, chunks.len());
    let mut rounds = 0;
    while !pending.is_empty() {
        rounds += 1;
        if rounds > 5 {
            return Err(DeployError::Interrupted {
                written,
                left: pending.len(),
            });
        }
        let mut failed = Vec::new();
        for batch in pending.chunks(options.concurrency.max(1)) {
            let batch = match options.max_writes {
                Some(max) if written.saturating_add(batch.len()) > max => {
                    batch.get(..max.saturating_sub(written)).unwrap_or_default()
                }
                _ => batch,
            };
            let blockhash = rpc.get_latest_blockhash().await.map_err(unavailable)?;
            let mut sent = Vec::with_capacity(batch.len());
            for (offset, chunk) in batch {
                let offset32 = u32::try_from(*offset)
                    .map_err(|_| DeployError::Conflict("the program exceeds 4 GiB".into()))?;
                let mut transaction = write_transaction(
                    &buffer_address,
                    &authority.pubkey(),
                    offset32,
                    chunk.to_vec(),
                    options.priority_fee,
                    blockhash,
                );
                transaction.sign(&[authority], blockhash);
                let config = solana_rpc_client_api::config::RpcSendTransactionConfig {
                    skip_preflight: true,
                    ..Default::default()
                };
                match rpc.send_transaction_with_config(&transaction, config).await {
                    Ok(signature) => sent.push(((*offset, *chunk), signature)),
                    Err(_) => failed.push((*offset, *chunk)),
                }
            }
            let confirmed =
                confirm_all(rpc, &sent.iter().map(|(_, s)| *s).collect::<Vec<_>>()).await?;
            for ((chunk, _), ok) in sent.into_iter().zip(confirmed) {
                if ok {
                    written = written.saturating_add(1);
                } else {
                    failed.push(chunk);
                }
            }
            (options.progress)(already_written.saturating_add(written), chunks.len());
            if options.max_writes.is_some_and(|max| written >= max) {
                let left = chunks
                    .len()
                    .saturating_sub(already_written)
                    .saturating_sub(written);
                return Err(DeployError::Interrupted { written, left });
            }
        }
        pending = failed;
    }
    Ok(Upload {
        chunks: chunks.len(),
        already_written,
        written,
    })
}

/// A buffer the signer may write with this program's size.
fn check_buffer(
    owner: &Pubkey,
    data: &[u8],
    authority: &Pubkey,
    len: usize,
) -> Result<(), DeployError> {
    // Buffer: tag 1 (u32), Option<Pubkey> authority, then the program bytes.
    let header = UpgradeableLoaderState::size_of_buffer_metadata();
    let stored = data
        .get(5..37)
        .and_then(|bytes| Pubkey::try_from(bytes).ok());
    if *owner != loader::ID || data.get(..4) != Some(&[1, 0, 0, 0]) {
        return Err(DeployError::Conflict(
            "the buffer account is not a loader buffer".into(),
        ));
    }
    if data.get(4) != Some(&1) || stored != Some(*authority) {
        return Err(DeployError::Conflict(format!(
            "the buffer's authority is not the signer {authority}"
        )));
    }
    if data.len() != header.saturating_add(len) {
        return Err(DeployError::Conflict(format!(
            "the buffer holds {} bytes, the program is {len}: use another --buffer",
            data.len().saturating_sub(header)
        )));
    }
    Ok(())
}

/// Waits until every signature is confirmed or has failed ([`CONFIRM_TIMEOUT`] at
/// most); true for the confirmed ones (the rest are sent again).
async fn confirm_all(rpc: &RpcClient, signatures: &[Signature]) -> Result<Vec<bool>, DeployError> {
    let mut outcome: Vec<Option<bool>> = vec![None; signatures.len()];
    let deadline = Instant::now() + CONFIRM_TIMEOUT;
    while outcome.iter().any(Option::is_none) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(400)).await;
        // getSignatureStatuses takes at most 256 signatures.
        for (batch, results) in signatures.chunks(256).zip(outcome.chunks_mut(256)) {
            let statuses = rpc
                .get_signature_statuses(batch)
                .await
                .map_err(unavailable)?
                .value;
            for (status, result) in statuses.into_iter().zip(results.iter_mut()) {
                if let Some(status) = status {
                    if status.err.is_some() {
                        *result = Some(false);
                    } else if status.satisfies_commitment(rpc.commitment()) {
                        *result = Some(true);
                    }
                }
            }
        }
    }
    Ok(outcome.into_iter().map(|ok| ok == Some(true)).collect())
}

/// Reads the buffer back: it must hold exactly `program`.
pub async fn verify(rpc: &RpcClient, buffer: &Pubkey, program: &[u8]) -> Result<(), DeployError> {
    let header = UpgradeableLoaderState::size_of_buffer_metadata();
    let data = rpc
        .get_account_with_commitment(buffer, rpc.commitment())
        .await
        .map_err(unavailable)?
        .value
        .map(|account| account.data)
        .unwrap_or_default();
    if data.get(header..) == Some(program) {
        Ok(())
    } else {
        Err(DeployError::Conflict(format!(
            "the buffer {buffer} differs from the local file (SHA-256 {} vs {})",
            sha256_hex(data.get(header..).unwrap_or_default()),
            sha256_hex(program)
        )))
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The instructions that put the buffer's program in place.
pub fn finish(
    target: &Target,
    program_id: &Pubkey,
    buffer: &Pubkey,
    authority: &Pubkey,
    program_len: usize,
    program_lamports: u64,
) -> Result<Vec<Instruction>, DeployError> {
    match target {
        Target::Upgrade { capacity } => {
            let mut instructions = Vec::new();
            if program_len > *capacity {
                let more = u32::try_from(program_len.saturating_sub(*capacity))
                    .map_err(|_| DeployError::Conflict("the program exceeds 4 GiB".into()))?;
                instructions.push(loader::extend_program(program_id, Some(authority), more));
            }
            instructions.push(loader::upgrade(program_id, buffer, authority, authority));
            Ok(instructions)
        }
        // Room to grow: twice the program, as `solana program deploy` leaves.
        Target::New => loader::deploy_with_max_program_len(
            authority,
            program_id,
            buffer,
            authority,
            program_lamports,
            program_len.saturating_mul(2),
        )
        .map_err(|e| DeployError::Conflict(format!("deploy: {e}"))),
    }
}

/// Sends one transaction and waits for its confirmation.
pub async fn send_and_confirm(
    rpc: &RpcClient,
    instructions: &[Instruction],
    signers: &[&Keypair],
) -> Result<(), DeployError> {
    let payer = signers
        .first()
        .map(|signer| signer.pubkey())
        .ok_or_else(|| DeployError::Conflict("no fee payer".into()))?;
    let blockhash = rpc.get_latest_blockhash().await.map_err(unavailable)?;
    let transaction =
        Transaction::new_signed_with_payer(instructions, Some(&payer), signers, blockhash);
    rpc.send_and_confirm_transaction(&transaction)
        .await
        .map(|_| ())
        .map_err(|e| match e.get_transaction_error() {
            Some(refused) => DeployError::Chain(ChainError::Refused(format!("{refused:?}"))),
            None => unavailable(e),
        })
}

/// How long a batch of writes may take to confirm before they are sent again.
pub const CONFIRM_TIMEOUT: Duration = Duration::from_secs(30);

#[cfg(test)]
mod tests {
    use super::*;

    fn buffer_data(authority: Option<&Pubkey>, len: usize) -> Vec<u8> {
        let mut data = vec![1, 0, 0, 0];
        match authority {
            Some(authority) => {
                data.push(1);
                data.extend_from_slice(authority.as_ref());
            }
            None => data.extend_from_slice(&[0; 33]),
        }
        data.resize(data.len() + len, 0);
        data
    }

    #[test]
    fn a_full_write_fits_one_packet() {
        let buffer = Pubkey::new_unique();
        let authority = Keypair::new();
        let size = chunk_size(&buffer, &authority.pubkey());
        assert!(size > 900, "{size}");
        let blockhash = solana_hash::Hash::new_unique();
        let mut full = write_transaction(
            &buffer,
            &authority.pubkey(),
            u32::MAX,
            vec![0xff; size],
            u64::MAX,
            blockhash,
        );
        full.sign(&[&authority], blockhash);
        let bytes = bincode::serialized_size(&full).unwrap();
        assert!(
            bytes <= PACKET_DATA_SIZE as u64,
            "{bytes} > {PACKET_DATA_SIZE}"
        );
    }

    #[test]
    fn only_the_signers_buffer_of_the_programs_size_is_resumed() {
        let authority = Pubkey::new_unique();
        assert_eq!(
            check_buffer(
                &loader::ID,
                &buffer_data(Some(&authority), 10),
                &authority,
                10
            ),
            Ok(())
        );
        let refused =
            |owner: &Pubkey, data: Vec<u8>| match check_buffer(owner, &data, &authority, 10) {
                Err(DeployError::Conflict(why)) => why,
                other => panic!("accepted: {other:?}"),
            };
        assert!(
            refused(&loader::ID, buffer_data(Some(&Pubkey::new_unique()), 10))
                .contains("authority")
        );
        assert!(refused(&loader::ID, buffer_data(None, 10)).contains("authority"));
        assert!(
            refused(&loader::ID, buffer_data(Some(&authority), 11)).contains("another --buffer")
        );
        assert!(
            refused(&Pubkey::new_unique(), buffer_data(Some(&authority), 10))
                .contains("not a loader buffer")
        );
    }

    #[test]
    fn an_upgrade_extends_the_program_data_only_when_needed() {
        let (program, buffer, authority) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let fits = finish(
            &Target::Upgrade { capacity: 100 },
            &program,
            &buffer,
            &authority,
            100,
            0,
        )
        .unwrap();
        assert_eq!(fits.len(), 1);
        let grows = finish(
            &Target::Upgrade { capacity: 100 },
            &program,
            &buffer,
            &authority,
            150,
            0,
        )
        .unwrap();
        assert_eq!(grows.len(), 2, "extend, then upgrade");
        assert_eq!(grows[0].program_id, loader::ID);
    }
}
