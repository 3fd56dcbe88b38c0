#include "lib/trim/mate_overlap.hpp"

#include <algorithm>

namespace ringtrim::core {

namespace {

// The Watson-Crick partner of an upper-case base, '\0' for anything else
// (unlike adapter_cutter.cpp's IUPAC complement, N must never match here).
constexpr char pair_base(char c) { return c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : '\0'; }

}  // namespace

std::optional<int> mate_overlap_insert_length(std::string_view r1, std::string_view r2, int min_overlap,
                                              int max_mismatches) {
    const int shorter = static_cast<int>(std::min(r1.size(), r2.size()));
    for (int length = shorter - 1; length >= std::max(min_overlap, 1); --length) {
        int mismatches = 0;
        for (int i = 0; i < length && mismatches <= max_mismatches; ++i) {
            const char a = r1[static_cast<std::size_t>(i)];
            const char b = pair_base(r2[static_cast<std::size_t>(length - 1 - i)]);
            if (b == '\0' || a != b) ++mismatches;
        }
        if (mismatches <= max_mismatches) return length;
    }
    return std::nullopt;
}

}  // namespace ringtrim::core
