#!/usr/bin/env bash
# One command for a local hub with demo data: a throwaway PostgreSQL cluster in a temp
# folder (Debian's postgresql package; run as root it runs as the `postgres` user), then
# `kube-ledger hub --demo` on 127.0.0.1:8090 until ctrl-c, when the cluster is removed.
# HUB_DEMO_ADDR and HUB_DEMO_PG_PORT change the addresses.
set -euo pipefail
cd "$(dirname "$0")/.."

addr=${HUB_DEMO_ADDR:-127.0.0.1:8090}
port=${HUB_DEMO_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL tidak terpasang: sudo apt-get install postgresql" >&2
  exit 1
fi
dir=$(mktemp -d -t kube-ledger-hub-demo.XXXXXX)
chmod 777 "$dir"
as_owner=()
[ "$(id -u)" -ne 0 ] || as_owner=(runuser -u postgres --)

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U hub --auth=trust -E UTF8 --no-sync >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/postgres.log" -w start >/dev/null
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT
"$bin/createdb" -h 127.0.0.1 -p "$port" -U hub hub

cargo build --release --quiet
echo "PostgreSQL sementara di 127.0.0.1:$port (dihapus saat berhenti)"
./target/release/kube-ledger hub --database-url "postgres://hub@127.0.0.1:$port/hub" --addr "$addr" --demo
