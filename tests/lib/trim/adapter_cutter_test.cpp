// Tests of lib/trim/adapter_cutter: actions, repeated rounds, statistics,
// --revcomp.
//
// Expected values come from cutadapt 4.2 (/tmp gen_cut.py):
//   from cutadapt.parser import make_adapters_from_specifications
//   from cutadapt.modifiers import AdapterCutter, ReverseComplementer
//   from cutadapt.info import ModificationInfo
//   from dnaio import SequenceRecord
//   D = dict(max_errors=0.1, min_overlap=3, read_wildcards=False,
//            adapter_wildcards=True, indels=True)
//   c = AdapterCutter(make_adapters_from_specifications(SPECS, D), TIMES, ACTION)
//   m = ReverseComplementer(c) if RC else c
//   r = SequenceRecord("r1 x", SEQ, QUAL); info = ModificationInfo(r); out = m(r, info)
//   out.name, out.sequence, out.qualities, info.matches, info.is_rc,
//   c.with_adapters, c.adapter_statistics
#include "lib/trim/adapter_cutter.hpp"

#include <catch2/catch.hpp>

#include "lib/trim/adapter_spec.hpp"

using namespace ringtrim::core;

namespace {

// errors[length][errors] of cutadapt's EndStatistics; 0 where absent.
std::int64_t count_of(const EndCounters& end, int length, int errors) {
    for (const auto& [key, count] : end.errors.entries())
        if (key.length == length && key.errors == errors) return count;
    return 0;
}

// The statistics kind of the cutter's first adapter, from its description.
AdapterStatsKind first_kind(const AdapterCutter& c) {
    StatsLayout layout;
    c.describe(layout, 0);
    return layout.adapters[0].at(0).kind;
}

AdapterCutter make_cutter(std::vector<std::pair<AdapterOption, std::string>> specs, int times = 1,
                          AdapterAction action = AdapterAction::Trim) {
    AdapterNamer namer;
    auto r = parse_adapter_specs(specs, SearchDefaults{}, namer, nullptr);
    REQUIRE(std::holds_alternative<std::vector<Adapter>>(r));
    return AdapterCutter(std::get<std::vector<Adapter>>(std::move(r)), times, action);
}

Read make_read(std::string seq, std::string qual = "") {
    Read r;
    r.name = "r1 x";
    r.sequence = std::move(seq);
    r.qualities = std::move(qual);
    return r;
}

}  // namespace

using Specs = std::vector<std::pair<AdapterOption, std::string>>;
constexpr AdapterOption kBack = AdapterOption::Back;
constexpr AdapterOption kFront = AdapterOption::Front;
constexpr AdapterOption kAnywhere = AdapterOption::Anywhere;

TEST_CASE("trim removes a 3' adapter and what follows, qualities too") {
    // [('back','ACGTACGT')] TTTTGGGGACGTACGTCC ABCDEFGHIJKLMNOPQR trim -> TTTTGGGG ABCDEFGH
    // matches [('1', 8, 0, 'ACGTACGT')]; back errors {10: {0: 1}}, adjacent G
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}});
    Read r = make_read("TTTTGGGGACGTACGTCC", "ABCDEFGHIJKLMNOPQR");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTGGGG");
    CHECK(r.qualities == "ABCDEFGH");
    CHECK(r.name == "r1 x");
    REQUIRE(info.size() == 1);
    CHECK(info.trimmed());
    CHECK(info[0].adapter == 0);
    CHECK(info[0].score() == 8);
    CHECK(info[0].match_sequence() == "ACGTACGT");
    CHECK_FALSE(info.is_rc.has_value());

    Stats stats;
    c.take_statistics(stats, 0);
    CHECK(stats.with_adapters[0] == 1);
    REQUIRE(stats.adapters[0].size() == 1);
    const AdapterCounters& s = stats.adapter(0, 0);
    StatsLayout layout;
    c.describe(layout, 0);
    REQUIRE(layout.adapters[0].size() == 1);
    CHECK(layout.adapters[0][0].name == "1");
    CHECK(layout.adapter_cutting[0]);
    CHECK_FALSE(layout.reverse_complement);
    CHECK(count_of(s.back, 10, 0) == 1);
    CHECK(s.back.adjacent_bases[2] == 1);  // G
    CHECK(s.back.total() == 1);
}

