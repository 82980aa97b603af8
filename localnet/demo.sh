#!/usr/bin/env bash
# The main job on a fresh machine: build lever.so and the test-only Pyth publisher (the
# SBF lane, sbf/lane.sh), build the local validator (localnet/build.sh), then run
# `lever localnet --demo`: a real validator on 127.0.0.1:8899 with lever deployed and
# seeded (a SOL/USD market, an LP, three positions). Ctrl-C stops it. Extra arguments go
# to `lever localnet` (e.g. --rpc-port 18899; the ledger is wiped unless --keep).
# Cold, on 2 cores: about 40 minutes (the validator's build is most of it); then seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
reset=(--reset)
args=()
for arg in "$@"; do
  if [ "$arg" = "--keep" ]; then reset=(); else args+=("$arg"); fi
done
sbf/lane.sh build
localnet/build.sh
cargo build -q -p lever-cli --bin lever -p lever-keeper --bin lever-keeper
exec target/debug/lever localnet --demo "${reset[@]}" "${args[@]}"
