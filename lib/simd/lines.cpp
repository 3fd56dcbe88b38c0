#include "lib/simd/lines.hpp"

#include <cstring>

#include "lib/simd/target.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#define RINGTRIM_X86 1
#endif
// The AVX levels are compiled in target regions (a pragma of GCC or clang).
#if defined(RINGTRIM_X86) && defined(__GNUC__)
#define RINGTRIM_X86_AVX 1
#endif

namespace ringtrim::core {

namespace plain {

// The reference: one memchr per line.
LineScan scan(const char* p, std::size_t n, std::uint64_t max_lines, std::uint64_t step) {
    LineScan best;
    if (max_lines < step) return best;
    const std::uint64_t last = max_lines / step * step;
    std::uint64_t count = 0;
    for (std::size_t o = 0; o < n;) {
        const void* hit = std::memchr(p + o, '\n', n - o);
        if (hit == nullptr) break;
        o = static_cast<std::size_t>(static_cast<const char*>(hit) - p) + 1;
        if (++count % step != 0) continue;
        best = {o, count};
        if (count == last) break;
    }
    return best;
}

}  // namespace plain

#if defined(RINGTRIM_X86)
namespace sse2 {  // part of x86-64 itself: no target region needed

inline std::uint64_t mask64(const char* p) { return newline_mask(p, 64); }
#include "lib/simd/lines_kernel.inc"

}  // namespace sse2
#endif

#if defined(RINGTRIM_X86_AVX)
RINGTRIM_TARGET_BEGIN("avx2")
namespace avx2 {

inline std::uint64_t mask32(const char* p) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))));
}
inline std::uint64_t mask64(const char* p) { return mask32(p) | mask32(p + 32) << 32; }
#include "lib/simd/lines_kernel.inc"

}  // namespace avx2
RINGTRIM_TARGET_END

RINGTRIM_TARGET_BEGIN("avx512f,avx512bw")
namespace avx512 {

inline std::uint64_t mask64(const char* p) {
    const __m512i v = _mm512_loadu_si512(p);
    return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
}
#include "lib/simd/lines_kernel.inc"

}  // namespace avx512
RINGTRIM_TARGET_END
#endif

namespace {

SimdLevel detect() {
#if defined(RINGTRIM_X86_AVX)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512f")) return SimdLevel::kAvx512;
    if (__builtin_cpu_supports("avx2")) return SimdLevel::kAvx2;
#endif
#if defined(RINGTRIM_X86)
    return SimdLevel::kSse2;
#else
    return SimdLevel::kPlain;
#endif
}

}  // namespace

SimdLevel simd_level() {
    static const SimdLevel level = detect();
    return level;
}

const char* simd_level_name(SimdLevel level) {
    switch (level) {
        case SimdLevel::kPlain: return "plain";
        case SimdLevel::kSse2: return "sse2";
        case SimdLevel::kAvx2: return "avx2";
        case SimdLevel::kAvx512: return "avx512";
    }
    return "?";
}

LineScan scan_lines_with(SimdLevel level, std::string_view buf, std::uint64_t max_lines, std::uint64_t step) {
    const char* p = buf.data();
    const std::size_t n = buf.size();
    switch (level) {
#if defined(RINGTRIM_X86_AVX)
        case SimdLevel::kAvx512: return avx512::scan(p, n, max_lines, step);
        case SimdLevel::kAvx2: return avx2::scan(p, n, max_lines, step);
#endif
#if defined(RINGTRIM_X86)
        case SimdLevel::kSse2: return sse2::scan(p, n, max_lines, step);
#endif
        default: return plain::scan(p, n, max_lines, step);
    }
}

LineScan scan_lines(std::string_view buf, std::uint64_t max_lines, std::uint64_t step) {
    return scan_lines_with(simd_level(), buf, max_lines, step);
}

}  // namespace ringtrim::core
