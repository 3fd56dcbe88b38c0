// PairedPipeline: turns one chunk of paired input (two files in lockstep or
// one interleaved file) into output bytes per output stream plus the chunk's
// Stats, with cutadapt 4.2's PairedEndPipeline semantics.
//
// Per pair, in cutadapt's order (__main__.py pipeline_from_parsed_args,
// pipeline.py PairedEndPipeline, steps.py):
//
//   mate check   ids (up to the first space or tab) equal, or equal but for a
//                last character that is 1, 2 or 3 in both (dnaio is_mate)
//   modifiers    before[m] -> adapters -> after[m], for mate m = 0, 1
//                (cutadapt's PairedEndModifierWrapper); adapters are one
//                cutter per mate, or with --pair-adapters one PairedAdapterCutter
//   rename       --rename TEMPLATE for both mates (cutadapt's PairedEndRenamer);
//                fails the run if the new ids of R1 and R2 no longer match
//   text files   --rest-file, --info-file, --wildcard-file lines for R1
//                only, for every pair
//   filters      -m, -M (each may route the pair to a file), --max-n,
//                --max-ee, --discard-casava,
//                --discard-trimmed / --discard-untrimmed / --untrimmed-output,
//                each deciding per --pair-filter (cutadapt's PairedEndFilter)
//   sink         -o/-p, or the demultiplexer ({name}, {name1}/{name2})
//
// A pair that a filter takes is counted once (per pair) in Stats::filtered.
// Built once per process from PairedOptions plus the PipelineOptions that say
// the input format and the output streams; it owns copies of the adapter
// cutters and scratch reads, so no per-pair allocation after warm-up. No I/O,
// no globals, never crosses processes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/fastq/parse.hpp"
#include "lib/fastq/read.hpp"
#include "lib/pipeline/modifier_chain.hpp"
#include "lib/pipeline/modifiers.hpp"
#include "lib/pipeline/pipeline.hpp"
#include "lib/report/stats.hpp"
#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

// --pair-filter: which mates must match a filter for the pair to be taken.
enum class PairFilterMode : std::uint8_t { Any, Both, First };

// The destination of a pair: R1 goes to stream `first`, R2 to `second`, or
// to `first` right after R1 (interleaved) when second < 0. first < 0: none.
struct StreamPair {
    int first = -1;
    int second = -1;
    bool present() const { return first >= 0; }
};

enum class PairedDemultiplex : std::uint8_t { None, Normal, Combinatorial };

struct PairedOptions {
    bool interleaved_input = false;
    // ringtrim's --pe-overlap: trim both mates to the insert found by mate
    // overlap (lib/trim/mate_overlap.hpp), first, on the reads as read.
    bool mate_overlap = false;
    // Modifiers of mate m before and after adapter trimming (no Adapters
    // entries; adapters run between the two lists).
    std::vector<Modifier> before[2];
    std::vector<Modifier> after[2];
    // One cutter per mate (nullptr: no adapters for that mate). Unused with
    // pair_adapters.
    std::shared_ptr<const AdapterCutter> cutter[2];
    // --pair-adapters: adapters[0][i] in R1 and adapters[1][i] in R2 are
    // trimmed together. REQUIRES: equal, non-zero sizes.
    bool pair_adapters = false;
    std::vector<Adapter> adapters[2];
    AdapterAction action = AdapterAction::Trim;
    // --rename TEMPLATE (empty: no renaming). REQUIRES: a template valid for
    // paired reads (check_rename_template).
    std::string rename;

    // Filters (nullopt: no predicate for that mate).
    std::optional<int> minimum_length[2];
    std::optional<int> maximum_length[2];
    std::optional<double> max_n;
    // --max-ee (ignored for FASTA input, as cutadapt does) and --discard-casava.
    std::optional<double> max_expected_errors;
    std::optional<double> max_average_error_rate;  // as PipelineOptions'
    bool discard_casava = false;
    bool discard_trimmed = false;
    bool discard_untrimmed = false;
    PairFilterMode pair_filter = PairFilterMode::Any;
    // cutadapt's override_untrimmed_pair_filter: adapters for one mate only
    // and an untrimmed filter: that filter takes a pair only if both are untrimmed.
    bool override_untrimmed_pair_filter = false;

