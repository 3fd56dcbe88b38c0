// The statistics of a run, in two parts (cutadapt 4.2's `Statistics` in
// report.py, `ReadLengthStatistics` in statistics.py and the per-adapter
// `EndStatistics` in adapters.py, split by when each part is known):
//
//   StatsLayout  what the run reports: which optional counters and filters
//                exist and, per adapter, its name, sequence, type, length and
//                error rate. Fixed when the pipeline is built, so it is made
//                once per run (Pipeline::stats_layout()) and never sent
//                between processes.
//   Stats        the counters: plain integers and histograms, no names, no
//                sequences. Each chunk fills one; a worker serialize()s it
//                (a size that depends on what the chunk counted, never on
//                adapter names) and the writer sums them with +=.
//
//   pipeline built ──> StatsLayout ───────────────────────────┐
//   chunk k ──> Stats ──serialize──> writer: total += chunk ──┴──> text / JSON report
//
// A counter the layout leaves out stays 0 and is not reported (cutadapt's
// None). Both types own their memory and hold no pointers into reads.
#pragma once

#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "lib/report/cycle_stats.hpp"

namespace ringtrim::core {

// --- histograms -------------------------------------------------------------

// Counts by key in one flat vector sorted by key: iterated in ascending key
// order like the dicts cutadapt sorts, cheap to copy, sum and serialize.
// Only keys that were counted are stored.
template <typename Key>
class SortedCounts {
public:
    struct Entry {
        Key key{};
        std::int64_t count = 0;
        bool operator==(const Entry&) const = default;
    };

    // The count of `key`, inserted as 0 if absent; callers increment it.
    std::int64_t& operator[](const Key& key) {
        auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                                   [](const Entry& e, const Key& k) { return e.key < k; });
        if (it == entries_.end() || it->key != key) it = entries_.insert(it, Entry{key, 0});
        return it->count;
    }
    std::int64_t total() const {  // sum of the counts
        std::int64_t sum = 0;
        for (const Entry& e : entries_) sum += e.count;
        return sum;
    }
    // Sum of length * count, for counts by length.
    std::int64_t total_length() const requires std::is_same_v<Key, int> {
        std::int64_t sum = 0;
        for (const Entry& e : entries_) sum += std::int64_t{e.key} * e.count;
        return sum;
    }
    bool empty() const { return entries_.empty(); }
    void clear() { entries_.clear(); }
    const std::vector<Entry>& entries() const { return entries_; }
    SortedCounts& operator+=(const SortedCounts& other) {
        if (entries_.empty()) {
            entries_ = other.entries_;
            return *this;
        }
        // One pass over both sorted lists (a chunk's histograms hold
        // hundreds of keys, summed once per chunk).
        std::vector<Entry> sum;
        sum.reserve(entries_.size() + other.entries_.size());
        auto a = entries_.begin();
        auto b = other.entries_.begin();
        while (a != entries_.end() || b != other.entries_.end()) {
            if (b == other.entries_.end() || (a != entries_.end() && a->key < b->key)) {
                sum.push_back(*a++);
            } else if (a == entries_.end() || b->key < a->key) {
                sum.push_back(*b++);
            } else {
                sum.push_back(Entry{a->key, a->count + b->count});
                ++a;
                ++b;
            }
        }
        entries_ = std::move(sum);
        return *this;
    }
    bool operator==(const SortedCounts&) const = default;

private:
    std::vector<Entry> entries_;  // ascending keys, each once
};

// Counts by length (a read length, a removed poly-A tail); lengths are >= 0.
using LengthCounts = SortedCounts<int>;

// cutadapt's EndStatistics.errors: errors[{length, e}] == n means a sequence
// of `length` bases matching with e errors was removed n times.
struct LengthErrors {
    int length = 0;
    int errors = 0;
    auto operator<=>(const LengthErrors&) const = default;
};
using ErrorCounts = SortedCounts<LengthErrors>;

// --- counters (per chunk, summed) --------------------------------------------

// The counters of one adapter end.
struct EndCounters {
    ErrorCounts errors;
    // Base preceding a removed 3' adapter: A, C, G, T, and "" (none/other) at index 4.
    std::array<std::int64_t, 5> adjacent_bases{};

