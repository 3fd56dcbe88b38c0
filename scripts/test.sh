#!/usr/bin/env bash
# Installs what is missing, builds ringtrim with -Werror and runs every test,
# in stages, printing each stage's wall time and a summary at the end:
#   deps       scripts/install-deps.sh --test
#   build      Release build of ringtrim with -Werror, without the Catch2 unit tests
#              (-DRINGTRIM_UNIT_TESTS=OFF: they are built once, in the sanitize stage)
#   checks     the layering check and the short fuzz run (ctest -E '^e2e_')
#   e2e        the end-to-end scripts: golden, conformance (when ../shared exists), callers, faults
#   sanitize   ASan+UBSan build with -Werror of ringtrim and every Catch2 unit test, which run
#              there, with the e2e scripts that reach code the golden and conformance runs
#              do not (scripts/test-sanitize.sh)
# A failing stage stops the run with its status; later stages do not run.
#   BUILD_DIR, CMAKE_ARGS may override; STAGES="build e2e" runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
stages=${STAGES:-"deps build checks e2e sanitize"}
summary=()

run_stage() {
    local name=$1
    shift
    [[ " $stages " == *" $name "* ]] || return 0
    echo "=== stage $name: start $(date -u +%H:%M:%S)"
    local start=$SECONDS status=0
    "$@" || status=$?
    local took=$((SECONDS - start))
    summary+=("$(printf '%-9s %4d s  %s' "$name" "$took" "$([[ $status == 0 ]] && echo ok || echo "FAILED ($status)")")")
    echo "=== stage $name: $took s, $([[ $status == 0 ]] && echo ok || echo "failed ($status)")"
    if [[ $status != 0 ]]; then
        print_summary
        exit "$status"
    fi
}

print_summary() {
    echo "=== stage times"
    printf '  %s\n' "${summary[@]}"
    echo "  total     $SECONDS s"
}

ctest_in_build() { (cd "$build_dir" && ctest --output-on-failure -j"$(nproc)" --timeout 1200 "$@"); }

run_stage deps scripts/install-deps.sh --test
run_stage build env BUILD_DIR="$build_dir" CMAKE_ARGS="-DRINGTRIM_WERROR=ON -DRINGTRIM_UNIT_TESTS=OFF ${CMAKE_ARGS:-}" \
    scripts/build.sh
run_stage checks ctest_in_build -E '^e2e_'
run_stage e2e ctest_in_build -R '^e2e_'
run_stage sanitize scripts/test-sanitize.sh
print_summary
