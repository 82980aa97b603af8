"""Patches a copy of Debian's Rust 1.96 library sources so std builds for bpfel with
os = "solana" (the target has no std upstream). Each patch names the error it avoids."""
import pathlib
import re
import sys

lib = pathlib.Path(sys.argv[1])


def patch(path, old, new, count=1):
    p = lib / path
    text = p.read_text()
    assert old in text, f"{path}: {old!r} not found"
    p.write_text(text.replace(old, new, count))


# std has no port for os = solana: treat it like the zkvm port (no OS, no threads),
# otherwise std's sys modules fail to resolve ("unsupported target").
for source in (lib / "std" / "src").rglob("*.rs"):
    text = source.read_text()
    if 'target_os = "zkvm"' in text:
        source.write_text(text.replace('target_os = "zkvm"', 'any(target_os = "zkvm", target_os = "solana")'))

# MIN_ALIGN has no value for arch = bpf ("cannot find value MIN_ALIGN").
patch("std/src/sys/alloc/mod.rs", '    target_arch = "wasm64",\n', '    target_arch = "wasm64",\n    target_arch = "bpf",\n')

# LLVM's BPF backend lowers llvm.trap to a call to __bpf_trap ("undefined symbol
# __bpf_trap" at link): route it to the SBPF abort syscall.
with open(lib / "std/src/sys/pal/zkvm/mod.rs", "a") as f:
    f.write('''
#[cfg(target_os = "solana")]
#[unsafe(no_mangle)]
pub extern "C" fn __bpf_trap() -> ! {
    unsafe extern "C" {
        fn abort() -> !;
    }
    unsafe { abort() }
}
''')

# RandomState::new keeps its keys in a thread_local: a writable .bss section, which the
# SBPF loader refuses. Fixed keys instead (HashMap is not used for untrusted keys here).
patch("std/src/hash/random.rs", "    pub fn new() -> RandomState {\n",
      "    pub fn new() -> RandomState {\n"
      "        #[cfg(target_os = \"solana\")]\n        {\n            return RandomState { k0: 0, k1: 0 };\n        }\n"
      "        #[allow(unreachable_code)]\n")

# Upstream BPF passes at most 5 arguments in registers and has no stack arguments;
# Formatter::pad_integral takes 6 ("too many arguments"): always inline it.
patch("core/src/fmt/mod.rs", "    pub fn pad_integral(", "    #[inline(always)]\n    pub fn pad_integral(")
