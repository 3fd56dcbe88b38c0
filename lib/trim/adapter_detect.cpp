#include "lib/trim/adapter_detect.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace ringtrim::core {

namespace {

constexpr int kTopSeeds = 20;
constexpr int kMaxLength = 40;
constexpr double kMinCoverage = 0.2;
constexpr double kMinAgreement = 0.6;
constexpr std::int64_t kMinReads = 5;
constexpr double kMinStartCoverage = 0.5;
constexpr double kMaxStartAgreement = 0.45;

int code_of(char c) {
    switch (c) {
        case 'A':
        case 'a': return 0;
        case 'C':
        case 'c': return 1;
        case 'G':
        case 'g': return 2;
        case 'T':
        case 't': return 3;
        default: return -1;
    }
}

std::string decode(std::uint32_t code) {
    std::string s(kDetectK, 'A');
    for (int i = kDetectK - 1; i >= 0; --i) {
        s[static_cast<std::size_t>(i)] = "ACGT"[code & 3];
        code >>= 2;
    }
    return s;
}

bool low_complexity(std::string_view kmer) {
    std::array<int, 4> counts{};
    for (char c : kmer) ++counts[static_cast<std::size_t>(code_of(c))];
    if (*std::max_element(counts.begin(), counts.end()) >= 9) return true;
    return kmer.substr(2) == kmer.substr(0, kmer.size() - 2);
}

// Where `probe` first occurs in the upper-cased read, or npos.
std::size_t find_upper(std::string_view read, std::string_view probe, std::string& scratch) {
    scratch.assign(read);
    for (char& c : scratch)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return scratch.find(probe);
}

bool contains_upper(std::string_view read, std::string_view probe, std::string& scratch) {
    return find_upper(read, probe, scratch) != std::string::npos;
}

// The seed's first occurrence in each read that has it: (read, position).
struct Hit {
    std::string_view read;
    std::size_t pos;
};

// One extension step at `offset` from each hit's seed start.
struct Step {
    char base = 0;             // the base to add; 0: stop
    std::int64_t covered = 0;  // hits with a base at the offset
    double top = 0;            // share of the most common base among them
};

Step consensus(const std::vector<Hit>& hits, long offset) {
    std::array<std::int64_t, 4> counts{};
    Step step;
    for (const auto& h : hits) {
        const long i = static_cast<long>(h.pos) + offset;
        if (i < 0 || i >= static_cast<long>(h.read.size())) continue;
        ++step.covered;
        const int c = code_of(h.read[static_cast<std::size_t>(i)]);
        if (c >= 0) ++counts[static_cast<std::size_t>(c)];
    }
    const auto need =
        std::max<std::int64_t>(kMinReads, static_cast<std::int64_t>(kMinCoverage * static_cast<double>(hits.size())));
    if (step.covered < need) return step;
    const auto best = static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    step.top = static_cast<double>(counts[best]) / static_cast<double>(step.covered);
    if (step.top >= kMinAgreement) step.base = "ACGT"[best];
    return step;
}

// Assembles around `seed`; empty when the seed is not accepted (step 4).
std::string assemble(const std::vector<std::string_view>& reads, const std::string& seed) {
    std::vector<Hit> hits;
    std::string scratch;
    for (auto r : reads) {
        const auto pos = find_upper(r, seed, scratch);
        if (pos != std::string::npos) hits.push_back({r, pos});
    }
    std::string right;
    for (long j = kDetectK; static_cast<long>(seed.size() + right.size()) < kMaxLength; ++j) {
        const Step step = consensus(hits, j);
        if (step.base == 0) break;
        right += step.base;
    }
    std::string left;
    Step step;
    for (long j = -1;; --j) {
        step = consensus(hits, j);
        if (step.base == 0) break;
        left += step.base;
        if (static_cast<long>(left.size() + seed.size() + right.size()) >= 2 * kMaxLength) return {};
    }
    // The start of an adapter: most seed reads go on to the left, into
    // inserts that share nothing.
    if (static_cast<double>(step.covered) < kMinStartCoverage * static_cast<double>(hits.size()) ||
        step.top > kMaxStartAgreement)
        return {};
    std::reverse(left.begin(), left.end());
    std::string sequence = left + seed + right;
    if (sequence.size() > static_cast<std::size_t>(kMaxLength)) sequence.resize(kMaxLength);
    return sequence;
}

}  // namespace

