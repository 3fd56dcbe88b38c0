#!/usr/bin/env bash
# Configures and builds ringtrim and its tests into build/ (binary: build/ringtrim).
#   BUILD_DIR, CMAKE_ARGS may override (scripts/test.sh passes -DRINGTRIM_UNIT_TESTS=OFF;
#   a later plain build.sh turns the unit tests on again).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DRINGTRIM_UNIT_TESTS=ON ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