TEST_CASE("take_statistics adds and resets") {
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}});
    MatchInfo info;
    for (int i = 0; i < 3; ++i) {
        Read r = make_read("TTTTGGGGACGTACGTCC");
        info.clear();
        c.apply(r, info);
    }
    Read untrimmed = make_read("GGGGGGGGGG");
    info.clear();
    c.apply(untrimmed, info);
    CHECK_FALSE(info.trimmed());
    Stats stats;
    c.take_statistics(stats, 1);
    CHECK(stats.with_adapters[1] == 3);
    CHECK(stats.with_adapters[0] == 0);
    CHECK(stats.adapters[0].empty());
    CHECK(stats.adapter(1, 0).back.total() == 3);
    c.take_statistics(stats, 1);  // nothing new
    CHECK(stats.with_adapters[1] == 3);
    CHECK(stats.adapter(1, 0).back.total() == 3);
}

TEST_CASE("retain keeps the adapter") {
    // retain -> TTTTGGGGACGTACGT ABCDEFGHIJKLMNOP
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 1, AdapterAction::Retain);
    Read r = make_read("TTTTGGGGACGTACGTCC", "ABCDEFGHIJKLMNOPQR");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTGGGGACGTACGT");
    CHECK(r.qualities == "ABCDEFGHIJKLMNOP");
}

TEST_CASE("retain with a linked adapter keeps both parts") {
    // [('back','^ACGT...TTTTCCCC')] ACGTGGGGGTTTTCCCCAA retain -> ACGTGGGGGTTTTCCCC ABCDEFGHIJKLMNOPQ
    // front {4: {0: 1}} back {10: {0: 1}} adjacent G
    AdapterCutter c = make_cutter(Specs{{kBack, "^ACGT...TTTTCCCC"}}, 1, AdapterAction::Retain);
    Read r = make_read("ACGTGGGGGTTTTCCCCAA", "ABCDEFGHIJKLMNOPQRS");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "ACGTGGGGGTTTTCCCC");
    CHECK(r.qualities == "ABCDEFGHIJKLMNOPQ");
    CHECK(info[0].match_sequence() == "ACGT,TTTTCCCC");
    Stats stats;
    c.take_statistics(stats, 0);
    const AdapterCounters& s = stats.adapter(0, 0);
    CHECK(first_kind(c) == AdapterStatsKind::Linked);
    CHECK(count_of(s.front, 4, 0) == 1);
    CHECK(count_of(s.back, 10, 0) == 1);
    CHECK(s.back.adjacent_bases[2] == 1);
}

TEST_CASE("mask replaces removed bases with N, linked adapters on both sides") {
    // [('back','ACGTACGT')] ttttggggACGTACGTCC mask -> ttttggggNNNNNNNNNN; adjacent '' (lower-case g)
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 1, AdapterAction::Mask);
    Read r = make_read("ttttggggACGTACGTCC");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "ttttggggNNNNNNNNNN");
    Stats stats;
    c.take_statistics(stats, 0);
    CHECK(stats.adapter(0, 0).back.adjacent_bases[4] == 1);

    // [('back','^ACGT...TTTTCCCC')] ACGTGGGGGTTTTCCCCAA mask -> NNNNGGGGGNNNNNNNNNN
    AdapterCutter l = make_cutter(Specs{{kBack, "^ACGT...TTTTCCCC"}}, 1, AdapterAction::Mask);
    Read r2 = make_read("ACGTGGGGGTTTTCCCCAA");
    info.clear();
    l.apply(r2, info);
    CHECK(r2.sequence == "NNNNGGGGGNNNNNNNNNN");
}

TEST_CASE("lowercase upper-cases the read first, matched or not") {
    // ttttggggACGTACGTcc lowercase -> TTTTGGGGacgtacgtcc
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 1, AdapterAction::Lowercase);
    Read r = make_read("ttttggggACGTACGTcc");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTGGGGacgtacgtcc");
    // ttttggggAAAA lowercase (no match) -> TTTTGGGGAAAA
    Read u = make_read("ttttggggAAAA");
    info.clear();
    c.apply(u, info);
    CHECK(u.sequence == "TTTTGGGGAAAA");
    CHECK(info.empty());
}

TEST_CASE("action none leaves the read but records the match") {
    // TTTTGGGGACGTACGTCC action=None -> unchanged, one match, with_adapters 1
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 1, AdapterAction::None);
    Read r = make_read("TTTTGGGGACGTACGTCC");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTGGGGACGTACGTCC");
    CHECK(info.size() == 1);
}

