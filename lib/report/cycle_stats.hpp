// Per-cycle statistics of the reads, for the HTML report (--html) and the
// JSON report's "ringtrim" key: per mate, of the reads as read ("before",
// ahead of every modifier) and of the reads written ("after", those that
// pass the filters), the length distribution, the sum of the Phred scores
// at each cycle and the count of A, C, G and T at each cycle.
//
//   worker, per read:   CycleCounter::add(sequence, qualities)   8- and 16-bit
//                       counters per cycle, one vector pass over the read
//   worker, per chunk:  CycleCounter::take() -> Stats::cycles (int64)
//   writer:             Stats += (CycleStats +=), serialized with the Stats
//
// Gathered only when PipelineOptions::cycle_stats is set; otherwise every
// CycleStats stays empty and the Stats blob is what it was without them.
// The sums are exact integers, so the total does not depend on how the
// input was cut into chunks. Both types own their memory; CycleStats crosses
// processes only inside the Stats blob (lib/report/stats.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ringtrim::core {

// The reads of one mate at one stage.
//
//   lengths[L]   reads of length L (L = 0 .. longest); empty, or the last entry > 0
//   quality[i]   sum of the Phred scores at cycle i (0-based) over the reads
//                that reach it; empty for FASTA, else one entry per cycle
//   bases[b][i]  how many of those reads have base b (A, C, G, T; either
//                case) at cycle i; anything else (N) is the rest:
//                reads_at_cycle()[i] - the four
//
// Cycles: 0 .. longest - 1.
struct ReadProfile {
    std::vector<std::int64_t> lengths;
    std::vector<std::int64_t> quality;
    std::array<std::vector<std::int64_t>, 4> bases;

    bool empty() const { return lengths.empty(); }
    std::size_t cycles() const { return lengths.empty() ? 0 : lengths.size() - 1; }
    std::int64_t reads() const;
    // Entry i: the reads longer than i (those that have a cycle i).
    std::vector<std::int64_t> reads_at_cycle() const;
    ReadProfile& operator+=(const ReadProfile& other);
    bool operator==(const ReadProfile&) const = default;
};

constexpr std::size_t kProfileBefore = 0;  // the reads as read
constexpr std::size_t kProfileAfter = 1;   // the reads written

struct CycleStats {
    // [mate][kProfileBefore / kProfileAfter]; mate 1 stays empty for single-end.
    std::array<std::array<ReadProfile, 2>, 2> profiles;

    bool empty() const;
    CycleStats& operator+=(const CycleStats& other);
    bool operator==(const CycleStats&) const = default;
};

// A worker's scratch for one ReadProfile: counters per cycle narrow enough
// that adding a read is a few vector instructions per 16 bases (8 bits per
// base count, 16 per quality sum), added into 64-bit sums every
// kSpillReads reads and by take(). Never crosses processes.
class CycleCounter {
public:
    // Counts one read: its length and its cycles. REQUIRES: qualities
    // empty (FASTA) or as long as `sequence`. Inline: it runs once or twice
    // a read, and the call around the kernel was a tenth of --html's cost.
    void add(std::string_view sequence, std::string_view qualities) {
        const std::size_t n = sequence.size();
        if (n >= lengths_.size()) grow(n);
        ++lengths_[n];
        const auto* q = qualities.empty() ? nullptr : reinterpret_cast<const unsigned char*>(qualities.data());
        has_quality_ = has_quality_ || q != nullptr;
        kernel_(reinterpret_cast<const unsigned char*>(sequence.data()), q, n, narrow_[0].data(), narrow_[1].data(),
                narrow_[2].data(), narrow_[3].data(), quality_narrow_.data());
        if (++pending_ == kSpillReads) spill();
    }
    // Adds everything `other` counted to this counter and leaves `other`
    // spilled (its counts stay until its clear() or take()).
    void absorb(CycleCounter& other);

    // Adds everything counted since the last take() or clear() to `out`
    // (Phred scores: the quality characters minus `quality_base`) and
    // starts afresh.
    void take(ReadProfile& out, int quality_base);
    // Forgets everything counted (a chunk that failed).
    void clear();

private:
    // 255 reads fill an 8-bit base count; 255 quality characters (< 256
    // each) fit 16 bits.
    static constexpr int kSpillReads = 255;
    // Adds one read to the narrow counters, as vector instructions the CPU has.
    using Kernel = void (*)(const unsigned char* sequence, const unsigned char* qualities, std::size_t n,
                            std::uint8_t* a, std::uint8_t* c, std::uint8_t* g, std::uint8_t* t, std::uint16_t* sum);
    static Kernel pick_kernel();
    void grow(std::size_t length);
    void spill();

    Kernel kernel_ = pick_kernel();
    int pending_ = 0;  // reads in the narrow counters
    bool has_quality_ = false;
    std::vector<std::int64_t> lengths_;          // by length; size: longest + 1 seen so far
    std::array<std::vector<std::uint8_t>, 4> narrow_;
    std::vector<std::uint16_t> quality_narrow_;  // raw characters, not Phred
    std::array<std::vector<std::int64_t>, 4> bases_;
    std::vector<std::int64_t> quality_;
};

// One CycleCounter per mate and stage, and one per mate for the reads that
// both stages share: what a Pipeline keeps when it gathers CycleStats. A
// read written as it was read (most reads of a typical run) is counted once,
// into counters[m][kCountedBoth], which take() adds to both stages; any
// other read is counted into each stage it belongs to.
constexpr std::size_t kCountedBoth = 2;

struct CycleCounters {
    std::array<std::array<CycleCounter, 3>, 2> counters;  // [mate][kProfileBefore / kProfileAfter / kCountedBoth]

    void take(CycleStats& out, int quality_base);
    void clear();
};

}  // namespace ringtrim::core
