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

/// The standard entrypoint (`solana_program::entrypoint!`) with checkpoints: where the
/// VM starts, and after the input (accounts, data) is parsed into `AccountInfo`s.
#[cfg(all(feature = "cu-trace", target_os = "solana"))]
mod traced_entrypoint {
    use anchor_lang::solana_program::entrypoint::{deserialize, SUCCESS};

    /// # Safety
    /// Called by the VM with its serialized input, as `entrypoint!`'s function is.
    #[no_mangle]
    pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
        super::checkpoint("entrypoint: start");
        // SAFETY: `input` is the VM's serialized input, as `entrypoint!` assumes.
        let (program_id, accounts, instruction_data) = unsafe { deserialize(input) };
        super::checkpoint("entrypoint: input parsed");
        match crate::entry(program_id, &accounts, instruction_data) {
            Ok(()) => SUCCESS,
            Err(error) => error.into(),
        }
    }
    anchor_lang::solana_program::entrypoint::custom_heap_default!();
    anchor_lang::solana_program::entrypoint::custom_panic_default!();
}
