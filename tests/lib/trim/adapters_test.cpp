// Tests of lib/trim/adapters: matching per adapter kind, match intervals,
// linked adapters, MultipleAdapters selection and the anchored-adapter index.
//
// Expected values come from cutadapt 4.2, e.g.
//   from cutadapt.parser import make_adapter
//   D = dict(max_errors=0.1, min_overlap=3, read_wildcards=False,
//            adapter_wildcards=True, indels=True)
//   m = make_adapter(SPEC, TYPE, D).match_to(READ)
//   (m.astart, m.astop, m.rstart, m.rstop, m.score, m.errors, m.trimmed(READ),
//    m.removed_sequence_length())
#include "lib/trim/adapters.hpp"

#include <catch2/catch.hpp>

#include "lib/trim/adapter_spec.hpp"

using namespace ringtrim::core;

namespace {

AdapterOption option_of(std::string_view type) {
    if (type == "back") return AdapterOption::Back;
    if (type == "front") return AdapterOption::Front;
    return AdapterOption::Anywhere;
}

Adapter make(std::string_view type, std::string_view spec, SearchDefaults d = {}) {
    AdapterNamer namer;
    auto r = parse_adapter_spec(spec, option_of(type), d, namer, nullptr);
    REQUIRE(std::holds_alternative<std::vector<Adapter>>(r));
    auto& v = std::get<std::vector<Adapter>>(r);
    REQUIRE(v.size() == 1);
    return std::move(v[0]);
}

struct MatchCase {
    const char* type;
    const char* spec;
    const char* read;
    bool found;
    int astart = 0, astop = 0, rstart = 0, rstop = 0, score = 0, errors = 0;
    bool remove_before = false;
    const char* trimmed = "";
    int removed = 0;
};

std::string trimmed_of(const Match& m, std::string_view read) {
    auto [a, b] = m.trimmed_interval(static_cast<int>(read.size()));
    return std::string(read.substr(a, b - a));
}

}  // namespace

