// detect_input() and finish_plan(): the plan completed from the opened input
// before anything runs (run.hpp).
#include <algorithm>

#include "apps/ringtrim/run.hpp"
#include "ipc/io/error.hpp"
#include "lib/chunk/unit_frame.hpp"

namespace ringtrim::app {

namespace {

using core::SeqFormat;

bool needs_qualities(const std::vector<core::Modifier>& modifiers) {
    using Kind = core::Modifier::Kind;
    return std::any_of(modifiers.begin(), modifiers.end(), [](const core::Modifier& m) {
        return m.kind == Kind::QualityTrim || m.kind == Kind::NextseqTrim || m.kind == Kind::ZeroCap;
    });
}

// cutadapt fails on the first FASTA record that reaches a step that needs
// qualities (HasNoQualities); ringtrim checks once, before any work.
bool plan_needs_qualities(const RunPlan& plan) {
    for (int m = 0; m < plan.pipeline.mates; ++m)
        if (needs_qualities(plan.pipeline.before[m]) || needs_qualities(plan.pipeline.after[m])) return true;
    return false;
}

// The output format of a record stream. cutadapt 4.2 (single core) hands
// dnaio an open file object: only a plain file's object carries the name, so
// the name decides for uncompressed names alone ("out.fasta" is FASTA), while
// a compressed name ("out.fasta.gz") or standard output takes the input's
// format. --fasta forces FASTA where cutadapt passes it.
SeqFormat output_format(const core::OutputStream& s, bool force_fasta, SeqFormat input) {
    if (force_fasta && s.fasta_flag) return SeqFormat::Fasta;
    if (s.path == "-" || io::compression_from_name(s.path) != io::Compression::kNone) return input;
    return core::format_from_name(s.path).value_or(input);
}

}  // namespace

roles::ReaderOptions reader_options(const RunPlan& plan) {
    roles::ReaderOptions o;
    o.input1 = plan.input1;
    o.input2 = plan.input2;
    o.buffer_size = plan.buffer_size;
    o.interleaved = plan.mode.interleaved_input;
    return o;
}

InputFacts detect_input(roles::ChunkReader& reader) {
    InputFacts facts;
    facts.name1 = reader.name(0);
    facts.format = reader.detect_format();
    if (!facts.format) return facts;
    try {
        facts.first_record_bytes = reader.first_record_bytes(*facts.format);
    } catch (const io::IoError& e) {
        facts.read_error = core::Error::io(e.message(), e.file());
    }
    return facts;
}

std::variant<RunPlan, core::Error> finish_plan(RunPlan plan, const InputFacts& facts) {
    if (!facts.format) {
        return core::Error::io(
            "input file format not recognized: the first character is neither '@' (FASTQ) nor '>' (FASTA)",
            facts.name1);
    }
    const SeqFormat format = *facts.format;
    plan.pipeline.input_format = format;
    plan.compression.clear();
    for (auto& s : plan.pipeline.streams) {
        plan.compression.push_back(io::compression_from_name(s.path));
        if (!s.records) continue;
        s.format = output_format(s, plan.force_fasta, format);
        if (s.format == SeqFormat::Fastq && format == SeqFormat::Fasta) {
            return core::Error::io("Output format cannot be FASTQ since no quality values are available.", s.path);
        }
    }
    if (facts.read_error) return *facts.read_error;
    if (format == SeqFormat::Fasta && facts.first_record_bytes > 0 && plan_needs_qualities(plan)) {
        return core::Error::run("Cannot do quality trimming when no qualities are available (" + facts.name1 +
                                " is FASTA; -q, -Q, --nextseq-trim and --zero-cap need FASTQ)");
    }
    plan.unit_records = core::unit_records_for(facts.first_record_bytes);
    return plan;
}

}  // namespace ringtrim::app
