#include "lib/simd/pieces.hpp"

#include <algorithm>
#include <cstring>

#include "lib/simd/target.hpp"
#include "lib/simd/base_code.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RINGTRIM_PIECES_AVX2 1
#endif

namespace ringtrim::core {

namespace {

using Span = std::pair<int, int>;

void note(Span& span, int start) {
    span.first = std::min(span.first, start);
    span.second = std::max(span.second, start);
}

// The reference: every k-mer of bases, in order.
Span plain_scan(std::string_view read, int lo, const Pieces& pieces, Span span) {
    const auto n = static_cast<int>(pieces.codes.size());
    for_each_kmer(read, lo, static_cast<int>(read.size()), pieces.length, [&](std::uint32_t key, int position) {
        for (int p = 0; p < n; ++p)
            if (pieces.codes[static_cast<std::size_t>(p)] == key)
                note(span, position - pieces.offsets[static_cast<std::size_t>(p)]);
    });
    return span;
}

#if defined(RINGTRIM_PIECES_AVX2)
RINGTRIM_TARGET_BEGIN("avx2")

// Pass 1: the 2-bit code of every byte of the read, and 0xff where a byte
// is not A/C/G/T in either case; 32 bytes at a time, into buffers padded so
// that pass 2 may load 16 bytes anywhere in the read.
void byte_codes(std::string_view read, std::uint8_t* code, std::uint8_t* bad) {
    const __m256i table = _mm256_setr_epi8(0, 0, 0, 1, 3, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0,   // a c g t: low nibbles
                                           0, 0, 0, 1, 3, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0);  // 1 3 7 4 -> 0 1 2 3
    const std::size_t n = read.size();
    for (std::size_t o = 0; o < n; o += 32) {
        __m256i b;
        if (o + 32 <= n) {
            b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(read.data() + o));
        } else {
            alignas(32) char last[32] = {};
            std::memcpy(last, read.data() + o, n - o);
            b = _mm256_load_si256(reinterpret_cast<const __m256i*>(last));
        }
        const __m256i lower = _mm256_or_si256(b, _mm256_set1_epi8(0x20));
        const __m256i ok = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(lower, _mm256_set1_epi8('a')),
                                                           _mm256_cmpeq_epi8(lower, _mm256_set1_epi8('c'))),
                                           _mm256_or_si256(_mm256_cmpeq_epi8(lower, _mm256_set1_epi8('g')),
                                                           _mm256_cmpeq_epi8(lower, _mm256_set1_epi8('t'))));
        const __m256i c = _mm256_shuffle_epi8(table, _mm256_and_si256(lower, _mm256_set1_epi8(0x0f)));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(code + o), c);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(bad + o), _mm256_andnot_si256(ok, _mm256_set1_epi8(-1)));
    }
}

// Pass 2 for the k-mers starting at j .. j + 15 (all inside the read): their
// codes in 16-bit lanes, compared with every piece.
inline void block(const std::uint8_t* code, const std::uint8_t* bad, int j, const Pieces& pieces, Span& span) {
    __m256i kmer = _mm256_setzero_si256();
    __m128i broken = _mm_setzero_si128();
    for (int i = 0; i < pieces.length; ++i) {
        const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(code + j + i));
        kmer = _mm256_or_si256(_mm256_slli_epi16(kmer, 2), _mm256_cvtepu8_epi16(c));
        broken = _mm_or_si128(broken, _mm_loadu_si128(reinterpret_cast<const __m128i*>(bad + j + i)));
    }
    const __m256i bad16 = _mm256_cvtepi8_epi16(broken);  // 0xff -> 0xffff
    for (std::size_t p = 0; p < pieces.codes.size(); ++p) {
        const __m256i want = _mm256_set1_epi16(static_cast<short>(pieces.codes[p]));
        const __m256i hit = _mm256_andnot_si256(bad16, _mm256_cmpeq_epi16(kmer, want));
        const auto mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(hit));  // 2 bits per lane
        if (mask == 0) continue;
        note(span, j + __builtin_ctz(mask) / 2 - pieces.offsets[p]);
        note(span, j + (31 - __builtin_clz(mask)) / 2 - pieces.offsets[p]);
    }
}

// Pieces of up to 8 bases, reads of kMaxRead bytes at most with at least 16
// k-mer positions: blocks of 16 positions, the last one moved back to end at
// the last position (positions seen twice change neither the smallest nor the
// largest start).
constexpr std::size_t kMaxRead = 1024;

Span avx2_scan(std::string_view read, const Pieces& pieces) {
    const int n = static_cast<int>(read.size());
    const int positions = n - pieces.length + 1;
    alignas(32) std::uint8_t code[kMaxRead + 64];
    alignas(32) std::uint8_t bad[kMaxRead + 64];
    byte_codes(read, code, bad);
    Span span{kNoPieceStart, -kNoPieceStart};
    int j = 0;
    for (; j + 16 <= positions; j += 16) block(code, bad, j, pieces, span);
    if (j < positions) block(code, bad, positions - 16, pieces, span);
    return span;
}

RINGTRIM_TARGET_END
#endif

}  // namespace

std::pair<int, int> piece_starts_with(SimdLevel level, std::string_view read, const Pieces& pieces) {
#if defined(RINGTRIM_PIECES_AVX2)
    if (level >= SimdLevel::kAvx2 && pieces.length <= 8 &&
        read.size() >= static_cast<std::size_t>(pieces.length) + 15 && read.size() <= kMaxRead)
        return avx2_scan(read, pieces);
#else
    (void)level;
#endif
    return plain_scan(read, 0, pieces, {kNoPieceStart, -kNoPieceStart});
}

std::pair<int, int> piece_starts(std::string_view read, const Pieces& pieces) {
    return piece_starts_with(simd_level(), read, pieces);
}

}  // namespace ringtrim::core
