#!/usr/bin/env bash
# Matching benchmark: hifazat-matching vs RapidFuzz vs nomenklatura (logic-v2), same files.
# Usage (from anywhere): bash bench/matching/run.sh [--skip-scale] [--skip-nk]
# Needs ../shared beside the repository. Writes generated data and results under bench/out/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install -q "rapidfuzz>=3.14,<4" "nomenklatura==4.17.4" numpy
cargo build --release -p hifazat-matching --example bench_engine
export HIFAZAT_BENCH_ENGINE="${HIFAZAT_BENCH_ENGINE:-$ROOT/target/release/examples/bench_engine}"
mkdir -p bench/out
bench/.venv/bin/python bench/matching/gen_pk.py --out bench/out/pk --big
bench/.venv/bin/python bench/matching/run.py "$@" | tee bench/out/run.log
