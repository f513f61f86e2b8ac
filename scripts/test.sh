#!/usr/bin/env bash
# The whole test suite: formatting, lints (warnings are errors), every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# Always --workspace: the same feature unification for every step, so nothing rebuilds.
echo "== fmt";    cargo fmt --all --check
echo "== clippy"; cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== build";  cargo build --workspace --all-targets --locked
echo "== tests";  cargo nextest run --workspace --locked --no-fail-fast
