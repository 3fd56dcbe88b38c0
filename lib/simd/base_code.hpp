// 2-bit codes of DNA bases for k-mer scans (the piece scan in
// lib/simd/pieces.hpp; KmerIndex and the Aligner's k-mer check in lib/trim/,
// above it). Header-only constants; nothing owned, nothing crosses processes.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ringtrim::core {

inline constexpr unsigned char kNotABase = 4;

// A, C, G, T in either case to 0..3; every other byte (N, U, IUPAC codes) to
// kNotABase. Without wildcards the Aligner finds a read byte equal to an
// adapter base (A, C, G or T) exactly when the upper-cased byte is that
// base, i.e. when both have the same code here.
inline constexpr std::array<unsigned char, 256> kBaseCode = [] {
    std::array<unsigned char, 256> t{};
    for (auto& v : t) v = kNotABase;
    t['A'] = t['a'] = 0;
    t['C'] = t['c'] = 1;
    t['G'] = t['g'] = 2;
    t['T'] = t['t'] = 3;
    return t;
}();

// Calls visit(code, p) for every k-mer s[p, p + q) of bases only that lies
// in s[lo, hi), in order of p; code holds 2 bits per base, the first base
// highest. REQUIRES: 1 <= q <= 16, 0 <= lo <= hi <= s.size().
template <class Visit>
void for_each_kmer(std::string_view s, int lo, int hi, int q, Visit&& visit) {
    const std::uint32_t mask = q >= 16 ? ~std::uint32_t{0} : (std::uint32_t{1} << (2 * q)) - 1;
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
    std::uint32_t code = 0;
    int run = 0;
    for (int j = lo; j < hi; ++j) {
        const unsigned char c = kBaseCode[bytes[j]];
        if (c == kNotABase) {
            run = 0;
            continue;
        }
        code = (code << 2) | c;
        if (++run >= q) visit(code & mask, j + 1 - q);
    }
}

}  // namespace ringtrim::core
