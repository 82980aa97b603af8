//! Running the `lever` binary from the CLI's integration tests.

use std::process::Command;

#[allow(dead_code)] // each test binary uses a part
pub mod validator;

/// Runs `lever args...` with no Solana CLI config or connection settings from the
/// machine running the tests; returns the exit code, stdout and stderr.
pub fn lever(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lever"))
        .args(args)
        .env_remove("LEVER_RPC_URL")
        .env_remove("LEVER_KEYPAIR")
        .env("SOLANA_CONFIG", "/nonexistent/config.yml")
        .output()
        .expect("run lever");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
