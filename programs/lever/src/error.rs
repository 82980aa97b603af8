//! Every way an instruction can be refused, each with its own name.

use anchor_lang::prelude::*;
use lever_math::{MathError, ParamError};

#[error_code]
pub enum LeverError {
    // --- admin and pause ---
    #[msg("Signer is not the admin")]
    Unauthorized,
    #[msg("Signer is not the pending admin")]
    NotPendingAdmin,
    #[msg("No admin hand-over is pending")]
    NoPendingAdmin,
    #[msg("Pause flags contain an undefined bit")]
    UnknownPauseFlag,
    #[msg("This operation is paused")]
    OperationPaused,

    // --- market parameters (one per bound) ---
    #[msg("Initial margin must be in (0, 100%]")]
    InitialMarginOutOfRange,
    #[msg("Maintenance margin must be in (0, initial margin)")]
    MaintenanceMarginOutOfRange,
    #[msg("Liquidation penalty must be in (0, maintenance margin)")]
    PenaltyOutOfRange,
    #[msg("Keeper share must be at most 100%")]
    KeeperShareOutOfRange,
    #[msg("Liquidation buffer must be positive and mmr + buffer at most 100%")]
    BufferOutOfRange,
    #[msg("EMA band must be in (0, 100%)")]
    EmaBandOutOfRange,
    #[msg("Max staleness must be positive")]
    StalenessOutOfRange,
    #[msg("Max confidence must be in (0, 100%]")]
    ConfidenceLimitOutOfRange,
    #[msg("Open or close fee above the cap")]
    TradeFeeOutOfRange,
    #[msg("Borrow rate above the cap")]
    BorrowRateOutOfRange,
    #[msg("Max open interest must be positive")]
    OpenInterestCapOutOfRange,
    #[msg("Max utilization must be in (0, 100%]")]
    UtilizationOutOfRange,
    #[msg("Decimals above the supported maximum")]
    DecimalsOutOfRange,
    #[msg("Market index must equal the number of markets created")]
    InvalidMarketIndex,

    // --- accounts ---
    #[msg("Account does not belong to this market")]
    MarketMismatch,
    #[msg("Token account mint is not the market's collateral mint")]
    InvalidCollateralMint,
    #[msg("Token account is not owned by the expected wallet")]
    TokenAccountOwnerMismatch,
    #[msg("Vault is not the market's vault")]
    InvalidVault,
    #[msg("LP mint is not the market's LP mint")]
    InvalidLpMint,
    #[msg("Position owner mismatch")]
    PositionOwnerMismatch,

    // --- oracle ---
    #[msg("Oracle account is not owned by the expected Pyth program")]
    OracleWrongOwner,
    #[msg("Oracle account is not the market's feed")]
    OracleWrongFeed,
    #[msg("Oracle account data cannot be decoded")]
    OracleInvalidData,
    #[msg("Pyth pull update is only partially verified")]
    OraclePartiallyVerified,
    #[msg("Legacy Pyth price status is not Trading")]
    OracleNotTrading,
    #[msg("Oracle price is zero or negative")]
    OracleNonPositivePrice,
    #[msg("Oracle EMA price is zero or negative")]
    OracleNonPositiveEma,
    #[msg("Oracle price is older than the market's max staleness")]
    OracleStale,
    #[msg("Oracle confidence interval is wider than the market allows")]
    OracleConfidenceTooWide,
    #[msg("Oracle price is outside the supported range")]
    OraclePriceOutOfRange,

    // --- amounts and risk ---
    #[msg("Amount must be positive")]
    ZeroAmount,
    #[msg("Size must be positive")]
    ZeroSize,
    #[msg("Position would be below initial margin (leverage above max)")]
    InitialMarginNotMet,
    #[msg("Open interest cap of this side would be exceeded")]
    OpenInterestCapExceeded,
    #[msg("Pool liquidity does not cover open interest at max utilization")]
    PoolUtilizationExceeded,
    #[msg("Position notional is below the market minimum")]
    PositionBelowMinimumNotional,
    #[msg("Reduce size must be below the position size; use close")]
    ReduceSizeTooLarge,
    #[msg("Collateral cannot cover the settlement")]
    InsufficientCollateral,
    #[msg("Pool liquidity cannot pay this profit")]
    InsufficientPoolLiquidity,
    #[msg("Deposit too small to mint a share")]
    DepositTooSmall,
    #[msg("Pool has shares outstanding but no value")]
    PoolValueZero,
    #[msg("Withdrawal too small to pay an atom")]
    WithdrawalTooSmall,
    #[msg("Not enough LP shares")]
    InsufficientShares,

    // --- liquidation ---
    #[msg("Position is healthy: equity is at or above maintenance margin")]
    PositionHealthy,
    #[msg("A position owner may not liquidate their own position")]
    SelfLiquidation,

