"""Turns the throwaway copy of the workspace into the SBF build workspace: only the
program and lever-math as members, anchor-syn patched, the target's rustflags."""
import pathlib
import re
import shutil
import subprocess
import sys

ws, cache = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

manifest = ws / "Cargo.toml"
text = manifest.read_text()
text = re.sub(r"members = \[.*?\]", 'members = ["crates/lever-math", "programs/lever"]', text, count=1, flags=re.S)

# anchor-syn 1.2.2 generates functions that take more than upstream BPF's 5 register
# arguments once the sret slot of their Result is counted ("stack arguments are not
# supported" / "too many arguments" at link): the per-instruction handler wrappers
# (#[inline(never)]) and entry / try_entry / dispatch (program id + two slices + sret).
# Inlining them is behaviour-neutral.
registry = next(pathlib.Path.home().glob(".cargo/registry/src/*/anchor-syn-1.2.2"))
syn = cache / "anchor-syn"
if not (syn / ".lever-patched-2").exists():
    shutil.rmtree(syn, ignore_errors=True)
    shutil.copytree(registry, syn)
    handlers = syn / "src/codegen/program/handlers.rs"
    lines = handlers.read_text().split("\n")
    hits = [i for i, line in enumerate(lines) if line.strip() == "#[inline(never)]"]
    assert hits, "anchor-syn: #[inline(never)] not found in handlers.rs"
    for i in hits:
        lines[i] = lines[i].replace("#[inline(never)]", "#[inline(always)]")
    handlers.write_text("\n".join(lines))
    for relative, signature in [
        ("src/codegen/program/entry.rs", "pub fn entry<'info>("),
        ("src/codegen/program/entry.rs", "fn try_entry<'info>("),
        ("src/codegen/program/dispatch.rs", "fn dispatch<'info>("),
    ]:
        path = syn / relative
        source = path.read_text()
        assert signature in source, f"anchor-syn: {signature} not found in {relative}"
        path.write_text(source.replace(signature, "#[inline(always)]\n        " + signature, 1))
    (syn / ".lever-patched-2").touch()
text += f'\n[patch.crates-io]\nanchor-syn = {{ path = "{syn}" }}\n'
manifest.write_text(text)

config = ws / ".cargo/config.toml"
config.write_text(config.read_text() + f'''
[target.bpfel-solana]
rustflags = [
    "-C", "linker={ws}/linker.sh",
    "-Z", "unstable-options",
    "-C", "panic=immediate-abort",
    "-C", "relocation-model=static",
    "-C", "passes=lower-atomic",
    "-C", "link-arg=--llvm-args=--bpf-stack-size=4096",
    "-C", "link-arg=--export=__bpf_trap",
    "-C", "link-arg=--llvm-args=-inline-threshold=100000",
]
''')