TEST_CASE("times: rounds stop when nothing is found") {
    // TTTTACGTACGTGGGGACGTACGTCC times=2 -> TTTT, one match, back {22: {0: 1}} adjacent T
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 2);
    Read r = make_read("TTTTACGTACGTGGGGACGTACGTCC");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTT");
    CHECK(info.size() == 1);
    Stats stats;
    c.take_statistics(stats, 0);
    CHECK(count_of(stats.adapter(0, 0).back, 22, 0) == 1);
    CHECK(stats.adapter(0, 0).back.adjacent_bases[3] == 1);

    // [('front','ACGTACGT'),('back','TTTTCCCC')] GGACGTACGTGGGGGTTTTCCCCAA times=2 -> GGGGG
    // matches 9 (front, {10: {0: 1}}), 10 (back, {10: {0: 1}}, adjacent G)
    AdapterCutter two = make_cutter(Specs{{kFront, "ACGTACGT"}, {kBack, "TTTTCCCC"}}, 2);
    Read r2 = make_read("GGACGTACGTGGGGGTTTTCCCCAA");
    info.clear();
    two.apply(r2, info);
    CHECK(r2.sequence == "GGGGG");
    REQUIRE(info.size() == 2);
    CHECK(info[0].adapter == 0);
    CHECK(info[1].adapter == 1);
    CHECK(info[1].sequence == "GGGGGTTTTCCCCAA");  // second round saw what the first left
    Stats s2;
    two.take_statistics(s2, 0);
    StatsLayout layout;
    two.describe(layout, 0);
    REQUIRE(layout.adapters[0].size() == 2);
    CHECK(layout.adapters[0][0].kind == AdapterStatsKind::Front);
    CHECK(layout.adapters[0][1].kind == AdapterStatsKind::Back);
    CHECK(count_of(s2.adapter(0, 0).front, 10, 0) == 1);
    CHECK(count_of(s2.adapter(0, 1).back, 10, 0) == 1);
    CHECK(s2.adapter(0, 1).back.adjacent_bases[2] == 1);
}

TEST_CASE("mask after several rounds") {
    // TTTTACGTACGTGGGGACGTACGTCC times=3 mask -> TTTTNNNNNNNNNNNNNNNNNNNNNN
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 3, AdapterAction::Mask);
    Read r = make_read("TTTTACGTACGTGGGGACGTACGTCC");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTNNNNNNNNNNNNNNNNNNNNNN");
}

TEST_CASE("anywhere adapter statistics go to the 5' or 3' end") {
    // [('anywhere','ACGTACGT')] CGTACGTGGGGGG -> GGGGGG, front {7: {0: 1}}
    // [('anywhere','ACGTACGT')] GGGACGTACGTGG -> GGG, back {10: {0: 1}} adjacent G
    AdapterCutter c = make_cutter(Specs{{kAnywhere, "ACGTACGT"}});
    MatchInfo info;
    Read a = make_read("CGTACGTGGGGGG");
    c.apply(a, info);
    CHECK(a.sequence == "GGGGGG");
    Read b = make_read("GGGACGTACGTGG");
    info.clear();
    c.apply(b, info);
    CHECK(b.sequence == "GGG");
    Stats stats;
    c.take_statistics(stats, 0);
    const AdapterCounters& s = stats.adapter(0, 0);
    CHECK(first_kind(c) == AdapterStatsKind::Anywhere);
    CHECK(count_of(s.front, 7, 0) == 1);
    CHECK(count_of(s.back, 10, 0) == 1);
    CHECK(s.back.adjacent_bases[2] == 1);
    CHECK(stats.with_adapters[0] == 2);
}

TEST_CASE("revcomp keeps the forward read on ties and when it scores higher") {
    // [('back','AAACCCGGT')]... ; [('back','ACGTACGT')] AAAAACGTACGTCC rc -> AAAA ABCD, is_rc False
    AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}});
    c.enable_reverse_complement(true);
    Read r = make_read("AAAAACGTACGTCC", "ABCDEFGHIJKLMN");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "AAAA");
    CHECK(r.qualities == "ABCD");
    CHECK(r.name == "r1 x");
    REQUIRE(info.is_rc.has_value());
    CHECK_FALSE(*info.is_rc);
    Stats stats;
    c.take_statistics(stats, 0);
    CHECK(stats.reverse_complemented == 0);
    CHECK(stats.adapter(0, 0).reverse_complemented == 0);
}

