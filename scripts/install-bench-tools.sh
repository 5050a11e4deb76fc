#!/usr/bin/env bash
# Installs the Debian packages the peer benchmarks and their agreement tests need: SPIN, which
# turns bench/peers/spin/lease.pml into pan.c, and gcc, which compiles pan. (Quint comes from npm
# with `npm ci`.) Neither package has a service to start. Safe to run again: it installs only what
# is missing.
set -euo pipefail

missing=()
missing_bins=()
# need BINARY PACKAGES...: the binary the benchmarks run, and the packages that provide it.
need() {
  local bin=$1
  shift
  if command -v "$bin" >/dev/null 2>&1; then
    echo "install-bench-tools: $bin: found at $(command -v "$bin")"
  else
    echo "install-bench-tools: $bin: missing, will install $*"
    missing+=("$@")
    missing_bins+=("$bin")
  fi
}

need spin spin
need gcc gcc

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-bench-tools: nothing to install"
  exit 0
fi

fail() {
  echo "install-bench-tools: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "cannot install ${missing[*]}: apt-get not found (install them by hand)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "cannot install ${missing[*]}: not root and sudo not found"
  sudo=(sudo)
fi

echo "install-bench-tools: apt-get update"
"${sudo[@]}" apt-get update || fail "apt-get update failed; cannot install ${missing[*]}"
echo "install-bench-tools: apt-get install ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
  fail "apt-get install ${missing[*]} failed"
for bin in "${missing_bins[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || fail "$bin still not found after installing"
done
echo "install-bench-tools: done"
