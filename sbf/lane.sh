#!/usr/bin/env bash
# The SBF lane: builds target/deploy/lever.so from this repository's sources with only
# Debian packages and crates.io (no platform-tools download), then measures compute
# units. Usage: sbf/lane.sh [setup|build|helpers|tests|bench|all]   (default: all)
# LLVM 23 variant: rustc-web 1.96 (LLVM 22) emits bitcode, sbpf-linker 0.2.6 statically
# linked against PyPI's LLVM 23.1.1 (mlc-llvm-static) links it into an SBPF v0 .so.
#
# Everything installed or prepared is cached in $LEVER_SBF_CACHE (default
# ~/.cache/lever-sbf), outside the clone, so a second run only rebuilds the program.
# Production builds use `anchor build` (Solana's platform-tools); this lane exists
# because those cannot be downloaded here. Its codegen differs from platform-tools'
# (upstream LLVM 23 BPF backend, SBPF v0), so figures are approximate, and the program
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
}

setup_llvm23() {
  # LLVM 23.1.1 as relocatable static libraries from PyPI: mlc-llvm-static (X86, headers,
  # llvm-config) + mlc-llvm-static-extra-targets (adds BPF and the other backends).
  LLVM23="$CACHE/llvm23/mlc_llvm_static/static"
  [ -f "$LLVM23/lib/libLLVMBPFCodeGen.a" ] && return
  step "downloading LLVM 23.1.1 static libraries (PyPI mlc-llvm-static + extra-targets)"
  rm -rf "$CACHE/llvm23" "$CACHE/wheels"; mkdir -p "$CACHE/llvm23" "$CACHE/wheels"
  python3 -m pip download -q --no-deps -d "$CACHE/wheels" \
    mlc-llvm-static==23.1.1.post0 mlc-llvm-static-extra-targets==23.1.1.post0
  for w in "$CACHE"/wheels/*.whl; do python3 -m zipfile -e "$w" "$CACHE/llvm23"; done
  chmod +x "$LLVM23/bin/llvm-config"
  "$LLVM23/bin/llvm-config" --targets-built | grep -qw BPF
}

setup_linker() {
  LLVM23="$CACHE/llvm23/mlc_llvm_static/static"
  [ -x "$CACHE/linker/bin/sbpf-linker" ] && return
  step "building sbpf-linker 0.2.6 statically against LLVM 23.1.1 (once, ~4 min)"
  local reg src
  reg=$(ls -d "$HOME"/.cargo/registry/src/*/ | head -1)
  [ -d "$reg/sbpf-linker-0.2.6" ] || cargo info sbpf-linker@0.2.6 >/dev/null
  src="$CACHE/src"; rm -rf "$src"; mkdir -p "$src"
  cp -a "$reg/sbpf-linker-0.2.6" "$src/sbpf-linker"
  python3 "$ROOT/sbf/patches/linker.py" "$src/sbpf-linker"
  python3 "$ROOT/sbf/patches/linker_v0.py" "$src/sbpf-linker"
  (cd "$src/sbpf-linker" && LLVM_PREFIX="$LLVM23" ZLIB_PATH="$LLVM23/lib" LIBZSTD_PATH="$LLVM23/lib" \
    CXXSTDLIB_PATH="$(dirname "$(g++ -print-file-name=libstdc++.a)")" \
    cargo install --path . --root "$CACHE/linker" --locked --no-default-features --features llvm23-static 2>&1 | tail -2)
  "$CACHE/linker/bin/sbpf-linker" --version | grep -q '^LLVM 23'
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
  setup_llvm23
  setup_linker
  setup_std
  setup_target
}

