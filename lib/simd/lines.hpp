// Newline scanning with SIMD: the parent's cut (every chunk's bytes pass
// through it once, serially) and anything else that counts lines.
//
// One small interface with runtime dispatch: each function has a plain
// version (memchr, one call per line) and vector versions (SSE2, AVX2,
// AVX-512BW: compare 64 bytes at a time, popcount the mask). The vector
// versions are chosen at run time by what the CPU supports; a machine
// without AVX2 (or a non-x86 one) runs the SSE2 or the plain version. Every
// version returns the same result for every input; tests/lib/simd/
// lines_test.cpp checks that each level the CPU has agrees with the plain
// one on random buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringtrim::core {

enum class SimdLevel : std::uint8_t { kPlain, kSse2, kAvx2, kAvx512 };

// The best level this CPU supports (decided once per process).
SimdLevel simd_level();
// "plain", "sse2", "avx2", "avx512".
const char* simd_level_name(SimdLevel level);

// The result of scan_lines().
struct LineScan {
    std::size_t end = 0;      // bytes up to and including newline number `lines` (0 when lines == 0)
    std::uint64_t lines = 0;  // a multiple of `step`, at most max_lines
};

// Newline number k (1-based) of `buf` ends line k. Finds the largest
// multiple of `step` that is at most `max_lines` and at most the number of
// newlines in `buf`, and where that newline ends. FASTQ records end every
// fourth newline: scan_lines(buf, 4 * records, 4) finds the end of the last
// whole record within `records`.
// REQUIRES: step >= 1.
LineScan scan_lines(std::string_view buf, std::uint64_t max_lines, std::uint64_t step);
// The same with a given level; REQUIRES: the CPU supports `level` (tests).
LineScan scan_lines_with(SimdLevel level, std::string_view buf, std::uint64_t max_lines, std::uint64_t step);

}  // namespace ringtrim::core
