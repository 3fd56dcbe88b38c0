// Stats: merging per-chunk counters with += (cutadapt Statistics.__iadd__) and
// the binary form that carries a Stats across processes.
#include "lib/report/stats.hpp"

#include <catch2/catch.hpp>

#include "lib/report/text_report.hpp"
#include "tests/lib/report/stats_dump.hpp"

namespace ringtrim::core {
namespace {

AdapterStatistics back_adapter() {
    static const std::string kName = "1";
    static const std::string kSequence = "AGATCGGAAGAGC";
    static const std::string kDescription = "regular 3'";
    static const std::string kType = "regular_three_prime";
    AdapterStatistics a;
    a.kind = AdapterStatsKind::Back;
    a.name = kName;
    a.sequence = kSequence;
    a.description = kDescription;
    a.back.sequence = kSequence;
    a.back.effective_length = 13;
    a.back.adapter_type = kType;
    return a;
}

// A chunk's counters: `reads` reads of length 50, one adapter match of length 3 each.
Stats chunk(std::int64_t reads, bool with_filter) {
    Stats s;
    s.n = reads;
    s.total_bp = {50 * reads, 0};
    if (with_filter) s.filtered[static_cast<std::size_t>(FilterName::TooShort)] = 1;
    s.with_adapters[0] = reads;
    s.quality_trimmed_bp[0] = 2 * reads;
    s.written_lengths[0][47] = reads - (with_filter ? 1 : 0);
    AdapterStatistics a = back_adapter();
    for (std::int64_t i = 0; i < reads; ++i) {
        a.back.add(3, 0);
        a.back.add_adjacent_base('C');
    }
    s.adapter_stats[0].push_back(a);
    return s;
}

TEST_CASE("+= sums counters, lengths and adapter statistics") {
    Stats total;
    total += chunk(10, true);
    total += chunk(5, true);
    CHECK(total.n == 15);
    CHECK(total.total_bp[0] == 750);
    CHECK(total.filtered[static_cast<std::size_t>(FilterName::TooShort)] == 2);
    CHECK(total.with_adapters[0] == 15);
    CHECK_FALSE(total.with_adapters[1].has_value());
    CHECK(total.quality_trimmed() == 30);
    CHECK(total.written_lengths[0].at(47) == 13);
    CHECK(total.written_reads() == 13);
    CHECK(total.written_bp()[0] == 13 * 47);
    REQUIRE(total.adapter_stats[0].size() == 1);
    CHECK(total.adapter_stats[0][0].back.errors.at(3).at(0) == 15);
    CHECK(total.adapter_stats[0][0].back.adjacent_bases[1] == 15);
    CHECK(total.adapter_stats[0][0].back.total() == 15);
}

TEST_CASE("+= keeps absent counters absent and a present zero present") {
    Stats a = chunk(3, false);
    Stats b = chunk(4, false);
    b.filtered[static_cast<std::size_t>(FilterName::TooLong)] = 0;
    a += b;
    CHECK_FALSE(a.filtered[static_cast<std::size_t>(FilterName::TooShort)].has_value());
    CHECK(a.filtered[static_cast<std::size_t>(FilterName::TooLong)] == 0);
    CHECK_FALSE(a.reverse_complemented.has_value());
    CHECK_FALSE(a.quality_trimmed_bp[1].has_value());
}

TEST_CASE("+= of chunks renders the same report as the whole run") {
    // Split a cutadapt run's counters into two parts and merge them back.
    const Stats whole = test::load_stats("pe.stats");
    Stats first = whole;
    Stats second = whole;
    first.n = whole.n / 3;
    second.n = whole.n - first.n;
    for (int i = 0; i < 2; ++i) {
        first.total_bp[i] = whole.total_bp[i] / 2;
        second.total_bp[i] = whole.total_bp[i] - first.total_bp[i];
        first.written_lengths[i].clear();
        for (auto& a : second.adapter_stats[i]) {
            a.front.errors.clear();
            a.back.errors.clear();
            a.front.adjacent_bases = {};
            a.back.adjacent_bases = {};
        }
    }
    for (auto& f : first.filtered)
        if (f) f = 0;
    first.with_adapters = {0, 0};
    first.quality_trimmed_bp = {0, 0};
    Stats merged;
    merged += first;
    merged += second;
    ReportContext ctx;
    CHECK(full_report(merged, ctx) == full_report(whole, ctx));
    CHECK(serialize(merged) == serialize(whole));
}

TEST_CASE("serialize/deserialize round trip") {
    for (const char* name : {"se_mixed", "se_linked", "se_anywhere", "se_revcomp", "pe", "empty"}) {
        INFO("case " << name);
        const Stats stats = test::load_stats(std::string(name) + ".stats");
        const std::string bytes = serialize(stats);
        Stats back;
        REQUIRE(deserialize(bytes, back));
        CHECK(serialize(back) == bytes);
        ReportContext ctx;
        CHECK(full_report(back, ctx) == full_report(stats, ctx));
        CHECK(back.paired == stats.paired);
        CHECK(back.n == stats.n);
        CHECK(back.adapter_stats[0].size() == stats.adapter_stats[0].size());
    }
}

TEST_CASE("deserialize rejects truncated bytes") {
    const std::string bytes = serialize(test::load_stats("pe.stats"));
    Stats out;
    for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1})
        CHECK_FALSE(deserialize(std::string_view(bytes).substr(0, cut), out));
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

TEST_CASE("deserialize rejects an unknown adapter kind") {
    Stats s;
    s.adapter_stats[0].push_back(back_adapter());
    std::string bytes = serialize(s);
    // The kind byte follows magic, paired, n, total_bp, filters, reverse_complemented,
    // with_adapters[0], quality_trimmed_bp[0] and the adapter count.
    const std::size_t kind_offset = 4 + 1 + 8 + 16 + kFilterCount * 9 + 9 + 9 + 9 + 8;
    REQUIRE(static_cast<AdapterStatsKind>(bytes[kind_offset]) == AdapterStatsKind::Back);
    bytes[kind_offset] = 9;
    Stats out;
    CHECK_FALSE(deserialize(bytes, out));
}

}  // namespace
}  // namespace ringtrim::core

TEST_CASE("poly-G / poly-X counters: merged, serialized, reported only when present") {
    using namespace ringtrim::core;
    Stats a, b;
    a.n = 10;
    a.total_bp = {1000, 0};
    b.n = 10;
    b.total_bp = {1000, 0};
    const auto g = static_cast<std::size_t>(PolyTail::G);
    a.poly_trimmed_reads[g][0] = 2;
    a.poly_trimmed_bp[g][0] = 30;
    b.poly_trimmed_reads[g][0] = 1;
    b.poly_trimmed_bp[g][0] = 20;
    a += b;
    CHECK(a.poly_trimmed_reads[g][0] == 3);
    CHECK(a.poly_trimmed(PolyTail::G) == 50);
    CHECK_FALSE(a.poly_trimmed(PolyTail::X).has_value());
    Stats back;
    REQUIRE(deserialize(serialize(a), back));
    CHECK(serialize(back) == serialize(a));
    ReportContext ctx;
    const std::string text = full_report(back, ctx);
    // 3 of 20 reads, 50 of 2,000 bases.
    CHECK(text.find("Reads with poly-G tail:                      3 (15.0%)\n") != std::string::npos);
    CHECK(text.find("Poly-G-trimmed:                       50 bp (2.5%)\n") != std::string::npos);
    CHECK(text.find("poly-X") == std::string::npos);
    const Stats none;
    CHECK(full_report(none, ctx).find("oly-") == std::string::npos);
}
