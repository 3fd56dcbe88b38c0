// Pipeline: turns one chunk of raw input bytes into output bytes per output
// stream plus the chunk's Stats, with cutadapt 4.2's semantics, for
// single-end reads and for pairs alike: single-end is the one-mate case.
//
// Per read (per pair), in cutadapt's order (__main__.py
// pipeline_from_parsed_args, pipeline.py, steps.py):
//
//   mate check   (pairs) ids equal, or equal but for a last character that is
//                1, 2 or 3 in both (dnaio is_mate)
//   overlap      (pairs, ringtrim's --pe-overlap) both mates cut to the insert
//   modifiers    before[m] -> adapters -> after[m] for each mate m (cutadapt's
//                PairedEndModifierWrapper): -u/-U, --nextseq-trim, -q/-Q,
//                [--poly-g], adapters (one cutter per mate, or with
//                --pair-adapters the best pair), [--poly-x], --poly-a, -l,
//                --trim-n, --length-tag, --strip-suffix, -x/-y, --zero-cap
//   rename       --rename (cutadapt's Renamer, PairedEndRenamer: the new ids
//                of a pair must still match)
//   text files   --rest-file, --info-file, --wildcard-file for R1, and
//                --info-file-paired for R2 (every read)
//   filters      -m, -M, --max-n, --max-ee, --max-aer, --discard-casava, then
//                --discard-trimmed / --discard-untrimmed / --untrimmed-output:
//                each a predicate per read with a pair policy (cutadapt's
//                SingleEndFilter / PairedEndFilter); a filter may send what
//                it takes to its own streams
//   sink         -o/-p, or the demultiplexer ({name}; {name1}/{name2})
//
// A Pipeline is built once per process from PipelineOptions (forked workers
// inherit it) and run on many chunks. It keeps scratch reads and reuses their
// capacity: no per-read allocation after warm-up. No I/O, no globals.
#pragma once

#include "lib/compat/cutadapt_version.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/chunk/chunk_view.hpp"
#include "lib/fastq/parse.hpp"
#include "lib/fastq/read.hpp"
#include "lib/pipeline/modifier.hpp"
#include "lib/pipeline/modifier_chain.hpp"
#include "lib/pipeline/modifiers.hpp"
#include "lib/report/stats.hpp"
#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

// One output file of the run. A chunk produces one byte segment per stream,
// in the order of PipelineOptions::streams; the app maps each to its file.
struct OutputStream {
    std::string path;                     // "-": standard output
    SeqFormat format = SeqFormat::Fastq;  // records are written in this format
    // false: a text stream (--info-file, --rest-file, --wildcard-file); the
    // app then leaves `format` alone.
    bool records = true;
    // Whether --fasta applies. cutadapt opens --too-short-output,
    // --too-long-output and --untrimmed-output (outside demultiplexing)
    // without it: they take their format from the file name.
    bool fasta_flag = true;
};

// The destination of a read or pair: R1 goes to stream `first`, R2 to
// `second`, or to `first` right after R1 (interleaved) when second < 0.
// first < 0: none (the read is dropped).
struct StreamPair {
    int first = -1;
    int second = -1;
    bool present() const { return first >= 0; }
};

// --pair-filter: which mates must match a filter for the pair to be taken.
enum class PairFilterMode : std::uint8_t { Any, Both, First };

enum class Demultiplex : std::uint8_t {
    None,
    Normal,         // {name}: by R1's adapter
    Combinatorial,  // {name1}/{name2}: by both adapters (pairs only)
};

struct PipelineOptions {
    // The release whose results the pipeline computes (lib/compat).
    CutadaptVersion cutadapt = kDefaultCutadaptVersion;
    SeqFormat input_format = SeqFormat::Fastq;
    int quality_base = 33;
    // 1: single-end; 2: pairs, from two files or one interleaved file.
    int mates = 1;
    bool interleaved_input = false;
    // ringtrim's --pe-overlap: trim both mates to the insert found by mate
    // overlap (lib/trim/mate_overlap.hpp), first, on the reads as read.
    bool mate_overlap = false;

    // Modifiers of mate m before and after adapter trimming.
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
    // this many mates (check_rename_template).
    std::string rename;

    // Filters (nullopt: no predicate for that mate, or none at all).
    std::optional<int> minimum_length[2];
    std::optional<int> maximum_length[2];
    std::optional<double> max_n;
    // --max-ee; left out for FASTA input, as cutadapt does.
    std::optional<double> max_expected_errors;
    // --max-average-error-rate (cutadapt 4.5; ignored for FASTA). Its drops
    // are not reported: cutadapt's report lists no such filter.
    std::optional<double> max_average_error_rate;
    bool discard_casava = false;
    bool discard_trimmed = false;
    bool discard_untrimmed = false;
    PairFilterMode pair_filter = PairFilterMode::Any;
    // cutadapt's override_untrimmed_pair_filter: adapters for one mate only
    // and an untrimmed filter: that filter takes a pair only if both are untrimmed.
    bool override_untrimmed_pair_filter = false;