build() {
  setup
  step "building target/deploy/lever.so and the test-only lever_pyth_publisher.so"
  # A throwaway copy of the program's crates, with the one anchor-syn patch applied in
  # its manifest, so the repository's Cargo.toml and Cargo.lock stay untouched.
  local ws="$ROOT/target/sbf/ws"
  rm -rf "$ws"; mkdir -p "$ws"
  cp -a "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/.cargo" "$ws/"
  mkdir -p "$ws/programs" "$ws/crates"
  cp -a "$ROOT/programs/lever" "$ROOT/programs/pyth-publisher" "$ws/programs/"
  cp -a "$ROOT/crates/lever-math" "$ws/crates/"
  # solana-compiler-builtins is a bpf-only dependency: the host builds never fetch it.
  ls -d "$HOME"/.cargo/registry/src/*/solana-compiler-builtins-0.3.0 >/dev/null 2>&1 \
    || cargo info solana-compiler-builtins@0.3.0 >/dev/null
  python3 "$ROOT/sbf/patches/workspace.py" "$ws" "$CACHE"
  cat > "$ws/linker.sh" <<EOF_LINKER
#!/bin/sh
# --arch=v0: the bench's runtime (agave 3.1, solana-sbpf 0.13) predates the SBPF v3
# that sbpf-linker emits by default and refuses its ELF ("invalid file header").
exec "$CACHE/linker/bin/sbpf-linker" "\$@" --arch=v0
EOF_LINKER
  chmod +x "$ws/linker.sh"
  local log="$ROOT/target/sbf/build.log"
  if ! (cd "$ws" && PATH=$DEB_PATH RUSTC_BOOTSTRAP=1 RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1 \
    __CARGO_TESTS_ONLY_SRC_ROOT="$CACHE/rust/library" \
    CARGO_TARGET_DIR="$ROOT/target/sbf/target" \
    cargo build --release -p lever -p lever-pyth-publisher ${LEVER_SBF_FEATURES:+--features "lever/$LEVER_SBF_FEATURES"} --target "$CACHE/bpfel-solana.json" \
      -Zbuild-std=std,panic_abort -Zbuild-std-features= -Zjson-target-spec) > "$log" 2>&1; then
    tail -30 "$log" >&2
    exit 1
  fi
  mkdir -p "$ROOT/target/deploy"
  cp "$ROOT/target/sbf/target/bpfel-solana/release/liblever.so" "$ROOT/target/deploy/lever.so"
  # Test-only: localnet and the SBF test lane load it at the Pyth programs' addresses.
  cp "$ROOT/target/sbf/target/bpfel-solana/release/liblever_pyth_publisher.so" \
    "$ROOT/target/deploy/lever_pyth_publisher.so"
  ls -l "$ROOT/target/deploy/lever.so" "$ROOT/target/deploy/lever_pyth_publisher.so" >&2
}

# Compiles with the lane's toolchain (Debian rustc 1.96 emitting bitcode, sbpf-linker on
# LLVM 23 linking SBPF v0) and its target; used for lever.so and the helper check.
lane_cargo() {
  PATH=$DEB_PATH RUSTC_BOOTSTRAP=1 RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1 \
    __CARGO_TESTS_ONLY_SRC_ROOT="$CACHE/rust/library" cargo "$@"
}

helpers() {
  setup
  step "helper check: the i128, checked-multiply and f64 helpers on SBF against native"
  # The patched builtins (sbf/patches/builtins.py) are what lever.so links: a helper
  # that miscompiles (wrong i128 ABI, wrong stack-argument frame) must fail here.
  local builtins="$CACHE/solana-compiler-builtins"
  if [ ! -f "$builtins/src/lib.rs" ]; then
    ls -d "$HOME"/.cargo/registry/src/*/solana-compiler-builtins-0.3.0 >/dev/null 2>&1 \
      || cargo info solana-compiler-builtins@0.3.0 >/dev/null
    python3 "$ROOT/sbf/patches/builtins.py" \
      "$(ls -d "$HOME"/.cargo/registry/src/*/solana-compiler-builtins-0.3.0 | head -1)" "$builtins"
  fi
  local link="$ROOT/target/sbf/helper-link.sh"
  mkdir -p "$ROOT/target/sbf"
  cat > "$link" <<EOF_LINK
#!/bin/sh
exec "$CACHE/linker/bin/sbpf-linker" "\$@" --arch=v0 --llvm-args=--bpf-stack-size=4096 --deploy=false
EOF_LINK
  chmod +x "$link"
  # Built in a copy, so the [patch] of the builtins stays out of the repository.
  local ws="$ROOT/target/sbf/helper-ws"
  rm -rf "$ws"; mkdir -p "$ws"
  cp -a "$ROOT/sbf/helper-check/ops.rs" "$ROOT/sbf/helper-check/program" "$ws/"
  (cd "$ws/program" && \
    RUSTFLAGS="-C linker=$link -Z unstable-options -C panic=immediate-abort -C relocation-model=static -C passes=lower-atomic" \
    CARGO_TARGET_DIR="$ROOT/target/sbf/helper-target" \
    lane_cargo build --release --target "$CACHE/bpfel-solana.json" \
      -Zbuild-std=core -Zbuild-std-features= -Zjson-target-spec \
      --config "patch.crates-io.solana-compiler-builtins.path='$builtins'") >&2
  (cd "$ROOT" && cargo run -q -p lever-sbf-helper-check -- \
    target/sbf/helper-target/bpfel-solana/release/liblever_helper_check.so)
}

tests() {
  [ -f "$ROOT/target/deploy/lever.so" ] || build
  step "the program tests, the fuzz and the scenarios on target/deploy/lever.so"
  # The harness loads the .so instead of the native program when LEVER_SBF is set;
  # events and return data then come from the real syscalls.
  (cd "$ROOT" && LEVER_SBF="$ROOT/target/deploy/lever.so" cargo test -p lever-tests -p lever-cli)
}

bench() {
  [ -f "$ROOT/target/deploy/lever.so" ] || build
  step "compute units of every instruction, and the scenarios on the .so against native"
  # The host side's profile does not change CU (they are counted in the SBPF VM), so
  # this reuses the test build instead of a separate release build.
  (cd "$ROOT" && cargo run -p lever-cli --bin lever -- bench cu --so target/deploy/lever.so)
}

trace() {
  # A profiling build: compute-unit checkpoints (feature cu-trace) in the log of every
  # bench transaction. Leaves target/deploy/lever.so rebuilt without them.
  LEVER_SBF_FEATURES=cu-trace build
  (cd "$ROOT" && LEVER_BENCH_LOGS=1 cargo run -q -p lever-cli --bin lever -- bench cu --so target/deploy/lever.so) 2>&1 \
    | grep -E '^---|Program log: [a-z_]+:|consumption|consumed' || true
  build
}

case "${1:-all}" in
  setup) setup ;;
  build) build ;;
  helpers) helpers ;;
  tests) tests ;;
  bench) bench ;;
  trace) trace ;;
  all) build; helpers; tests; bench ;;
  *) echo "usage: sbf/lane.sh [setup|build|helpers|tests|bench|trace|all]" >&2; exit 2 ;;
esac