    void add(int removed_length, int error_count) { ++errors[{removed_length, error_count}]; }
    void add_adjacent_base(char base);  // A/C/G/T, anything else counts as ""
    std::int64_t total() const { return errors.total(); }
    bool empty() const;
    void clear();
    EndCounters& operator+=(const EndCounters& other);
    bool operator==(const EndCounters&) const = default;
};

// The counters of one adapter. Which ends count depends on the adapter's
// kind (AdapterDescription::has_front()/has_back()); the other stays empty.
struct AdapterCounters {
    std::uint32_t adapter = 0;  // index into StatsLayout::adapters[read]
    EndCounters front;
    EndCounters back;
    std::int64_t reverse_complemented = 0;  // matches on reverse-complemented reads

    bool empty() const;
    void clear();
    AdapterCounters& operator+=(const AdapterCounters& other);  // ignores other.adapter
    bool operator==(const AdapterCounters&) const = default;
};

// Filter names in cutadapt's order (report.py FILTERS).
enum class FilterName : std::uint8_t {
    TooShort,
    TooLong,
    TooManyN,
    TooManyExpectedErrors,
    CasavaFiltered,
    DiscardTrimmed,
    DiscardUntrimmed,
    kCount,
};
constexpr std::size_t kFilterCount = static_cast<std::size_t>(FilterName::kCount);
// "too_short", "too_long", ... as in cutadapt's JSON and FILTERS.
std::string_view filter_key(FilterName f);
// "that were too short", ... as in cutadapt's FILTERS.
std::string_view filter_description(FilterName f);

// The two tail trimmers of ringtrim (not in cutadapt): --trim-poly-g, --trim-poly-x.
enum class PolyTail : std::uint8_t { G, X, kCount };
constexpr std::size_t kPolyTailCount = static_cast<std::size_t>(PolyTail::kCount);

// The counters of a chunk, or (summed) of a run. Index [0] is R1 (or the
// single-end read), [1] is R2. Which of them the report shows is the
// StatsLayout's business; absent steps leave their counters at 0.
struct Stats {
    std::int64_t n = 0;                                 // reads or pairs read
    std::array<std::int64_t, 2> total_bp{};             // bases in R1, R2
    std::array<std::int64_t, kFilterCount> filtered{};  // reads (pairs) each filter dropped
    std::int64_t reverse_complemented = 0;              // --revcomp: reads used reverse-complemented
    std::array<std::int64_t, 2> with_adapters{};        // reads with at least one adapter match
    std::array<std::int64_t, 2> quality_trimmed_bp{};   // -q, --nextseq-trim
    // --poly-a: removed tail (head for R2) length -> reads; every read is
    // counted (0: nothing removed).
    std::array<LengthCounts, 2> poly_a_lengths;
    // ringtrim's --trim-poly-g / --trim-poly-x, per PolyTail and mate: reads
    // whose tail was cut and the bases cut.
    std::array<std::array<std::int64_t, 2>, kPolyTailCount> poly_trimmed_reads{};
    std::array<std::array<std::int64_t, 2>, kPolyTailCount> poly_trimmed_bp{};
    // ringtrim's --pe-overlap: pairs trimmed to their mate overlap and the
    // bases removed per mate.
    std::int64_t overlap_trimmed_pairs = 0;
    std::array<std::int64_t, 2> overlap_trimmed_bp{};
    // Per read, the adapters that counted anything, by ascending `adapter`
    // index, each once (an adapter that never matched has no entry).
    std::array<std::vector<AdapterCounters>, 2> adapters;
    // Written reads: length -> count, for R1 and R2 (ReadLengthStatistics).
    std::array<LengthCounts, 2> written_lengths;
    // --html: per-cycle statistics (lib/report/cycle_stats.hpp); empty otherwise.
    CycleStats cycles;

    // Adds `counters` to those of adapter `index` of read `which` (0 or 1).
    // Does nothing for empty counters.
    void add_adapter(int which, std::uint32_t index, const AdapterCounters& counters);
    // The counters of adapter `index` of read `which`; all zero if it never matched.
    const AdapterCounters& adapter(int which, std::uint32_t index) const;

