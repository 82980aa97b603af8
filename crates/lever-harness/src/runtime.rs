//! The runtime: program-test bank, a clock the caller moves, transactions with their
//! errors named as in the program's error enum.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_instruction;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
pub use anchor_spl::token::spl_token;
use solana_account::Account;
use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_program_test::{processor, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

/// Why a transaction failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxError {
    /// A custom error: the program's own (code >= 6000) or Anchor's, by name.
    Program { code: u32, name: String },
    /// A built-in instruction error (e.g. from the token program).
    Instruction(String),
    /// The transaction was refused before running.
    Transaction(String),
}

impl TxError {
    /// The error's name: `PositionHealthy`, `ConstraintSeeds`, `InsufficientFunds`...
    pub fn name(&self) -> &str {
        match self {
            TxError::Program { name, .. } => name,
            TxError::Instruction(name) | TxError::Transaction(name) => name,
        }
    }
}

impl std::fmt::Display for TxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::error::Error for TxError {}

/// What a successful transaction reported.
#[derive(Debug, Clone, Default)]
pub struct TxOutcome {
    pub compute_units: u64,
    /// Serialized size of the transaction, bytes (the limit is 1232).
    pub transaction_size: usize,
    pub return_data: Vec<u8>,
    pub logs: Vec<String>,
}

/// Anchor 1.x's `entry<'info>` ties the slice and account lifetimes together, which
/// `processor!` cannot express; this wrapper re-lifetimes the slice for the native run.
fn lever_entry(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    // SAFETY: the accounts outlive this call; only the lifetime parameters are unified.
    let accounts: &[AccountInfo] =
        unsafe { std::mem::transmute::<&[AccountInfo], &[AccountInfo]>(accounts) };
    lever::entry(program_id, accounts, data)
}

/// How the runtime runs the lever program.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Engine {
    /// Compiled for the host and called natively (the test lane).
    #[default]
    Native,
    /// The SBF build (`target/deploy/lever.so`) in the runtime's SBPF VM.
    Sbf(std::path::PathBuf),
}

impl Engine {
    /// The engine the environment asks for: `LEVER_SBF=path/to/lever.so` runs the SBF
    /// build (`sbf/lane.sh` makes it), anything else the native program. Every test,
    /// the scenario runner and the fuzz start their runtime through this, so the whole
    /// suite runs on the `.so` with one variable.
    pub fn from_env() -> Self {
        match std::env::var_os("LEVER_SBF") {
            Some(path) if !path.is_empty() => Engine::Sbf(std::path::PathBuf::from(path)),
            _ => Engine::Native,
        }
    }
}

/// Start of the runtime's clock: 2026-01-01T00:00:00Z.
pub const GENESIS_UNIX_TIME: i64 = 1_767_225_600;

/// The in-process runtime.
pub struct Runtime {
    context: ProgramTestContext,
    now: i64,
    slot: u64,
}

impl Runtime {
    /// Starts a bank with the lever program (as [`Engine::from_env`] says) and the SPL
    /// programs (ELF).
    pub async fn start() -> Self {
        Self::start_with(&Engine::from_env()).await
    }

    /// Starts a bank running the program as `engine` says.
    pub async fn start_with(engine: &Engine) -> Self {
        let mut program_test = match engine {
            Engine::Native => {
                let mut test = ProgramTest::new("lever", lever::ID, processor!(lever_entry));
                test.prefer_bpf(false);
                test
            }
            Engine::Sbf(so) => {
                // program-test looks for `lever.so` in SBF_OUT_DIR.
                let so = std::fs::canonicalize(so).unwrap_or_else(|_| so.clone());
                let dir = so
                    .parent()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_default();
                std::env::set_var("SBF_OUT_DIR", dir);
                let mut test = ProgramTest::new("lever", lever::ID, None);
                test.prefer_bpf(true);
                test
            }
        };
        // The test-only Pyth publisher at the Pyth programs' addresses, as on localnet:
        // its SBF build when one sits beside lever.so, natively otherwise.
        for pyth_program in [
            lever_pyth_publisher::instruction::PUSH_ORACLE_ID,
            lever_pyth_publisher::instruction::RECEIVER_ID,
            lever_pyth_publisher::instruction::LEGACY_ORACLE_ID,
        ] {
            program_test.add_program(
                "lever_pyth_publisher",
                pyth_program,
                processor!(lever_pyth_publisher::process_instruction),
            );
        }
        program_test.set_compute_max_units(1_400_000);
        let context = program_test.start_with_context().await;
        let mut runtime = Runtime {
            context,
            now: GENESIS_UNIX_TIME,
            slot: 1,
        };
        runtime.sync_clock();
        runtime
    }

