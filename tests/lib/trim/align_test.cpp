// Tests for lib/trim/align: hand cases (values from cutadapt 4.2) and a
// differential test against cutadapt 4.2 over align_cases.tsv.
//
// align_cases.tsv is written by tests/lib/trim/gen_align_cases.py from
// cutadapt._align's Aligner, PrefixComparer and SuffixComparer; every expected
// value there comes from cutadapt. Rerun it with
//   /usr/bin/python3 tests/lib/trim/gen_align_cases.py --write
#include "lib/trim/align.hpp"
#include "tests/lib/trim/alignment_text.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using ringtrim::core::Aligner;
using ringtrim::core::Alignment;
using ringtrim::core::PrefixComparer;
using ringtrim::core::SuffixComparer;

using ringtrim::core::testing::show;

namespace {

constexpr int kBack = 14;
constexpr int kFront = 11;
constexpr int kPrefix = 8;
constexpr int kAnywhere = 15;

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return fields;
}

}  // namespace

TEST_CASE("semiglobal alignment finds the query inside the reference") {
    Aligner aligner("MISSISSIPPI", 0.0, kAnywhere);
    CHECK(show(aligner.locate("SISSI")) == "3,8,0,5,5,0");
}

TEST_CASE("3' adapter: full occurrence inside the read") {
    Aligner aligner("AGATCGGAAGAGC", 0.1, kBack);
    CHECK(show(aligner.locate("TTTTTTTTTTAGATCGGAAGAGCTTTT")) == "0,13,10,23,13,0");
}

TEST_CASE("3' adapter: partial occurrence at the read end respects min_overlap") {
    Aligner aligner("AGATCGGAAGAGC", 0.1, kBack, false, false, 1, 3);
    CHECK(show(aligner.locate("TTTTTTTTTTAGATC")) == "0,5,10,15,5,0");
    CHECK(show(aligner.locate("TTTTTTTTTTAG")) == "None");
}

TEST_CASE("mismatch and insertion each count as one error") {
    Aligner aligner("AGATCGGAAGAGC", 0.1, kBack);
    CHECK(show(aligner.locate("TTTTTTTTTTAGATCGGTAGAGCTTTT")) == "0,13,10,23,11,1");
    CHECK(show(aligner.locate("TTTTTTTTTTAGATCGGAAAGAGCTTTT")) == "0,13,10,24,11,1");
}

TEST_CASE("indel_cost weights indels in the error count") {
    CHECK(show(Aligner("ACGTACGTAC", 0.2, kAnywhere, false, false, 2).locate("TTACGTAGTACTT")) == "0,10,2,11,7,2");
    CHECK(show(Aligner("ACGTACGTAC", 0.2, kAnywhere, false, false, 1).locate("TTACGTAGTACTT")) == "0,10,2,11,7,1");
}

TEST_CASE("N in the reference matches anything only with wildcard_ref") {
    CHECK(show(Aligner("ACGTNNACGT", 0.0, kBack, true).locate("TTTTACGTGGACGTTT")) == "0,10,4,14,10,0");
    CHECK(show(Aligner("ACGTNNACGT", 0.0, kBack).locate("TTTTACGTGGACGTTT")) == "None");
    CHECK(Aligner("ACGTNNACGT", 0.0, kBack, true).effective_length() == 8);
    CHECK(Aligner("ACGTNNACGT", 0.0, kBack).effective_length() == 10);
}

TEST_CASE("N in the query matches with wildcard_query") {
    CHECK(show(Aligner("ACGTACGT", 0.0, kBack, false, true).locate("TTTTACGNACGTTT")) == "0,8,4,12,8,0");
}

TEST_CASE("the query is upper-cased but the reference is not") {
    CHECK(show(Aligner("ACGTACGT", 0.0, kBack).locate("ttttacgtacgttt")) == "0,8,4,12,8,0");
    CHECK(show(Aligner("acgtacgt", 0.0, kBack).locate("ttttacgtacgttt")) == "None");
}

TEST_CASE("5' adapter may be partial at the read start, anchored types may not") {
    CHECK(show(Aligner("ACGTACGT", 0.0, kFront).locate("CGTACGTTTTT")) == "1,8,0,7,7,0");
    CHECK(show(Aligner("ACGTACGT", 0.0, kPrefix).locate("CGTACGTTTTT")) == "None");
    CHECK(show(Aligner("ACGTACGT", 0.0, kPrefix).locate("ACGTACGTTTTT")) == "0,8,0,8,8,0");
}

TEST_CASE("the leftmost exact occurrence wins") {
    Aligner aligner("ACGTACGTAC", 0.1, kAnywhere);
    CHECK(show(aligner.locate("TTACGTACGTACGTACGTACTT")) == "0,10,2,12,10,0");
}

TEST_CASE("locate can be called repeatedly on one Aligner") {
    Aligner aligner("AGATCGGAAGAGC", 0.1, kBack, false, false, 1, 3);
    for (int round = 0; round < 3; ++round) {
        CHECK(show(aligner.locate("TTTTTTTTTTAGATC")) == "0,5,10,15,5,0");
        CHECK(show(aligner.locate("")) == "None");
        CHECK(show(aligner.locate("TTTTTTTTTTAGATCGGAAGAGCTTTT")) == "0,13,10,23,13,0");
    }
}

