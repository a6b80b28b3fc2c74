#!/usr/bin/env bash
# Registry benchmark (issue 15): seeds the synthetic national demo with CASES cases (default
# 1,000,000) on PostgreSQL and on SQLite with the server's own bulk import, waits for the person
# index, then drives the JSON API with 200 concurrent users without and with think time
# (crates/hifazat-demo/examples/load.rs), and records query plans of the main queries.
#
# Usage: bash bench/registry/run.sh [CASES] [ENGINES]    e.g. bash bench/registry/run.sh 100000 postgres
# With REUSE=1 it seeds nothing: it serves the database an earlier run left (bench/out/registry/
# data-ENGINE, and for PostgreSQL the database hifazat_bench) and runs the load again.
# Needs PostgreSQL at $HIFAZAT_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test;
# the script creates and drops the database hifazat_bench) and psql. Writes under bench/out/registry/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CASES="${1:-1000000}"
ENGINES="${2:-postgres sqlite}"
USERS="${USERS:-200}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-60}"
PG_ADMIN="${HIFAZAT_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
PG_URL="${PG_ADMIN%/*}/hifazat_bench"
LISTEN=127.0.0.1:18181
OUT="$ROOT/bench/out/registry"
mkdir -p "$OUT"

cargo build --release -p hifazat -p hifazat-demo --example load --bin hifazat
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/hifazat"
LOAD="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/load"

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

for engine in $ENGINES; do
  data="$OUT/data-$engine"
  if [ "${REUSE:-0}" = 1 ]; then
    # --demo keeps the demo's sign-in rules; its seeding finds the data there and skips.
    args=(serve --demo --data-dir "$data" --listen "$LISTEN")
  else
    rm -rf "$data" && mkdir -p "$data"
    args=(serve --demo --demo-cases "$CASES" --data-dir "$data" --listen "$LISTEN")
    if [ "$engine" = postgres ]; then
      psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS hifazat_bench WITH (FORCE)" -c "CREATE DATABASE hifazat_bench"
    fi
  fi
  if [ "$engine" = postgres ]; then
    args+=(--database-url "$PG_URL")
  fi
  log="$OUT/server-$engine.log"
  echo "== $engine: seeding $CASES cases"
  start=$(date +%s)
  NO_COLOR=1 RUST_LOG=info "$BIN" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  until grep -q "is serving on" "$log"; do
    kill -0 $pid 2>/dev/null || { echo "the server stopped; see $log" >&2; exit 1; }
    sleep 2
  done
  seeded=$(date +%s)
  # The serving process builds its own person index; when it seeded, the seeding child's
  # "loaded" line comes first.
  want=2
  [ "${REUSE:-0}" = 1 ] && want=1
  until [ "$(grep -v "persons=0 " "$log" | grep -c "person index loaded")" -ge "$want" ]; do sleep 2; done
  indexed=$(date +%s)
  echo "seeded in $((seeded - start)) s (import: $(grep -o 'demo cases imported.*' "$log" | head -1)), person index in $((indexed - seeded)) s more, server resident $(rss_mb $pid) MB" | tee "$OUT/seed-$engine.txt"
  for think in 0 1000; do
    echo "== $engine: $USERS users, think time $think ms"
    "$LOAD" --base "http://$LISTEN" --users "$USERS" --seconds "$SECONDS_PER_RUN" --think-ms "$think" | tee "$OUT/load-$engine-think$think.md"
    echo "server resident $(rss_mb $pid) MB" | tee -a "$OUT/load-$engine-think$think.md"
  done
  kill $pid && wait $pid 2>/dev/null || true
  trap - EXIT
  if [ "$engine" = postgres ]; then
    bash bench/registry/plans.sh "$PG_URL" >"$OUT/plans-postgres.txt" 2>&1 || true
  fi
done
echo "results in $OUT"
