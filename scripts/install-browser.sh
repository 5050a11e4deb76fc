#!/usr/bin/env bash
# Installs Debian's Chromium, when missing, for the HTML timeline's browser test
# (specs/trace/html.test.ts) and scripts/screenshot.ts. playwright-core (from npm with `npm ci`)
# drives it at /usr/bin/chromium; Playwright's own browser download does not work on these
# machines, so this is the only browser the project uses. See apt-install.sh.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-browser chromium=chromium
