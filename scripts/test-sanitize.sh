#!/usr/bin/env bash
# Builds ringtrim and its unit tests with AddressSanitizer +
# UndefinedBehaviorSanitizer (-DRINGTRIM_SANITIZE=ON, -fno-sanitize-recover)
# at -O1 with line tables only (-g1: enough for a report's stack) into
# build-asan/, and runs the unit tests and the end-to-end scripts that reach
# code the golden and conformance runs do not (below), plus the conformance
# cases once at --cores 3 (every option combination through the real binary).
#
# A sanitizer report inside a worker would otherwise look like a crashed
# worker that the ring retries, and the test could still pass; so every
# report goes to a log file (ASAN_OPTIONS/UBSAN_OPTIONS log_path) and the run
# fails if any log file exists afterwards, whatever the tests said.
#
# This is the one build of the Catch2 unit tests in scripts/test.sh (its build
# stage leaves them out), so it uses -Werror too; GCC 12 under ASan gives
# false -Wrestrict and -Wmaybe-uninitialized warnings inside libstdc++
# (<regex>, std::function), so those two are off here. The release build
# keeps them for lib/, ipc/ and apps/.
#   BUILD_DIR (default build-asan), SANITIZE_TESTS (ctest -R regex) may override.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-asan}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DRINGTRIM_SANITIZE=ON -DRINGTRIM_UNIT_TESTS=ON -DRINGTRIM_WERROR=ON \
    -DCMAKE_CXX_FLAGS="-Wno-restrict -Wno-maybe-uninitialized" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# detect_leaks=0: forked roles leave with _exit() by design (no destructors
# run); a leak report there says nothing. Memory errors still abort.
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=0:abort_on_error=1:handle_abort=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"

# The unit tests (the short fuzz run builds its own ASan+UBSan fuzzers: not
# again here), then the e2e scripts of the faults, inputs and outputs that
# the golden and conformance cases do not reach: compression, BGZF and gzip
# members, long reads, hostile input, crashes, quarantine, signals, error
# positions and streams, the newer options. Left out: golden and
# conformance* (the conformance pass below and the unit tests cover that
# code), the packaging, completion and caller tests (they check the build
# tree and the packages, not memory),
# the chaos tests (100 and 40 runs), the differential test against cutadapt
# 4.2 (the conformance pass covers its code) and the real-data sets (minutes each
# under ASan; unsanitized in the main suite).
tests=${SANITIZE_TESTS:-'.'}
status=0
(cd "$build_dir" && ctest --output-on-failure -j"$(nproc)" --timeout 1800 -R "$tests" \
    -E '^(fuzz_short|e2e_(golden|conformance|conformance_cores|conformance_queue|deb|install|completion|snakemake|trim_galore|chaos|chaos_bgzf|real_data|differential))$') || status=$?
conformance=../shared/conformance/run-conformance
if [[ -x $conformance ]]; then
    "$conformance" -j 2 "$PWD/$build_dir/ringtrim --cores 3" | tail -1 | tee "$logs/conformance.txt"
    grep -q ' 0 failed' "$logs/conformance.txt" || status=1
fi
if compgen -G "$logs/asan*" > /dev/null || compgen -G "$logs/ubsan*" > /dev/null; then
    echo "sanitizer reports:" >&2
    cat "$logs"/asan* "$logs"/ubsan* 2>/dev/null | head -200 >&2
    status=1
fi
exit $status
