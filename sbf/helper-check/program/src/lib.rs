//! Runs `op` (../ops.rs) over every vector of its input, writing the results in place.
//! Input: code (u64), count (u64), then `count` records of a, b (u128 LE) and four
//! result words. Compiled by the lane's toolchain exactly as lever.so is.
#![no_std]
#![allow(clippy::all)]

use solana_compiler_builtins as _;

include!("../../ops.rs");

/// # Safety
/// The runtime passes the input region; its layout is the runner's.
#[no_mangle]
pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
    let code = core::ptr::read_unaligned(input as *const u64);
    let count = core::ptr::read_unaligned(input.add(8) as *const u64) as usize;
    let mut i = 0;
    while i < count {
        let record = input.add(16 + i * RECORD);
        let a = core::ptr::read_unaligned(record as *const u128);
        let b = core::ptr::read_unaligned(record.add(16) as *const u128);
        let mut out = [0u64; 4];
        op(code, a, b, &mut out);
        core::ptr::write_unaligned(record.add(32) as *mut [u64; 4], out);
        i += 1;
    }
    0
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
