#!/usr/bin/env bash
# Installs the Debian packages whose servers the tests start as plain processes. Installing may
# add a systemd unit, but nothing here starts a system service: the tests run their own.
# Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
missing_bins=()
# need BINARY PACKAGES...: the binary the tests run, and the packages that provide it.
need() {
  local bin=$1
  shift
  if command -v "$bin" >/dev/null 2>&1; then
    echo "install-servers: $bin: found at $(command -v "$bin")"
  else
    echo "install-servers: $bin: missing, will install $*"
    missing+=("$@")
    missing_bins+=("$bin")
  fi
}

need etcd etcd-server etcd-client
need /usr/sbin/mariadbd mariadb-server
need /usr/lib/postgresql/15/bin/postgres postgresql

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-servers: nothing to install"
  exit 0
fi

fail() {
  echo "install-servers: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "cannot install ${missing[*]}: apt-get not found (install them by hand)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "cannot install ${missing[*]}: not root and sudo not found"
  sudo=(sudo)
fi

# A policy-rc.d that exits 101 tells the packages' maintainer scripts not to start their services
# (on a machine with a running init they would, e.g. a system etcd on port 2379).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi

echo "install-servers: apt-get update"
"${sudo[@]}" apt-get update || fail "apt-get update failed; cannot install ${missing[*]}"
echo "install-servers: apt-get install ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
  fail "apt-get install ${missing[*]} failed"
for bin in "${missing_bins[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || fail "$bin still not found after installing"
done
echo "install-servers: done"
