// cutadapt 4.2's checks of the parsed command line (core::Error,
// "ERROR: ..." and exit status 2): determine_paired, setup_input_files,
// check_arguments, the option checks of pipeline_from_parsed_args,
// --rename templates, demultiplexing and output file conflicts.
// Declared in options.hpp.
#include <filesystem>
#include <set>
#include <system_error>

#include "apps/ringtrim/argparse.hpp"
#include "apps/ringtrim/options.hpp"
#include "lib/python/python.hpp"

namespace ringtrim::app {

namespace {

bool truthy(const std::optional<std::string>& s) { return s.has_value() && !s->empty(); }

}  // namespace

// ---------------------------------------------------------------------------
// Public API: validation

bool determine_paired(const CommandLine& args) {
    return truthy(args.paired_output) || args.interleaved || !args.adapters2.empty() || !args.cut2.empty() ||
           truthy(args.pair_filter) || truthy(args.untrimmed_paired_output) || truthy(args.too_short_paired_output) ||
           truthy(args.too_long_paired_output) || truthy(args.quality_cutoff2);
}

std::variant<Mode, core::Error> setup_input_files(const CommandLine& args, bool paired) {
    const auto& inputs = args.inputs;
    Mode mode;
    mode.paired = paired;
    mode.interleaved_input = args.interleaved && inputs.size() == 1;
    mode.interleaved_output = paired && !args.paired_output.has_value();
    if (inputs.empty()) {
        return command_line_error("You did not provide any input file names. Please give me something to do!");
    }
    if (inputs.size() > 2) {
        std::string message = "You provided " + std::to_string(inputs.size()) +
                              " input file names, but either one or two are expected. The file names were:";
        for (const auto& path : inputs) message += "\n - '" + path + "'";
        message += "\nHint: If your path contains spaces, you need to enclose it in quotes";
        return command_line_error(message);
    }
    mode.input1 = inputs[0];
    if (paired && !mode.interleaved_input) {
        if (inputs.size() == 1) {
            return command_line_error(
                "You used an option that enabled paired-end mode (such as -p, -A, -G, -B, -U), but then you "
                "also need to provide two input files (you provided one) or use --interleaved.");
        }
        mode.input2 = inputs[1];
    } else if (inputs.size() == 2) {
        return command_line_error(
            "It appears you want to trim paired-end data because you provided two input files, but then you "
            "also need to provide two output files (with -o and -p) or use the --interleaved option.");
    }
    return mode;
}

std::optional<core::Error> check_arguments(const CommandLine& args, bool paired) {
    if (!paired) {
        if (truthy(args.untrimmed_paired_output)) {
            return command_line_error(
                "Option --untrimmed-paired-output can only be used when trimming paired-end reads.");
        }
        if (args.pair_adapters) {
            return command_line_error("Option --pair-adapters can only be used when trimming paired-end reads");
        }
    }
    if (paired && !args.interleaved) {
        if (!truthy(args.paired_output)) {
            return command_line_error(
                "When a paired-end trimming option such as -A/-G/-B/-U, is used, a second output file needs "
                "to be specified via -p (--paired-output).");
        }
        if (!truthy(args.output)) {
            return command_line_error("When you use -p or --paired-output, you must also use the -o option.");
        }
        const struct {
            const std::optional<std::string>& out;
            const std::optional<std::string>& paired_out;
            std::string_view name;
        } pairs[] = {
            {args.untrimmed_output, args.untrimmed_paired_output, "untrimmed"},
            {args.too_short_output, args.too_short_paired_output, "too-short"},
            {args.too_long_output, args.too_long_paired_output, "too-long"},
        };
        for (const auto& pair : pairs) {
            if (truthy(pair.out) != truthy(pair.paired_out)) {
                const std::string name(pair.name);
                return command_line_error("When trimming paired-end data, you must use either none or both of the --" +
                                          name + "-output/--" + name + "-paired-output options.");
            }
        }
    }
    if (args.overlap < 1) return command_line_error("The overlap must be at least 1.");
    if (!(args.gc_content >= 0 && args.gc_content <= 100)) {
        return command_line_error("GC content must be given as percentage between 0 and 100");
    }
    if (args.pair_adapters && args.times != 1) {
        return command_line_error("--pair-adapters cannot be used with --times");
    }
    return std::nullopt;
}

std::variant<QualityCutoffs, core::Error> parse_cutoffs(std::string_view text) {
    std::vector<int> cutoffs;
    std::size_t begin = 0;
    while (true) {
        const auto comma = text.find(',', begin);
        const std::string_view field =
            text.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin);
        const auto value = argparse::int_value(field);
        if (!value) {
            return command_line_error("Quality cutoff value not recognized: " + core::python_int_error(field));
        }
        cutoffs.push_back(*value);
        if (comma == std::string_view::npos) break;
        begin = comma + 1;
    }
    if (cutoffs.size() == 1) return QualityCutoffs{0, cutoffs[0]};
    if (cutoffs.size() != 2) {
        return command_line_error("Expected one value or two values separated by comma for the quality cutoff");
    }
    return QualityCutoffs{cutoffs[0], cutoffs[1]};
}

