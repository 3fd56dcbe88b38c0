// parse_command_line(): argparse (argparse.hpp) on cutadapt's option table
// (option_table.hpp), then the parser.error() checks of cutadapt's main();
// --help and --version texts. The checks after parsing are in cli_checks.cpp.
#include "apps/ringtrim/options.hpp"

#include "apps/ringtrim/argparse.hpp"
#include "apps/ringtrim/option_table.hpp"

namespace ringtrim::app {

namespace detail {
std::string_view cutadapt_help_text();
std::string_view ringtrim_help_text();
}  // namespace detail

namespace {

constexpr std::string_view kCutadaptVersion = "4.2";
#ifndef RINGTRIM_VERSION
#error "RINGTRIM_VERSION comes from project(ringtrim VERSION ...) in CMakeLists.txt"
#endif
constexpr std::string_view kRingtrimVersion = RINGTRIM_VERSION;

bool truthy(const std::optional<std::string>& s) { return s.has_value() && !s->empty(); }

constexpr std::string_view kEnDash = "\xe2\x80\x93";

std::string basename_of(std::string_view path) {
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API: parsing

std::string help_text(std::string_view program_name) {
    std::string text(detail::cutadapt_help_text());
    if (program_name != "cutadapt") text += detail::ringtrim_help_text();
    return text;
}

// As "cutadapt", exactly what cutadapt 4.2 prints, so that nf-core's
// `cutadapt --version` capture stores a plain version. As "ringtrim", the
// cutadapt version first (Trim Galore takes the first \d+\.\d+ and needs a
// major version >= 2 to pass -j) and then ringtrim's own, as in the report's
// first line. docs/options.md "Version" has the table.
std::string version_text(std::string_view program_name) {
    if (program_name == "cutadapt") return std::string(kCutadaptVersion);
    return std::string(kCutadaptVersion) + " (compatible; ringtrim " + std::string(kRingtrimVersion) + ")";
}

ParseOutcome parse_command_line(const std::vector<std::string>& args, std::string_view program_name) {
    CommandLine result;
    auto parsed = argparse::parse_known_args(cutadapt_option_table(), args, help_text(program_name),
                                             version_text(program_name), result);
    if (auto* early = std::get_if<EarlyExit>(&parsed)) return std::move(*early);
    if (auto* error = std::get_if<UsageError>(&parsed)) return std::move(*error);
    const auto& leftover = std::get<std::vector<std::string>>(parsed);
    // The parser.error() calls in cutadapt's main(), in its order.
    if (result.quiet && truthy(result.report)) {
        return UsageError{"Options --quiet and --report cannot be used at the same time", {}, 2};
    }
    if (!leftover.empty()) {
        UsageError error;
        for (const auto& arg : args) {
            if (arg.starts_with(kEnDash)) {
                error.warnings.push_back("The first character in argument '" + arg +
                                         "' is '\xe2\x80\x93' (an en-dash, Unicode U+2013) and will therefore be "
                                         "interpreted as a file name. If you wanted to provide an option, use a "
                                         "regular hyphen '-'.");
            }
        }
        error.message = "unrecognized arguments:";
        for (const auto& arg : leftover) error.message += " " + arg;
        return error;
    }
    if (result.cores < 0) return UsageError{"Value for --cores cannot be negative", {}, 2};
    return result;
}

ParseOutcome parse_command_line(int argc, const char* const* argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return parse_command_line(args, argc > 0 ? basename_of(argv[0]) : std::string("ringtrim"));
}

std::string format_usage_error(const UsageError& error, std::string_view program_name) {
    return "Run \"cutadapt --help\" to see command-line options.\n"
           "See https://cutadapt.readthedocs.io/ for full documentation.\n"
           "\n" +
           std::string(program_name) + ": error: " + error.message + "\n";
}

}  // namespace ringtrim::app
