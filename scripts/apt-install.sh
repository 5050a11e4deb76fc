#!/usr/bin/env bash
# Installs the Debian packages that provide binaries when those binaries are missing; shared by
# install-servers.sh and install-bench-tools.sh. Safe to run again: it installs only what is
# missing. Nothing here starts a system service: a policy-rc.d that exits 101 tells the packages'
# maintainer scripts not to (on a machine with a running init they would, e.g. a system etcd on
# port 2379); the tests start their own servers as plain processes.
#
#   bash scripts/apt-install.sh LABEL BINARY=PACKAGE[,PACKAGE...] ...
set -euo pipefail

label=$1
shift
missing=()
missing_bins=()
for spec in "$@"; do
  bin=${spec%%=*}
  IFS=, read -r -a pkgs <<<"${spec#*=}"
  if command -v "$bin" >/dev/null 2>&1; then
    echo "$label: $bin: found at $(command -v "$bin")"
  else
    echo "$label: $bin: missing, will install ${pkgs[*]}"
    missing+=("${pkgs[@]}")
    missing_bins+=("$bin")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "$label: nothing to install"
  exit 0
fi

fail() {
  echo "$label: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "cannot install ${missing[*]}: apt-get not found (install them by hand)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "cannot install ${missing[*]}: not root and sudo not found"
  sudo=(sudo)
fi

policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi

echo "$label: apt-get update"
"${sudo[@]}" apt-get update || fail "apt-get update failed; cannot install ${missing[*]}"
echo "$label: apt-get install ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
  fail "apt-get install ${missing[*]} failed"
for bin in "${missing_bins[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || fail "$bin still not found after installing"
done
echo "$label: done"
