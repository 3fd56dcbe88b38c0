// KmerIndex: one shared index of exact k-mers (seeds) over many adapters,
// answering "which adapters can possibly match this read?" in one pass over
// the read, however many adapters there are.
//
// For each adapter it stores seeds: short exact substrings of the adapter,
// each with a window of read positions, such that every alignment the
// Aligner could accept contains at least one seed exactly inside its window
// (pigeonhole: an alignment with at most e edits of a sequence cut into e+1
// pieces leaves one piece untouched). Partial matches at the read ends, where
// fewer errors are allowed, get their own seeds from the part of the adapter
// that every such partial match contains. docs/algorithms.md ("Shared k-mer
// index") gives the derivation; tests/lib/trim/fast_path_test.cpp checks it
// against the full DP.
//
// Adapters that cannot be indexed (IUPAC wildcards, read wildcards, too many
// errors for their length) are reported as candidates for every read.
//
// Built once per worker, then read-only; candidates() allocates nothing after
// the first call with a given adapter count. Never crosses processes.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ringtrim::core {

class KmerIndex {
public:
    // Adds adapter `id` as the Aligner sees it: `reference` (upper-case
    // ACGT only, else the adapter is not indexed), error rate, EndSkip flags
    // and minimum overlap. `reversed`: the Aligner runs on the reversed read
    // with this reference (a rightmost 5' adapter); seeds are mirrored.
    // Returns false if the adapter could not be indexed (it is then a
    // candidate for every read). REQUIRES: ids are 0, 1, 2, ... in order.
    bool add(int id, std::string_view reference, double max_error_rate, int flags, int min_overlap, bool read_wildcards,
             bool reversed);
    // Adds adapter `id` as a candidate for every read (linked adapters,
    // comparers).
    void add_unindexed(int id);

    // Sets candidate[id] = 1 for every adapter that may match `read`, 0 for
    // the others (sized to the number of adapters added). An adapter whose
    // flag is 0 would not be matched by its Aligner (locate() returns
    // nothing).
    void candidates(std::string_view read, std::vector<std::uint8_t>& candidate) const;

    // Longest seed: codes of up to 16 bases fit 32 bits.
    static constexpr int kMaxSeed = 16;

    int size() const { return static_cast<int>(always_.size()); }
    int indexed() const { return indexed_; }

private:
    enum class Anchor : std::uint8_t { Start, End, Anywhere };
    // Seed occurrences at read positions [p, p + q) count only if
    // lo <= p and p + q <= hi, with lo = 0, hi = extent (Start);
    // lo = n - extent, hi = n (End); anywhere (Anywhere).
    struct Posting {
        int adapter;
        Anchor anchor;
        int extent;
    };
    // All seeds of one length q: filter bitmap, postings by code, and the
    // read region that any of them can occupy.
    struct Length {
        int q = 0;
        bool anywhere = false;
        int start_extent = 0;               // read[0, start_extent) holds every Start seed
        int end_extent = 0;                 // read[n - end_extent, n) holds every End seed
        std::vector<std::uint64_t> filter;  // 2^16 bits, by filter_slot(code)
        std::unordered_map<std::uint32_t, std::vector<Posting>> postings;
    };

    bool add_seeds(int id, std::string_view core, int errors, Anchor anchor, int extent, bool reversed);
    void add_seed(int id, std::string_view seed, Anchor anchor, int extent, bool reversed);
    void scan(const Length& length, std::string_view read, int lo, int hi, std::vector<std::uint8_t>& candidate) const;
    Length& length(int q);
    static std::uint32_t filter_slot(int q, std::uint32_t code);

    std::vector<Length> lengths_;
    std::vector<std::uint8_t> always_;   // per adapter: candidate for every read
    std::vector<int> short_read_limit_;  // per adapter: reads up to this length are candidates
    int max_short_read_limit_ = -1;
    int indexed_ = 0;
};

}  // namespace ringtrim::core