std::variant<std::vector<std::optional<int>>, core::Error> parse_lengths(std::string_view text) {
    std::vector<std::string_view> fields;
    std::size_t begin = 0;
    while (true) {
        const auto colon = text.find(':', begin);
        fields.push_back(text.substr(begin, colon == std::string_view::npos ? std::string_view::npos : colon - begin));
        if (colon == std::string_view::npos) break;
        begin = colon + 1;
    }
    if (fields.size() > 2) return command_line_error("Only at most one colon is allowed");
    std::vector<std::optional<int>> values;
    for (const auto field : fields) {
        if (field.empty()) {
            values.emplace_back(std::nullopt);
            continue;
        }
        const auto value = argparse::int_value(field);
        if (!value) return command_line_error("Value not recognized: " + core::python_int_error(field));
        values.emplace_back(*value);
    }
    if (values.size() == 2 && !values[0] && !values[1]) {
        return command_line_error("Cannot parse '" + std::string(text) + "': At least one length needs to be given");
    }
    return values;
}

std::optional<core::Error> check_rename_template(std::string_view tmpl, bool paired) {
    // cutadapt's tokenize_braces: split at "{...}" groups (re.split("({[^}]*})")),
    // then no piece may keep a stray brace.
    std::vector<std::string_view> variables;
    const auto bad = [&](std::string_view what) {
        return command_line_error("Error in template '" + std::string(tmpl) + "': Unexpected '" + std::string(what) +
                                  "' encountered");
    };
    const auto check_piece = [&](std::string_view piece) -> std::optional<core::Error> {
        if (piece.find('{') != std::string_view::npos) return bad("{");
        if (piece.find('}') != std::string_view::npos) return bad("}");
        return std::nullopt;
    };
    std::size_t pos = 0;
    while (pos < tmpl.size()) {
        const auto open = tmpl.find('{', pos);
        const auto close = open == std::string_view::npos ? std::string_view::npos : tmpl.find('}', open);
        if (close == std::string_view::npos) {
            if (auto error = check_piece(tmpl.substr(pos))) return error;
            break;
        }
        if (auto error = check_piece(tmpl.substr(pos, open - pos))) return error;
        const std::string_view inner = tmpl.substr(open + 1, close - open - 1);
        if (auto error = check_piece(inner)) return error;
        variables.push_back(inner);
        pos = close + 1;
    }
    static const std::set<std::string_view> kSingle = {"header",     "id",           "comment", "cut_prefix",
                                                       "cut_suffix", "adapter_name", "rc",      "match_sequence"};
    const auto allowed = [&](std::string_view variable) {
        if (!paired) return kSingle.contains(variable);
        if (variable == "rn") return true;
        if (variable == "rc") return false;
        if (kSingle.contains(variable)) return true;
        if (variable.starts_with("r1.") || variable.starts_with("r2.")) {
            const auto base = variable.substr(3);
            return base != "id" && base != "rc" && kSingle.contains(base);
        }
        return false;
    };
    for (const auto variable : variables) {
        if (!allowed(variable)) {
            return command_line_error("Error in template: Variable '" + std::string(variable) + "' not recognized");
        }
    }
    return std::nullopt;
}

