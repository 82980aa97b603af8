//! `lever admin`: the config admin's instructions, each prepared from what the cluster
//! holds (so it can be described, confirmed, simulated, and refused before anything is
//! sent when the signer is not the one the program would accept):
//! propose and accept an admin hand-over, pause and unpause operations, withdraw
//! collected fees; and one step of a cluster file's migration at a time (initialize
//! the config, create a market, update a market's parameters), the same plan `lever
//! migrate` runs whole.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token::spl_token;
use lever::constants::pause;

use crate::chain::{Chain, ChainError};
use crate::market_file::ClusterFile;
use crate::migrate::{plan, step_instruction, MigrateError, Step};

/// The operations a pause can stop, by the names the command takes.
pub const OPERATIONS: [(&str, u16); 7] = [
    ("open", pause::OPEN_POSITION),
    ("deposit-collateral", pause::DEPOSIT_COLLATERAL),
    ("withdraw-collateral", pause::WITHDRAW_COLLATERAL),
    ("reduce", pause::REDUCE_POSITION),
    ("lp-deposit", pause::LP_DEPOSIT),
    ("lp-withdraw", pause::LP_WITHDRAW),
    ("liquidate", pause::LIQUIDATE),
];

/// What the admin asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminAction {
    ProposeAdmin {
        new_admin: Pubkey,
    },
    AcceptAdmin,
    Pause {
        bits: u16,
    },
    Unpause {
        bits: u16,
    },
    /// `amount` None: everything collected. `destination` None: the signer's
    /// associated account of the collateral mint (created if missing).
    WithdrawFees {
        market: u16,
        amount: Option<u64>,
        destination: Option<Pubkey>,
    },
    /// One step of the migration plan of `file` (`init-config`, `create-market`,
    /// `update-params`): the same checks and diff as `lever migrate`.
    FromFile {
        file: ClusterFile,
        step: FileStep,
    },
}

/// Which step of a cluster file's migration an admin command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStep {
    InitializeConfig,
    CreateMarket(u16),
    UpdateParams(u16),
}

impl FileStep {
    fn matches(self, step: &Step) -> bool {
        match (self, step) {
            (FileStep::InitializeConfig, Step::InitializeConfig) => true,
            (FileStep::CreateMarket(index), Step::CreateMarket(market)) => market.index == index,
            (FileStep::UpdateParams(index), Step::UpdateParams { market, .. }) => {
                market.index == index
            }
            _ => false,
        }
    }

    /// Why there is nothing to do when the plan has no such step.
    fn already(self) -> String {
        match self {
            FileStep::InitializeConfig => "the config is already initialized".into(),
            FileStep::CreateMarket(index) => format!("market {index} already exists"),
            FileStep::UpdateParams(index) => {
                format!("market {index}: parameters already as the file says")
            }
        }
    }
}

/// Why an action was not prepared, or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminError {
    /// Bad input (an unknown operation name...): exit 2.
    Input(String),
    /// The cluster's state refuses it (not the admin, nothing to withdraw...); nothing
    /// was sent.
    Conflict(String),
    Chain(ChainError),
}

impl std::fmt::Display for AdminError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdminError::Input(why) => f.write_str(why),
            AdminError::Conflict(why) => write!(f, "{why}; nothing was sent"),
            AdminError::Chain(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for AdminError {}

impl From<ChainError> for AdminError {
    fn from(error: ChainError) -> Self {
        AdminError::Chain(error)
    }
}

/// The pause bits of `names` (`all` for every operation).
pub fn parse_operations(names: &[String]) -> Result<u16, AdminError> {
    if names.is_empty() {
        return Err(AdminError::Input(
            "name at least one operation (or all)".into(),
        ));
    }
    names.iter().try_fold(0u16, |bits, name| {
        if name == "all" {
            return Ok(OPERATIONS.iter().fold(bits, |all, (_, bit)| all | bit));
        }
        OPERATIONS
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, bit)| bits | bit)
            .ok_or_else(|| {
                let known: Vec<&str> = OPERATIONS.iter().map(|(known, _)| *known).collect();
                AdminError::Input(format!(
                    "unknown operation {name:?}: expected {} or all",
                    known.join(", ")
                ))
            })
    })
}

/// The operation names of `bits`.
pub fn operation_names(bits: u16) -> String {
    let names: Vec<&str> = OPERATIONS
        .iter()
        .filter(|(_, bit)| bits & bit != 0)
        .map(|(name, _)| *name)
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// An action ready to send: what it does, and its instructions (none: nothing to do).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub description: String,
    pub instructions: Vec<Instruction>,
}

async fn config(chain: &mut impl Chain) -> Result<lever::state::Config, AdminError> {
    let data = chain
        .account_data(&lever_client::pda::config())
        .await?
        .ok_or_else(|| {
            AdminError::Conflict("the config is not initialized (lever migrate)".into())
        })?;
    lever_client::decode::config(&data).map_err(|e| AdminError::Conflict(e.to_string()))
}

fn require_admin(config: &lever::state::Config, signer: &Pubkey) -> Result<(), AdminError> {
    if config.admin == *signer {
        Ok(())
    } else {
        Err(AdminError::Conflict(format!(
            "the signer {signer} is not the admin ({})",
            config.admin
        )))
    }
}

