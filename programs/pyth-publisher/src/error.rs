//! Refusals, each with its own code (`ProgramError::Custom`).

use anchor_lang::solana_program::program_error::ProgramError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum PublisherError {
    /// The instruction data is not a `Publish` (wrong tag or length).
    InvalidInstruction = 0,
    /// Fewer than the three accounts `Publish` takes.
    MissingAccounts = 1,
    /// The authority did not sign.
    AuthorityNotSigner = 2,
    /// The price account is not the feed's PDA under this program.
    WrongPriceAccount = 3,
    /// The price account exists but this program does not own it.
    PriceAccountNotOwned = 4,
    /// The signer is not the feed's authority (the first publisher).
    WrongAuthority = 5,
    /// The publish time is older than the stored one.
    OlderThanStored = 6,
    /// The stored account is too short for its format.
    CorruptPriceAccount = 7,
    /// The system program account is not the system program.
    WrongSystemProgram = 8,
}

impl PublisherError {
    pub const ALL: [PublisherError; 9] = [
        PublisherError::InvalidInstruction,
        PublisherError::MissingAccounts,
        PublisherError::AuthorityNotSigner,
        PublisherError::WrongPriceAccount,
        PublisherError::PriceAccountNotOwned,
        PublisherError::WrongAuthority,
        PublisherError::OlderThanStored,
        PublisherError::CorruptPriceAccount,
        PublisherError::WrongSystemProgram,
    ];

    /// The error's name, for clients that only see the code.
    pub fn name(self) -> &'static str {
        match self {
            PublisherError::InvalidInstruction => "InvalidInstruction",
            PublisherError::MissingAccounts => "MissingAccounts",
            PublisherError::AuthorityNotSigner => "AuthorityNotSigner",
            PublisherError::WrongPriceAccount => "WrongPriceAccount",
            PublisherError::PriceAccountNotOwned => "PriceAccountNotOwned",
            PublisherError::WrongAuthority => "WrongAuthority",
            PublisherError::OlderThanStored => "OlderThanStored",
            PublisherError::CorruptPriceAccount => "CorruptPriceAccount",
            PublisherError::WrongSystemProgram => "WrongSystemProgram",
        }
    }

    pub fn from_code(code: u32) -> Option<PublisherError> {
        PublisherError::ALL
            .into_iter()
            .find(|error| *error as u32 == code)
    }
}

impl From<PublisherError> for ProgramError {
    fn from(error: PublisherError) -> Self {
        ProgramError::Custom(error as u32)
    }
}