    /// The fee payer of every transaction (pays fees, never counted in balances).
    pub fn payer(&self) -> &Keypair {
        &self.context.payer
    }

    pub fn now(&self) -> i64 {
        self.now
    }

    /// Moves the clock forward.
    pub fn advance_time(&mut self, seconds: i64) {
        self.now = self.now.saturating_add(seconds);
        self.sync_clock();
    }

    fn sync_clock(&mut self) {
        let clock = anchor_lang::prelude::Clock {
            slot: self.slot,
            unix_timestamp: self.now,
            ..Default::default()
        };
        self.context.set_sysvar(&clock);
    }

    /// Sends one transaction signed by the payer and `signers`. Each transaction runs
    /// in a fresh slot (so identical transactions are never deduplicated) at the
    /// runtime's time.
    pub async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<TxOutcome, TxError> {
        self.send_paid_by(None, instructions, signers).await
    }

    /// [`Self::send`] with `fee_payer` (when given) paying the fee instead of the
    /// runtime's payer: a transaction the way a keeper sends it, one signature fewer.
    pub async fn send_paid_by(
        &mut self,
        fee_payer: Option<&Keypair>,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<TxOutcome, TxError> {
        let runtime_payer = self.context.payer.insecure_clone();
        let payer = fee_payer.unwrap_or(&runtime_payer);
        self.slot = self.slot.saturating_add(1);
        self.context
            .warp_to_slot(self.slot)
            .map_err(|e| TxError::Transaction(format!("warp failed: {e:?}")))?;
        self.sync_clock();
        let blockhash = self.context.last_blockhash;
        let mut all_signers: Vec<&Keypair> = vec![payer];
        all_signers.extend(signers.iter().filter(|s| s.pubkey() != payer.pubkey()));
        let transaction = Transaction::new_signed_with_payer(
            instructions,
            Some(&payer.pubkey()),
            &all_signers,
            blockhash,
        );
        let transaction_size = bincode::serialized_size(&transaction)
            .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let result = self
            .context
            .banks_client
            .process_transaction_with_metadata(transaction)
            .await
            .map_err(|e| TxError::Transaction(format!("{e}")))?;
        match result.result {
            Ok(()) => Ok(result
                .metadata
                .map(|metadata| TxOutcome {
                    compute_units: metadata.compute_units_consumed,
                    transaction_size,
                    return_data: metadata.return_data.map(|r| r.data).unwrap_or_default(),
                    logs: normalize_logs(metadata.log_messages),
                })
                .unwrap_or_default()),
            Err(error) => Err(name_error(error)),
        }
    }

    /// Simulates a transaction (nothing is committed); used for read-only views.
    pub async fn simulate(&mut self, instructions: &[Instruction]) -> Result<TxOutcome, TxError> {
        let transaction = Transaction::new_signed_with_payer(
            instructions,
            Some(&self.context.payer.pubkey()),
            &[&self.context.payer],
            self.context.last_blockhash,
        );
        let transaction_size = bincode::serialized_size(&transaction)
            .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let result = self
            .context
            .banks_client
            .simulate_transaction(transaction)
            .await
            .map_err(|e| TxError::Transaction(format!("{e}")))?;
        if let Some(Err(error)) = result.result {
            return Err(name_error(error));
        }
        Ok(result
            .simulation_details
            .map(|details| TxOutcome {
                compute_units: details.units_consumed,
                transaction_size,
                return_data: details.return_data.map(|r| r.data).unwrap_or_default(),
                logs: normalize_logs(details.logs),
            })
            .unwrap_or_default())
    }

    pub async fn account(&mut self, address: Pubkey) -> Option<Account> {
        self.context
            .banks_client
            .get_account(address)
            .await
            .ok()
            .flatten()
    }

    /// Makes `authority` the lever program's upgrade authority, as the upgradeable
    /// loader records it: a ProgramData account (owner: the loader, at its PDA of the
    /// program id) whose header says `ProgramData { slot, upgrade_authority_address }`.
    /// program-test loads programs without one, so the header is written here; when a
    /// ProgramData account exists, only its header is rewritten and the ELF after it
    /// is kept.
    pub async fn set_upgrade_authority(&mut self, authority: Option<Pubkey>) {
        use anchor_lang::solana_program::bpf_loader_upgradeable;
        let address = lever_client::pda::program_data();
        let mut account = self
            .account(address)
            .await
            .filter(|a| a.owner == bpf_loader_upgradeable::ID)
            .unwrap_or(Account {
                lamports: 1_000_000_000,
                data: Vec::new(),
                owner: bpf_loader_upgradeable::ID,
                executable: false,
                rent_epoch: 0,
            });
        let header = program_data_header(self.slot, authority);
        if account.data.len() < header.len() {
            account.data.resize(header.len(), 0);
        }
        account.data[..header.len()].copy_from_slice(&header);
        self.set_account(address, account);
    }

    /// Writes an account directly (oracle fixtures, tampering tests).
    pub fn set_account(&mut self, address: Pubkey, account: Account) {
        self.context.set_account(&address, &account.into());
    }

    pub async fn lamports(&mut self, address: Pubkey) -> u64 {
        self.account(address).await.map(|a| a.lamports).unwrap_or(0)
    }

    /// Token balance of a token account; 0 when it does not exist.
    pub async fn token_balance(&mut self, address: Pubkey) -> u64 {
        use anchor_lang::solana_program::program_pack::Pack;
        match self.account(address).await {
            Some(account) => spl_token::state::Account::unpack(&account.data)
                .map(|a| a.amount)
                .unwrap_or(0),
            None => 0,
        }
    }

    /// A new wallet funded with `sol_lamports` for rent.
    pub async fn new_wallet(&mut self, sol_lamports: u64) -> Keypair {
        self.fund_wallet(Keypair::new(), sol_lamports).await
    }

    /// Funds `wallet` (a keypair chosen by the caller) with `sol_lamports`.
    pub async fn fund_wallet(&mut self, wallet: Keypair, sol_lamports: u64) -> Keypair {
        let transfer = system_instruction::transfer(
            &self.context.payer.pubkey(),
            &wallet.pubkey(),
            sol_lamports,
        );
        self.send(&[transfer], &[])
            .await
            .unwrap_or_else(|e| panic!("funding wallet: {e}"));
        wallet
    }

    /// A new SPL mint whose mint and freeze authority is the payer (USDC-like mints have
    /// a freeze authority; tests freeze accounts with [`Self::freeze`]).
    pub async fn create_mint(&mut self, decimals: u8) -> Pubkey {
        use anchor_lang::solana_program::program_pack::Pack;
        let payer = self.context.payer.pubkey();
        self.create_token_program_account(spl_token::state::Mint::LEN, |mint| {
            spl_token::instruction::initialize_mint2(
                &spl_token::ID,
                mint,
                &payer,
                Some(&payer),
                decimals,
            )
        })
        .await
    }

    /// A new account of `space` bytes owned by the token program, initialized in the
    /// same transaction by the instruction `init` builds for its address.
    async fn create_token_program_account(
        &mut self,
        space: usize,
        init: impl FnOnce(&Pubkey) -> Result<Instruction, anchor_lang::prelude::ProgramError>,
    ) -> Pubkey {
        let account = Keypair::new();
        let rent = self
            .context
            .banks_client
            .get_rent()
            .await
            .unwrap_or_default();
        let payer = self.context.payer.pubkey();
        let create = system_instruction::create_account(
            &payer,
            &account.pubkey(),
            rent.minimum_balance(space),
            u64::try_from(space).unwrap_or(u64::MAX),
            &spl_token::ID,
        );
        let init = init(&account.pubkey()).unwrap_or_else(|e| panic!("token account init: {e}"));
        self.send(&[create, init], &[&account])
            .await
            .unwrap_or_else(|e| panic!("create token-program account: {e}"));
        account.pubkey()
    }

    /// The associated token account of `owner` for `mint`, created if missing.
    pub async fn token_account(&mut self, owner: &Pubkey, mint: &Pubkey) -> Pubkey {
        let payer = self.context.payer.pubkey();
        let create =
            create_associated_token_account_idempotent(&payer, owner, mint, &spl_token::ID);
        self.send(&[create], &[])
            .await
            .unwrap_or_else(|e| panic!("create token account: {e}"));
        lever_client::pda::associated_token(owner, mint)
    }

    /// Freezes a token account of a payer-controlled mint (as a stablecoin issuer can).
    pub async fn freeze(&mut self, account: &Pubkey, mint: &Pubkey) {
        let payer = self.context.payer.pubkey();
        let freeze =
            spl_token::instruction::freeze_account(&spl_token::ID, account, mint, &payer, &[])
                .unwrap_or_else(|e| panic!("freeze instruction: {e}"));
        self.send(&[freeze], &[])
            .await
            .unwrap_or_else(|e| panic!("freeze: {e}"));
    }

    /// A new (non-associated) token account of `owner` for `mint`.
    pub async fn new_token_account(&mut self, owner: &Pubkey, mint: &Pubkey) -> Pubkey {
        use anchor_lang::solana_program::program_pack::Pack;
        self.create_token_program_account(spl_token::state::Account::LEN, |account| {
            spl_token::instruction::initialize_account3(&spl_token::ID, account, mint, owner)
        })
        .await
    }

    /// Mints `amount` of a payer-controlled mint to `owner`'s associated account.
    pub async fn mint_to(&mut self, mint: &Pubkey, owner: &Pubkey, amount: u64) -> Pubkey {
        let account = self.token_account(owner, mint).await;
        let payer = self.context.payer.pubkey();
        let mint_ix =
            spl_token::instruction::mint_to(&spl_token::ID, mint, &account, &payer, &[], amount)
                .unwrap_or_else(|e| panic!("mint_to: {e}"));
        self.send(&[mint_ix], &[])
            .await
            .unwrap_or_else(|e| panic!("mint: {e}"));
        account
    }
}

/// Bytes of `UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address }`
/// (bincode: u32 variant 3, u64 slot, option tag, key), padded to the loader's fixed
/// 45-byte metadata size.
pub fn program_data_header(slot: u64, authority: Option<Pubkey>) -> Vec<u8> {
    const PROGRAM_DATA_VARIANT: u32 = 3;
    const METADATA_SIZE: usize = 45;
    let mut header = Vec::with_capacity(METADATA_SIZE);
    header.extend_from_slice(&PROGRAM_DATA_VARIANT.to_le_bytes());
    header.extend_from_slice(&slot.to_le_bytes());
    match authority {
        Some(key) => {
            header.push(1);
            header.extend_from_slice(key.as_ref());
        }
        None => header.push(0),
    }
    header.resize(METADATA_SIZE, 0);
    header
}

/// Natively, events arrive as `Program log: Program data: ...` (see `lever::native`);
/// restore the form a validator writes so clients decode them unchanged.
fn normalize_logs(logs: Vec<String>) -> Vec<String> {
    logs.into_iter()
        .map(
            |line| match line.strip_prefix("Program log: Program data: ") {
                Some(data) => format!("Program data: {data}"),
                None => line,
            },
        )
        .collect()
}

/// Names a transaction error as the program's error enum does.
fn name_error(error: TransactionError) -> TxError {
    match error {
        TransactionError::InstructionError(_, InstructionError::Custom(code)) => TxError::Program {
            code,
            name: lever_client::errors::name(code).unwrap_or_else(|| format!("Custom({code})")),
        },
        TransactionError::InstructionError(_, other) => TxError::Instruction(format!("{other:?}")),
        other => TxError::Transaction(format!("{other:?}")),
    }
}
