#!/usr/bin/env bash
# Runs the demo: the daemon in demo mode (built-in demo hotel, no credentials).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --workspace --locked
echo "demo: public listener http://127.0.0.1:8080/health/ready, admin http://127.0.0.1:8787/metrics (Ctrl-C stops)"
exec "$CARGO_TARGET_DIR/debug/conserje" serve --demo --data-dir "${CONSERJE_DEMO_DIR:-$PWD/.conserje-demo}" "$@"
