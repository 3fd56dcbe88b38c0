// The Pipeline gathers CycleStats only when asked (--html, issue 27), and
// they do not depend on how the input is cut into chunks.
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "lib/pipeline/pipeline.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace core = ringtrim::core;

namespace {

// `n` reads (or, paired, `n` records in each of two strings) with an adapter
// at random places, qualities that quality trimming cuts now and then.
std::string random_records(std::mt19937& rng, int n, int mate) {
    const std::string adapter = "AGATCGGAAGAGC";
    std::string out;
    for (int i = 0; i < n; ++i) {
        std::string seq;
        const int length = 20 + static_cast<int>(rng() % 100);
        for (int k = 0; k < length; ++k) seq += "ACGT"[rng() % 4];
        if (rng() % 2) seq.replace(rng() % seq.size(), std::string::npos, adapter);
        std::string qual;
        for (std::size_t k = 0; k < seq.size(); ++k) qual += static_cast<char>('#' + rng() % 40);
        out += "@r" + std::to_string(i) + "/" + std::to_string(mate) + "\n" + seq + "\n+\n" + qual + "\n";
    }
    return out;
}

core::PipelineOptions options(bool paired) {
    core::PipelineOptions o;
    o.mates = paired ? 2 : 1;
    for (int m = 0; m < o.mates; ++m) {
        auto single =
            core::SingleAdapter::create(core::AdapterKind::Back, "AGATCGGAAGAGC", core::AdapterParams{}, "1");
        std::vector<core::Adapter> adapters;
        adapters.emplace_back(std::get<core::SingleAdapter>(std::move(single)));
        o.cutter[m] = std::make_shared<core::AdapterCutter>(std::move(adapters));
        o.after[m].push_back(core::Modifier::quality_trim(0, 20));
        o.minimum_length[m] = 25;
    }
    o.streams = {{"o1.fastq"}, {"o2.fastq"}};
    o.out = {0, paired ? 1 : -1};
    o.cycle_stats = true;
    return o;
}

// Byte offset of record `k` in `records` (4 lines each).
std::size_t offset_of(const std::string& records, int k) {
    std::size_t at = 0;
    for (int line = 0; line < 4 * k; ++line) at = records.find('\n', at) + 1;
    return at;
}

}  // namespace

TEST_CASE("cycle statistics are gathered only with cycle_stats, and split chunks give the whole's", "[pipeline]") {
    std::mt19937 rng(27);
    for (const bool paired : {false, true}) {
        const int n = 700;
        const std::string r1 = random_records(rng, n, 1);
        const std::string r2 = paired ? random_records(rng, n, 2) : std::string();
        auto o = options(paired);
        core::Pipeline whole_pipeline(o);
        std::vector<std::string> out;
        core::Stats whole;
        REQUIRE_FALSE(whole_pipeline.run({r1, r2, 0, 0}, out, whole));
        INFO("paired " << paired);
        const auto& before = whole.cycles.profiles[0][core::kProfileBefore];
        const auto& after = whole.cycles.profiles[0][core::kProfileAfter];
        CHECK(before.reads() == n);
        CHECK(after.reads() == whole.written_reads());
        // The reads written by length, as the text report's histogram has them.
        for (const auto& [length, count] : whole.written_lengths[0].entries())
            CHECK(after.lengths[static_cast<std::size_t>(length)] == count);
        CHECK(whole.cycles.profiles[1][core::kProfileBefore].empty() == !paired);

        // The same input in pieces (the same pipeline, reused), summed.
        for (int round = 0; round < 5; ++round) {
            std::vector<int> cuts = {0, n};
            for (int k = 0; k < 1 + 2 * round; ++k) cuts.push_back(static_cast<int>(rng() % n));
            std::sort(cuts.begin(), cuts.end());
            core::Stats sum;
            for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
                const std::size_t a = offset_of(r1, cuts[i]), b = offset_of(r1, cuts[i + 1]);
                std::string_view piece2;
                if (paired) {
                    const std::size_t a2 = offset_of(r2, cuts[i]), b2 = offset_of(r2, cuts[i + 1]);
                    piece2 = std::string_view(r2).substr(a2, b2 - a2);
                }
                const auto first = static_cast<std::uint64_t>(cuts[i]);
                REQUIRE_FALSE(whole_pipeline.run({std::string_view(r1).substr(a, b - a), piece2, first, 4 * first},
                                                 out, sum));
            }
            CHECK(sum == whole);
        }

        o.cycle_stats = false;
        core::Pipeline plain(o);
        core::Stats without;
        REQUIRE_FALSE(plain.run({r1, r2, 0, 0}, out, without));
        CHECK(without.cycles.empty());
        without.cycles = whole.cycles;
        CHECK(without == whole);  // every other counter is the same
    }
}