TEST_CASE("single adapters match as cutadapt's adapter classes") {
    // Generated with the snippet at the top of this file (/tmp gen_match.py).
    const MatchCase cases[] = {
        {"back", "ACGTACGTAA", "TTTTTTTTTTACGTACGTAA", true, 0, 10, 10, 20, 10, 0, false, "TTTTTTTTTT", 10},
        {"back", "ACGTACGTAA", "TTTTTTTTTTACGTA", true, 0, 5, 10, 15, 5, 0, false, "TTTTTTTTTT", 5},
        {"back", "ACGTACGTAA", "TTTTTTTTTTACGAACGTAATTT", true, 0, 10, 10, 20, 8, 1, false, "TTTTTTTTTT", 13},
        {"back", "ACGTACGTAA", "GGGGGGGG", false},
        {"front", "ACGTACGTAA", "ACGTACGTAAGGGGGGGG", true, 0, 10, 0, 10, 10, 0, true, "GGGGGGGG", 10},
        {"front", "ACGTACGTAA", "CGTAAGGGGGGGG", true, 5, 10, 0, 5, 5, 0, true, "GGGGGGGG", 5},
        {"front", "^ACGTACGTAA", "ACGTACGTAAGGGG", true, 0, 10, 0, 10, 10, 0, true, "GGGG", 10},
        {"front", "^ACGTACGTAA", "ACGTTCGTAAGGGG", true, 0, 10, 0, 10, 8, 1, true, "GGGG", 10},
        {"front", "^ACGTACGTAA;noindels", "ACGTTCGTAAGGGG", true, 0, 10, 0, 10, 8, 1, true, "GGGG", 10},
        {"back", "ACGTACGTAA$", "GGGGACGTACGTAA", true, 0, 10, 4, 14, 10, 0, false, "GGGG", 10},
        {"back", "ACGTACGTAA$;noindels", "GGGGACGTACGTTA", true, 0, 10, 4, 14, 8, 1, false, "GGGG", 10},
        {"front", "XACGTACGTAA", "CGTACGTAAGGGG", true, 1, 10, 0, 9, 9, 0, true, "GGGG", 9},
        {"back", "ACGTACGTAAX", "GGGGACGTACG", true, 0, 7, 4, 11, 7, 0, false, "GGGG", 7},
        {"anywhere", "ACGTACGTAA", "CGTACGTAAGGGGGG", true, 1, 10, 0, 9, 9, 0, true, "GGGGGG", 9},
        {"anywhere", "ACGTACGTAA", "GGGGGACGTACGTAAGG", true, 0, 10, 5, 15, 10, 0, false, "GGGGG", 12},
        {"front", "ACGTACGTAA;rightmost", "ACGTACGTAAGGACGTACGTAATTT", true, 0, 10, 12, 22, 10, 0, true, "TTT", 22},
        {"front", "ACGTACGTAA", "ACGTACGTAAGGACGTACGTAATTT", true, 0, 10, 0, 10, 10, 0, true, "GGACGTACGTAATTT", 10},
        {"back", "ACGTACGTAA;anywhere", "CGTACGTAAGGGGGG", true, 1, 10, 0, 9, 9, 0, false, "", 15},
        {"back", "ACGNNNGTAA", "TTTTTACGCCCGTAAGG", true, 0, 10, 5, 15, 10, 0, false, "TTTTT", 12},
        {"back", "ACGTACGTAA;e=1", "TTTTTTTTTTACGAACGTA", true, 0, 5, 14, 19, 5, 0, false, "TTTTTTTTTTACGA", 5},
        {"back", "ACGTACGTAA;o=5", "TTTTTTTTTTACGT", false},
        {"back", "ACGTACGTAA;noindels", "TTTTTTTACGTCGTAATT", false},
    };
    for (const MatchCase& c : cases) {
        INFO(c.type << " " << c.spec << " " << c.read);
        Adapter a = make(c.type, c.spec);
        Match m;
        const bool found = a.match_to(c.read, m);
        REQUIRE(found == c.found);
        if (!found) continue;
        const SingleMatch& s = m.single();
        CHECK(s.astart == c.astart);
        CHECK(s.astop == c.astop);
        CHECK(s.rstart == c.rstart);
        CHECK(s.rstop == c.rstop);
        CHECK(s.score == c.score);
        CHECK(s.errors == c.errors);
        CHECK(m.has_front == c.remove_before);
        CHECK(s.remove_before == c.remove_before);
        CHECK(trimmed_of(m, c.read) == c.trimmed);
        CHECK(s.removed_sequence_length() == c.removed);
    }
}

TEST_CASE("linked adapter with anchored front and required back") {
    // make_adapter("^ACGT...TTTTCCCC", "back", D).match_to("ACGTGGGGGTTTTCCCCAA"):
    // front 0,4,0,4,4,0 back 0,8,5,13,8,0 trimmed GGGGG score 12
    // match_sequence ACGT,TTTTCCCC remainder (4, 9) retained (0, 17)
    Adapter a = make("back", "^ACGT...TTTTCCCC");
    REQUIRE(a.is_linked());
    CHECK(a.front_required());
    CHECK_FALSE(a.back_required());
    Match m;
    const std::string read = "ACGTGGGGGTTTTCCCCAA";
    REQUIRE(a.match_to(read, m));
    m.sequence = read;
    REQUIRE(m.has_front);
    REQUIRE(m.has_back);
    CHECK(m.front.rstop == 4);
    CHECK(m.back.rstart == 5);
    CHECK(m.back.rstop == 13);
    CHECK(m.score() == 12);
    CHECK(trimmed_of(m, read) == "GGGGG");
    CHECK(m.match_sequence() == "ACGT,TTTTCCCC");
    CHECK(m.remainder_interval() == std::pair{4, 9});
    CHECK(m.retained_adapter_interval() == std::pair{0, 17});
}

