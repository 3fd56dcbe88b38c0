// Stats: the counters one chunk produces, summed across chunks with +=.
//
// Mirrors cutadapt 4.2's `Statistics` (report.py), `ReadLengthStatistics`
// (statistics.py) and the per-adapter `EndStatistics` (adapters.py), so the
// text and JSON reports can be rendered from a Stats exactly as cutadapt
// renders its own. A Stats owns all of its memory and holds no pointers into
// reads, so it may be serialized and cross processes (serialize()/deserialize()).
//
// Optional counters (cutadapt's `None`) are std::optional: a report prints a
// line only when the step that fills it ran.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringtrim::core {

// Static description of one adapter end (what cutadapt's EndStatistics
// copies from its SingleAdapter), plus the counters for that end.
struct EndStatistics {
    // --- description, fixed when the pipeline is built ---
    double max_error_rate = 0.1;
    std::string sequence;            // adapter sequence as given (upper case, U->T)
    int effective_length = 0;        // adapter.effective_length (without X / anchoring chars)
    bool has_wildcards = false;      // adapter.adapter_wildcards
    bool indels = true;
    std::string adapter_type;        // descriptive_identifier(): "regular 3'", "anchored 5'", ...
    bool allows_partial_matches = true;
    bool remove_prefix = false;      // isinstance(adapter, FrontAdapter): reverse seq for probabilities

    // --- counters ---
    // errors[length][e] == n: a sequence of `length` bases matching with e errors was removed n times.
    std::map<int, std::map<int, std::int64_t>> errors;
    // Base preceding a removed 3' adapter: A, C, G, T, and "" (none/other) at index 4.
    std::array<std::int64_t, 5> adjacent_bases{};

    void add(int removed_length, int error_count) { ++errors[removed_length][error_count]; }
    void add_adjacent_base(char base);  // A/C/G/T, anything else counts as ""
    std::map<int, std::int64_t> lengths() const;  // length -> total count
    std::int64_t total() const;                   // sum of lengths()
    // p[i]: probability that i bases of this end match a random sequence (report.py).
    std::vector<double> random_match_probabilities(double gc_content) const;
    EndStatistics& operator+=(const EndStatistics& other);
};

// What kind of statistics an adapter keeps (cutadapt's *AdapterStatistics classes).
enum class AdapterStatsKind : std::uint8_t {
    Front,     // FrontAdapterStatistics: `end` holds the 5' end
    Back,      // BackAdapterStatistics: `end` holds the 3' end
    Anywhere,  // AnywhereAdapterStatistics: `front` and `back`
    Linked,    // LinkedAdapterStatistics: `front` and `back`
};

struct AdapterStatistics {
    AdapterStatsKind kind = AdapterStatsKind::Back;
    std::string name;
    // Description used in the report's "Sequence: ...; Type: ...; Length: ..." line.
    std::string sequence;     // adapter.sequence (for Linked: unused, see front/back)
    std::string description;  // adapter.description, e.g. "regular 3'"
    int min_overlap = 3;      // adapter.min_overlap (Linked: front_min_overlap)
    int back_min_overlap = 3; // Linked only: back_adapter.min_overlap
    bool allows_partial_matches = true;
    // Front/Back use `front` (for Front) or `back` (for Back) as their single end;
    // see end_statistics().
    EndStatistics front;
    EndStatistics back;
    std::int64_t reverse_complemented = 0;

    // (5' end, 3' end) as cutadapt's end_statistics(): nullptr where absent.
    std::pair<const EndStatistics*, const EndStatistics*> end_statistics() const;
    AdapterStatistics& operator+=(const AdapterStatistics& other);
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

struct Stats {
    bool paired = false;
    std::int64_t n = 0;                          // reads or pairs read
    std::array<std::int64_t, 2> total_bp{};      // bases in R1, R2
    // Filters that are part of the pipeline have a value (possibly 0);
    // absent filters are nullopt and not reported.
    std::array<std::optional<std::int64_t>, kFilterCount> filtered{};
    std::optional<std::int64_t> reverse_complemented;
    std::array<std::optional<std::int64_t>, 2> with_adapters;
    std::array<std::optional<std::int64_t>, 2> quality_trimmed_bp;
    // --poly-a: removed tail (head for R2) length -> reads, every read
    // counted (0: nothing removed); nullopt without --poly-a.
    std::array<std::optional<std::map<int, std::int64_t>>, 2> poly_a_lengths;
    // ringtrim's --trim-poly-g / --trim-poly-x, per PolyTail and mate: reads
    // whose tail was cut and the bases cut (nullopt: option not given).
    std::array<std::array<std::optional<std::int64_t>, 2>, kPolyTailCount> poly_trimmed_reads;
    std::array<std::array<std::optional<std::int64_t>, 2>, kPolyTailCount> poly_trimmed_bp;
    // ringtrim's --pe-overlap: pairs trimmed to their mate overlap and the
    // bases removed per mate (nullopt: option not given).
    std::optional<std::int64_t> overlap_trimmed_pairs;
    std::array<std::optional<std::int64_t>, 2> overlap_trimmed_bp;
    std::array<std::vector<AdapterStatistics>, 2> adapter_stats;
    // Written reads: length -> count, for R1 and R2 (ReadLengthStatistics).
    std::array<std::map<int, std::int64_t>, 2> written_lengths;

    std::int64_t written_reads() const;
    std::array<std::int64_t, 2> written_bp() const;
    std::int64_t total() const { return total_bp[0] + total_bp[1]; }
    std::optional<std::int64_t> quality_trimmed() const;
    std::optional<std::int64_t> poly_a_trimmed_bp(int which) const;
    std::optional<std::int64_t> poly_a_trimmed() const;
    std::optional<std::int64_t> poly_trimmed(PolyTail t) const;  // both mates
    std::optional<std::int64_t> overlap_trimmed() const;         // both mates
    std::int64_t filtered_total() const;

    Stats& operator+=(const Stats& other);
};

// A compact binary form for crossing process boundaries. deserialize()
// returns false on malformed bytes (never throws).
std::string serialize(const Stats& stats);
bool deserialize(std::string_view bytes, Stats& out);

}  // namespace ringtrim::core
