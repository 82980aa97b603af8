#!/usr/bin/env bash
# Builds localnet/target/debug/lever-localnet (its own workspace and lockfile; see
# Cargo.toml). Installs what its build needs from Debian when missing: libclang-dev
# (rocksdb's bindgen), libssl-dev and pkg-config (system OpenSSL instead of building
# it, ~13 min), protobuf-compiler (protoc for solana-storage-proto; patches/ stands in
# for protobuf-src, which would compile protoc, ~9 min). Cold: about 27 minutes on
# 2 cores; a second run only relinks what changed.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
[ -e /usr/lib/llvm-14/lib/libclang.so ] || ls /usr/lib/llvm-*/lib/libclang*.so >/dev/null 2>&1 || missing+=(libclang-dev)
dpkg -s libssl-dev >/dev/null 2>&1 || missing+=(libssl-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v protoc >/dev/null || missing+=(protobuf-compiler)
if [ ${#missing[@]} -gt 0 ]; then
  echo "localnet: installing ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  fi
fi
export OPENSSL_NO_VENDOR=1
export PROTOC="${PROTOC:-$(command -v protoc)}"
cargo build --locked --bin lever-localnet
ls -la target/debug/lever-localnet
