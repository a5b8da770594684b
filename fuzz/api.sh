#!/usr/bin/env bash
# API fuzzing with schemathesis (PyPI) driven by annocert's own OpenAPI document: a demo database,
# one server, a token per role (center admin, examiner, trainee), and every operation tried with
# generated requests; any 5xx answer fails the run. See docs/fuzzing.md.
#   fuzz/api.sh [BINARY] [MAX_EXAMPLES]     (defaults: target/debug/annocert, 25)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(realpath -m "${1:-${CARGO_TARGET_DIR:-target}/debug/annocert}")"
MAX="${2:-25}"
[ -x "$BIN" ] || { echo "no annocert binary at $BIN: cargo build first" >&2; exit 1; }
command -v st >/dev/null || python3 -m pip install -q schemathesis || { echo "could not install schemathesis" >&2; exit 1; }

WORK="$(mktemp -d)"
PORT="${PORT:-8311}"
BASE="http://127.0.0.1:$PORT"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" demo --data-dir "$WORK/data" >"$WORK/demo.txt"
"$BIN" serve --data-dir "$WORK/data" --listen "127.0.0.1:$PORT" \
  --rate-limit-address 0 --rate-limit-client 0 >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do curl -sf "$BASE/api/v1/openapi.json" >/dev/null && break; sleep 0.5; done

# A token for one demo account: sign in, set a new password (the demo's are one-time), create it.
token_for() {
  local role="$1" login pw jar csrf
  login=$(awk -v r="$role" '$1 == r {print $2; exit}' "$WORK/demo.txt")
  pw=$(awk -v r="$role" '$1 == r {print $3; exit}' "$WORK/demo.txt")
  jar="$WORK/jar-$role"
  csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/api/v1/csrf" | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
  local h=(-sf -c "$jar" -b "$jar" -H 'content-type: application/json' -H "x-csrf-token: $csrf")
  curl "${h[@]}" -d "{\"login\":\"$login\",\"password\":\"$pw\"}" "$BASE/api/v1/session" >/dev/null
  curl "${h[@]}" -d "{\"current\":\"$pw\",\"new\":\"Fuzz-$role-2026!x\",\"confirm\":\"Fuzz-$role-2026!x\"}" "$BASE/api/v1/me/password" >/dev/null
  curl "${h[@]}" -d '{"name":"schemathesis"}' "$BASE/api/v1/tokens" | python3 -c 'import sys, json; print(json.load(sys.stdin)["secret"])'
}

# schemathesis keeps its cache and reports in the working directory: keep them out of the repo.
cd "$WORK"
status=0
for role in center_admin examiner trainee; do
  echo "== schemathesis as $role"
  st run "$BASE/api/v1/openapi.json" -H "Authorization: Bearer $(token_for "$role")" \
    --checks not_a_server_error --max-examples "$MAX" -w 1 --seed "${SEED:-20261207}" \
    --exclude-path /api/v1/session --exclude-path '/api/v1/tokens/{id}' --exclude-path /api/v1/me/password \
    || status=1
done
if grep -q 'panicked' "$WORK/server.log"; then echo "the server log has a panic:" >&2; grep -A5 panicked "$WORK/server.log" >&2; status=1; fi
exit $status
