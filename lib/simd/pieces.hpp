// Exact occurrences of short pieces (k-mers of A/C/G/T, either case) in a
// read: the aligner's pigeonhole check (docs/algorithms.md), whose scan over
// every read position is a tenth of the CPU of a single-adapter run.
//
// One interface with runtime dispatch, like lib/simd/lines.hpp: a plain
// version (a rolling 2-bit code per position) and an AVX2 version (16
// positions at a time, for pieces of at most 8 bases), chosen by the CPU.
// Both give the same result for every input; tests/lib/simd/pieces_test.cpp
// compares them on random reads and pieces.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "lib/simd/lines.hpp"

namespace ringtrim::core {

// The pieces to look for: codes[p] is piece p as 2 bits per base (A0 C1 G2
// T3, the first base highest), offsets[p] where it was cut from the adapter.
struct Pieces {
    int length = 0;  // bases per piece, 1..16
    std::span<const std::uint32_t> codes;
    std::span<const int> offsets;
};

inline constexpr int kNoPieceStart = 1 << 30;

// Over every occurrence of a piece p at read position j (a k-mer of bases
// only: N or any other byte breaks it), the smallest and the largest
// j - offsets[p]; {kNoPieceStart, -kNoPieceStart} when there is none.
std::pair<int, int> piece_starts(std::string_view read, const Pieces& pieces);
// The same with a given level (tests); REQUIRES: the CPU supports it.
std::pair<int, int> piece_starts_with(SimdLevel level, std::string_view read, const Pieces& pieces);

}  // namespace ringtrim::core
