#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang and
# -fsanitize=fuzzer,address,undefined into build-fuzz-clang, then runs each
# for N seconds over a scratch copy of its seed corpus (tests/fuzz/corpus/).
#   scripts/fuzz.sh [SECONDS]          default 30 seconds per target
#   FUZZ_TARGETS="fuzz_parser" scripts/fuzz.sh 120
# A crash or a violated invariant stops the run with a non-zero exit; the
# input is left as build-fuzz-clang/fuzz-artifacts/<target>/crash-*: copy it
# into tests/fuzz/corpus/<target>/ (named for the bug) so the replay test
# (test_corpus_replay_test, normal build) keeps it fixed. New coverage-increasing
# inputs stay in build-fuzz-clang/fuzz-corpus/<target>/ (not copied back).
# Needs clang and libFuzzer (Debian 12: clang-14, libclang-rt-14-dev; both
# installed by scripts/install-deps.sh --test); fails when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${FUZZ_BUILD_DIR:-build-fuzz-clang}
targets=${FUZZ_TARGETS:-"fuzz_chunker fuzz_parser"}

cxx=${FUZZ_CXX:-}
if [[ -z $cxx ]]; then
  for c in clang++ clang++-14 clang++-15 clang++-16; do
    if command -v "$c" >/dev/null; then cxx=$c; break; fi
  done
fi
if [[ -z $cxx ]]; then
  echo "fuzz.sh: error: clang++ not found; run scripts/install-deps.sh --test" >&2
  exit 1
fi
# libFuzzer ships separately from the compiler (libclang-rt-*-dev).
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' > "$probe/p.cpp"
if ! "$cxx" -fsanitize=fuzzer "$probe/p.cpp" -o "$probe/p" 2> "$probe/err"; then
  echo "fuzz.sh: error: $cxx cannot link libFuzzer; run scripts/install-deps.sh --test" >&2
  sed 's/^/  /' "$probe/err" >&2
  exit 1
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
  -DRINGTRIM_FUZZ=ON > "$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The targets run side by side (each is one process on one core).
status=0
pids=()
for t in $targets; do
  corpus=$build/fuzz-corpus/$t
  artifacts=$build/fuzz-artifacts/$t
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp tests/fuzz/corpus/"${t#fuzz_}"/* "$corpus"/
  echo "fuzz.sh: $t for ${seconds}s"
  "$build/$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" > "$build/$t.log" 2>&1 &
  pids+=($!)
done
i=0
for t in $targets; do
  artifacts=$build/fuzz-artifacts/$t
  if ! wait "${pids[$i]}"; then
    echo "fuzz.sh: $t FAILED; last lines of $build/$t.log:" >&2
    tail -40 "$build/$t.log" >&2
    ls "$artifacts" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/$t.log" | sed "s/^/  $t /"
  fi
  i=$((i + 1))
done
exit $status
