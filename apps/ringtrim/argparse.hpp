// A clone of Python 3.11's argparse, as far as cutadapt 4.2 uses it: an option
// table, parse_known_args() with argparse's abbreviations, option tuples,
// "-Zq20" splitting and single nargs='*' positional, and argparse's error
// texts. Knows nothing about cutadapt's options: option_table.cpp declares
// those, options.cpp adds the checks cutadapt's main() makes after parsing.
// The namespace filled in is CommandLine (command_line.hpp); the positional
// arguments go to CommandLine::inputs. Plain values; nothing crosses processes.
// argparse.cpp says why Boost.Program_options cannot do this.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "apps/ringtrim/command_line.hpp"

namespace ringtrim::app::argparse {

enum class Kind { kStore, kAppend, kFlag, kHelp, kVersion };
enum class ValueType { kString, kInt, kFloat };

struct Value {
    std::string text;
    int integer = 0;
    double real = 0;
};

using Apply = void (*)(CommandLine&, const Value&);

struct OptionSpec {
    std::vector<std::string_view> names;
    Kind kind;
    ValueType type = ValueType::kString;
    std::vector<std::string_view> choices;
    Apply apply = nullptr;
    // Values of newer cutadapt versions that are accepted but, like any value
    // 4.2 lacks, left out of the "invalid choice" message, which stays 4.2's.
    std::vector<std::string_view> extension_choices = {};
};

// The parser's options in registration order (the order argparse lists the
// matches of an ambiguous abbreviation), and the first option that the
// compatible program (cutadapt 4.2) lacks: an abbreviation that matches one
// of the options before it never matches one from it on, so adding options
// never changes what an older command line means.
struct OptionTable {
    std::vector<OptionSpec> options;
    std::size_t first_extension = 0;
    // (option string, index into options): argparse's _option_string_actions.
    std::vector<std::pair<std::string_view, int>> strings;
};

// argparse's type=int: Python's int(text) (lib/python), limited to the range
// of int (larger values are rejected as invalid).
std::optional<int> int_value(std::string_view text);

// Builds the table; `first_extension_name` is the first name of the first
// extension (options.size() when absent).
OptionTable make_table(std::vector<OptionSpec> options, std::string_view first_extension_name);

// argparse's parse_known_args(args) into `namespace_`. Returns the leftover
// arguments, or EarlyExit (`help_text`/`version_text` + newline for
// -h/--version) or UsageError where argparse would exit.
std::variant<std::vector<std::string>, EarlyExit, UsageError> parse_known_args(const OptionTable& table,
                                                                               const std::vector<std::string>& args,
                                                                               std::string_view help_text,
                                                                               std::string_view version_text,
                                                                               CommandLine& namespace_);

}  // namespace ringtrim::app::argparse