    // Output files, in cutadapt's opening order.
    std::vector<OutputStream> streams;
    // Text streams (indices into `streams`), written before any filter.
    std::optional<int> rest_stream;      // -r/--rest-file (R1)
    std::optional<int> info_stream;      // --info-file (R1)
    std::optional<int> info_stream2;     // --info-file-paired (cutadapt 5.1): R2's info lines
    std::optional<int> wildcard_stream;  // --wildcard-file (R1)
    // Record streams.
    StreamPair out;        // -o/-p (unused when demultiplexing)
    StreamPair untrimmed;  // --untrimmed-(paired-)output; demultiplexing: "unknown"
    StreamPair too_short;  // --too-short-(paired-)output
    StreamPair too_long;   // --too-long-(paired-)output
    Demultiplex demultiplex = Demultiplex::None;
    // Normal: demultiplex_out[i] for R1 adapter i (untrimmed reads go to
    // `untrimmed` if present). Combinatorial: demultiplex_out[(i1 + 1) *
    // (n2 + 1) + (i2 + 1)] for R1 adapter i1 and R2 adapter i2, -1 meaning
    // no match; an absent StreamPair drops the pair.
    std::vector<StreamPair> demultiplex_out;
    int adapter_count2 = 0;  // n2 above

    // --html: gather Stats::cycles (lib/report/cycle_stats.hpp).
    bool cycle_stats = false;

    bool paired() const { return mates == 2; }
};

// dnaio's SequenceRecord.is_mate() on two record names.
bool records_are_mates(std::string_view name1, std::string_view name2);

class Pipeline {
public:
    explicit Pipeline(const PipelineOptions& options);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    // Parses and processes every record (pair) of `chunk`, appending output
    // bytes to outputs[stream] (resized to options.streams.size()) and adding
    // the chunk's counters to `stats`. On malformed input, unpaired mates or
    // a --rename that unpairs them returns the error and error_input() says
    // where; the outputs and stats are then incomplete and must be discarded.
    std::optional<Error> run(const ChunkView& chunk, std::vector<std::string>& outputs, Stats& stats);

    // Which input the last error of run() is about: 0 (the first file or the
    // interleaved file), 1 (the second file) or 2 (both files).
    int error_input() const { return error_input_; }

    // Which counters the pipeline reports and its adapters' descriptions:
    // the run's StatsLayout, made once per run (the report renders it with
    // the summed Stats of the chunks).
    StatsLayout stats_layout() const;

private:
    // A filter: a predicate per mate (absent for a mate it does not test),
    // the pair policy, the counter and the streams that get what it takes.
    struct Filter {
        enum class Test : std::uint8_t {
            TooShort,
            TooLong,
            TooManyN,
            TooManyEE,
            TooHighAER,
            Casava,
            Trimmed,
            Untrimmed
        };
        Test test;
        std::optional<double> limit[2];  // per mate; TooManyN .. Casava: equal
        PairFilterMode mode;
        std::optional<FilterName> counter;  // nullopt: not reported (--max-aer)
        StreamPair to;
    };

    void build_filters();
    bool takes(const Filter& f, int mate) const;
    std::optional<Error> read_next(ChunkParser& parser1, ChunkParser& parser2, bool& got);
    // kCycles: count read_ (each mate) as dropped, or mate m as written
    // (cycles_->counters; a FASTA read's "before" is counted on arrival).
    void count_cycles_dropped();
    void count_cycles_written(int m);
    // kCycles: gather CycleStats (options.cycle_stats), chosen once per chunk.
    template <bool kCycles>
    std::optional<Error> process(std::vector<std::string>& outputs, Stats& stats);
    void trim_adapters();
    void trim_adapter_pair();
    std::optional<Error> rename();
    void trim_to_mate_overlap(Stats& stats);
    void write_text_outputs(std::vector<std::string>& outputs);
    std::string_view last_adapter_name(int mate) const;
    const std::vector<Adapter>& adapters_of(int mate) const;
    void write(const StreamPair& to, std::vector<std::string>& outputs) const;
    void take_statistics(Stats& stats);
    void declare_adapters(StatsLayout& layout) const;

    PipelineOptions options_;
    int mates_ = 1;
    std::vector<ModifierChain> before_;  // one per mate
    std::vector<ModifierChain> after_;
    std::unique_ptr<AdapterCutter> cutter_[2];
    // --pair-adapters: single-adapter cutters that apply the action and count.
    std::vector<AdapterCutter> pair_cutters_[2];
    std::vector<Filter> filters_;
    bool max_ee_active_ = false;
    Match candidate_[2];
    MatchInfo scratch_;
    Read read_[2];
    // Reads written in the current chunk by length, one counter per length
    // (a sorted-list lookup per read cost 1 % of a run); run() adds them to
    // Stats::written_lengths at the chunk's end.
    std::vector<std::int64_t> written_[2];
    std::unique_ptr<CycleCounters> cycles_;  // options.cycle_stats only
    Read original_[2];                       // the reads as parsed (--info-file, --info-file-paired)
    // With cycles_: the lines in the chunk that read_[m] was parsed from
    // (FASTQ only), so that a read written unchanged is counted once for
    // both CycleStats stages with no copy; FASTA reads are counted before
    // and after.
    std::optional<RecordLines> source_[2];
    Read info_scratch_;
    MatchInfo info_[2];
    ReadExtras extras_[2];
    std::vector<TemplateToken> rename_tokens_;
    std::string rename_scratch_[2];  // new names
    std::string match_sequence_[2];
    int error_input_ = 0;
};

}  // namespace ringtrim::core