const std::vector<KnownAdapter>& known_adapters() {
    static const std::vector<KnownAdapter> kKits = {
        {"Illumina universal (TruSeq)", "AGATCGGAAGAGC", "AGATCGGAAGAG"},
        {"Nextera transposase", "CTGTCTCTTATACACATCT", "CTGTCTCTTATA"},
        {"Illumina small RNA 3'", "TGGAATTCTCGGGTGCCAAGG", "TGGAATTCTCGG"},
        {"SOLiD small RNA", "CGCCTTGGCCGT", "CGCCTTGGCCGT"},
        {"MGI/BGI (DNBSEQ)", "AAGTCGGAGGCCAAGCGGTCTTAGGAAGACAA", "AAGTCGGAGGCC"},
        {"poly-A", "A{20}", "AAAAAAAAAAAA"},
    };
    return kKits;
}

AdapterDetection detect_adapters(const std::vector<std::string_view>& reads) {
    AdapterDetection result;
    result.reads = static_cast<std::int64_t>(reads.size());
    std::string scratch;
    for (const auto& kit : known_adapters()) {
        std::int64_t n = 0;
        for (auto r : reads) n += contains_upper(r, kit.probe, scratch);
        result.kits.push_back({&kit, n});
    }
    std::stable_sort(result.kits.begin(), result.kits.end(),
                     [](const KitCount& a, const KitCount& b) { return a.reads > b.reads; });

    // Step 1: 12-mer counts, once per read.
    constexpr std::uint32_t kMask = (1u << (2 * kDetectK)) - 1;
    std::unordered_map<std::uint32_t, std::int64_t> counts;
    std::vector<std::uint32_t> in_read;
    for (auto r : reads) {
        in_read.clear();
        std::uint32_t code = 0;
        int valid = 0;
        for (char c : r) {
            const int b = code_of(c);
            if (b < 0) {
                valid = 0;
                continue;
            }
            code = ((code << 2) | static_cast<std::uint32_t>(b)) & kMask;
            if (++valid >= kDetectK) in_read.push_back(code);
        }
        std::sort(in_read.begin(), in_read.end());
        in_read.erase(std::unique(in_read.begin(), in_read.end()), in_read.end());
        for (auto k : in_read) ++counts[k];
    }
    std::vector<std::pair<std::int64_t, std::uint32_t>> ranked;
    for (const auto& [code, n] : counts) {
        if (n < kMinReads || low_complexity(decode(code))) continue;
        ranked.emplace_back(n, code);
    }
    // Most reads first; ties: smaller code.
    const auto top = std::min<std::size_t>(ranked.size(), kTopSeeds);
    std::partial_sort(
        ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end(),
        [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (std::size_t i = 0; i < top; ++i) {
        const std::string seed = decode(ranked[i].second);
        std::string sequence = assemble(reads, seed);
        if (sequence.empty()) continue;
        result.assembled.sequence = std::move(sequence);
        std::int64_t n = 0;
        const std::string start = result.assembled.sequence.substr(0, kDetectK);
        for (auto r : reads) n += contains_upper(r, start, scratch);
        result.assembled.reads = n;
        result.assembled.seed = seed;
        for (const auto& kit : known_adapters())
            if (result.assembled.sequence.find(kit.probe) != std::string::npos) {
                result.assembled.kit = &kit;
                break;
            }
        break;
    }
    return result;
}

}  // namespace ringtrim::core
