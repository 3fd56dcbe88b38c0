#!/usr/bin/env bash
# Builds ringtrim with AddressSanitizer + UndefinedBehaviorSanitizer
# (-DRINGTRIM_SANITIZE=ON, -fno-sanitize-recover) into build-asan/ and runs
# the end-to-end tests against it, plus the conformance cases at --cores 3.
#
# A sanitizer report inside a worker would otherwise look like a crashed
# worker that the ring retries, and the test could still pass; so every
# report goes to a log file (ASAN_OPTIONS/UBSAN_OPTIONS log_path) and the run
# fails if any log file exists afterwards, whatever the tests said.
#
# Warnings are the main build's business (-Werror there); this build only
# looks for memory errors and undefined behaviour, so it does not use -Werror
# (GCC 12 gives false -Wrestrict warnings inside libstdc++ under ASan).
#   BUILD_DIR (default build-asan), SANITIZE_TESTS (ctest -R regex) may override.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-asan}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRINGTRIM_SANITIZE=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target ringtrim

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# detect_leaks=0: forked roles leave with _exit() by design (no destructors
# run); a leak report there says nothing. Memory errors still abort.
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=0:abort_on_error=1:handle_abort=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"

# Every e2e test but those that install or package the build and the bash
# completion's (they need the whole build tree, not just the binary), the chaos tests (100 and 40 runs) and the
# real-data sets (minutes each under ASan; the same code paths run in the
# golden, conformance and identity tests here, and unsanitized in the main
# suite).
tests=${SANITIZE_TESTS:-'^e2e_'}
status=0
(cd "$build_dir" && ctest --output-on-failure -j"$(nproc)" --timeout 1800 -R "$tests" \
    -E '^e2e_(deb|install|completion|snakemake|trim_galore|chaos|chaos_bgzf|real_data)$') || status=$?
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