TEST_CASE("revcomp uses the reverse complement when it scores higher") {
    // [('back','AAACCCGGT')] AAACCGGGTTTAAAAA ABCDEFGHIJKLMNOP rc -> "r1 x rc" TTTTT PONML
    // is_rc True; back {11: {0: 1}} adjacent T; reverse_complemented 1
    AdapterCutter c = make_cutter(Specs{{kBack, "AAACCCGGT"}});
    c.enable_reverse_complement(true);
    Read r = make_read("AAACCGGGTTTAAAAA", "ABCDEFGHIJKLMNOP");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTT");
    CHECK(r.qualities == "PONML");
    CHECK(r.name == "r1 x rc");
    CHECK(*info.is_rc);
    Stats stats;
    c.take_statistics(stats, 0);
    CHECK(stats.reverse_complemented == 1);
    CHECK(stats.adapter(0, 0).reverse_complemented == 1);
    StatsLayout layout;
    c.describe(layout, 0);
    CHECK(layout.reverse_complement);
    CHECK(count_of(stats.adapter(0, 0).back, 11, 0) == 1);
    CHECK(stats.adapter(0, 0).back.adjacent_bases[3] == 1);
}

TEST_CASE("revcomp with lowercase action") {
    // ... rc=True action=lowercase -> "r1 x rc" TTTTTaaacccggttt PONMLKJIHGFEDCBA
    AdapterCutter c = make_cutter(Specs{{kBack, "AAACCCGGT"}}, 1, AdapterAction::Lowercase);
    c.enable_reverse_complement(false);
    Read r = make_read("AAACCGGGTTTAAAAA", "ABCDEFGHIJKLMNOP");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "TTTTTaaacccggttt");
    CHECK(r.qualities == "PONMLKJIHGFEDCBA");
    CHECK(r.name == "r1 x");  // no suffix
}

TEST_CASE("reverse_complement handles IUPAC codes and case") {
    // dnaio: SequenceRecord(..., 'ACGTUMRWSYKVHDBNacgtumrwsykvhdbnXZ.-').reverse_complement()
    std::string out;
    reverse_complement("ACGTUMRWSYKVHDBNacgtumrwsykvhdbnXZ.-", out);
    CHECK(out == "-.ZXnvhdbmrswykaacgtNVHDBMRSWYKAACGT");
}

TEST_CASE("error path: retain cannot be combined with times > 1") {
    // AdapterCutter(ads, times=2, action="retain") -> ValueError
    auto e = check_adapter_cutter_options(2, AdapterAction::Retain);
    REQUIRE(e.has_value());
    CHECK(*e == "'retain' cannot be combined with times > 1");
    CHECK_FALSE(check_adapter_cutter_options(1, AdapterAction::Retain).has_value());
    CHECK_FALSE(check_adapter_cutter_options(3, AdapterAction::Trim).has_value());
}

// --action=crop (cutadapt 4.9): the read becomes the bases the match covers,
// read[rstart:rstop]. The coordinates come from cutadapt 4.2 (same script,
// action "trim", printing match.rstart and match.rstop); 4.2 has no crop.

namespace {

// The read and its matches after a one-adapter cutter with action crop.
std::pair<Read, MatchInfo> crop(AdapterOption where, const std::string& adapter, std::string seq, std::string qual) {
    AdapterCutter c = make_cutter(Specs{{where, adapter}}, 1, AdapterAction::Crop);
    std::pair<Read, MatchInfo> out{make_read(std::move(seq), std::move(qual)), MatchInfo{}};
    c.apply(out.first, out.second);
    return out;
}

}  // namespace

TEST_CASE("crop keeps only the matched bases of a 3' adapter inside the read") {
    // [('back','ACGTACGT')] TTTTGGGGACGTACGTCC -> rstart 8, rstop 16
    auto [r, info] = crop(kBack, "ACGTACGT", "TTTTGGGGACGTACGTCC", "ABCDEFGHIJKLMNOPQR");
    CHECK(r.sequence == "ACGTACGT");
    CHECK(r.qualities == "IJKLMNOP");
    REQUIRE(info.size() == 1);
    CHECK(info[0].match_sequence() == "ACGTACGT");
}

TEST_CASE("crop of a partial 3' adapter at the read end keeps the partial adapter") {
    // [('back','ACGTACGT')] TTTTGGGGACGTA -> rstart 8, rstop 13
    auto [r, info] = crop(kBack, "ACGTACGT", "TTTTGGGGACGTA", "ABCDEFGHIJKLM");
    CHECK(r.sequence == "ACGTA");
    CHECK(r.qualities == "IJKLM");
}

