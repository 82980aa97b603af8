//! Native execution (solana-program-test) only. Anchor 1.2's `emit!` and instruction
//! return data are no-ops when not compiled for SBF, so tests and the in-process demo
//! would see neither events nor return values. Here the program forwards both to the
//! runtime's syscall stubs when running natively; on SBF `events::publish` calls
//! `sol_log_data` and Anchor sets the return data.

use anchor_lang::prelude::*;

/// Logs an event's bytes (`events::publish` encodes them) as `Program data: <base64>`,
/// what `sol_log_data` does on SBF. program-test 3.1 has no `sol_log_data` stub, so
/// the line goes through `sol_log` and reaches the log collector as `Program log:
/// Program data: ...`; the test harness restores the standard form.
#[cfg(not(target_os = "solana"))]
pub fn log_event_data(data: &[u8]) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    anchor_lang::compat::solana_sysvar::program_stubs::sol_log(&format!("Program data: {encoded}"));
}

/// Sets `value` as the instruction's return data (what Anchor does on SBF for an
/// instruction returning `Result<T>`).
pub fn set_return_data<T: AnchorSerialize>(value: &T) -> Result<()> {
    #[cfg(not(target_os = "solana"))]
    {
        let mut data = Vec::new();
        value.serialize(&mut data)?;
        anchor_lang::compat::solana_sysvar::program_stubs::sol_set_return_data(&data);
    }
    #[cfg(target_os = "solana")]
    let _ = value;
    Ok(())
}
