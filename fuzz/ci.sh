#!/usr/bin/env bash
# Bounded fuzzing, as `.ci/run` does it: builds the cargo-fuzz targets with libFuzzer's
# coverage instrumentation on the stable toolchain (the flags cargo-fuzz passes when run with
# `--sanitizer none`, so neither cargo-fuzz nor a nightly toolchain is needed) and runs each
# target for SECONDS (default 20). A crash fails the run; its input is kept under
# fuzz/artifacts/<target>/ and replays with `fuzz/target/<host triple>/ci/<target> <file>`.
#
#   fuzz/ci.sh [SECONDS]          FUZZ_TARGET_DIR=… to build elsewhere than fuzz/target
set -euo pipefail
cd "$(dirname "$0")"
each="${1:-20}"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/target}"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
command -v c++ >/dev/null || { echo "fuzz: a C++ compiler is needed to build libFuzzer" >&2; exit 1; }

# An explicit --target, as cargo-fuzz gives: RUSTFLAGS then reach the targets' code but not
# build scripts and proc macros, which must not be instrumented.
host="$(rustc -vV | sed -n 's/^host: //p')"
echo "== building the fuzz targets (instrumented, profile ci, $host)"
cargo build --profile ci --bins --locked --target "$host"
bins="$CARGO_TARGET_DIR/$host/ci"

# Seeds: the shipped bank files for the bank parser; the others start empty.
seeds_for() {
  case "$1" in
    # sed reads to the end (head would stop early, and under pipefail find's SIGPIPE then
    # failed the whole run when find had not finished writing): the first 40 in a stable order.
    bank_toml) find ../question_banks -name '*.toml' -size -64k | sort | sed -n '1,40p' ;;
    *) ;;
  esac
}

for target in bank_toml sheets bank_zip score_line score_kind; do
  corpus="$(mktemp -d)"
  seeds="$(mktemp -d)"
  seeds_for "$target" | while read -r f; do cp "$f" "$seeds/"; done
  mkdir -p "artifacts/$target"
  log="$(mktemp)"
  echo "== fuzzing $target for ${each} s"
  if ! "$bins/$target" -max_total_time="$each" -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
      "$corpus" "$seeds" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target found a crash; its input is under fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' '
  echo
  rm -rf "$corpus" "$seeds" "$log"
done
