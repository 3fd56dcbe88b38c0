// CycleStats (issue 27, --html): the vector counters against a plain count
// per read, the merge of chunks (the stats of a split input equal those of
// the whole, in any order), the blob section and its error paths, and what
// the JSON report's "ringtrim" key derives from them.
#include "lib/report/cycle_stats.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "lib/report/cycle_report.hpp"
#include "lib/report/stats.hpp"

namespace ringtrim::core {
namespace {

struct TestRead {
    std::string sequence;
    std::string qualities;  // empty: FASTA
};

// The plain count: what CycleCounter::take() must give for `reads`.
ReadProfile plain_profile(const std::vector<TestRead>& reads, int quality_base) {
    ReadProfile p;
    std::size_t longest = 0;
    bool any = false;
    bool quality = false;
    for (const auto& r : reads) {
        longest = std::max(longest, r.sequence.size());
        any = true;
        quality = quality || !r.qualities.empty();
    }
    if (!any) return p;
    p.lengths.assign(longest + 1, 0);
    for (auto& b : p.bases) b.assign(longest, 0);
    if (quality && longest > 0) p.quality.assign(longest, 0);
    for (const auto& r : reads) {
        ++p.lengths[r.sequence.size()];
        for (std::size_t i = 0; i < r.sequence.size(); ++i) {
            const std::string_view kAcgt = "ACGT";
            const auto b = kAcgt.find(static_cast<char>(r.sequence[i] & 0xDF));
            if (b != std::string_view::npos) ++p.bases[b][i];
            if (!r.qualities.empty()) p.quality[i] += r.qualities[i] - quality_base;
        }
    }
    return p;
}

ReadProfile counted(const std::vector<TestRead>& reads, int quality_base) {
    CycleCounter counter;
    for (const auto& r : reads) counter.add(r.sequence, r.qualities);
    ReadProfile p;
    counter.take(p, quality_base);
    return p;
}

std::vector<TestRead> random_reads(std::mt19937& rng, std::size_t count, int max_length, bool fastq) {
    const std::string_view kLetters = "ACGTACGTACGTNacgtRY";
    std::uniform_int_distribution<int> length(0, max_length);
    std::uniform_int_distribution<std::size_t> letter(0, kLetters.size() - 1);
    std::uniform_int_distribution<int> quality('!', 'J');
    std::vector<TestRead> reads(count);
    for (auto& r : reads) {
        const int n = length(rng);
        for (int i = 0; i < n; ++i) {
            r.sequence += kLetters[letter(rng)];
            if (fastq) r.qualities += static_cast<char>(quality(rng));
        }
    }
    return reads;
}

TEST_CASE("CycleCounter counts every length around the vector blocks as a plain loop does", "[cycle_stats]") {
    // Lengths 0 .. 100 cover reads shorter than a block, whole blocks and
    // every tail; 600 reads cross the 255-read spill of the narrow counters.
    for (int length = 0; length <= 100; ++length) {
        std::mt19937 rng(static_cast<unsigned>(length));
        auto reads = random_reads(rng, 600, 0, true);
        const std::string_view kLetters = "ACGTNacgt";
        for (auto& r : reads) {
            for (int i = 0; i < length; ++i) {
                r.sequence += kLetters[rng() % kLetters.size()];
                r.qualities += static_cast<char>('!' + rng() % 42);
            }
        }
        INFO("length " << length);
        CHECK(counted(reads, 33) == plain_profile(reads, 33));
    }
}

TEST_CASE("CycleCounter on random reads of mixed lengths, FASTQ and FASTA", "[cycle_stats]") {
    std::mt19937 rng(27);
    for (int round = 0; round < 20; ++round) {
        const bool fastq = round % 2 == 0;
        const auto reads = random_reads(rng, 1 + rng() % 1500, 1 + static_cast<int>(rng() % 400), fastq);
        const ReadProfile p = counted(reads, 33);
        CHECK(p == plain_profile(reads, 33));
        CHECK(p.quality.empty() == !fastq);
        CHECK(p.reads() == static_cast<std::int64_t>(reads.size()));
    }
}

TEST_CASE("CycleCounter: --quality-base 64 and a counter reused after take() and clear()", "[cycle_stats]") {
    std::vector<TestRead> reads = {{"ACGT", "hhhh"}, {"AC", "@@"}};
    CycleCounter counter;
    counter.add("GGGGGGGG", "IIIIIIII");
    counter.clear();  // a failed chunk: forgotten
    for (const auto& r : reads) counter.add(r.sequence, r.qualities);
    ReadProfile p;
    counter.take(p, 64);
    CHECK(p.lengths == std::vector<std::int64_t>{0, 0, 1, 0, 1});
    CHECK(p.quality == std::vector<std::int64_t>{40, 40, 40, 40});
    CHECK(p.reads_at_cycle() == std::vector<std::int64_t>{2, 2, 1, 1});
    ReadProfile again;
    counter.take(again, 64);  // nothing counted since
    CHECK(again.empty());
}

TEST_CASE("the profiles of a split input equal those of the whole, in any order", "[cycle_stats]") {
    std::mt19937 rng(2027);
    const auto reads = random_reads(rng, 3000, 180, true);
    const ReadProfile whole = counted(reads, 33);
    for (int round = 0; round < 20; ++round) {
        // Cut into pieces at random points, count each, sum in a shuffled order.
        std::vector<std::size_t> cuts = {0, reads.size()};
        for (int k = 0; k < 1 + round; ++k) cuts.push_back(rng() % reads.size());
        std::sort(cuts.begin(), cuts.end());
        std::vector<ReadProfile> pieces;
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
            pieces.push_back(counted({reads.begin() + static_cast<std::ptrdiff_t>(cuts[i]),
                                      reads.begin() + static_cast<std::ptrdiff_t>(cuts[i + 1])},
                                     33));
        std::shuffle(pieces.begin(), pieces.end(), rng);
        ReadProfile sum;
        for (const auto& piece : pieces) sum += piece;
        CHECK(sum == whole);
        // ((a + b) + c) == (a + (b + c)) through CycleStats as the writer adds them.
        if (pieces.size() >= 3) {
            CycleStats a, b, c;
            a.profiles[0][0] = pieces[0];
            b.profiles[0][0] = pieces[1];
            c.profiles[0][0] = pieces[2];
            CycleStats left = a;
            left += b;
            left += c;
            CycleStats right = b;
            right += c;
            CycleStats a_then = a;
            a_then += right;
            CHECK(left == a_then);
        }
    }
}

Stats stats_with_cycles() {
    std::mt19937 rng(5);
    Stats s;
    s.n = 40;
    s.total_bp[0] = 1234;
    s.cycles.profiles[0][kProfileBefore] = counted(random_reads(rng, 40, 60, true), 33);
    s.cycles.profiles[0][kProfileAfter] = counted(random_reads(rng, 30, 50, true), 33);
    s.cycles.profiles[1][kProfileBefore] = counted(random_reads(rng, 40, 70, false), 33);
    return s;
}

TEST_CASE("the blob carries the cycle statistics, and is unchanged without them", "[cycle_stats]") {
    const Stats s = stats_with_cycles();
    Stats back;
    REQUIRE(deserialize(serialize(s), back));
    CHECK(back == s);
    Stats plain = s;
    plain.cycles = CycleStats{};
    CHECK(serialize(Stats{}).size() == 36);  // docs/design.md: an empty chunk's blob
    CHECK(serialize(plain).size() < serialize(s).size());
    REQUIRE(deserialize(serialize(plain), back));
    CHECK(back.cycles.empty());
    // Sums of blobs: what the writer does with the chunks.
    Stats total;
    total += back;
    REQUIRE(deserialize(serialize(s), back));
    total += back;
    Stats expected = plain;
    expected += s;
    CHECK(total == expected);
}

TEST_CASE("a malformed cycle section is rejected", "[cycle_stats]") {
    Stats s = stats_with_cycles();
    const std::string good = serialize(s);
    s.cycles = CycleStats{};
    const std::string without = serialize(s);
    Stats out;
    REQUIRE(good.compare(0, without.size(), without) == 0);
    // Truncated anywhere inside the section.
    for (std::size_t cut = without.size() + 1; cut < good.size(); ++cut)
        CHECK_FALSE(deserialize(std::string_view(good).substr(0, cut), out));
    // A section tag other than 1, and an empty section (never written).
    CHECK_FALSE(deserialize(without + '\x02', out));
    std::string empty_section = without + '\x01';
    for (int i = 0; i < 4; ++i) empty_section += std::string("\x00\x00", 2);
    CHECK_FALSE(deserialize(empty_section, out));
    // A length histogram whose last entry is 0 (a second encoding): one
    // length (m = 1, no quality), the counter 0 as eight bytes.
    std::string zero_last = without + '\x01' + std::string("\x01\x00", 2) + std::string(8, '\0');
    for (int i = 0; i < 3; ++i) zero_last += std::string("\x00\x00", 2);
    CHECK_FALSE(deserialize(zero_last, out));
    // The same with the counter 5 is a valid section (the check above is
    // about the zero, not the layout).
    std::string one_read = without + '\x01' + std::string("\x01\x00", 2) + '\x05' + std::string(7, '\0');
    for (int i = 0; i < 3; ++i) one_read += std::string("\x00\x00", 2);
    REQUIRE(deserialize(one_read, out));
    CHECK(out.cycles.profiles[0][kProfileBefore].lengths == std::vector<std::int64_t>{5});
    // A quality flag other than 0 or 1.
    std::string bad_flag = without + '\x01' + std::string("\x01\x02", 2) + '\x05' + std::string(7, '\0');
    for (int i = 0; i < 3; ++i) bad_flag += std::string("\x00\x00", 2);
    CHECK_FALSE(deserialize(bad_flag, out));
    // A huge cycle count with few bytes behind it.
    CHECK_FALSE(deserialize(without + '\x01' + std::string("\xff\xff\xff\x0f", 4), out));
}

TEST_CASE("profile_series: means to two decimals, N as the rest, lengths with reads", "[cycle_stats]") {
    CycleCounter counter;
    counter.add("ACGN", "IIII");   // 40 40 40 40
    counter.add("AAX", "+++");     // 10 10 10
    counter.add("", "");           // a read trimmed to nothing
    ReadProfile p;
    counter.take(p, 33);
    const ProfileSeries s = profile_series(p);
    CHECK(s.reads == 3);
    CHECK(s.lengths == std::vector<std::pair<int, std::int64_t>>{{0, 1}, {3, 1}, {4, 1}});
    CHECK(s.mean_quality == std::vector<double>{25.0, 25.0, 25.0, 40.0});
    CHECK(s.bases[0] == std::vector<std::int64_t>{2, 1, 0, 0});  // A
    CHECK(s.bases[4] == std::vector<std::int64_t>{0, 0, 1, 1});  // N, X
    CHECK(round2(100.0 / 3) == 33.33);
}

}  // namespace
}  // namespace ringtrim::core
