//! Error names by code: the program's own errors from the checked-in IDL (a test keeps
//! it current), and Anchor's framework errors (codes of anchor-lang 1.2.2).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The checked-in IDL; the `idl` test fails when it is stale.
pub const IDL_JSON: &str = include_str!("../../idl/lever.json");

/// First code of the program's own errors (Anchor's `#[error_code]` offset).
pub const PROGRAM_ERROR_OFFSET: u32 = 6000;

fn program_errors() -> &'static HashMap<u32, String> {
    static ERRORS: OnceLock<HashMap<u32, String>> = OnceLock::new();
    ERRORS.get_or_init(|| {
        let idl: serde_json::Value = serde_json::from_str(IDL_JSON).unwrap_or_default();
        idl["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| {
                        Some((
                            u32::try_from(e["code"].as_u64()?).ok()?,
                            e["name"].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The name of a custom error code, e.g. `6049 -> "PositionHealthy"`. Codes of 100
/// and above below 6000 are Anchor's; codes below 20 are the SPL Token program's
/// (the only program the instructions call that returns small custom codes).
pub fn name(code: u32) -> Option<String> {
    if code >= PROGRAM_ERROR_OFFSET {
        return program_errors().get(&code).cloned();
    }
    let token = usize::try_from(code).ok().and_then(|i| TOKEN_ERRORS.get(i));
    ANCHOR_ERRORS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .or(token.copied())
        .map(str::to_string)
}

/// SPL Token program errors by code (`spl_token_interface::error::TokenError`).
pub const TOKEN_ERRORS: [&str; 20] = [
    "NotRentExempt",
    "InsufficientFunds",
    "InvalidMint",
    "MintMismatch",
    "OwnerMismatch",
    "FixedSupply",
    "AlreadyInUse",
    "InvalidNumberOfProvidedSigners",
    "InvalidNumberOfRequiredSigners",
    "UninitializedState",
    "NativeNotSupported",
    "NonNativeHasBalance",
    "InvalidInstruction",
    "InvalidState",
    "Overflow",
    "AuthorityTypeNotSupported",
    "MintCannotFreeze",
    "AccountFrozen",
    "MintDecimalsMismatch",
    "NonNativeNotSupported",
];

/// The code of a program error name, e.g. `"PositionHealthy" -> 6049`.
pub fn code(name: &str) -> Option<u32> {
    program_errors()
        .iter()
        .find(|(_, n)| n.as_str() == name)
        .map(|(c, _)| *c)
}

/// Anchor framework error codes (anchor-lang-error 1.2.2, `ErrorCode`).
pub const ANCHOR_ERRORS: &[(u32, &str)] = &[
    (100, "InstructionMissing"),
    (101, "InstructionFallbackNotFound"),
    (102, "InstructionDidNotDeserialize"),
    (103, "InstructionDidNotSerialize"),
    (1000, "IdlInstructionStub"),
    (1001, "IdlInstructionInvalidProgram"),
    (1002, "IdlAccountNotEmpty"),
    (1500, "EventInstructionStub"),
    (2000, "ConstraintMut"),
    (2001, "ConstraintHasOne"),
    (2002, "ConstraintSigner"),
    (2003, "ConstraintRaw"),
    (2004, "ConstraintOwner"),
    (2005, "ConstraintRentExempt"),
    (2006, "ConstraintSeeds"),
    (2007, "ConstraintExecutable"),
    (2008, "ConstraintState"),
    (2009, "ConstraintAssociated"),
    (2010, "ConstraintAssociatedInit"),
    (2011, "ConstraintClose"),
    (2012, "ConstraintAddress"),
    (2013, "ConstraintZero"),
    (2014, "ConstraintTokenMint"),
    (2015, "ConstraintTokenOwner"),
    (2016, "ConstraintMintMintAuthority"),
    (2017, "ConstraintMintFreezeAuthority"),
    (2018, "ConstraintMintDecimals"),
    (2019, "ConstraintSpace"),
    (2020, "ConstraintAccountIsNone"),
    (2021, "ConstraintTokenTokenProgram"),
    (2022, "ConstraintMintTokenProgram"),
    (2023, "ConstraintAssociatedTokenTokenProgram"),
    (2024, "ConstraintMintGroupPointerExtension"),
    (2025, "ConstraintMintGroupPointerExtensionAuthority"),
    (2026, "ConstraintMintGroupPointerExtensionGroupAddress"),
    (2027, "ConstraintMintGroupMemberPointerExtension"),
    (2028, "ConstraintMintGroupMemberPointerExtensionAuthority"),
    (
        2029,
        "ConstraintMintGroupMemberPointerExtensionMemberAddress",
    ),
    (2030, "ConstraintMintMetadataPointerExtension"),
    (2031, "ConstraintMintMetadataPointerExtensionAuthority"),
    (
        2032,
        "ConstraintMintMetadataPointerExtensionMetadataAddress",
    ),
    (2033, "ConstraintMintCloseAuthorityExtension"),
    (2034, "ConstraintMintCloseAuthorityExtensionAuthority"),
    (2035, "ConstraintMintPermanentDelegateExtension"),
    (2036, "ConstraintMintPermanentDelegateExtensionDelegate"),
    (2037, "ConstraintMintTransferHookExtension"),
    (2038, "ConstraintMintTransferHookExtensionAuthority"),
    (2039, "ConstraintMintTransferHookExtensionProgramId"),
    (2040, "ConstraintDuplicateMutableAccount"),
    (2041, "AccountAlreadyMigrated"),
    (2042, "AccountNotMigrated"),
    (2043, "ConstraintMintPausableExtension"),
    (2044, "ConstraintMintPausableAuthority"),
    (2500, "RequireViolated"),
    (2501, "RequireEqViolated"),
    (2502, "RequireKeysEqViolated"),
    (2503, "RequireNeqViolated"),
    (2504, "RequireKeysNeqViolated"),
    (2505, "RequireGtViolated"),
    (2506, "RequireGteViolated"),
    (3000, "AccountDiscriminatorAlreadySet"),
    (3001, "AccountDiscriminatorNotFound"),
    (3002, "AccountDiscriminatorMismatch"),
    (3003, "AccountDidNotDeserialize"),
    (3004, "AccountDidNotSerialize"),
    (3005, "AccountNotEnoughKeys"),
    (3006, "AccountNotMutable"),
    (3007, "AccountOwnedByWrongProgram"),
    (3008, "InvalidProgramId"),
    (3009, "InvalidProgramExecutable"),
    (3010, "AccountNotSigner"),
    (3011, "AccountNotSystemOwned"),
    (3012, "AccountNotInitialized"),
    (3013, "AccountNotProgramData"),
    (3014, "AccountNotAssociatedTokenAccount"),
    (3015, "AccountSysvarMismatch"),
    (3016, "AccountReallocExceedsLimit"),
    (3017, "AccountDuplicateReallocs"),
    (4100, "DeclaredProgramIdMismatch"),
    (4101, "TryingToInitPayerAsProgramAccount"),
    (4102, "InvalidNumericConversion"),
    (5000, "Deprecated"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_spl::token::spl_token::error::TokenError;

    #[test]
    fn token_error_names_match_the_token_program() {
        assert_eq!(
            name(TokenError::InsufficientFunds as u32).as_deref(),
            Some("InsufficientFunds")
        );
        assert_eq!(
            name(TokenError::NonNativeNotSupported as u32).as_deref(),
            Some("NonNativeNotSupported")
        );
        assert_eq!(
            name(TokenError::MintDecimalsMismatch as u32).as_deref(),
            Some("MintDecimalsMismatch")
        );
    }

    #[test]
    fn program_and_anchor_names_resolve_both_ways() {
        let code = code("PositionHealthy").expect("in the IDL");
        assert_eq!(name(code).as_deref(), Some("PositionHealthy"));
        assert_eq!(name(3012).as_deref(), Some("AccountNotInitialized"));
        assert_eq!(name(2006).as_deref(), Some("ConstraintSeeds"));
    }
}
