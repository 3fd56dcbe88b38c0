#!/usr/bin/env bash
# Installs what is missing, builds ringtrim with -Werror and runs every test
# (unit, golden, conformance when ../shared/conformance exists, end to end),
# then the end-to-end tests under ASan+UBSan (scripts/test-sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
BUILD_DIR=${BUILD_DIR:-build} CMAKE_ARGS="-DRINGTRIM_WERROR=ON ${CMAKE_ARGS:-}" scripts/build.sh
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j"$(nproc)" --timeout 1200)
# The end-to-end tests again under ASan+UBSan (issue 13).
scripts/test-sanitize.sh
