#!/usr/bin/env bash
# Sets up a fresh machine that has Node.js 20 and npm only: pnpm, then the workspace's packages.
# With --test, also what the tests need from Debian: Chromium (the playground's browser tests drive
# Debian's Chromium; nothing downloads a browser) and PostgreSQL (the memory store's tests start
# throwaway clusters of their own). Installing those needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Native addons (better-sqlite3) build against the headers Debian's Node ships, so node-gyp does not
# try to download them where no prebuilt binary can be fetched.
if [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi

if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  echo "Installing pnpm 12.4.2 (npm install -g)"
  npm install -g pnpm@12.4.2
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages for the tests: ${missing[*]}"
    sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

pnpm install --frozen-lockfile
