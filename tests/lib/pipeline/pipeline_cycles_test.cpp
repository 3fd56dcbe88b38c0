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

namespace {

// The plain algorithm the pipeline's counting must equal: a read adds one
// to lengths[its length] and, at each cycle, its base and its Phred score.
void count_plainly(core::ReadProfile& p, std::string_view seq, std::string_view qual, int quality_base) {
    const std::size_t n = seq.size();
    if (p.lengths.size() < n + 1) p.lengths.resize(n + 1, 0);
    ++p.lengths[n];
    for (auto& b : p.bases)
        if (b.size() < n) b.resize(n, 0);
    if (!qual.empty() && p.quality.size() < n) p.quality.resize(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const char upper = static_cast<char>(seq[i] & 0xDF);
        const auto at = std::string_view("ACGT").find(upper);
        if (at != std::string_view::npos) ++p.bases[at][i];
        if (!qual.empty()) p.quality[i] += qual[i] - quality_base;
    }
}

// Every record of FASTQ or (one line a sequence) FASTA text, plainly.
core::ReadProfile profile_of(const std::string& text, bool fasta, int quality_base) {
    core::ReadProfile p;
    std::vector<std::string_view> lines;
    std::string_view rest(text);
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        lines.push_back(rest.substr(0, end));
        rest.remove_prefix(end + 1);
    }
    const std::size_t step = fasta ? 2 : 4;
    for (std::size_t i = 0; i + step <= lines.size(); i += step)
        count_plainly(p, lines[i + 1], fasta ? std::string_view() : lines[i + 3], quality_base);
    return p;
}

std::string as_fasta(const std::string& fastq) {
    std::string out;
    std::string_view rest(fastq);
    for (int line = 0; !rest.empty(); ++line) {
        const std::size_t end = rest.find('\n');
        const std::string_view text = rest.substr(0, end);
        if (line % 4 == 0) out += ">" + std::string(text.substr(1)) + "\n";
        if (line % 4 == 1) out += std::string(text) + "\n";
        rest.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace

// The pipeline counts a read that it writes unchanged once for both stages
// (CycleCounters' kCountedBoth, compared with the chunk's own lines). A
// differential test against the plain count: "before" is every input
// record, "after" every record of the main output, over random options that
// change reads (trimming, masking, lowercasing, --zero-cap, -u, -l), drop
// them (filters, --discard-untrimmed) or leave them, FASTQ and FASTA,
// single-end and paired.
TEST_CASE("cycle statistics equal the plain count of the input and of the output", "[pipeline]") {
    std::mt19937 rng(2027);
    for (int round = 0; round < 300; ++round) {
        const bool paired = rng() % 2;
        const bool fasta = rng() % 4 == 0;
        const int n = 1 + static_cast<int>(rng() % 60);
        std::string r[2] = {random_records(rng, n, 1), paired ? random_records(rng, n, 2) : std::string()};
        core::PipelineOptions o;
        o.mates = paired ? 2 : 1;
        o.quality_base = rng() % 3 == 0 ? 64 : 33;
        o.input_format = fasta ? core::SeqFormat::Fasta : core::SeqFormat::Fastq;
        if (fasta)
            for (auto& text : r) text = as_fasta(text);
        const auto format = o.input_format;
        o.streams = {{"o1", format}, {"o2", format}, {"short1", format}, {"short2", format}};
        o.out = {0, paired ? 1 : -1};
        const auto actions = {core::AdapterAction::Trim, core::AdapterAction::Mask, core::AdapterAction::Lowercase,
                              core::AdapterAction::None, core::AdapterAction::Retain};
        const auto action = *(actions.begin() + rng() % actions.size());
        for (int m = 0; m < o.mates; ++m) {
            if (rng() % 4 != 0) {
                auto single = core::SingleAdapter::create(core::AdapterKind::Back, "AGATCGGAAGAGC",
                                                          core::AdapterParams{}, "a" + std::to_string(m));
                std::vector<core::Adapter> adapters;
                adapters.emplace_back(std::get<core::SingleAdapter>(std::move(single)));
                o.cutter[m] = std::make_shared<core::AdapterCutter>(std::move(adapters), 1, action);
            }
            if (rng() % 3 == 0) o.before[m].push_back(core::Modifier::cut(static_cast<int>(rng() % 7) - 3));
            if (!fasta && rng() % 2) o.after[m].push_back(core::Modifier::quality_trim(0, 10 + static_cast<int>(rng() % 25)));
            if (!fasta && o.quality_base == 64 && rng() % 2)
                o.after[m].push_back(core::Modifier::simple(core::Modifier::Kind::ZeroCap));
            if (rng() % 5 == 0) o.after[m].push_back(core::Modifier::shorten(40 + static_cast<int>(rng() % 60)));
            if (rng() % 3 == 0) o.minimum_length[m] = static_cast<int>(rng() % 40);
        }
        if (rng() % 4 == 0) o.too_short = {2, paired ? 3 : -1};
        o.discard_untrimmed = rng() % 6 == 0 && o.cutter[0];
        o.cycle_stats = true;
        INFO("round " << round << ", paired " << paired << ", fasta " << fasta);

        core::Pipeline pipeline(o);
        std::vector<std::string> out;
        core::Stats stats;
        REQUIRE_FALSE(pipeline.run({r[0], r[1], 0, 0}, out, stats));
        for (int m = 0; m < o.mates; ++m) {
            INFO("mate " << m + 1);
            const auto& profiles = stats.cycles.profiles[static_cast<std::size_t>(m)];
            CHECK(profiles[core::kProfileBefore] == profile_of(r[m], fasta, o.quality_base));
            const std::string& written = out[static_cast<std::size_t>(m)];
            CHECK(profiles[core::kProfileAfter] == profile_of(written, fasta, o.quality_base));
        }
    }
}
