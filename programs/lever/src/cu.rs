//! Compute-unit checkpoints for profiling. With the `cu-trace` feature each checkpoint
//! logs its label and the remaining compute units (`sbf/lane.sh trace` builds it and
//! prints the log of every bench transaction); without it they compile to nothing.

/// Logs `label` and the compute units left, in `cu-trace` builds only.
#[inline(always)]
pub fn checkpoint(label: &str) {
    #[cfg(all(feature = "cu-trace", target_os = "solana"))]
    {
        anchor_lang::solana_program::log::sol_log(label);
        // SAFETY: a syscall without arguments; it only writes to the log.
        unsafe { solana_define_syscall::definitions::sol_log_compute_units_() };
    }
    #[cfg(not(all(feature = "cu-trace", target_os = "solana")))]
    let _ = label;
}
