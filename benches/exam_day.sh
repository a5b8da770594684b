#!/usr/bin/env bash
# An exam day under load, reproducibly: fresh servers on a fresh database, the load generator
# (examples/loadtest.rs) against them, the servers stopped and the database dropped after.
#
#   cargo build --release --bin annocert --example loadtest
#   benches/exam_day.sh sqlite 1000              # one instance on SQLite
#   benches/exam_day.sh postgres 1000 2          # two instances sharing one PostgreSQL database
#
# Environment: BIN and LOADTEST (the binaries), SAVES and PACE_MS (per candidate; default 20
# saves, one a second), SPREAD_MS (candidates start evenly over that time; default 0: all at
# once), LATE_PERCENT (that share of the candidates sign in once the exam has begun, while
# the others save; default 0), PG (a PostgreSQL server URL without a database; default
# postgres://postgres@127.0.0.1:5432), OUT (the JSON report; default exam-day.json).
# Figures from this machine are in docs/performance.md.
set -euo pipefail
db="${1:?sqlite or postgres}"
candidates="${2:-1000}"
instances="${3:-1}"
target="${CARGO_TARGET_DIR:-target}"
BIN="${BIN:-$target/release/annocert}"
LOADTEST="${LOADTEST:-$target/release/examples/loadtest}"
PG="${PG:-postgres://postgres@127.0.0.1:5432}"
[ -x "$BIN" ] && [ -x "$LOADTEST" ] ||
  { echo "exam_day: build first: cargo build --release --bin annocert --example loadtest" >&2; exit 1; }

data="$(mktemp -d)"
pids=()
pgdb=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pgdb" ] && psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

case "$db" in
  sqlite) url="sqlite://$data/annocert.db" ;;
  postgres)
    pgdb="annocert_lt_$$"
    psql "$PG/postgres" -qc "CREATE DATABASE $pgdb" >/dev/null
    url="$PG/$pgdb" ;;
  *) echo "exam_day: sqlite or postgres, not $db" >&2; exit 1 ;;
esac

urls=()
for i in $(seq 1 "$instances"); do
  port=$((8090 + i))
  DATABASE_URL="$url" "$BIN" serve --data-dir "$data" --listen "127.0.0.1:$port" \
    --rate-limit-address 0 --rate-limit-client 0 >"$data/server$i.log" 2>&1 &
  pids+=("$!")
  urls+=("http://127.0.0.1:$port")
  # The first instance bootstraps (admin, shipped banks) before the next one starts.
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$data/server$i.log" >&2; exit 1; }
    sleep 0.5
  done
done
password="$(grep -oP '一次性密码: \K\S+' "$data/server1.log" | head -n1)"
[ -n "$password" ] || { echo "exam_day: no admin password in the first server's log" >&2; exit 1; }

IFS=,
"$LOADTEST" --url "${urls[*]}" --server-pid "${pids[*]}" --admin-password "$password" \
  --candidates "$candidates" --saves "${SAVES:-20}" --pace-ms "${PACE_MS:-1000}" --spread-ms "${SPREAD_MS:-0}" \
  --late-percent "${LATE_PERCENT:-0}" \
  --json "${OUT:-exam-day.json}"
