// lib/simd/pieces: the AVX2 scan (when the CPU has it) equals the plain one
// on hand-checked and on random reads and pieces.
#include "lib/simd/pieces.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace ringtrim::core;

namespace {

std::uint32_t code_of(std::string_view s) {
    std::uint32_t c = 0;
    for (char b : s)
        c = c << 2 | static_cast<std::uint32_t>(std::string_view("ACGT").find(static_cast<char>(b & ~0x20)));
    return c;
}

std::vector<SimdLevel> levels() {
    std::vector<SimdLevel> out{SimdLevel::kPlain};
    if (simd_level() >= SimdLevel::kAvx2) out.push_back(SimdLevel::kAvx2);
    return out;
}

}  // namespace

TEST_CASE("piece_starts: first and last start of any piece, k-mers of bases only") {
    //                     0         1         2         3
    //                     0123456789012345678901234567890123456789
    const std::string read = "TTTTACGTACGGTTTTTTTTTTTTTTTTTTacgtacggTTNACGTACGGA";
    const std::vector<std::uint32_t> codes = {code_of("ACGTACGG"), code_of("GGGGGGGG")};
    const std::vector<int> offsets = {5, 13};
    for (SimdLevel level : levels()) {
        INFO(simd_level_name(level));
        // ACGTACGG at 4 and (lower case) at 30: starts 4 - 5 and 30 - 5.
        auto s = piece_starts_with(level, read, Pieces{8, codes, offsets});
        CHECK(s.first == -1);
        CHECK(s.second == 41 - 5);  // "ACGTACGG" after the N at 40 too
        s = piece_starts_with(level, "TTTTTTTTTTTTTTTTTTTTTTTTTTTNCGTACGG", Pieces{8, codes, offsets});
        CHECK(s.first == kNoPieceStart);  // the N breaks the only candidate
        CHECK(s.second == -kNoPieceStart);
    }
}

TEST_CASE("piece_starts: every level equals the plain scan on random reads") {
    std::mt19937_64 rng(14);
    const char* env = std::getenv("RINGTRIM_SIMD_CASES");
    const int cases = env != nullptr ? std::atoi(env) : 20000;
    const auto all = levels();
    for (int c = 0; c < cases; ++c) {
        const int length = 1 + static_cast<int>(rng() % 10);  // beyond 8: the plain path on every level
        const std::size_t n = rng() % 4 == 0 ? rng() % 1500 : rng() % 170;  // past kMaxRead too
        std::string read(n, 'A');
        const unsigned odd = static_cast<unsigned>(rng() % 30);  // percent of N, lower case and other bytes
        for (auto& b : read) {
            b = "ACGT"[rng() % 4];
            if (rng() % 100 < odd) b = "NacgtN.\x80 "[rng() % 10];
        }
        std::vector<std::uint32_t> codes;
        std::vector<int> offsets;
        const int pieces = 1 + static_cast<int>(rng() % 6);
        for (int p = 0; p < pieces; ++p) {
            std::string piece;
            // Often a k-mer of the read itself, so that there are hits.
            if (n >= static_cast<std::size_t>(length) && rng() % 2 == 0)
                piece =
                    read.substr(rng() % (n - static_cast<std::size_t>(length) + 1), static_cast<std::size_t>(length));
            else
                for (int i = 0; i < length; ++i) piece += "ACGT"[rng() % 4];
            if (piece.find_first_not_of("ACGTacgt") != std::string::npos)
                piece = std::string(static_cast<std::size_t>(length), 'C');
            codes.push_back(code_of(piece));
            offsets.push_back(static_cast<int>(rng() % 40));
        }
        const Pieces spec{length, codes, offsets};
        const auto want = piece_starts_with(SimdLevel::kPlain, read, spec);
        for (SimdLevel level : all) {
            const auto got = piece_starts_with(level, read, spec);
            if (got != want) {
                FAIL_CHECK(simd_level_name(level)
                           << ": case " << c << " read " << read << " length " << length << ": got {" << got.first
                           << ", " << got.second << "}, want {" << want.first << ", " << want.second << "}");
                return;
            }
        }
    }
    SUCCEED(cases << " random reads, " << all.size() << " levels");
}
