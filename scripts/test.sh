#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, type-checks, runs vitest,
# and ends with one line "N passed, N failed" (the line CI reads).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/vitest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# Real servers (etcd today) come from Debian packages; the tests start them as plain processes.
if ! bash scripts/install-servers.sh; then
  echo "installing the servers the tests need failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# SPIN and gcc for the peer-agreement tests (specs/bench/peers.test.ts), also from Debian packages.
if ! bash scripts/install-bench-tools.sh; then
  echo "installing the bench tools the tests need failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Chromium for the HTML timeline's browser test (specs/trace/html.test.ts), from Debian's package;
# playwright-core (npm) drives it. Playwright's own browser download does not work here.
if ! bash scripts/install-browser.sh; then
  echo "installing the browser the tests need failed"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! node_modules/.bin/tsc --noEmit -p tsconfig.json; then
  echo "type-check failed"
  echo "0 passed, 1 failed"
  exit 1
fi

report=$(mktemp -t haspec-vitest-XXXXXX.json)
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile="$report"
status=$?
# Totals from vitest's JSON report; a run that failed without a failing test (a suite that did
# not load, a crash) still counts as one failure, so CI can never read a red run as green.
node -e '
  const fs = require("node:fs");
  let r = {};
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
  const passed = r.numPassedTests ?? 0;
  let failed = r.numFailedTests ?? 0;
  if (failed === 0 && process.argv[2] !== "0") failed = 1;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" "$status"
rm -f "$report"
exit $status
