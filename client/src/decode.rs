//! Decoding of the program's accounts from raw account data.

use anchor_lang::AccountDeserialize;

/// Why account data could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot decode account: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes any Anchor account of the program (discriminator checked).
pub fn account<T: AccountDeserialize>(data: &[u8]) -> Result<T, DecodeError> {
    T::try_deserialize(&mut &data[..]).map_err(|e| DecodeError(e.to_string()))
}

pub fn market(data: &[u8]) -> Result<lever::state::Market, DecodeError> {
    account(data)
}

pub fn position(data: &[u8]) -> Result<lever::state::Position, DecodeError> {
    account(data)
}

/// What a batch's full liquidation left for the owner to claim (`claim_payout`).
pub fn liquidation_payout(data: &[u8]) -> Result<lever::state::LiquidationPayout, DecodeError> {
    account(data)
}

pub fn config(data: &[u8]) -> Result<lever::state::Config, DecodeError> {
    account(data)
}
