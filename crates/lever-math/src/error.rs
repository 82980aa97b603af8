//! Errors of the pure math. The program maps each to its own error code.

/// Why a computation could not produce a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathError {
    /// An intermediate or result does not fit its integer type.
    Overflow,
    /// A division by zero was requested.
    DivisionByZero,
    /// A converted price is zero or does not fit the internal range.
    PriceOutOfRange,
}

impl core::fmt::Display for MathError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = match self {
            MathError::Overflow => "arithmetic overflow",
            MathError::DivisionByZero => "division by zero",
            MathError::PriceOutOfRange => "price outside the supported range",
        };
        f.write_str(text)
    }
}

impl std::error::Error for MathError {}

/// Result of a math computation.
pub type MathResult<T> = Result<T, MathError>;