TEST_CASE("linked adapter of -a: unanchored parts are optional") {
    // make_adapter("ACGTCC...TTTTCCCC", "back", D).match_to("GGACGTCCGGGGG"):
    // front 0,6,2,8,6,0 back none trimmed GGGGG ms "ACGTCC," rem (8, 13) ret (2, 13)
    Adapter a = make("back", "ACGTCC...TTTTCCCC");
    Match m;
    std::string read = "GGACGTCCGGGGG";
    REQUIRE(a.match_to(read, m));
    m.sequence = read;
    CHECK(m.has_front);
    CHECK_FALSE(m.has_back);
    CHECK(trimmed_of(m, read) == "GGGGG");
    CHECK(m.match_sequence() == "ACGTCC,");
    CHECK(m.remainder_interval() == std::pair{8, 13});
    CHECK(m.retained_adapter_interval() == std::pair{2, 13});

    // ... .match_to("GGGGGGTTTTCCCCAA"): front none back 0,8,6,14,8,0
    // trimmed GGGGGG ms ",TTTTCCCC" rem (0, 6) ret (0, 14)
    read = "GGGGGGTTTTCCCCAA";
    REQUIRE(a.match_to(read, m));
    m.sequence = read;
    CHECK_FALSE(m.has_front);
    CHECK(m.has_back);
    CHECK(trimmed_of(m, read) == "GGGGGG");
    CHECK(m.match_sequence() == ",TTTTCCCC");
    CHECK(m.remainder_interval() == std::pair{0, 6});
    CHECK(m.retained_adapter_interval() == std::pair{0, 14});
}

TEST_CASE("linked adapter of -g requires both parts") {
    // make_adapter("ACGTCC...TTTTCCCC", "front", D).match_to("GGACGTCCGGGGG") is None
    Adapter a = make("front", "ACGTCC...TTTTCCCC");
    Match m;
    CHECK_FALSE(a.match_to("GGACGTCCGGGGG", m));
    // make_adapter("ACGTCC...TTTTCCCC$", "back", D).match_to("ACGTCCGGGGGTTTTCCC") is None
    Adapter b = make("back", "ACGTCC...TTTTCCCC$");
    CHECK_FALSE(b.match_to("ACGTCCGGGGGTTTTCCC", m));
}

TEST_CASE("descriptions and identifiers per kind") {
    // a.description, a.descriptive_identifier(), a.spec() in cutadapt 4.2
    struct Row {
        const char* type;
        const char* spec;
        const char* description;
        const char* identifier;
        const char* spec_string;
    };
    const Row rows[] = {
        {"back", "ACGT", "regular 3'", "regular_three_prime", "ACGT"},
        {"front", "ACGT", "regular 5'", "regular_five_prime", "ACGT..."},
        {"anywhere", "ACGT", "variable 5'/3'", "anywhere", "...ACGT..."},
        {"front", "^ACGT", "anchored 5'", "anchored_five_prime", "^ACGT..."},
        {"back", "ACGT$", "anchored 3'", "anchored_three_prime", "ACGT$"},
        {"front", "XACGT", "non-internal 5'", "noninternal_five_prime", "XACGT..."},
        {"back", "ACGTX", "non-internal 3'", "noninternal_three_prime", "ACGTX"},
        {"front", "ACGT;rightmost", "rightmost 5'", "rightmost_five_prime", "ACGT...;rightmost"},
        {"back", "AC...GT", "linked", "linked", "AC......GT"},
    };
    for (const Row& r : rows) {
        INFO(r.spec);
        Adapter a = make(r.type, r.spec);
        CHECK(a.description() == r.description);
        CHECK(a.descriptive_identifier() == r.identifier);
        CHECK(a.spec() == r.spec_string);
    }
}

TEST_CASE("error counts of 1 or more become rates by non-N length") {
    // make_adapter("ACGTNNACGT;e=2", "back", D).max_error_rate == 2/8 == 0.25
    Adapter a = make("back", "ACGTNNACGT;e=2");
    CHECK(a.single().max_error_rate() == Approx(0.25));
    CHECK(a.single().effective_length() == 8);
    CHECK(a.single().adapter_wildcards());
    // with -N: adapter_wildcards False, effective_length 10 (Aligner counts N only with wildcards)
    SearchDefaults d;
    d.adapter_wildcards = false;
    Adapter b = make("back", "ACGTNNACGT", d);
    CHECK_FALSE(b.single().adapter_wildcards());
    CHECK(b.single().effective_length() == 10);
}

