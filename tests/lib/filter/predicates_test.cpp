// Expected values from cutadapt 4.2's predicates.py (run as the oracle).
#include <catch2/catch.hpp>

#include "lib/filter/predicates.hpp"

using ringtrim::core::Read;
namespace core = ringtrim::core;

namespace {
Read make(std::string name, std::string seq, std::string qual) {
    return Read{std::move(name), std::move(seq), std::move(qual)};
}
}  // namespace

TEST_CASE("too_short and too_long compare the current length", "[predicates]") {
    Read r = make("r", "ACGTA", "IIIII");
    CHECK(core::too_short(r, 6));
    CHECK_FALSE(core::too_short(r, 5));
    CHECK(core::too_long(r, 4));
    CHECK_FALSE(core::too_long(r, 5));
}

TEST_CASE("too_many_n: proportion below 1, count from 1 on", "[predicates]") {
    Read r = make("r", "ACGTNnACGT", "IIIIIIIIII");
    CHECK_FALSE(core::too_many_n(r, 0.2));
    CHECK(core::too_many_n(r, 0.19));
    CHECK_FALSE(core::too_many_n(r, 2));
    CHECK(core::too_many_n(r, 1));
    CHECK_FALSE(core::too_many_n(make("e", "", ""), 0.0));  // empty read: never by proportion
}

TEST_CASE("too_many_expected_errors sums 10^(-q/10)", "[predicates]") {
    // cutadapt: expected_errors('II#I!!IIII') == 2.6316573444801943
    Read r = make("r", "ACGTNNACGT", "II#I!!IIII");
    CHECK(core::too_many_expected_errors(r, 2.6));
    CHECK_FALSE(core::too_many_expected_errors(r, 2.7));
}

TEST_CASE("casava_filtered looks for :Y: after the first space", "[predicates]") {
    CHECK(core::casava_filtered(make("r1 1:Y:18:ATCACG", "A", "I")));
    CHECK_FALSE(core::casava_filtered(make("r1 1:N:18", "A", "I")));
    CHECK_FALSE(core::casava_filtered(make("r1", "A", "I")));
    // right[1:4] of ":Y:" is "Y:", not ":Y:"
    CHECK_FALSE(core::casava_filtered(make("r1 :Y:", "A", "I")));
}