/// Prepares `action` for `signer` from the cluster's state.
pub async fn prepare(
    chain: &mut impl Chain,
    signer: &Pubkey,
    action: &AdminAction,
) -> Result<Prepared, AdminError> {
    let prepared = match action {
        AdminAction::FromFile { file, step } => from_file(chain, signer, file, *step).await?,
        AdminAction::ProposeAdmin { new_admin } => {
            require_admin(&config(chain).await?, signer)?;
            Prepared {
                description: format!("propose {new_admin} as the next admin (it must accept)"),
                instructions: vec![lever_client::ix::propose_admin(*signer, *new_admin)],
            }
        }
        AdminAction::AcceptAdmin => {
            let config = config(chain).await?;
            if config.pending_admin != *signer {
                return Err(AdminError::Conflict(format!(
                    "the signer {signer} is not the proposed admin ({})",
                    config.pending_admin
                )));
            }
            Prepared {
                description: format!("accept the admin role (from {})", config.admin),
                instructions: vec![lever_client::ix::accept_admin(*signer)],
            }
        }
        AdminAction::Pause { bits } | AdminAction::Unpause { bits } => {
            let config = config(chain).await?;
            require_admin(&config, signer)?;
            let current = config.pause_flags;
            let (verb, flags) = match action {
                AdminAction::Pause { .. } => ("pause", current | bits),
                _ => ("unpause", current & !bits),
            };
            Prepared {
                description: format!(
                    "{verb} {}: paused now {}, after {}",
                    operation_names(*bits),
                    operation_names(current),
                    operation_names(flags)
                ),
                instructions: if flags == current {
                    vec![]
                } else {
                    vec![lever_client::ix::set_pause_flags(*signer, flags)]
                },
            }
        }
        AdminAction::WithdrawFees {
            market,
            amount,
            destination,
        } => {
            require_admin(&config(chain).await?, signer)?;
            withdraw_fees(chain, signer, *market, *amount, *destination).await?
        }
    };
    Ok(prepared)
}

/// One step of the file's migration plan, or nothing when the cluster already has it.
async fn from_file(
    chain: &mut impl Chain,
    signer: &Pubkey,
    file: &ClusterFile,
    wanted: FileStep,
) -> Result<Prepared, AdminError> {
    let steps = plan(chain, signer, file).await.map_err(|e| match e {
        MigrateError::Conflict(why) => AdminError::Conflict(why),
        MigrateError::Chain { error, .. } => AdminError::Chain(error),
    })?;
    if let Some(step) = steps.iter().find(|step| wanted.matches(step)) {
        // A market needs the config first; the plan lists it before.
        if wanted != FileStep::InitializeConfig && steps.first() == Some(&Step::InitializeConfig) {
            return Err(AdminError::Conflict(
                "the config is not initialized (lever admin init-config first)".into(),
            ));
        }
        return Ok(Prepared {
            description: step.to_string(),
            instructions: vec![step_instruction(signer, step)],
        });
    }
    if let FileStep::CreateMarket(index) | FileStep::UpdateParams(index) = wanted {
        if !file.markets.iter().any(|market| market.index == index) {
            return Err(AdminError::Input(format!("the file has no market {index}")));
        }
        if let (FileStep::UpdateParams(_), Some(Step::CreateMarket(_))) = (
            wanted,
            steps
                .iter()
                .find(|step| FileStep::CreateMarket(index).matches(step)),
        ) {
            return Err(AdminError::Conflict(format!(
                "market {index} does not exist yet (lever admin create-market)"
            )));
        }
    }
    Ok(Prepared {
        description: wanted.already(),
        instructions: vec![],
    })
}

async fn withdraw_fees(
    chain: &mut impl Chain,
    signer: &Pubkey,
    index: u16,
    amount: Option<u64>,
    destination: Option<Pubkey>,
) -> Result<Prepared, AdminError> {
    let address = lever_client::pda::market(index);
    let data = chain
        .account_data(&address)
        .await?
        .ok_or_else(|| AdminError::Conflict(format!("no market {index}")))?;
    let market =
        lever_client::decode::market(&data).map_err(|e| AdminError::Conflict(e.to_string()))?;
    let collected = market.fees_collected;
    let amount = amount.unwrap_or(collected);
    if amount == 0 || amount > collected {
        return Err(AdminError::Conflict(format!(
            "market {index} holds {collected} atoms of fees; cannot withdraw {amount}"
        )));
    }
    let mint = market.collateral_mint;
    let keys = lever_client::MarketKeys::derive(index, mint, Pubkey::default());
    let mut instructions = Vec::new();
    let destination = match destination {
        Some(destination) => destination,
        None => {
            instructions.push(create_associated_token_account_idempotent(
                signer,
                signer,
                &mint,
                &spl_token::ID,
            ));
            get_associated_token_address(signer, &mint)
        }
    };
    instructions.push(lever_client::ix::withdraw_fees(
        &keys,
        *signer,
        destination,
        amount,
    ));
    Ok(Prepared {
        description: format!(
            "withdraw {amount} of {collected} atoms of fees from market {index} to {destination}"
        ),
        instructions,
    })
}
