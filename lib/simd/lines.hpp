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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ringtrim::core {

enum class SimdLevel : std::uint8_t { kPlain, kSse2, kAvx2, kAvx512 };

// The best level this CPU supports (decided once per process).
SimdLevel simd_level();
// "plain", "sse2", "avx2", "avx512".
const char* simd_level_name(SimdLevel level);

// Bit i set where p[i] is '\n', for the first min(avail, 64) bytes. A whole
// block takes four SSE2 compares (part of x86-64, so no dispatch), a short
// one a byte at a time. Inline: the parser calls it once per 64 bytes.
inline std::uint64_t newline_mask(const char* p, std::size_t avail) {
    std::uint64_t mask = 0;
#if defined(__SSE2__)
    if (avail >= 64) {
        const __m128i nl = _mm_set1_epi8('\n');
        for (int i = 0; i < 4; ++i) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
            mask |= std::uint64_t{static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))} << (16 * i);
        }
        return mask;
    }
#endif
    const std::size_t n = avail < 64 ? avail : 64;
    for (std::size_t i = 0; i < n; ++i) mask |= std::uint64_t{p[i] == '\n'} << i;
    return mask;
}

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
