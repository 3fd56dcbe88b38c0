// Pipeline: turns one chunk of raw input bytes into output bytes per output
// stream plus the chunk's Stats, with cutadapt 4.2's semantics.
//
// Steps, in cutadapt's order (__main__.py pipeline_from_parsed_args, pipeline.py):
//   (paired only, ringtrim's --pe-overlap: both mates cut to the mate overlap, first)
//   modifiers: -u cuts, --nextseq-trim, -q, [--trim-poly-g], adapter cutter
//              (--revcomp), [--trim-poly-x], -l, --trim-n, --length-tag, --strip-suffix, -x/-y, --zero-cap, --rename
//   text:      --rest-file, --info-file, --wildcard-file (every read)
//   filters:   -m, -M, --max-n, --max-ee, --discard-casava, then
//              --discard-trimmed / --discard-untrimmed / --untrimmed-output
//              (a filter may send what it drops to its own stream)
//   sink:      the main output (-o or stdout), or the demultiplexer
// A Pipeline is built once per process from PipelineOptions (forked workers
// inherit it) and run on many chunks. It keeps scratch reads and reuses their
// capacity: no per-read allocation after warm-up. No I/O, no globals.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/fastq/parse.hpp"
#include "lib/fastq/read.hpp"
#include "lib/report/stats.hpp"
#include "lib/pipeline/modifier_chain.hpp"
#include "lib/pipeline/modifiers.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

class AdapterCutter;

// One step that changes a read (cutadapt's "modifier").
struct Modifier {
    enum class Kind : std::uint8_t {
        Cut,            // -u N: N>0 removes a prefix, N<0 a suffix
        NextseqTrim,    // --nextseq-trim CUTOFF
        QualityTrim,    // -q [5',]3'
        Adapters,       // -a/-g/-b ...
        Shorten,        // -l N: N>=0 keeps a prefix, N<0 keeps a suffix
        TrimN,          // --trim-n
        LengthTag,      // --length-tag TEXT
        StripSuffix,    // --strip-suffix TEXT
        PrefixSuffix,   // -x TEXT -y TEXT2 ({name}: the last match's adapter)
        ZeroCap,        // --zero-cap
        PolyA,          // --poly-a: value 0 trims a poly-A tail, 1 a poly-T head (R2)
        Rename,         // --rename TEXT (single-end template)
        // ringtrim's own (not in cutadapt 4.2); see lib/trim/poly_x.hpp.
        PolyG,          // --trim-poly-g MIN_LEN: before the adapter cutter
        PolyX,          // --trim-poly-x MIN_LEN: right after the adapter cutter
    };
    Kind kind;
    int value = 0;       // Cut, Shorten, NextseqTrim cutoff, PolyG/PolyX MIN_LEN
    int cutoff_front = 0;
    int cutoff_back = 0;
    std::string text = {};   // LengthTag, StripSuffix, PrefixSuffix (prefix), Rename
    std::string text2 = {};  // PrefixSuffix (suffix)
};

// One output file of the run. A chunk produces one byte segment per stream,
// in the order of PipelineOptions::streams; the app maps each to its file.
struct OutputStream {
    std::string path;                      // "-": standard output
    SeqFormat format = SeqFormat::Fastq;   // records are written in this format
    // false: a text stream (--info-file, --rest-file, --wildcard-file); the
    // app then leaves `format` alone.
    bool records = true;
    // Whether --fasta applies. cutadapt opens --too-short-output,
    // --too-long-output and --untrimmed-output (outside demultiplexing)
    // without it: they take their format from the file name.
    bool fasta_flag = true;
};

struct PipelineOptions {
    SeqFormat input_format = SeqFormat::Fastq;
    int quality_base = 33;
    std::vector<Modifier> modifiers;
    // Output files; streams[main_stream] receives the reads that pass.
    std::vector<OutputStream> streams;
    int main_stream = 0;
    // Owned prototype, copied into each Pipeline; nullptr when no adapters.
    std::shared_ptr<const AdapterCutter> adapter_cutter;
    // Filters (nullopt: not in the pipeline).
    std::optional<int> minimum_length;
    std::optional<int> maximum_length;
    std::optional<double> max_n;
    // --max-ee (left out when the input has no qualities, as cutadapt does)
    std::optional<double> max_expected_errors;
    // --max-average-error-rate (cutadapt 4.5; ignored for FASTA). Its drops
    // are not reported: cutadapt's report lists no such filter.
    std::optional<double> max_average_error_rate;
    bool discard_casava = false;
    bool discard_trimmed = false;
    bool discard_untrimmed = false;

    // Extra output streams (indices into `streams`; nullopt: none).
    // Text streams, written before any filter sees the read:
    std::optional<int> rest_stream;      // -r/--rest-file
    std::optional<int> info_stream;      // --info-file
    std::optional<int> wildcard_stream;  // --wildcard-file
    // Record streams receiving what a filter drops:
    std::optional<int> too_short_stream;  // --too-short-output
    std::optional<int> too_long_stream;   // --too-long-output
    std::optional<int> untrimmed_stream;  // --untrimmed-output (not demultiplexing)
    // Demultiplexing ({name} in -o): demultiplex_streams[i] receives the reads
    // whose last match is adapter i (of adapter_cutter's adapters); untrimmed
    // reads go to demultiplex_unknown_stream, or nowhere with
    // --discard-untrimmed. main_stream is then unused.
    bool demultiplex = false;
    std::vector<int> demultiplex_streams;
    std::optional<int> demultiplex_unknown_stream;
};

struct ChunkInput {
    std::string_view bytes;          // R1 (or interleaved) records
    std::string_view bytes2;         // R2 records of paired files (same count)
    std::uint64_t first_record = 0;  // records before this chunk
    std::uint64_t first_line = 0;    // lines before this chunk
};

class Pipeline {
public:
    explicit Pipeline(const PipelineOptions& options);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    // Parses and processes every record of `chunk`, appending output bytes to
    // outputs[stream] (resized to options.streams.size()) and adding the chunk's counters
    // to `stats`. On malformed input returns the error; the outputs and stats
    // are then incomplete and must be discarded.
    std::optional<ParseError> run(const ChunkInput& chunk, std::vector<std::string>& outputs, Stats& stats);

    // Which counters the pipeline reports and its adapters' descriptions:
    // the run's StatsLayout, made once per run (the report renders it with
    // the summed Stats of the chunks).
    StatsLayout stats_layout() const;

private:
    void process(Read& read, std::vector<std::string>& outputs, Stats& stats);
    void write_text_outputs(const Read& read, std::vector<std::string>& outputs);
    // Writes `read` to stream i in that stream's format.
    void write_to(const Read& read, int stream, std::vector<std::string>& outputs) const;
    void write_record(const Read& read, SeqFormat format, std::string& out) const;

    PipelineOptions options_;
    ModifierChain chain_;
    bool max_ee_active_ = false;
    Read read_;
    Read original_;  // the read before the modifiers (--info-file only)
    Read scratch_read_;
    MatchInfo info_;
    ReadExtras extras_;
};

}  // namespace ringtrim::core