TEST_CASE("Aligner::validate rejects what cutadapt's Aligner rejects") {
    CHECK(Aligner::validate("NNN", 0.1, kAnywhere, true) == "Cannot have only N wildcards in the sequence");
    CHECK(Aligner::validate("nN", 0.1, kAnywhere, true) == "Cannot have only N wildcards in the sequence");
    CHECK(Aligner::validate("ACGT", 0.1, kAnywhere, false, false, 0) == "indel_cost must be at least 1");
    // Without wildcards cutadapt encodes the str and UnicodeEncodeError says
    // where; with either wildcard flag its own check speaks (values from
    // cutadapt 4.2's _align.Aligner, as in align_cases.tsv).
    CHECK(Aligner::validate("AC\xc3\xa9", 0.1) ==
          "'ascii' codec can't encode character '\\xe9' in position 2: ordinal not in range(128)");
    CHECK(Aligner::validate("AC\xc3\xa9\xc3\xa9", 0.1) ==
          "'ascii' codec can't encode characters in position 2-3: ordinal not in range(128)");
    CHECK(Aligner::validate("AC\xc3\xa9", 0.1, kAnywhere, false, true) == "String must contain only ASCII characters");
    CHECK(Aligner::validate("NNN", 0.1, kAnywhere, false) == std::nullopt);
    CHECK(Aligner::validate("ACGT", 0.1) == std::nullopt);
}

TEST_CASE("PrefixComparer compares the starts without indels") {
    PrefixComparer comparer("ACGTACGT", 0.15);
    CHECK(show(comparer.locate("ACGAACGTTT")) == "0,8,0,8,6,1");
    CHECK(show(comparer.locate("ACGAACCTTT")) == "None");
    CHECK(show(PrefixComparer("ACGTACGT", 0.15, false, false, 3).locate("ACG")) == "0,3,0,3,3,0");
}

TEST_CASE("SuffixComparer compares the ends without indels") {
    SuffixComparer comparer("ACGTACGT", 0.15);
    CHECK(show(comparer.locate("TTTACGTACGA")) == "0,8,3,11,6,1");
    CHECK(show(comparer.locate("GT")) == "6,8,0,2,2,0");
    CHECK(show(SuffixComparer("ACGTACGT", 0.15, false, false, 3).locate("GT")) == "None");
}

TEST_CASE("PrefixComparer effective length subtracts count(N) - count(n), as cutadapt 4.2") {
    CHECK(show(PrefixComparer("ACGTN", 0.0, true).locate("ACGTTGG")) == "0,5,0,5,5,0");
    CHECK(PrefixComparer("ACGTN", 0.0, true).effective_length() == 4);
    CHECK(PrefixComparer("ACGTn", 0.0, true).effective_length() == 6);
}

TEST_CASE("PrefixComparer::validate rejects what cutadapt rejects") {
    CHECK(PrefixComparer::validate("NNN", 0.1, true) == "Cannot have only N wildcards in the sequence");
    CHECK(PrefixComparer::validate("NNn", 0.1, true) == std::nullopt);
    CHECK(PrefixComparer::validate("ACGT", 1.5) == "max_error_rate must be between 0 and 1");
    CHECK(PrefixComparer::validate("ACGT", -0.1) == "max_error_rate must be between 0 and 1");
    CHECK(PrefixComparer::validate("ACGT", 0.1, false, false, 0) == "min_overlap must be at least 1");
    CHECK(PrefixComparer::validate("ACGT", 0.1) == std::nullopt);
}

// The early rejection against the full DP: tests/lib/trim/fast_path_test.cpp.

TEST_CASE("all results agree with cutadapt 4.2 on align_cases.tsv") {
    const bool prefilter = GENERATE(true, false);
    std::ifstream in(RINGTRIM_SOURCE_DIR "/tests/lib/trim/align_cases.tsv");
    REQUIRE(in);
    std::string line;
    int cases = 0;
    int mismatches = 0;
    std::ostringstream first_mismatches;  // shown with the final CHECK
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto f = split_tabs(line);
        REQUIRE(f.size() == 11);
        const char kind = f[0][0];
        const std::string& reference = f[1];
        const std::string& query = f[2];
        const double rate = std::strtod(f[3].c_str(), nullptr);
        const int flags = std::stoi(f[4]);
        const bool wildcard_ref = f[5] == "1";
        const bool wildcard_query = f[6] == "1";
        const int indel_cost = std::stoi(f[7]);
        const int min_overlap = std::stoi(f[8]);
        const int effective_length = std::stoi(f[9]);
        const std::string& expected = f[10];

        std::optional<std::string> error;
        std::string got;
        int got_effective_length = -1;
        if (kind == 'A') {
            error = Aligner::validate(reference, rate, flags, wildcard_ref, wildcard_query, indel_cost, min_overlap);
            if (!error) {
                Aligner aligner(reference, rate, flags, wildcard_ref, wildcard_query, indel_cost, min_overlap);
                aligner.set_prefilter(prefilter);
                got = show(aligner.locate(query));
                got_effective_length = aligner.effective_length();
            }
        } else {
            error = PrefixComparer::validate(reference, rate, wildcard_ref, wildcard_query, min_overlap);
            if (!error && kind == 'P') {
                PrefixComparer comparer(reference, rate, wildcard_ref, wildcard_query, min_overlap);
                got = show(comparer.locate(query));
                got_effective_length = comparer.effective_length();
            } else if (!error) {
                SuffixComparer comparer(reference, rate, wildcard_ref, wildcard_query, min_overlap);
                got = show(comparer.locate(query));
                got_effective_length = comparer.effective_length();
            }
        }
        if (error) got = "ERROR:" + *error;
        ++cases;
        if (got != expected || got_effective_length != effective_length) {
            ++mismatches;
            if (mismatches <= 20) {
                first_mismatches << line << "\n  got " << got << " effective_length " << got_effective_length << '\n';
            }
        }
    }
    CHECK(cases > 5000);
    INFO("prefilter " << prefilter << "; the first mismatches:\n" << first_mismatches.str());
    CHECK(mismatches == 0);
}