TEST_CASE("anchored adapters need a full-length overlap") {
    // PrefixAdapter: min_overlap = len(sequence), allows_partial_matches False
    Adapter a = make("front", "^ACGTACGT");
    CHECK(a.single().min_overlap() == 8);
    CHECK_FALSE(a.single().allows_partial_matches());
    Match m;
    // make_adapter("^ACGTACGT", "front", D).match_to("ACGTAC") is None
    CHECK_FALSE(a.match_to("ACGTAC", m));
    // min_overlap is capped by the length: make_adapter("ACG", "back", D).min_overlap == 3;
    // make_adapter("AC", "back", D).min_overlap == 2
    CHECK(make("back", "AC").single().min_overlap() == 2);
}

TEST_CASE("adapter names and statistics description") {
    // LinkedAdapter: front_adapter.name is the linked adapter's name
    AdapterNamer namer;
    auto r = parse_adapter_specs({{AdapterOption::Back, "ACGT"},
                                  {AdapterOption::Back, "x=AAAAC"},
                                  {AdapterOption::Front, "GG...TT"},
                                  {AdapterOption::Back, "CCCCA"}},
                                 {}, namer, nullptr);
    auto& v = std::get<std::vector<Adapter>>(r);
    REQUIRE(v.size() == 4);
    CHECK(v[0].name() == "1");
    CHECK(v[1].name() == "x");
    CHECK(v[2].name() == "2");
    CHECK(v[2].front_adapter().name() == "2");
    CHECK(v[2].back_adapter().name() == "linked_back");
    CHECK(v[3].name() == "3");

    const AdapterDescription s = v[2].describe_statistics();
    CHECK(s.kind == AdapterStatsKind::Linked);
    CHECK(s.name == "2");
    CHECK(s.sequence == "GG...TT");
    CHECK(s.front.adapter_type == "regular_five_prime");
    CHECK(s.back.adapter_type == "regular_three_prime");
    CHECK(s.front.remove_prefix);
    CHECK_FALSE(s.back.remove_prefix);
    CHECK(s.min_overlap == 2);
    CHECK(s.back_min_overlap == 2);

    const AdapterDescription b = v[0].describe_statistics();
    CHECK(b.kind == AdapterStatsKind::Back);
    CHECK(b.description == "regular 3'");
    CHECK(b.back.sequence == "ACGT");
    CHECK(b.back.effective_length == 4);
    CHECK(b.min_overlap == 3);
}

TEST_CASE("MultipleAdapters picks the highest score, then fewer errors, then the first") {
    // from cutadapt.adapters import MultipleAdapters
    // ads = [make_adapter(s, "back", D) for s in ("TTTTGGGG", "ACGTACGT", "ACGTACGG")]
    // MultipleAdapters(ads).match_to("CCCCCACGTACGT") -> adapter "ACGTACGT" (index 1), score 8
    std::vector<Adapter> ads;
    for (const char* s : {"TTTTGGGG", "ACGTACGT", "ACGTACGG"}) ads.push_back(make("back", s));
    MultipleAdapters multi(std::move(ads), true);
    Match m;
    REQUIRE(multi.match_to("CCCCCACGTACGT", m));
    CHECK(m.adapter == 1);
    CHECK(m.score() == 8);
    // Equal matches: the first adapter wins.
    // MultipleAdapters([make_adapter("ACGTAC","back",D), make_adapter("ACGTAC","back",D)])
    std::vector<Adapter> same;
    same.push_back(make("back", "ACGTAC"));
    same.push_back(make("back", "ACGTAC"));
    MultipleAdapters twins(std::move(same), true);
    REQUIRE(twins.match_to("GGGGACGTAC", m));
    CHECK(m.adapter == 0);
}

