// Tests for lib/trim/poly_x: the poly-G / poly-X tail rule of poly_x.hpp.
// Hand cases first (each with its reasoning), then a differential test
// against a naive reference that checks the four conditions of the rule
// directly for every start.
#include "lib/trim/poly_x.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

using ringtrim::core::poly_any_trim_index;
using ringtrim::core::poly_x_trim_index;

namespace {

int size_of(const std::string& s) { return static_cast<int>(s.size()); }

// The rule of poly_x.hpp, condition by condition, O(n^2).
int naive_poly_x_trim_index(const std::string& s, char base, int min_length) {
    const int n = size_of(s);
    auto mism = [&](int q) {
        int m = 0;
        for (int i = q; i < n; ++i) m += s[static_cast<std::size_t>(i)] != base;
        return m;
    };
    for (int p = 0; p < n; ++p) {
        if (s[static_cast<std::size_t>(p)] != base) continue;
        if (n - p < min_length) continue;
        if (mism(p) > 5) continue;
        bool every_suffix = true;
        for (int q = p; q < n; ++q)
            if (n - q >= min_length && mism(q) > (n - q) / 8) every_suffix = false;
        if (every_suffix) return p;
    }
    return n;
}

}  // namespace

TEST_CASE("poly_x_trim_index: a clean tail of MIN_LEN bases is removed", "[poly_x]") {
    // 'C' before the tail: q=9 gives length 11 with 1 mismatch (11/8 = 1, allowed),
    // q=8 ('A') 2 mismatches in 12 (12/8 = 1): the scan stops; p is the last G, 10.
    CHECK(poly_x_trim_index("ACGTACGTAC"
                            "GGGGGGGGGG",
                            'G', 10) == 10);
}

TEST_CASE("poly_x_trim_index: a tail shorter than MIN_LEN stays", "[poly_x]") {
    CHECK(poly_x_trim_index("ACGTACGTACGTAGGGGGGGGG", 'G', 10) == 22);  // 9 G after 'A'
    CHECK(poly_x_trim_index("ACGTACGTACGTAGGGGGGGGG", 'G', 9) == 13);
    CHECK(poly_x_trim_index("", 'G', 10) == 0);
    CHECK(poly_x_trim_index("GGGGG", 'G', 10) == 5);
}

TEST_CASE("poly_x_trim_index: one mismatch per 8 bases inside the tail", "[poly_x]") {
    // "GGGGAGGGGG": 10 bases, 1 mismatch <= 10/8; then 'T' makes 2 in 11 > 1.
    CHECK(poly_x_trim_index("ACGT"
                            "GGGGAGGGGG",
                            'G', 10) == 4);
    // 17 bases with 2 mismatches: the 'T' is 1 in 4, the 'A' 2 in 16 (16/8 = 2),
    // then 'G' (17); the 'C' before makes 3 in 18 > 2.
    CHECK(poly_x_trim_index("CCC"
                            "GAGGGGGGGGGGGTGGG",
                            'G', 10) == 3);
    // A second mismatch before length 16 stops the scan: "AGGGGGAGGGGG" has 2
    // in 12 (12/8 = 1), so the tail is the 11 bases after that 'A'.
    CHECK(poly_x_trim_index("CCCCAGGGGGAGGGGG", 'G', 10) == 5);
}

TEST_CASE("poly_x_trim_index: junk at the very 3' end is allowed below MIN_LEN", "[poly_x]") {
    // One 'A' last: length 10 has 1 mismatch (allowed), the whole read is G.
    CHECK(poly_x_trim_index("GGGGGGGGGGGGGGGGGGGGA", 'G', 10) == 0);
    // Two junk bases: the suffix of length 10 has 2 mismatches > 1; no tail.
    CHECK(poly_x_trim_index("GGGGGGGGGGGGGGGGGGGGAC", 'G', 10) == 22);
    // With MIN_LEN 1 every suffix is checked: a last 'A' is 1 mismatch in 1.
    CHECK(poly_x_trim_index("GA", 'G', 1) == 2);
    CHECK(poly_x_trim_index("AG", 'G', 1) == 1);
}

TEST_CASE("poly_x_trim_index: at most 5 mismatches in all", "[poly_x]") {
    // 6 blocks "AGGGGGGG" (1 in 8 each) after a G run: the density allows 6
    // in 48+, the cap stops the scan at the sixth 'A' (index 0).
    std::string s;
    for (int i = 0; i < 6; ++i) s += "AGGGGGGG";
    s += "GGGGGGGGGG";
    CHECK(poly_x_trim_index(s, 'G', 10) == 1);
}

TEST_CASE("poly_x_trim_index: only upper-case X matches", "[poly_x]") {
    CHECK(poly_x_trim_index("ACGTgggggggggggg", 'G', 10) == 16);
    CHECK(poly_x_trim_index("ACGTNNNNNNNNNNNN", 'G', 10) == 16);
}

TEST_CASE("poly_any_trim_index: the longest tail over A, C, G, T", "[poly_x]") {
    CHECK(poly_any_trim_index("ACGTAAAAAAAAAAAA", 10) == 4);  // 'T' at 3 is 1 in 13
    CHECK(poly_any_trim_index("GGGGCCCCCCCCCCCC", 10) == 4);
    CHECK(poly_any_trim_index("ACGTACGTACGTTTTTTTTTTT", 10) == 11);  // 'G' at 10: 1 in 12
    CHECK(poly_any_trim_index("ACGTACGTACGTACGTACGT", 10) == 20);
    CHECK(poly_any_trim_index("", 10) == 0);
}

TEST_CASE("poly_x_trim_index agrees with the naive rule on random reads", "[poly_x]") {
    std::mt19937 rng(16);
    const char* bases = "ACGTN";
    for (int iter = 0; iter < 20000; ++iter) {
        const int n = std::uniform_int_distribution<int>(0, 60)(rng);
        const char x = "ACGT"[iter % 4];
        // A random head, then a tail of X with random mismatches at a random rate.
        const int tail = std::uniform_int_distribution<int>(0, n)(rng);
        const double error = std::uniform_real_distribution<double>(0.0, 0.3)(rng);
        std::string s;
        for (int i = 0; i < n; ++i) {
            const bool in_tail = i >= n - tail;
            if (in_tail && std::uniform_real_distribution<double>(0, 1)(rng) >= error)
                s += x;
            else
                s += bases[std::uniform_int_distribution<int>(0, 4)(rng)];
        }
        const int min_length = std::uniform_int_distribution<int>(1, 16)(rng);
        INFO(s << " X=" << x << " MIN_LEN=" << min_length);
        REQUIRE(poly_x_trim_index(s, x, min_length) == naive_poly_x_trim_index(s, x, min_length));
        int any = n;
        for (char b : {'A', 'C', 'G', 'T'}) any = std::min(any, naive_poly_x_trim_index(s, b, min_length));
        REQUIRE(poly_any_trim_index(s, min_length) == any);
    }
}
