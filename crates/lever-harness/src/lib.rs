//! An in-process Solana runtime running the lever program natively, with the real SPL
//! Token and Associated Token Account programs (bundled ELFs) and Pyth accounts of both
//! formats written directly. Shared by the program tests, `lever demo` and the scenario
//! runner, so the three exercise the program the same way.

pub mod fixture;
pub mod pyth;
pub mod runtime;

pub use fixture::{MarketFixture, MarketSetup};
pub use pyth::{PriceSpec, PullVerification};
pub use runtime::{Engine, Runtime, TxError, TxOutcome};
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