TEST_CASE("anchored adapter index is used above five adapters and reports matches as the index") {
    // AdapterCutter(ads) with 6 anchored 5' adapters uses IndexedPrefixAdapters.
    // ads = [make_adapter("^" + s, "front", dict(D, indels=False)) for s in six sequences]
    // IndexedPrefixAdapters(ads).match_to("ACGTTCGTAAGG"):
    //   RemoveBeforeMatch(astart=0, astop=10, rstart=0, rstop=10, score=9, errors=1)
    // (score 9 = matching bases; PrefixComparer alone would report 8)
    SearchDefaults d;
    d.indels = false;
    std::vector<Adapter> ads;
    for (const char* s : {"^ACGTACGTAA", "^GGGGGCCCCC", "^TTTTTAAAAA", "^CACACACACA", "^GTGTGTGTGT", "^ATATATATAT"}) {
        ads.push_back(make("front", s, d));
    }
    MultipleAdapters multi(std::move(ads), true);
    CHECK(multi.indexed());
    Match m;
    REQUIRE(multi.match_to("ACGTTCGTAAGG", m));
    CHECK(m.adapter == 0);
    CHECK(m.front.rstop == 10);
    CHECK(m.front.score == 9);
    CHECK(m.front.errors == 1);
    // an N in the prefix falls back to sequential matching (score 8 from the PrefixComparer)
    REQUIRE(multi.match_to("ACGTNCGTAAGG", m));
    CHECK(m.adapter == 0);
    CHECK(m.front.score == 8);
    CHECK(m.front.errors == 1);
}

TEST_CASE("indexed suffix adapters on a read shorter than the longest string") {
    // cutadapt quirk: with several lengths in the index, a read shorter than the
    // longest length is looked up whole, and the match reports the loop's length.
    // ads = [make_adapter(s + "$", "back", dict(D, max_errors=1)) for s in
    //        ("ACGTACGTAC", "GGGGCCCCGG", "TTTTAAAATT", "CACACAGTGT", "GTGTCACACA", "ATATGCGCAT")]
    // m = IndexedSuffixAdapters(ads).match_to("CGTACGTAC")
    // (m.rstart, m.rstop, m.score, m.errors, m.trimmed("CGTACGTAC"),
    //  m.removed_sequence_length()) == (-2, 9, 9, 1, 'CGTACGT', 11)
    SearchDefaults d;
    d.max_errors = 1;
    std::vector<Adapter> ads;
    for (const char* s : {"ACGTACGTAC$", "GGGGCCCCGG$", "TTTTAAAATT$", "CACACAGTGT$", "GTGTCACACA$", "ATATGCGCAT$"}) {
        ads.push_back(make("back", s, d));
    }
    MultipleAdapters multi(std::move(ads), true);
    REQUIRE(multi.indexed());
    Match m;
    REQUIRE(multi.match_to("CGTACGTAC", m));
    CHECK(m.adapter == 0);
    CHECK(m.back.rstart == -2);
    CHECK(m.back.rstop == 9);
    CHECK(m.back.score == 9);
    CHECK(m.back.errors == 1);
    CHECK(trimmed_of(m, "CGTACGTAC") == "CGTACGT");
    CHECK(m.back.removed_sequence_length() == 11);
}

TEST_CASE("indexed adapters ignore entries with -1 matching bases") {
    // specs = "^AACGTTCTC;noindels ^CCGCGAGGCC;noindels ^GATTGCT;e=0.2 ^ATCTCATA;e=2 ^GGA;e=2
    //          ^TTGACACATAAC;noindels ^ATAACCA" (all -g)
    // IndexedPrefixAdapters(ads)._index["TCA"] == (GGA adapter, 2, -1), yet
    // IndexedPrefixAdapters(ads).match_to("TCAAATATGCATAACGCTATCT") is None
    std::vector<Adapter> ads;
    for (const char* s : {"^AACGTTCTC;noindels", "^CCGCGAGGCC;noindels", "^GATTGCT;e=0.2", "^ATCTCATA;e=2", "^GGA;e=2",
                          "^TTGACACATAAC;noindels", "^ATAACCA"}) {
        ads.push_back(make("front", s));
    }
    MultipleAdapters multi(std::move(ads), true);
    REQUIRE(multi.indexed());
    Match m;
    CHECK_FALSE(multi.match_to("TCAAATATGCATAACGCTATCT", m));
    // without the index, the GGA adapter matches with score -1
    std::vector<Adapter> plain;
    plain.push_back(make("front", "^GGA;e=2"));
    MultipleAdapters single(std::move(plain), false);
    REQUIRE(single.match_to("TCAAATATGCATAACGCTATCT", m));
    CHECK(m.score() == -1);
}

