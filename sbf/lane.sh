#!/usr/bin/env bash
# The SBF lane: builds target/deploy/lever.so from this repository's sources with only
# Debian packages and crates.io (no platform-tools download), then measures compute
# units. Usage: sbf/lane.sh [setup|build|bench|all]   (default: all)
#
# Everything installed or prepared is cached in $LEVER_SBF_CACHE (default
# ~/.cache/lever-sbf), outside the clone, so a second run only rebuilds the program.
# Production builds use `anchor build` (Solana's platform-tools); this lane exists
# because those cannot be downloaded here. Its codegen differs from platform-tools'
# (upstream LLVM 22 BPF backend, SBPF v3), so figures are approximate, and the program
# is cross-checked against the native test lane (see sbf/README.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${LEVER_SBF_CACHE:-$HOME/.cache/lever-sbf}
mkdir -p "$CACHE"
step() { printf '\n== sbf lane: %s\n' "$*" >&2; }

# Debian's rustc/cargo 1.96 (LLVM 22) must come first: rustup's proxies would pick the
# project's stable toolchain, which has no BPF target libraries.
DEB_PATH=/usr/bin:$PATH

setup_packages() {
  if ! /usr/bin/rustc --version 2>/dev/null | grep -q '^rustc 1.96' || [ ! -d /usr/src/rustc-1.96.0/library ]; then
    step "installing Debian rustc-web 1.96 (LLVM 22), BPF std libs and Rust sources"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web libstd-rust-web-dev-bpf rust-web-src >/dev/null
  fi
  # aya-rustc-llvm-proxy (inside the linker) dlopen()s the first libLLVM* on
  # LD_LIBRARY_PATH; /usr/lib also holds LLVM 14/15, so point it at LLVM 22 alone.
  mkdir -p "$CACHE/llvmlib"
  ln -sf /usr/lib/x86_64-linux-gnu/libLLVM.so.22.1 "$CACHE/llvmlib/libLLVM.so.22.1"
}

