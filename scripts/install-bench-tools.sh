#!/usr/bin/env bash
# Installs the Debian packages the peer benchmarks and their agreement tests need, when missing:
# SPIN, which turns bench/peers/spin/lease.pml into pan.c, and gcc, which compiles pan. (Quint
# comes from npm with `npm ci`.) See apt-install.sh.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-bench-tools spin=spin gcc=gcc