    std::int64_t written_reads() const { return written_lengths[0].total(); }
    std::array<std::int64_t, 2> written_bp() const;
    std::int64_t total() const { return total_bp[0] + total_bp[1]; }
    std::int64_t filtered_total() const;

    Stats& operator+=(const Stats& other);
    bool operator==(const Stats&) const = default;
};

// A compact binary form of a Stats for crossing process boundaries: varints,
// sparse histograms, adapters by index. Its size does not depend on adapter
// names or sequences. deserialize() returns false on malformed bytes (never
// throws); `out` is then unspecified.
std::string serialize(const Stats& stats);
bool deserialize(std::string_view bytes, Stats& out);

// --- layout (once per run) ---------------------------------------------------

// Static description of one adapter end (what cutadapt's EndStatistics
// copies from its SingleAdapter).
struct EndDescription {
    double max_error_rate = 0.1;
    std::string sequence;        // adapter sequence as given (upper case, U->T)
    int effective_length = 0;    // adapter.effective_length (without X / anchoring chars)
    bool has_wildcards = false;  // adapter.adapter_wildcards
    bool indels = true;
    std::string adapter_type;  // descriptive_identifier(): "regular 3'", "anchored 5'", ...
    bool allows_partial_matches = true;
    bool remove_prefix = false;  // isinstance(adapter, FrontAdapter): reverse seq for probabilities

    // p[i]: probability that i bases of this end match a random sequence (report.py).
    std::vector<double> random_match_probabilities(double gc_content) const;
};

// What kind of statistics an adapter keeps (cutadapt's *AdapterStatistics classes).
enum class AdapterStatsKind : std::uint8_t {
    Front,     // FrontAdapterStatistics: the 5' end (`front`)
    Back,      // BackAdapterStatistics: the 3' end (`back`)
    Anywhere,  // AnywhereAdapterStatistics: `front` and `back`
    Linked,    // LinkedAdapterStatistics: `front` and `back`
};

struct AdapterDescription {
    AdapterStatsKind kind = AdapterStatsKind::Back;
    std::string name;
    // Description used in the report's "Sequence: ...; Type: ...; Length: ..." line.
    std::string sequence;      // adapter.sequence (for Linked: unused, see front/back)
    std::string description;   // adapter.description, e.g. "regular 3'"
    int min_overlap = 3;       // adapter.min_overlap (Linked: front_min_overlap)
    int back_min_overlap = 3;  // Linked only: back_adapter.min_overlap
    bool allows_partial_matches = true;
    EndDescription front;  // Front, Anywhere, Linked
    EndDescription back;   // Back, Anywhere, Linked

    // Which ends the adapter counts, as cutadapt's end_statistics().
    bool has_front() const { return kind != AdapterStatsKind::Back; }
    bool has_back() const { return kind != AdapterStatsKind::Front; }
};

// Everything about a run's statistics that is fixed when the pipeline is
// built. A `true` flag makes the report show that counter (possibly 0).
struct StatsLayout {
    bool paired = false;
    std::array<bool, kFilterCount> filters{};                     // the filter is part of the pipeline
    std::array<bool, 2> adapter_cutting{};                        // R1 / R2 have adapters ("with adapters")
    bool reverse_complement = false;                              // --revcomp
    std::array<bool, 2> quality_trimming{};                       // -q or --nextseq-trim on R1 / R2
    std::array<bool, 2> poly_a{};                                 // --poly-a on R1 / R2
    std::array<std::array<bool, 2>, kPolyTailCount> poly_tail{};  // --trim-poly-g / -x per mate
    bool overlap_trimming = false;                                // --pe-overlap
    // Per read, every adapter in the cutter's order; Stats::adapters index it.
    std::array<std::vector<AdapterDescription>, 2> adapters;

    bool any_quality_trimming() const { return quality_trimming[0] || quality_trimming[1]; }
    bool any_poly_a() const { return poly_a[0] || poly_a[1]; }
    bool any_poly_tail(PolyTail t) const;
};

}  // namespace ringtrim::core