setup_linker() {
  [ -x "$CACHE/linker/bin/sbpf-linker" ] && return
  step "building sbpf-linker 0.2.6 against LLVM 22 (once, ~10 min)"
  local reg src
  reg=$(ls -d "$HOME"/.cargo/registry/src/*/ | head -1)
  [ -d "$reg/sbpf-linker-0.2.6" ] || cargo info sbpf-linker@0.2.6 >/dev/null
  [ -d "$reg/bpf-linker-0.13.0" ] || cargo info bpf-linker@0.13.0 >/dev/null
  src="$CACHE/src"; rm -rf "$src"; mkdir -p "$src"
  cp -a "$reg/sbpf-linker-0.2.6" "$src/sbpf-linker"; cp -a "$reg/bpf-linker-0.13.0" "$src/bpf-linker"
  python3 "$ROOT/sbf/patches/linker.py" "$src/sbpf-linker" "$src/bpf-linker"
  (cd "$src/sbpf-linker" && LD_LIBRARY_PATH="$CACHE/llvmlib" cargo install --path . --root "$CACHE/linker" --locked 2>&1 | tail -2) \
    || (cd "$src/sbpf-linker" && LD_LIBRARY_PATH="$CACHE/llvmlib" cargo install --path . --root "$CACHE/linker" 2>&1 | tail -2)
}

setup_std() {
  [ -f "$CACHE/rust/library/.lever-patched" ] && return
  step "patching a copy of Debian's Rust 1.96 library sources for os = solana"
  rm -rf "$CACHE/rust"; mkdir -p "$CACHE/rust"
  cp -a /usr/src/rustc-1.96.0/library "$CACHE/rust/"
  python3 "$ROOT/sbf/patches/std.py" "$CACHE/rust/library"
  touch "$CACHE/rust/library/.lever-patched"
}

setup_target() {
  # bpfel-unknown-none with os = "solana" (solana crates take their on-chain paths)
  # and atomic-cas (alloc::sync exists); generated from the installed rustc.
  RUSTC_BOOTSTRAP=1 /usr/bin/rustc -Z unstable-options --print target-spec-json --target bpfel-unknown-none \
    | python3 "$ROOT/sbf/patches/target.py" > "$CACHE/bpfel-solana.json"
}

setup() {
  setup_packages
  setup_linker
  setup_std
  setup_target
}

build() {
  setup
  step "building target/deploy/lever.so"
  # A throwaway copy of the program's crates, with the one anchor-syn patch applied in
  # its manifest, so the repository's Cargo.toml and Cargo.lock stay untouched.
  local ws="$ROOT/target/sbf/ws"
  rm -rf "$ws"; mkdir -p "$ws"
  cp -a "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/.cargo" "$ws/"
  mkdir -p "$ws/programs" "$ws/crates"
  cp -a "$ROOT/programs/lever" "$ws/programs/"; cp -a "$ROOT/crates/lever-math" "$ws/crates/"
  python3 "$ROOT/sbf/patches/workspace.py" "$ws" "$CACHE"
  cat > "$ws/linker.sh" <<EOF_LINKER
#!/bin/sh
# --disable-math-builtins: compiler_builtins' i128 helpers do not compile with LLVM 22's
# BPF backend; the program's i128 operations are lowered inline instead.
exec "$CACHE/linker/bin/sbpf-linker" "\$@" --disable-math-builtins
EOF_LINKER
  chmod +x "$ws/linker.sh"
  local log="$ROOT/target/sbf/build.log"
  if ! (cd "$ws" && PATH=$DEB_PATH LD_LIBRARY_PATH="$CACHE/llvmlib" RUSTC_BOOTSTRAP=1 RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1 \
    __CARGO_TESTS_ONLY_SRC_ROOT="$CACHE/rust/library" \
    CARGO_TARGET_DIR="$ROOT/target/sbf/target" \
    cargo build --release -p lever --target "$CACHE/bpfel-solana.json" \
      -Zbuild-std=std,panic_abort -Zbuild-std-features= -Zjson-target-spec) > "$log" 2>&1; then
    if grep -q "A call to built-in function" "$log"; then
      grep -o "A call to built-in function '[^']*' is not supported" "$log" | sort | uniq -c | sort -rn >&2
      cat >&2 <<'EOF_BLOCKED'

sbf lane: BLOCKED. LLVM 22's BPF backend (the newest LLVM Debian packages here)
refuses every libcall it generates: overflow-checked u64 multiplication expands to
__multi3, 128-bit fixed point to __udivti3, Anchor's rent math to f64 soft-float.
Any realistic Anchor program needs them; the trial's toy program had none. This needs
platform-tools (`anchor build`) or an LLVM >= 23 toolchain; see sbf/README.md.
Full log: target/sbf/build.log
EOF_BLOCKED
      exit 3
    fi
    tail -30 "$log" >&2
    exit 1
  fi
  mkdir -p "$ROOT/target/deploy"
  cp "$ROOT/target/sbf/target/bpfel-solana/release/lever.so" "$ROOT/target/deploy/lever.so"
  ls -l "$ROOT/target/deploy/lever.so" >&2
}

bench() {
  [ -f "$ROOT/target/deploy/lever.so" ] || build
  step "compute units of every instruction, and the scenarios on the .so against native"
  # The host side's profile does not change CU (they are counted in the SBPF VM), so
  # this reuses the test build instead of a separate release build.
  (cd "$ROOT" && cargo run -p lever-cli --bin lever -- bench cu --so target/deploy/lever.so)
}

case "${1:-all}" in
  setup) setup ;;
  build) build ;;
  bench) bench ;;
  all) build; bench ;;
  *) echo "usage: sbf/lane.sh [setup|build|bench|all]" >&2; exit 2 ;;
esac