    // Destinations (stream indices into PipelineOptions::streams).
    // Text streams, written for R1 only as cutadapt 4.2 does.
    std::optional<int> rest_stream;      // -r/--rest-file
    std::optional<int> info_stream;      // --info-file
    std::optional<int> info_stream2;     // --info-file-paired (cutadapt 5.1): R2's info lines
    std::optional<int> wildcard_stream;  // --wildcard-file
    StreamPair out;         // -o/-p (unused when demultiplexing)
    StreamPair untrimmed;   // --untrimmed-output/--untrimmed-paired-output; demultiplex: "unknown"
    StreamPair too_short;   // --too-short-output/--too-short-paired-output
    StreamPair too_long;    // --too-long-output/--too-long-paired-output
    PairedDemultiplex demultiplex = PairedDemultiplex::None;
    // Normal: demultiplex_out[i] for R1 adapter i (untrimmed pairs go to
    // `untrimmed` if present). Combinatorial: demultiplex_out[(i1 + 1) *
    // (n2 + 1) + (i2 + 1)] for R1 adapter i1 and R2 adapter i2, -1 meaning
    // no match; an absent StreamPair drops the pair.
    std::vector<StreamPair> demultiplex_out;
    int adapter_count2 = 0;  // n2 above
};

// dnaio's SequenceRecord.is_mate() on two record names.
bool records_are_mates(std::string_view name1, std::string_view name2);

class PairedPipeline {
public:
    // `common` gives input_format, quality_base and streams (formats final).
    PairedPipeline(const PipelineOptions& common, const PairedOptions& paired);
    ~PairedPipeline();
    PairedPipeline(const PairedPipeline&) = delete;
    PairedPipeline& operator=(const PairedPipeline&) = delete;

    // Processes every pair of `chunk` (bytes and bytes2 for two files, bytes
    // alone for interleaved input), appending to outputs[stream] and adding
    // the chunk's counters to `stats`. On malformed input or unpaired mates
    // returns the error and error_input() says where; outputs and stats are
    // then incomplete and must be discarded.
    // A --rename template that makes the ids of a pair differ is an error too.
    std::optional<ParseError> run(const ChunkInput& chunk, std::vector<std::string>& outputs, Stats& stats);

    // Which input the last error of run() is about: 0 (first file or the
    // interleaved file), 1 (second file) or 2 (both files).
    int error_input() const { return error_input_; }

    // Which counters the pipeline reports and its adapters' descriptions:
    // the run's StatsLayout, made once per run.
    StatsLayout stats_layout() const;

private:
    std::optional<ParseError> process(std::vector<std::string>& outputs, Stats& stats);
    void trim_adapter_pair();
    // PairedEndRenamer on read_[0] and read_[1]; an error ends the run.
    std::optional<ParseError> rename_pair();
    // --pe-overlap: both mates cut to the overlap insert length, if any.
    void trim_to_mate_overlap(Stats& stats);
    std::string_view last_adapter_name(int mate) const;
    const std::vector<Adapter>& adapters_of(int mate) const;
    void write_pair(const StreamPair& to, std::vector<std::string>& outputs) const;
    void write_record(const Read& read, int stream, std::vector<std::string>& outputs) const;
    void take_statistics(Stats& stats);
    void declare_adapters(StatsLayout& layout) const;

    PipelineOptions common_;
    PairedOptions options_;
    std::vector<ModifierChain> before_;  // one per mate
    std::vector<ModifierChain> after_;
    std::unique_ptr<AdapterCutter> cutter_[2];
    // --pair-adapters: single-adapter cutters that apply the action and count.
    std::vector<AdapterCutter> pair_cutters_[2];
    std::vector<Adapter> pair_adapters_[2];  // for finding the best pair
    Match candidate_[2];
    MatchInfo scratch_;
    Read read_[2];
    MatchInfo info_[2];
    ReadExtras extras_[2];
    std::vector<TemplateToken> rename_tokens_;
    std::string rename_scratch_[2];  // new names, then the match sequences
    std::string match_sequence_[2];
    Read original_;       // R1 as parsed (--info-file only)
    Read original2_;      // R2 as parsed (--info-file-paired only)
    Read info_scratch_;
    int error_input_ = 0;
    bool max_ee_active_ = false;
};

}  // namespace ringtrim::core
