"""sbpf-linker 0.2.6 built against LLVM 22 (its default, LLVM 23, is not packaged here).

bpf-linker 0.13.0: LLVM's BPF backend reports "aggregate returns are not supported"
for functions returning through an sret slot; the SBPF loader accepts them, so the
linker lets that one diagnostic through instead of failing. This is the patch that makes
the lane's results need a cross-check against the native lane (sbf/README.md).
"""
import pathlib
import sys

sbpf, bpf = (pathlib.Path(p) for p in sys.argv[1:3])

linker = bpf / "src" / "linker.rs"
text = linker.read_text()
old = "if MATCHERS.iter().any(|matcher| message.ends_with(matcher)) {"
new = ('if MATCHERS.iter().any(|matcher| message.ends_with(matcher))'
       ' || message.contains("aggregate returns are not supported") {')
assert old in text, "bpf-linker: diagnostic filter not found"
linker.write_text(text.replace(old, new, 1))

manifest = sbpf / "Cargo.toml"
text = manifest.read_text()
assert '    "bpf-linker/llvm-23",' in text, "sbpf-linker: llvm-23 feature not found"
text = text.replace('    "bpf-linker/llvm-23",', '    "bpf-linker/llvm-22",', 1)
text += '\n[patch.crates-io]\nbpf-linker = { path = "../bpf-linker" }\n'
manifest.write_text(text)
(sbpf / "rust-toolchain.toml").unlink(missing_ok=True)
