#!/usr/bin/env bash
# Prepares a fresh Debian machine for bench: Debian's Docker engine, debootstrap (for the offline
# base images), a running dockerd, and the project's npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
# The HTML report's browser test (test/docker/report-browser.test.ts) drives Debian's chromium.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# npm run bench:loadgen compares the bench's load path with wrk.
command -v wrk >/dev/null 2>&1 || need+=(wrk)
# The progress display's terminal test (test/docker/progress-terminal.test.ts) runs bench in tmux.
command -v tmux >/dev/null 2>&1 || need+=(tmux)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

as_root bash docker/start-engine.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  # Exactly the locked versions; npm ci never rewrites package-lock.json, so a clone stays clean.
  npm ci --no-fund --no-audit --loglevel=error
fi
echo "setup: ready"
