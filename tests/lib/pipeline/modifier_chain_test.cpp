// Tests of lib/pipeline/modifier_chain: the modifiers run in list order, each
// sees what the one before left, and each counts what cutadapt 4.2 counts.
// Expected values worked out by hand from cutadapt's modifiers.py and
// qualtrim.pyx (quality_trim_index: the BWA rule, partial sums of
// cutoff - quality from the 3' end, cut at the minimum).
#include "lib/pipeline/modifier_chain.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/pipeline/pipeline.hpp"

using namespace ringtrim::core;

namespace {

Read read_of(std::string name, std::string sequence, std::string qualities) {
    Read r;
    r.name = std::move(name);
    r.sequence = std::move(sequence);
    r.qualities = std::move(qualities);
    return r;
}

struct Applied {
    Read read;
    ReadExtras extras;
    StatsLayout layout;
    Stats stats;
};

Applied apply(const std::vector<Modifier>& modifiers, Read read, int mate = 0) {
    ModifierChain chain(modifiers, 33);
    Applied a{std::move(read), {}, {}, {}};
    chain.declare(a.layout, mate);
    MatchInfo info;
    chain.apply(a.read, info, a.extras, a.stats, mate);
    return a;
}

}  // namespace

TEST_CASE("cuts record what they removed for --rename") {
    auto a = apply({Modifier::cut(2), Modifier::cut(-3)}, read_of("r", "ACGTACGTAC", "IIIIIIIIII"));
    CHECK(a.read.sequence == "GTACG");
    CHECK(a.read.qualities == "IIIII");
    CHECK(a.extras.cut_prefix == "AC");
    CHECK(a.extras.cut_suffix == "TAC");
}

TEST_CASE("quality trimming counts the bases it removes, per mate") {
    // Qualities 40 40 40 40 2 2 ('#' is 2): with cutoff 10 the partial sums
    // from the 3' end are 8, 16, then negative: the last two bases go.
    auto a = apply({Modifier::quality_trim(0, 10)}, read_of("r", "ACGTAC", "IIII##"), 1);
    CHECK(a.read.sequence == "ACGT");
    CHECK(a.stats.quality_trimmed_bp[1] == 2);
    CHECK(a.stats.quality_trimmed_bp[0] == 0);
    CHECK(a.layout.quality_trimming[1]);
    CHECK_FALSE(a.layout.quality_trimming[0]);
}

TEST_CASE("the order of the list is the order of the modifiers") {
    // -l 4 then --trim-n: the N at position 3 becomes the end and goes.
    auto a =
        apply({Modifier::shorten(4), Modifier::simple(Modifier::Kind::TrimN)}, read_of("r", "ACGNAAAA", "IIIIIIII"));
    CHECK(a.read.sequence == "ACG");
    // --trim-n then -l 4: the N is inside and stays.
    auto b =
        apply({Modifier::simple(Modifier::Kind::TrimN), Modifier::shorten(4)}, read_of("r", "ACGNAAAA", "IIIIIIII"));
    CHECK(b.read.sequence == "ACGN");
}

TEST_CASE("poly-A counts every read, a tail on R1 and a head on R2") {
    auto tail = apply({Modifier::poly_a(false)}, read_of("r", "ACGTCAAAAAAAAAA", "IIIIIIIIIIIIIII"));
    CHECK(tail.read.sequence == "ACGTC");
    CHECK(tail.stats.poly_a_lengths[0].entries() == std::vector<LengthCounts::Entry>{{10, 1}});
    auto head = apply({Modifier::poly_a(true)}, read_of("r", "TTTTTTTTTTGACGT", "IIIIIIIIIIIIIII"), 1);
    CHECK(head.read.sequence == "GACGT");
    CHECK(head.stats.poly_a_lengths[1].entries() == std::vector<LengthCounts::Entry>{{10, 1}});
    auto none = apply({Modifier::poly_a(false)}, read_of("r", "ACGTC", "IIIII"));
    CHECK(none.read.sequence == "ACGTC");
    CHECK(none.stats.poly_a_lengths[0].entries() == std::vector<LengthCounts::Entry>{{0, 1}});
}

TEST_CASE("name modifiers: length tag after trimming, suffix stripped, prefix with no adapter") {
    auto a = apply({Modifier::shorten(3), Modifier::with_text(Modifier::Kind::LengthTag, "length="),
                    Modifier::with_text(Modifier::Kind::StripSuffix, "/1"),
                    Modifier::with_text(Modifier::Kind::PrefixSuffix, "{name}:", ":x")},
                   read_of("r length=8/1", "ACGTACGT", "IIIIIIII"));
    CHECK(a.read.name == "no_adapter:r length=3:x");
}

TEST_CASE("declare marks exactly the counters of the chain's modifiers") {
    StatsLayout layout;
    const std::vector<Modifier> modifiers = {Modifier::nextseq_trim(20),
                                             Modifier::poly_tail(Modifier::Kind::PolyG, 10)};
    ModifierChain(modifiers, 33).declare(layout, 1);
    CHECK(layout.quality_trimming[1]);
    CHECK_FALSE(layout.quality_trimming[0]);
    CHECK(layout.poly_tail[static_cast<std::size_t>(PolyTail::G)][1]);
    CHECK_FALSE(layout.poly_tail[static_cast<std::size_t>(PolyTail::X)][1]);
    CHECK_FALSE(layout.poly_a[1]);
}