TEST_CASE("no index with --no-index or five or fewer anchored adapters") {
    std::vector<Adapter> ads;
    for (const char* s : {"^ACGTACGTAA", "^GGGGGCCCCC", "^TTTTTAAAAA", "^CACACACACA", "^GTGTGTGTGT"}) {
        ads.push_back(make("front", s));
    }
    MultipleAdapters multi(std::move(ads), true);
    CHECK_FALSE(multi.indexed());
    std::vector<Adapter> six;
    for (const char* s : {"^ACGTACGTAA", "^GGGGGCCCCC", "^TTTTTAAAAA", "^CACACACACA", "^GTGTGTGTGT", "^ATATATATAT"}) {
        six.push_back(make("front", s));
    }
    MultipleAdapters no_index(std::move(six), false);
    CHECK_FALSE(no_index.indexed());
}

TEST_CASE("wildcards() lists the read bases under N") {
    // m = make_adapter("ACGNNNGTAA", "back", D).match_to("TTTTTACGCATGTAAGG"); m.wildcards() == "CAT"
    Adapter a = make("back", "ACGNNNGTAA");
    Match m;
    const std::string read = "TTTTTACGCATGTAAGG";
    REQUIRE(a.match_to(read, m));
    std::string w;
    m.back.append_wildcards(read, a.single().sequence(), w);
    CHECK(w == "CAT");
    CHECK(m.back.adjacent_base(read) == "T");
    CHECK(m.back.rest(read) == "GG");
}

TEST_CASE("duplicate adapters are warned about") {
    // warn_duplicate_adapters logs: Adapter 'ACGT' (regular 3') was specified multiple times! ...
    std::vector<Adapter> ads;
    ads.push_back(make("back", "ACGT"));
    ads.push_back(make("back", "acgt"));
    ads.push_back(make("front", "ACGT"));
    auto w = duplicate_adapter_warnings(ads);
    REQUIRE(w.size() == 1);
    CHECK(w[0] ==
          "Adapter 'ACGT' (regular 3') was specified multiple times! Please make sure that this is "
          "what you want.");
}

TEST_CASE("error path: invalid characters and only-N adapters") {
    // SingleAdapter("ACGZ") raises InvalidCharacter:
    // Character 'Z' in adapter sequence 'ACGZ' is not a valid IUPAC code. Use only characters 'ABCDGHIKMNRSTUVWXY'.
    auto r = SingleAdapter::create(AdapterKind::Back, "acgz", AdapterParams{}, "1");
    REQUIRE(std::holds_alternative<Error>(r));
    CHECK(std::get<Error>(r).message ==
          "Character 'Z' in adapter sequence 'ACGZ' is not a valid IUPAC code. Use only characters "
          "'ABCDGHIKMNRSTUVWXY'.");
    CHECK(std::get<Error>(r).kind == ErrorKind::InvalidCharacter);
    // BackAdapter("NNN") -> ValueError: Cannot have only N wildcards in the sequence
    auto n = SingleAdapter::create(AdapterKind::Back, "NNN", AdapterParams{}, "1");
    REQUIRE(std::holds_alternative<Error>(n));
    CHECK(std::get<Error>(n).message == "Cannot have only N wildcards in the sequence");
    // BackAdapter("") -> ValueError: Adapter sequence is empty
    auto e = SingleAdapter::create(AdapterKind::Back, "", AdapterParams{}, "1");
    REQUIRE(std::holds_alternative<Error>(e));
    CHECK(std::get<Error>(e).message == "Adapter sequence is empty");
}

TEST_CASE("py_slice normalizes as Python") {
    CHECK(py_slice(5, -2, 5) == std::pair{3, 5});
    CHECK(py_slice(5, 0, -7) == std::pair{0, 0});
    CHECK(py_slice(5, 7, 9) == std::pair{5, 5});
    CHECK(py_slice(5, 3, 1) == std::pair{3, 3});
}
