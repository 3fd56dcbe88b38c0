// Tests for lib/trim/mate_overlap: hand cases, then a differential test
// against the rule of mate_overlap.hpp written with an explicit reverse
// complement, on simulated pairs.
#include "lib/trim/mate_overlap.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

using ringtrim::core::mate_overlap_insert_length;

namespace {

std::string revcomp(const std::string& s) {
    std::string r(s.rbegin(), s.rend());
    for (char& c : r) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : '#';
    return r;
}

std::optional<int> naive(const std::string& r1, const std::string& r2, int min_overlap, int max_mismatches) {
    const int shorter = static_cast<int>(std::min(r1.size(), r2.size()));
    for (int length = shorter - 1; length >= std::max(min_overlap, 1); --length) {
        const std::string a = r1.substr(0, static_cast<std::size_t>(length));
        const std::string b = revcomp(r2.substr(0, static_cast<std::size_t>(length)));
        int mismatches = 0;
        for (int i = 0; i < length; ++i) mismatches += a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(i)];
        if (mismatches <= max_mismatches) return length;
    }
    return std::nullopt;
}

std::string random_bases(std::mt19937& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "ACGT"[std::uniform_int_distribution<int>(0, 3)(rng)];
    return s;
}

}  // namespace

TEST_CASE("mate_overlap: an insert shorter than the reads is found", "[mate_overlap]") {
    const std::string insert = "ACGTTAGCCATGGATCCAAGTTCGACTGAGCTTACGGA";  // 38
    const std::string r1 = insert + "AGATCGGAAGAG";
    const std::string r2 = revcomp(insert) + "AGATCGGAAGAG";
    CHECK(mate_overlap_insert_length(r1, r2) == 38);
}

TEST_CASE("mate_overlap: nothing when the insert is as long as the reads or longer", "[mate_overlap]") {
    const std::string insert = "ACGTTAGCCATGGATCCAAGTTCGACTGAGCTTACGGATTGCAAGTCGA";  // 49
    CHECK_FALSE(mate_overlap_insert_length(insert.substr(0, 40), revcomp(insert).substr(0, 40)).has_value());
    CHECK_FALSE(mate_overlap_insert_length(insert, revcomp(insert)).has_value());
}

TEST_CASE("mate_overlap: at most 5 mismatches, at least 30 bases", "[mate_overlap]") {
    const std::string insert = "ACGTTAGCCATGGATCCAAGTTCGACTGAGCTTACGGA";  // 38
    std::string r2 = revcomp(insert) + "AGATCGGAAGAG";
    const std::string r1 = insert + "TTTTTTTTTTTT";
    for (int i = 0; i < 5; ++i)
        r2[static_cast<std::size_t>(3 + 7 * i)] = r2[static_cast<std::size_t>(3 + 7 * i)] == 'A' ? 'C' : 'A';
    CHECK(mate_overlap_insert_length(r1, r2) == 38);
    r2[1] = r2[1] == 'A' ? 'C' : 'A';  // a sixth
    CHECK_FALSE(mate_overlap_insert_length(r1, r2).has_value());
    const std::string shorter = insert.substr(0, 29);
    CHECK_FALSE(
        mate_overlap_insert_length(shorter + "AGATCGGAAGAGCAC", revcomp(shorter) + "AGATCGGAAGAGCGT").has_value());
    CHECK(mate_overlap_insert_length(shorter + "AGATCGGAAGAGCAC", revcomp(shorter) + "AGATCGGAAGAGCGT", 29, 5) == 29);
}

TEST_CASE("mate_overlap: N never matches", "[mate_overlap]") {
    const std::string insert(35, 'N');
    CHECK_FALSE(mate_overlap_insert_length(insert + "ACGTACGTAC", insert + "ACGTACGTAC").has_value());
}

TEST_CASE("mate_overlap agrees with the rule on simulated pairs", "[mate_overlap]") {
    std::mt19937 rng(16);
    for (int iter = 0; iter < 3000; ++iter) {
        const int length = std::uniform_int_distribution<int>(20, 80)(rng);
        const int insert_length = std::uniform_int_distribution<int>(1, 100)(rng);
        const std::string insert = random_bases(rng, insert_length);
        std::string r1 = (insert + random_bases(rng, length)).substr(0, static_cast<std::size_t>(length));
        std::string r2 = (revcomp(insert) + random_bases(rng, length)).substr(0, static_cast<std::size_t>(length));
        const int errors = std::uniform_int_distribution<int>(0, 8)(rng);
        for (int e = 0; e < errors; ++e)
            r2[static_cast<std::size_t>(std::uniform_int_distribution<int>(0, length - 1)(rng))] = "ACGTN"[e % 5];
        const int min_overlap = std::uniform_int_distribution<int>(1, 35)(rng);
        INFO(r1 << " " << r2 << " " << min_overlap);
        REQUIRE(mate_overlap_insert_length(r1, r2, min_overlap, 5) == naive(r1, r2, min_overlap, 5));
    }
}
