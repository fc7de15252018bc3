#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs the peer tools the tests compare
# against (hledger, ledger) and the browser the page tests drive (chromium with its
# chromedriver) and PostgreSQL (the hub's tests start a throwaway cluster of their own),
# then runs `cargo test`. No test skips itself.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v hledger >/dev/null 2>&1 || packages+=(hledger)
command -v ledger >/dev/null 2>&1 || packages+=(ledger)
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
if [ ${#packages[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${packages[@]}" </dev/null
fi

cargo test "$@"