TEST_CASE("crop of a 5' adapter keeps the bases under its wildcards") {
    // [('front','GGTTNNNNCCAA')] TTGGTTACGTCCAAGGG -> rstart 2, rstop 14
    auto [r, info] = crop(kFront, "GGTTNNNNCCAA", "TTGGTTACGTCCAAGGG", "ABCDEFGHIJKLMNOPQ");
    CHECK(r.sequence == "GGTTACGTCCAA");
    CHECK(r.qualities == "CDEFGHIJKLMN");
}

TEST_CASE("crop leaves a read without a match alone") {
    auto [r, info] = crop(kBack, "ACGTACGT", "TTTTTTTT", "ABCDEFGH");
    CHECK(r.sequence == "TTTTTTTT");
    CHECK(r.qualities == "ABCDEFGH");
    CHECK(info.size() == 0);
}

TEST_CASE("crop with revcomp crops the reverse complement when it is chosen") {
    // rc=True: "r1 x rc", match on TTTTTAAACCCGGTTT at rstart 5, rstop 14
    AdapterCutter c = make_cutter(Specs{{kBack, "AAACCCGGT"}}, 1, AdapterAction::Crop);
    c.enable_reverse_complement(true);
    Read r = make_read("AAACCGGGTTTAAAAA", "ABCDEFGHIJKLMNOP");
    MatchInfo info;
    c.apply(r, info);
    CHECK(r.sequence == "AAACCCGGT");
    CHECK(r.qualities == "KJIHGFEDC");
    CHECK(r.name == "r1 x rc");
    CHECK(*info.is_rc);
}

TEST_CASE("crop counts matches as trim does") {
    // The statistics read the matches, not the read: with_adapters and the
    // adapter's length/error table are those of action trim.
    Stats cropped;
    Stats trimmed;
    for (auto [action, stats] : {std::pair{AdapterAction::Crop, &cropped}, std::pair{AdapterAction::Trim, &trimmed}}) {
        AdapterCutter c = make_cutter(Specs{{kBack, "ACGTACGT"}}, 1, action);
        for (const char* seq : {"TTTTGGGGACGTACGTCC", "TTTTGGGGACGTA", "TTTTTTTT"}) {
            Read r = make_read(seq);
            MatchInfo info;
            c.apply(r, info);
        }
        c.take_statistics(*stats, 0);
    }
    CHECK(cropped.with_adapters[0] == 2);
    CHECK(cropped.with_adapters[0] == trimmed.with_adapters[0]);
    CHECK(cropped.adapter(0, 0).back.errors == trimmed.adapter(0, 0).back.errors);
    CHECK(cropped.adapter(0, 0).back.total() == trimmed.adapter(0, 0).back.total());
}

TEST_CASE("error path: crop cannot be combined with times > 1") {
    auto e = check_adapter_cutter_options(2, AdapterAction::Crop);
    REQUIRE(e.has_value());
    CHECK(*e ==
          "--action=crop cannot be combined with --times > 1 in ringtrim (what cutadapt 4.9 does then is not "
          "established)");
    CHECK_FALSE(check_adapter_cutter_options(1, AdapterAction::Crop).has_value());
}

TEST_CASE("error path: crop cannot be used with linked adapters") {
    AdapterNamer namer;
    auto parsed =
        parse_adapter_specs(Specs{{kBack, "ACGT"}, {kBack, "^ACGT...TTTTCCCC"}}, SearchDefaults{}, namer, nullptr);
    REQUIRE(std::holds_alternative<std::vector<Adapter>>(parsed));
    const auto& adapters = std::get<std::vector<Adapter>>(parsed);
    auto e = check_adapter_cutter_options(1, AdapterAction::Crop, adapters);
    REQUIRE(e.has_value());
    CHECK(*e ==
          "--action=crop cannot be used with linked adapters in ringtrim (what cutadapt 4.9 keeps of a linked "
          "match is not established): ACGT...TTTTCCCC");
    // Other actions accept linked adapters; the retain rule still applies.
    CHECK_FALSE(check_adapter_cutter_options(1, AdapterAction::Retain, adapters).has_value());
    CHECK(check_adapter_cutter_options(2, AdapterAction::Retain, adapters).has_value());
    const std::vector<Adapter> unlinked(adapters.begin(), adapters.begin() + 1);
    CHECK_FALSE(check_adapter_cutter_options(1, AdapterAction::Crop, unlinked).has_value());
}