std::optional<core::Error> check_pipeline_options(const CommandLine& args, Mode& mode, std::size_t adapter_count,
                                                  std::size_t adapter_count2) {
    const bool paired = mode.paired;
    mode.action = args.action == "none" ? std::nullopt : std::optional<std::string>(args.action);

    // make_unconditional_cutters
    for (const auto* cut : {&args.cut, &args.cut2}) {
        if (cut->size() > 2) return command_line_error("You cannot remove bases from more than two ends.");
        if (cut->size() == 2 && (((*cut)[0] > 0 && (*cut)[1] > 0) || ((*cut)[0] < 0 && (*cut)[1] < 0))) {
            return command_line_error("You cannot remove bases from the same end twice.");
        }
    }

    // make_quality_trimmers: "0" means no trimming and is not parsed.
    std::optional<QualityCutoffs> cutoffs[2];
    const std::optional<std::string>* given[2] = {&args.quality_cutoff, &args.quality_cutoff2};
    for (int i = 0; i < 2; ++i) {
        if (given[i]->has_value() && **given[i] != "0") {
            auto parsed = parse_cutoffs(**given[i]);
            if (auto* error = std::get_if<core::Error>(&parsed)) return *error;
            cutoffs[i] = std::get<QualityCutoffs>(parsed);
        }
    }
    if (paired && args.quality_cutoff.has_value() && !args.quality_cutoff2.has_value()) cutoffs[1] = cutoffs[0];
    mode.quality_cutoff = cutoffs[0];
    mode.quality_cutoff2 = paired ? cutoffs[1] : std::nullopt;

    // make_adapter_cutter
    if (args.pair_adapters) {
        if (args.reverse_complement) return command_line_error("Cannot use --revcomp with --pair-adapters");
        if (adapter_count != adapter_count2) {
            return command_line_error(
                "--pair-adapters: The number of adapters to trim from R1 and R2 must be the same. Given: " +
                std::to_string(adapter_count) + " for R1, " + std::to_string(adapter_count2) + " for R2");
        }
        if (adapter_count == 0) return command_line_error("--pair-adapters: No adapters given");
    } else {
        if ((adapter_count > 0 || adapter_count2 > 0) && args.action == "retain" && args.times > 1) {
            return command_line_error("'retain' cannot be combined with times > 1");
        }
        if (paired && args.reverse_complement) {
            return command_line_error("--revcomp not implemented for paired-end reads");
        }
    }

    if (truthy(args.rename) && (!args.prefix.empty() || !args.suffix.empty())) {
        return command_line_error("Option --rename cannot be combined with --prefix (-x) or --suffix (-y)");
    }
    if (truthy(args.rename) && *args.rename != "{header}") {
        if (auto error = check_rename_template(*args.rename, paired)) return error;
    }

    const std::pair<const std::optional<std::string>*, std::optional<LengthBounds>*> lengths[] = {
        {&args.minimum_length, &mode.minimum_length},
        {&args.maximum_length, &mode.maximum_length},
    };
    for (const auto& [text, bounds] : lengths) {
        *bounds = std::nullopt;
        if (!text->has_value()) continue;
        auto parsed = parse_lengths(**text);
        if (auto* error = std::get_if<core::Error>(&parsed)) return *error;
        const auto& values = std::get<std::vector<std::optional<int>>>(parsed);
        if (!paired && values.size() == 2) {
            return command_line_error("Two minimum or maximum lengths given for single-end data");
        }
        LengthBounds result{values[0], std::nullopt};
        if (paired) result.second = values.size() == 2 ? values[1] : values[0];
        *bounds = result;
    }
    return std::nullopt;
}

std::variant<DemultiplexMode, core::Error> determine_demultiplex_mode(const CommandLine& args) {
    const auto contains = [](const std::optional<std::string>& s, std::string_view what) {
        return s.has_value() && s->find(what) != std::string::npos;
    };
    const bool demultiplex = contains(args.output, "{name}");
    if (args.paired_output.has_value() && demultiplex != contains(args.paired_output, "{name}")) {
        return command_line_error(
            "When demultiplexing paired-end data, \"{name}\" must appear in both output file names (-o and -p)");
    }
    const bool combinatorial = contains(args.output, "{name1}") && contains(args.output, "{name2}") &&
                               contains(args.paired_output, "{name1}") && contains(args.paired_output, "{name2}");
    if (demultiplex && combinatorial) {
        return command_line_error("You cannot combine {name} with {name1} and {name2}");
    }
    if (demultiplex) return DemultiplexMode::kNormal;
    if (combinatorial) return DemultiplexMode::kCombinatorial;
    return DemultiplexMode::kNone;
}

