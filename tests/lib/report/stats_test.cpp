// Stats: merging per-chunk counters with += (cutadapt Statistics.__iadd__),
// the binary form that carries a chunk's counters from a worker to the
// writer, and its error paths (issue #13: counters only, no names).
#include "lib/report/stats.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <map>
#include <random>

#include "lib/report/text_report.hpp"
#include "tests/lib/report/stats_dump.hpp"

namespace ringtrim::core {
namespace {

constexpr auto kTooShort = static_cast<std::size_t>(FilterName::TooShort);

// One 3' adapter ("1", AGATCGGAAGAGC) on R1 with the counters it reports.
StatsLayout back_adapter_layout() {
    StatsLayout layout;
    layout.filters[kTooShort] = true;
    layout.adapter_cutting[0] = true;
    layout.quality_trimming[0] = true;
    AdapterDescription a;
    a.kind = AdapterStatsKind::Back;
    a.name = "1";
    a.sequence = "AGATCGGAAGAGC";
    a.description = "regular 3'";
    a.back.sequence = a.sequence;
    a.back.effective_length = 13;
    a.back.adapter_type = "regular_three_prime";
    layout.adapters[0].push_back(a);
    return layout;
}

// A chunk's counters: `reads` reads of length 50, one adapter match of length 3 each.
Stats chunk(std::int64_t reads, bool one_too_short) {
    Stats s;
    s.n = reads;
    s.total_bp = {50 * reads, 0};
    if (one_too_short) s.filtered[kTooShort] = 1;
    s.with_adapters[0] = reads;
    s.quality_trimmed_bp[0] = 2 * reads;
    s.written_lengths[0][47] = reads - (one_too_short ? 1 : 0);
    AdapterCounters a;
    for (std::int64_t i = 0; i < reads; ++i) {
        a.back.add(3, 0);
        a.back.add_adjacent_base('C');
    }
    s.add_adapter(0, 0, a);
    return s;
}

TEST_CASE("+= sums counters, lengths and adapter counters") {
    Stats total;
    total += chunk(10, true);
    total += chunk(5, true);
    CHECK(total.n == 15);
    CHECK(total.total_bp[0] == 750);
    CHECK(total.filtered[kTooShort] == 2);
    CHECK(total.with_adapters[0] == 15);
    CHECK(total.with_adapters[1] == 0);
    CHECK(total.quality_trimmed_bp[0] == 30);
    CHECK(total.written_lengths[0].entries() == std::vector<LengthCounts::Entry>{{47, 13}});
    CHECK(total.written_reads() == 13);
    CHECK(total.written_bp()[0] == 13 * 47);
    REQUIRE(total.adapters[0].size() == 1);
    const AdapterCounters& a = total.adapter(0, 0);
    CHECK(a.back.errors.entries() == std::vector<ErrorCounts::Entry>{{{3, 0}, 15}});
    CHECK(a.back.adjacent_bases[1] == 15);
    CHECK(a.back.total() == 15);
}

TEST_CASE("+= merges adapters by index, keeping them sorted and sparse") {
    Stats a;
    Stats b;
    AdapterCounters one;
    one.front.add(10, 1);
    a.add_adapter(1, 7, one);
    b.add_adapter(1, 2, one);
    b.add_adapter(1, 7, one);
    b.add_adapter(1, 40, AdapterCounters{});  // nothing counted: no entry
    a += b;
    REQUIRE(a.adapters[1].size() == 2);
    CHECK(a.adapters[1][0].adapter == 2);
    CHECK(a.adapters[1][1].adapter == 7);
    CHECK(a.adapter(1, 7).front.errors.entries() == std::vector<ErrorCounts::Entry>{{{10, 1}, 2}});
    CHECK(a.adapter(1, 2).front.total() == 1);
    CHECK(a.adapter(1, 40).empty());
    CHECK(a.adapter(0, 7).empty());
}

TEST_CASE("histograms keep keys sorted and sum equal keys") {
    LengthCounts lengths;
    ++lengths[30];
    ++lengths[5];
    lengths[30] += 2;
    ++lengths[0];
    CHECK(lengths.entries() == std::vector<LengthCounts::Entry>{{0, 1}, {5, 1}, {30, 3}});
    CHECK(lengths.total() == 5);
    CHECK(lengths.total_length() == 95);
    ErrorCounts errors;
    ++errors[{12, 1}];
    ++errors[{3, 0}];
    errors[{12, 0}] += 4;
    ++errors[{12, 1}];
    CHECK(errors.entries() == std::vector<ErrorCounts::Entry>{{{3, 0}, 1}, {{12, 0}, 4}, {{12, 1}, 2}});
    CHECK(errors.total() == 7);
}

TEST_CASE("histogram += equals counting every key into one map") {
    // Random histograms with interleaved, equal and disjoint key ranges,
    // either side empty; the merge must keep keys sorted, each once.
    std::mt19937 rng(7);
    for (int round = 0; round < 2000; ++round) {
        ErrorCounts a, b;
        std::map<LengthErrors, std::int64_t> expected;
        for (ErrorCounts* h : {&a, &b}) {
            const int keys = static_cast<int>(rng() % 12);
            const int spread = 1 + static_cast<int>(rng() % 20);
            for (int i = 0; i < keys; ++i) {
                const LengthErrors key{static_cast<int>(rng() % spread), static_cast<int>(rng() % 3)};
                const std::int64_t n = 1 + static_cast<std::int64_t>(rng() % 5);
                (*h)[key] += n;
                expected[key] += n;
            }
        }
        a += b;
        std::vector<ErrorCounts::Entry> want;
        for (const auto& [key, n] : expected) want.push_back({key, n});
        REQUIRE(a.entries() == want);
    }
}

TEST_CASE("+= of chunks renders the same report as the whole run") {
    // Split a cutadapt run's counters into two parts and merge them back.
    const auto [layout, whole] = test::load_stats("pe.stats");
    Stats first = whole;
    Stats second = whole;
    first.n = whole.n / 3;
    second.n = whole.n - first.n;
    for (std::size_t i = 0; i < 2; ++i) {
        first.total_bp[i] = whole.total_bp[i] / 2;
        second.total_bp[i] = whole.total_bp[i] - first.total_bp[i];
        first.written_lengths[i].clear();
        second.adapters[i].clear();
    }
    first.filtered = {};
    first.with_adapters = {0, 0};
    first.quality_trimmed_bp = {0, 0};
    Stats merged;
    merged += first;
    merged += second;
    ReportContext ctx;
    CHECK(merged == whole);
    CHECK(full_report(layout, merged, ctx) == full_report(layout, whole, ctx));
    CHECK(serialize(merged) == serialize(whole));
}

TEST_CASE("serialize/deserialize round trip") {
    for (const char* name : {"se_mixed", "se_linked", "se_anywhere", "se_revcomp", "pe", "pe_pairadapters", "empty"}) {
        INFO("case " << name);
        const auto [layout, stats] = test::load_stats(std::string(name) + ".stats");
        const std::string bytes = serialize(stats);
        Stats back;
        REQUIRE(deserialize(bytes, back));
        CHECK(back == stats);
        CHECK(serialize(back) == bytes);
        ReportContext ctx;
        CHECK(full_report(layout, back, ctx) == full_report(layout, stats, ctx));
    }
}

TEST_CASE("serialize: large and negative counters survive") {
    Stats s;
    s.n = std::numeric_limits<std::int64_t>::max();
    s.total_bp = {-1, std::numeric_limits<std::int64_t>::min()};
    s.poly_a_lengths[1][std::numeric_limits<int>::max()] = 1LL << 40;
    AdapterCounters a;
    a.back.add(std::numeric_limits<int>::max(), 0);
    s.add_adapter(0, std::numeric_limits<std::uint32_t>::max(), a);
    Stats back;
    REQUIRE(deserialize(serialize(s), back));
    CHECK(back == s);
}

TEST_CASE("serialize: an empty chunk takes a few dozen bytes") {
    // magic + one byte per plain counter + empty histograms and adapter lists.
    const std::size_t scalars = 1 + 2 + kFilterCount + 1 + 2 + 2 + 4 * kPolyTailCount + 1 + 2;
    CHECK(serialize(Stats{}).size() == 4 + scalars + 2 * 3);
}

TEST_CASE("deserialize rejects every truncation") {
    const std::string bytes = serialize(test::load_stats("pe.stats").stats);
    Stats out;
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        INFO("cut at " << cut);
        CHECK_FALSE(deserialize(std::string_view(bytes).substr(0, cut), out));
    }
}

TEST_CASE("deserialize rejects a wrong magic number") {
    std::string bytes = serialize(chunk(2, true));
    bytes[0] = static_cast<char>(bytes[0] ^ 0x5a);
    Stats out;
    CHECK_FALSE(deserialize(bytes, out));
}

TEST_CASE("deserialize rejects trailing bytes") {
    std::string bytes = serialize(chunk(2, true)) + "x";
    Stats out;
    CHECK_FALSE(deserialize(bytes, out));
}

TEST_CASE("deserialize rejects an overlong varint") {
    // n (the first counter after the magic) as 11 continuation bytes.
    std::string bytes = serialize(Stats{});
    bytes.replace(4, 1, std::string(10, '\x80') + '\x01');
    Stats out;
    CHECK_FALSE(deserialize(bytes, out));
    // Ten bytes whose last one carries more than the top bit of a uint64.
    bytes = serialize(Stats{});
    bytes.replace(4, 1, std::string(9, '\xff') + '\x02');
    CHECK_FALSE(deserialize(bytes, out));
    // 0 in two bytes: only the shortest form is accepted.
    bytes = serialize(Stats{});
    bytes.replace(4, 1, std::string("\x80\x00", 2));
    CHECK_FALSE(deserialize(bytes, out));
}

// The blob of a Stats with nothing but the given R1 adapters, by index.
std::string with_adapters(std::initializer_list<std::uint32_t> indices) {
    Stats s;
    AdapterCounters a;
    a.back.add(5, 0);
    for (auto i : indices) s.add_adapter(0, i, a);
    return serialize(s);
}

TEST_CASE("deserialize rejects adapters out of order or repeated") {
    // Two adapters serialize to the same size whatever their indices (< 128),
    // so swapping the index bytes of {3, 9} gives 9 before 3.
    const std::string sorted = with_adapters({3, 9});
    std::string swapped = sorted;
    const std::size_t first = sorted.find('\x03');
    const std::size_t second = sorted.find('\x09', first + 1);
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    std::swap(swapped[first], swapped[second]);
    Stats out;
    REQUIRE(deserialize(sorted, out));
    CHECK_FALSE(deserialize(swapped, out));
    std::string repeated = sorted;
    repeated[second] = '\x03';
    CHECK_FALSE(deserialize(repeated, out));
}

TEST_CASE("deserialize rejects histogram keys out of order") {
    Stats s;
    ++s.written_lengths[0][4];
    ++s.written_lengths[0][6];
    std::string bytes = serialize(s);
    // written_lengths[0]: count 2, then (4, 1), (6, 1).
    const std::string entries("\x02\x04\x01\x06\x01", 5);
    const std::size_t at = bytes.find(entries);
    REQUIRE(at != std::string::npos);
    Stats out;
    bytes[at + 3] = '\x04';  // (4, 1), (4, 1)
    CHECK_FALSE(deserialize(bytes, out));
    bytes[at + 3] = '\x02';  // (4, 1), (2, 1)
    CHECK_FALSE(deserialize(bytes, out));
}

TEST_CASE("deserialize rejects an element count larger than the bytes left") {
    std::string bytes = serialize(Stats{});
    // The last byte is R2's adapter count.
    bytes.back() = '\x7f';
    Stats out;
    CHECK_FALSE(deserialize(bytes, out));
}

TEST_CASE("deserialize of a corrupted blob fails or gives a Stats that serializes back") {
    // Random byte changes (leveldb log_test's IncrementByte, at random places):
    // never a crash, never a huge allocation, and whatever is accepted is a
    // well-formed Stats.
    const std::string good = serialize(test::load_stats("pe_pairadapters.stats").stats);
    const auto seed = GENERATE(take(200, random(0u, 1u << 30)));
    std::string bytes = good;
    std::uint32_t x = seed | 1u;
    for (int k = 0; k < 3; ++k) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes[x % bytes.size()] = static_cast<char>(x >> 24);
    }
    Stats out;
    if (deserialize(bytes, out)) CHECK(serialize(out) == bytes);
}

