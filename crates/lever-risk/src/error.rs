//! Errors of a computation that started from a checked book: an integer that left its
//! range mid-cascade, or a settlement the pool could not pay (the program would refuse
//! that liquidation with `InsufficientPoolLiquidity`).

use std::fmt;

/// What stopped a computation, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskError(pub String);

impl fmt::Display for RiskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RiskError {}

/// Attaches a place to a math error.
pub fn at<E: fmt::Display>(place: impl FnOnce() -> String) -> impl FnOnce(E) -> RiskError {
    move |error| RiskError(format!("{}: {error}", place()))
}
