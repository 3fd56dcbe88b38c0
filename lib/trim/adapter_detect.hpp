// Adapter detection for `ringtrim --detect-adapters` (ringtrim's own, issue
// 16): which 3' adapter a sample of reads carries, as known kits and as a
// sequence assembled from the reads.
//
// Pure: takes the reads' sequences (views the caller owns for the call),
// returns plain values; no I/O, nothing crosses processes.
//
// Known kits: a kit counts the reads that contain its first 12 bases (its
// probe) exactly, anywhere (as Trim Galore's auto-detection does with 12-13
// bases). A random 12-mer is in a 150-base read with probability ~1e-5.
//
// Assembly, for adapters no kit lists (after fastp's adapter detection,
// evaluator.cpp, simplified):
//   1. Count 12-mers of A/C/G/T, each at most once per read; drop
//      low-complexity ones (a base 9+ times of 12, or a dinucleotide repeat).
//   2. Take the most frequent (ties: the smaller 2-bit code) of the top 20 as
//      a seed, in order, until one is accepted.
//   3. Extend right, one base at a time, over the reads that contain the seed
//      (its first occurrence): append the most common next base (ties: A < C <
//      G < T) while at least max(5, 20% of the seed reads) still have a base
//      there and that base is at least 60% of them; stop at 40 bases.
//   4. Extend left the same way. An adapter starts where the reads diverge
//      (inserts of varying length end there), so the seed is accepted only if
//      the left extension stops where at least 50% of the seed reads still
//      have a base and the most common base is at most 45% of them (random
//      insert bases, not a two-allele variant). A k-mer of a highly expressed
//      or repeated genomic sequence keeps agreeing leftwards until the reads
//      run out, or stops at a variant, and is rejected; so is a left
//      extension that reaches 80 bases.
//   The frequency reported is the number of reads that contain the first 12
//   bases of the assembled sequence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringtrim::core {

struct KnownAdapter {
    std::string_view name;
    std::string_view sequence;  // as for -a (may use cutadapt's A{20} syntax)
    std::string_view probe;     // first 12 bases, counted in the reads
};

// FastQC's adapter list (Illumina universal, Illumina small RNA 3', Nextera,
// SOLiD small RNA) plus MGI/BGI and poly-A.
const std::vector<KnownAdapter>& known_adapters();

struct KitCount {
    const KnownAdapter* kit;
    std::int64_t reads;  // reads containing kit->probe
};

struct AssembledAdapter {
    std::string sequence;    // empty: no seed was accepted
    std::int64_t reads = 0;  // reads containing sequence's first 12 bases
    std::string seed;
    const KnownAdapter* kit = nullptr;  // a kit whose probe occurs in `sequence`
};

struct AdapterDetection {
    std::int64_t reads = 0;      // reads examined
    std::vector<KitCount> kits;  // every known kit, most reads first (stable)
    AssembledAdapter assembled;
};

inline constexpr int kDetectK = 12;

// REQUIRES: nothing; lower-case bases count as upper case, other bytes
// break k-mers.
AdapterDetection detect_adapters(const std::vector<std::string_view>& reads);

}  // namespace ringtrim::core