TEST_CASE("poly-G / poly-X counters: merged, serialized, reported only when in the layout") {
    StatsLayout layout;
    Stats a, b;
    a.n = 10;
    a.total_bp = {1000, 0};
    b.n = 10;
    b.total_bp = {1000, 0};
    const auto g = static_cast<std::size_t>(PolyTail::G);
    layout.poly_tail[g][0] = true;
    a.poly_trimmed_reads[g][0] = 2;
    a.poly_trimmed_bp[g][0] = 30;
    b.poly_trimmed_reads[g][0] = 1;
    b.poly_trimmed_bp[g][0] = 20;
    a += b;
    CHECK(a.poly_trimmed_reads[g][0] == 3);
    CHECK(a.poly_trimmed_bp[g][0] == 50);
    Stats back;
    REQUIRE(deserialize(serialize(a), back));
    CHECK(back == a);
    ReportContext ctx;
    const std::string text = full_report(layout, back, ctx);
    // 3 of 20 reads, 50 of 2,000 bases.
    CHECK(text.find("Reads with poly-G tail:                      3 (15.0%)\n") != std::string::npos);
    CHECK(text.find("Poly-G-trimmed:                       50 bp (2.5%)\n") != std::string::npos);
    CHECK(text.find("poly-X") == std::string::npos);
    CHECK(full_report(StatsLayout{}, back, ctx).find("oly-") == std::string::npos);
}

TEST_CASE("the layout's adapter descriptions name what the counters count") {
    const StatsLayout layout = back_adapter_layout();
    Stats s = chunk(4, false);
    const std::string text = full_report(layout, s, ReportContext{});
    CHECK(text.find("=== Adapter 1 ===\n\nSequence: AGATCGGAAGAGC; Type: regular 3'; Length: 13; Trimmed: 4 times\n") !=
          std::string::npos);
    CHECK(text.find("3\t4\t") != std::string::npos);
}

}  // namespace
}  // namespace ringtrim::core