    // --- math ---
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("Division by zero")]
    DivisionByZero,
    #[msg("Vault moved by other than the market's bucket change, or holds less than them")]
    VaultInvariantBroken,

    // New variants go last: error codes are part of the interface.
    #[msg("Oracle price is older than the newest price this market has used")]
    OraclePriceOlderThanLastUsed,
    #[msg("Oracle price is older than the market allows for a trade")]
    OraclePriceTooOldForTrade,
    #[msg("Oracle price is older than the market allows for a liquidation")]
    OraclePriceTooOldForLiquidation,
    #[msg("Max trade price age must be in (0, max staleness]")]
    TradePriceAgeOutOfRange,
    #[msg("Max liquidation price age must be in (0, max staleness]")]
    LiquidationPriceAgeOutOfRange,
    #[msg("Min hold must be above the max trade price age and at most a day")]
    MinHoldOutOfRange,
    #[msg("Bankrupt keeper fee must be at most the min position notional")]
    BankruptKeeperFeeOutOfRange,
    #[msg("Raise of mmr or EMA band larger than one step while positions are open")]
    RiskIncreaseTooLarge,
    #[msg("Raise of mmr or EMA band too soon after the previous one while positions are open")]
    RiskIncreaseTooSoon,
    #[msg("Signer is not the program's upgrade authority")]
    NotUpgradeAuthority,
    #[msg("Price quantum too coarse for fair rounding with these decimals")]
    PriceQuantumTooCoarse,
    #[msg("Closing would leave bad debt; only liquidate closes an insolvent position")]
    CloseWouldLeaveBadDebt,
    #[msg("The vault holds no surplus over the market's buckets")]
    NoSurplus,
    #[msg("Fee bucket holds less than the amount asked")]
    InsufficientFees,
    #[msg("Not the program's config account")]
    InvalidConfig,
    #[msg("An account holds an enum value the program never writes")]
    InvalidStoredEnum,
    #[msg("Market account is not the market of the given index")]
    MarketIndexMismatch,
    #[msg("Position account is not the position of the given id")]
    PositionIdMismatch,
    #[msg("An event does not fit the program's event buffer")]
    EventTooLarge,
    #[msg("A batch lists 1 to 24 positions")]
    InvalidBatch,
    #[msg("Position account is closed or already fully liquidated")]
    PositionNotOpen,
    #[msg("Position is listed twice in the batch")]
    DuplicatePosition,
}

impl From<MathError> for LeverError {
    fn from(error: MathError) -> Self {
        match error {
            MathError::Overflow => LeverError::MathOverflow,
            MathError::DivisionByZero => LeverError::DivisionByZero,
            MathError::PriceOutOfRange => LeverError::OraclePriceOutOfRange,
        }
    }
}

impl From<ParamError> for LeverError {
    fn from(error: ParamError) -> Self {
        match error {
            ParamError::InitialMarginOutOfRange => LeverError::InitialMarginOutOfRange,
            ParamError::MaintenanceMarginOutOfRange => LeverError::MaintenanceMarginOutOfRange,
            ParamError::PenaltyOutOfRange => LeverError::PenaltyOutOfRange,
            ParamError::KeeperShareOutOfRange => LeverError::KeeperShareOutOfRange,
            ParamError::BufferOutOfRange => LeverError::BufferOutOfRange,
            ParamError::EmaBandOutOfRange => LeverError::EmaBandOutOfRange,
            ParamError::StalenessOutOfRange => LeverError::StalenessOutOfRange,
            ParamError::ConfidenceLimitOutOfRange => LeverError::ConfidenceLimitOutOfRange,
            ParamError::TradeFeeOutOfRange => LeverError::TradeFeeOutOfRange,
            ParamError::BorrowRateOutOfRange => LeverError::BorrowRateOutOfRange,
            ParamError::OpenInterestCapOutOfRange => LeverError::OpenInterestCapOutOfRange,
            ParamError::UtilizationOutOfRange => LeverError::UtilizationOutOfRange,
            ParamError::TradePriceAgeOutOfRange => LeverError::TradePriceAgeOutOfRange,
            ParamError::LiquidationPriceAgeOutOfRange => LeverError::LiquidationPriceAgeOutOfRange,
            ParamError::MinHoldOutOfRange => LeverError::MinHoldOutOfRange,
            ParamError::BankruptKeeperFeeOutOfRange => LeverError::BankruptKeeperFeeOutOfRange,
            ParamError::RiskIncreaseTooLarge => LeverError::RiskIncreaseTooLarge,
            ParamError::RiskIncreaseTooSoon => LeverError::RiskIncreaseTooSoon,
        }
    }
}

/// Lifts a math result into the program's error, logging where it failed.
pub trait OrLever<T> {
    fn or_lever(self) -> Result<T>;
}

impl<T> OrLever<T> for core::result::Result<T, MathError> {
    #[track_caller]
    fn or_lever(self) -> Result<T> {
        self.map_err(|error| {
            let caller = core::panic::Location::caller();
            msg!(
                "math error {} at {}:{}",
                error,
                caller.file(),
                caller.line()
            );
            error!(LeverError::from(error))
        })
    }
}
