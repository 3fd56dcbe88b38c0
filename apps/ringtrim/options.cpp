// parse_command_line(): argparse (argparse.hpp) on cutadapt's option table
// (option_table.hpp), then the parser.error() checks of cutadapt's main();
// --help and --version texts. The checks after parsing are in cli_checks.cpp.
#include "apps/ringtrim/options.hpp"

#include "apps/ringtrim/argparse.hpp"
#include "apps/ringtrim/option_table.hpp"

#include <cstdlib>

namespace ringtrim::app {

namespace detail {
std::string_view cutadapt_help_text();
std::string_view cutadapt52_help_text();
std::string_view ringtrim_help_text();
}  // namespace detail

namespace {

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

// The value of the last --as-cutadapt (choose_cutadapt_version's rules).
std::optional<std::string> as_cutadapt_argument(const std::vector<std::string>& args) {
    constexpr std::string_view kName = "--as-cutadapt";
    std::optional<std::string> value;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--") break;
        const auto eq = arg.find('=');
        const std::string_view name = arg.substr(0, eq);
        if (name.size() < 4 || !kName.starts_with(name)) continue;
        if (eq != std::string_view::npos) {
            value = std::string(arg.substr(eq + 1));
        } else if (i + 1 < args.size()) {
            value = args[++i];
        }
    }
    return value;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API: parsing

std::string help_text(std::string_view program_name, core::CutadaptVersion version) {
    std::string text(version == core::CutadaptVersion::k4_2 ? detail::cutadapt_help_text()
                                                            : detail::cutadapt52_help_text());
    if (program_name != "cutadapt") text += detail::ringtrim_help_text();
    return text;
}

// As "cutadapt", exactly what cutadapt 4.2 prints, so that nf-core's
// `cutadapt --version` capture stores a plain version. As "ringtrim", the
// cutadapt version first (Trim Galore takes the first \d+\.\d+ and needs a
// major version >= 2 to pass -j) and then ringtrim's own, as in the report's
// first line. docs/options.md "Version" has the table.
std::string version_text(std::string_view program_name, core::CutadaptVersion version) {
    const std::string cutadapt(core::version_string(version));
    if (program_name == "cutadapt") return cutadapt;
    return cutadapt + " (compatible; ringtrim " + std::string(kRingtrimVersion) + ")";
}

std::variant<core::CutadaptVersion, UsageError> choose_cutadapt_version(const std::vector<std::string>& args,
                                                                        const char* environment) {
    if (auto given = as_cutadapt_argument(args)) {
        // An invalid value gets argparse's "invalid choice" from the parser.
        return core::parse_cutadapt_version(*given).value_or(core::kDefaultCutadaptVersion);
    }
    if (environment == nullptr || *environment == '\0') return core::kDefaultCutadaptVersion;
    if (auto version = core::parse_cutadapt_version(environment)) return *version;
    return UsageError{"environment variable RINGTRIM_AS_CUTADAPT: invalid value '" + std::string(environment) +
                          "' (choose from '4.2', '5.2')",
                      {},
                      2};
}

ParseOutcome parse_command_line(const std::vector<std::string>& args, std::string_view program_name) {
    auto chosen = choose_cutadapt_version(args, std::getenv("RINGTRIM_AS_CUTADAPT"));
    if (auto* error = std::get_if<UsageError>(&chosen)) return std::move(*error);
    const auto version = std::get<core::CutadaptVersion>(chosen);
    CommandLine result;
    result.cutadapt = version;
    auto parsed = argparse::parse_known_args(cutadapt_option_table(version), args, help_text(program_name, version),
                                             version_text(program_name, version), result);
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
