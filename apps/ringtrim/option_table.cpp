// cutadapt 4.2's or 5.2's command-line options (get_argument_parser()), then
// ringtrim's own, as an argparse::OptionTable.
#include "apps/ringtrim/option_table.hpp"

#include <algorithm>
#include <utility>

namespace ringtrim::app {

namespace {

using argparse::Kind;
using argparse::OptionSpec;
using argparse::Value;
using argparse::ValueType;

std::vector<OptionSpec> make_option_table(core::CutadaptVersion version) {
    const bool v52 = version == core::CutadaptVersion::k5_2;
    using K = Kind;
    using T = ValueType;
    using CL = CommandLine;
    using V = Value;
    // Registration order matters: it is the order in which argparse lists the
    // matches of an ambiguous abbreviation. The options cutadapt 4.3-5.2 added
    // are inserted at their places in 5.2's table (cli.py), and only under
    // 5.2 (under 4.2 they come after ringtrim's own, below).
    std::vector<OptionSpec> table = {
        {{"-h", "--help"}, K::kHelp, T::kString, {}, nullptr},
        {{"--version"}, K::kVersion, T::kString, {}, nullptr},
        {{"--debug"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { ++c.debug; }},
        {{"--profile"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.profile = true; }},
        {{"-j", "--cores"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.cores = v.integer; }},
        {{"--gc-content"}, K::kStore, T::kFloat, {}, [](CL& c, const V& v) { c.gc_content = v.real; }},
        {{"--buffer-size"},
         K::kStore,
         T::kInt,
         {},
         [](CL& c, const V& v) {
             c.buffer_size = v.integer;
             c.buffer_size_given = true;
         }},
        {{"--compression-level"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.compression_level = v.integer; }},
        {{"--no-index"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.index = false; }},
        {{"-a", "--adapter"},
         K::kAppend,
         T::kString,
         {},
         [](CL& c, const V& v) {
             c.adapters.push_back({"back", v.text});
         }},
        {{"-g", "--front"},
         K::kAppend,
         T::kString,
         {},
         [](CL& c, const V& v) {
             c.adapters.push_back({"front", v.text});
         }},
        {{"-b", "--anywhere"},
         K::kAppend,
         T::kString,
         {},
         [](CL& c, const V& v) {
             c.adapters.push_back({"anywhere", v.text});
         }},
        {{"-e", "--error-rate", "--errors"},
         K::kStore,
         T::kFloat,
         {},
         [](CL& c, const V& v) { c.error_rate = v.real; }},
        {{"--no-indels"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.indels = false; }},
        {{"-n", "--times"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.times = v.integer; }},
        {{"-O", "--overlap"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.overlap = v.integer; }},
        {{"--match-read-wildcards"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.match_read_wildcards = true; }},
        {{"-N", "--no-match-adapter-wildcards"},
         K::kFlag,
         T::kString,
         {},
         [](CL& c, const V&) { c.match_adapter_wildcards = false; }},
        {{"--action"},
         K::kStore,
         T::kString,
         v52 ? std::vector<std::string_view>{"trim", "retain", "mask", "lowercase", "crop", "none"}
             : std::vector<std::string_view>{"trim", "retain", "mask", "lowercase", "none"},
         [](CL& c, const V& v) { c.action = v.text; },
         v52 ? std::vector<std::string_view>{} : std::vector<std::string_view>{"crop"}},
        {{"--rc", "--revcomp"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.reverse_complement = true; }},
        {{"--no-trim"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.action = "none"; }},
        {{"--mask-adapter"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.action = "mask"; }},
        {{"-u", "--cut"}, K::kAppend, T::kInt, {}, [](CL& c, const V& v) { c.cut.push_back(v.integer); }},
        {{"--nextseq-trim"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.nextseq_trim = v.integer; }},
        {{"-q", "--quality-cutoff"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.quality_cutoff = v.text; }},
        {{"--quality-base"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.quality_base = v.integer; }},
        {{"--length", "-l"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.length = v.integer; }},
        {{"--trim-n"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.trim_n = true; }},
        {{"--length-tag"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.length_tag = v.text; }},
        {{"--strip-suffix"}, K::kAppend, T::kString, {}, [](CL& c, const V& v) { c.strip_suffix.push_back(v.text); }},
        {{"-x", "--prefix"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.prefix = v.text; }},
        {{"-y", "--suffix"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.suffix = v.text; }},
        // cutadapt 4.3+: "\t" (backslash, t) in the template is a tab.
        {{"--rename"},
         K::kStore,
         T::kString,
         {},
         [](CL& c, const V& v) {
             std::string t;
             for (std::size_t i = 0; i < v.text.size(); ++i) {
                 const bool tab = v.text[i] == '\\' && i + 1 < v.text.size() && v.text[i + 1] == 't';
                 t += tab ? '\t' : v.text[i];
                 i += tab ? 1 : 0;
             }
             c.rename = t;
         }},
        {{"--zero-cap", "-z"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.zero_cap = true; }},
        {{"-m", "--minimum-length"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.minimum_length = v.text; }},
        {{"-M", "--maximum-length"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.maximum_length = v.text; }},
        {{"--max-n"}, K::kStore, T::kFloat, {}, [](CL& c, const V& v) { c.max_n = v.real; }},
        {{"--max-expected-errors", "--max-ee"},
         K::kStore,
         T::kFloat,
         {},
         [](CL& c, const V& v) { c.max_expected_errors = v.real; }},
        {{"--discard-trimmed", "--discard"},
         K::kFlag,
         T::kString,
         {},
         [](CL& c, const V&) { c.discard_trimmed = true; }},
        {{"--discard-untrimmed", "--trimmed-only"},
         K::kFlag,
         T::kString,
         {},
         [](CL& c, const V&) { c.discard_untrimmed = true; }},
        {{"--discard-casava"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.discard_casava = true; }},
        {{"--quiet"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.quiet = true; }},
        {{"--report"}, K::kStore, T::kString, {"full", "minimal"}, [](CL& c, const V& v) { c.report = v.text; }},
        {{"--json"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.json = v.text; }},
        {{"-o", "--output"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.output = v.text; }},
        {{"--fasta"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.fasta = true; }},
        {{"-Z"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.compression_level = 1; }},
        {{"--info-file"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.info_file = v.text; }},
        {{"-r", "--rest-file"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.rest_file = v.text; }},
        {{"--wildcard-file"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.wildcard_file = v.text; }},
        {{"--too-short-output"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.too_short_output = v.text; }},
        {{"--too-long-output"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.too_long_output = v.text; }},
        {{"--untrimmed-output"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.untrimmed_output = v.text; }},
        {{"-A"}, K::kAppend, T::kString, {}, [](CL& c, const V& v) { c.adapters2.push_back({"back", v.text}); }},
        {{"-G"}, K::kAppend, T::kString, {}, [](CL& c, const V& v) { c.adapters2.push_back({"front", v.text}); }},
        {{"-B"}, K::kAppend, T::kString, {}, [](CL& c, const V& v) { c.adapters2.push_back({"anywhere", v.text}); }},
        {{"-U"}, K::kAppend, T::kInt, {}, [](CL& c, const V& v) { c.cut2.push_back(v.integer); }},
        {{"-Q"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.quality_cutoff2 = v.text; }},
        {{"-p", "--paired-output"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.paired_output = v.text; }},
        {{"--pair-adapters"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.pair_adapters = true; }},
        {{"--pair-filter"},
         K::kStore,
         T::kString,
         {"any", "both", "first"},
         [](CL& c, const V& v) { c.pair_filter = v.text; }},
        {{"--interleaved"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.interleaved = true; }},
        {{"--untrimmed-paired-output"},
         K::kStore,
         T::kString,
         {},
         [](CL& c, const V& v) { c.untrimmed_paired_output = v.text; }},
        {{"--too-short-paired-output"},
         K::kStore,
         T::kString,
         {},
         [](CL& c, const V& v) { c.too_short_paired_output = v.text; }},
        {{"--too-long-paired-output"},
         K::kStore,
         T::kString,
         {},
         [](CL& c, const V& v) { c.too_long_paired_output = v.text; }},
        // Everything from here on is ringtrim's own (first_extension): an
        // abbreviation that matches a cutadapt option keeps meaning that
        // option (option_tuples), so "--w" stays --wildcard-file.
        {{"--ipc"}, K::kStore, T::kString, {"shm", "queue"}, [](CL& c, const V& v) { c.ipc = v.text; }},
        {{"--ring-slots"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.ring_slots = v.integer; }},
        {{"--max-retries"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.max_retries = v.integer; }},
        {{"--quarantine"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.quarantine = v.text; }},
        {{"--worker-timeout"}, K::kStore, T::kFloat, {}, [](CL& c, const V& v) { c.worker_timeout = v.real; }},
        {{"--html"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.html = v.text; }},
        // Poly-G / poly-X tail trimming (issue 16). Not "--trim-poly-*": that
        // would make "--trim-", which cutadapt reads as --trim-n, ambiguous.
        {{"--poly-g"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.poly_g = true; }},
        {{"--poly-x"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.poly_x = true; }},
        {{"--poly-g-min-length"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.poly_g_min_length = v.integer; }},
        {{"--poly-x-min-length"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.poly_x_min_length = v.integer; }},
        // Adapter read-through by mate overlap (issue 16); "--pe-" is free in cutadapt.
        {{"--pe-overlap"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.pe_overlap = true; }},
        {{"--as-cutadapt"}, K::kStore, T::kString, {"4.2", "5.2"}, [](CL& c, const V& v) { c.as_cutadapt = v.text; }},
    };
    // The options cutadapt 4.3-5.2 added, each after the option it follows
    // in 5.2's table.
    std::vector<std::pair<std::string_view, OptionSpec>> newer = {
        {"--quality-base", {{"--poly-a"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.poly_a = true; }}},
        {"--max-expected-errors",
         {{"--max-average-error-rate", "--max-aer"},
          K::kStore,
          T::kFloat,
          {},
          [](CL& c, const V& v) { c.max_average_error_rate = v.real; }}},
        {"-Q", {{"-L"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.length2 = v.integer; }}},
        {"-p",
         {{"--info-file-paired"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.info_file_paired = v.text; }}},
    };
    const auto find = [&table](std::string_view name) {
        return std::find_if(table.begin(), table.end(),
                            [name](const OptionSpec& o) { return o.names.front() == name; });
    };
    if (!v52) {
        // Under 4.2 they are still accepted, with their semantics, after
        // ringtrim's own (so no 4.2 abbreviation changes); refusing them as
        // 4.2 does is left for issue 26.
        for (auto& [after, spec] : newer) table.push_back(std::move(spec));
        return table;
    }
    // 5.0 lists --compression-level among the output options, after --fasta.
    const auto level = find("--compression-level");
    OptionSpec level_spec = *level;
    table.erase(level);
    table.insert(find("--fasta") + 1, std::move(level_spec));
    for (auto& [after, spec] : newer) table.insert(find(after) + 1, std::move(spec));
    return table;
}

}  // namespace

const argparse::OptionTable& cutadapt_option_table(core::CutadaptVersion version) {
    static const argparse::OptionTable k42 =
        argparse::make_table(make_option_table(core::CutadaptVersion::k4_2), "--ipc");
    static const argparse::OptionTable k52 =
        argparse::make_table(make_option_table(core::CutadaptVersion::k5_2), "--ipc");
    return version == core::CutadaptVersion::k4_2 ? k42 : k52;
}

}  // namespace ringtrim::app