std::optional<core::Error> check_output_files(const CommandLine& args, Mode& mode) {
    // complain_about_duplicate_paths: existing non-regular files (/dev/null,
    // FIFOs) may repeat.
    {
        std::set<std::string> seen;
        for (const auto* path :
             {&args.rest_file, &args.info_file, &args.info_file_paired, &args.wildcard_file, &args.too_short_output,
              &args.too_short_paired_output, &args.too_long_output, &args.too_long_paired_output,
              &args.untrimmed_output, &args.untrimmed_paired_output, &args.output, &args.paired_output}) {
            if (!path->has_value()) continue;
            std::error_code ec;
            // Python's Path("") is ".".
            const auto status = std::filesystem::status((*path)->empty() ? std::string(".") : **path, ec);
            if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) continue;
            if (!seen.insert(**path).second) {
                return command_line_error("Path " + **path +
                                          " specified more than once as an output file. This is not supported at the "
                                          "moment.");
            }
        }
    }
    // FileOpener.xopen_pair raises a ValueError that cutadapt does not catch:
    // a traceback and exit status 1.
    const core::Error second_only = core::Error::unhandled(
        "When giving paths for paired-end files, only providing the second file is not supported");
    if (args.minimum_length.has_value() && !args.too_short_output.has_value() &&
        args.too_short_paired_output.has_value()) {
        return second_only;
    }
    if (args.maximum_length.has_value() && !args.too_long_output.has_value() &&
        args.too_long_paired_output.has_value()) {
        return second_only;
    }
    if (int(args.discard_trimmed) + int(args.discard_untrimmed) + int(args.untrimmed_output.has_value()) > 1) {
        return command_line_error(
            "Only one of the --discard-trimmed, --discard-untrimmed and --untrimmed-output options can be used "
            "at the same time.");
    }
    auto demultiplex = determine_demultiplex_mode(args);
    if (auto* error = std::get_if<core::Error>(&demultiplex)) return *error;
    mode.demultiplex = std::get<DemultiplexMode>(demultiplex);
    if (mode.demultiplex != DemultiplexMode::kNone && args.discard_trimmed) {
        return command_line_error("Do not use --discard-trimmed when demultiplexing.");
    }
    if (mode.demultiplex == DemultiplexMode::kCombinatorial && args.pair_adapters) {
        return command_line_error(
            "With --pair-adapters, you can only use {name} in your output file name template, not {name1} and "
            "{name2} (no combinatorial demultiplexing).");
    }
    if (mode.demultiplex == DemultiplexMode::kCombinatorial) {
        if (truthy(args.untrimmed_output) || truthy(args.untrimmed_paired_output)) {
            return command_line_error(
                "Combinatorial demultiplexing (with {name1} and {name2}) cannot be combined with "
                "--untrimmed-output or --untrimmed-paired-output");
        }
    } else if (mode.demultiplex == DemultiplexMode::kNone) {
        if (!args.untrimmed_output.has_value() && args.untrimmed_paired_output.has_value()) return second_only;
        if (!args.output.has_value() && args.paired_output.has_value()) return second_only;
    }
    return std::nullopt;
}

std::variant<Mode, core::Error> determine_mode(const CommandLine& args, std::size_t adapter_count,
                                               std::size_t adapter_count2) {
    const bool paired = determine_paired(args);
    auto setup = setup_input_files(args, paired);
    if (std::holds_alternative<core::Error>(setup)) return setup;
    Mode mode = std::get<Mode>(std::move(setup));
    if (auto error = check_arguments(args, paired)) return *error;
    if (auto error = check_pipeline_options(args, mode, adapter_count, adapter_count2)) return *error;
    if (auto error = check_output_files(args, mode)) return *error;
    return mode;
}

}  // namespace ringtrim::app
