// Command-line parsing with the semantics of Python 3.11's argparse as
// cutadapt 4.2 configures it (parse_known_args on get_argument_parser()).
//
// Why not Boost.Program_options: it cannot reproduce argparse where cutadapt's
// behaviour depends on it.  argparse lets the single nargs='*' positional
// ("inputs") take only ONE contiguous run of arguments, so
// `-o out in1.fq -p out2 in2.fq` leaves in2.fq over ("unrecognized
// arguments"); it abbreviates long options by unique prefix and reports an
// ambiguous prefix listing every matching option string (`--err` matches
// --error-rate and --errors of the same option and is still ambiguous); it
// treats "-5" as a value, not an option; it splits "-Zq20" into -Z -q 20;
// it keeps unknown options as leftovers instead of failing at once.  So this
// file follows argparse's algorithm step by step instead:
//
//   args:    -a  X  in1  -o  out  in2
//   pattern: O   A  A    O   A    A        O option, A argument, '-' for "--"
//
//   loop while an option lies ahead: consume the positional run before it
//   (once), then the option and its argument; afterwards the positional (if
//   not yet consumed) takes the leading run; anything left is "extras".
//
// Errors and --help/--version end parsing at the point argparse would exit;
// inside this file that is done by throwing Stop, caught in
// parse_command_line() and returned as a value.
#include "apps/ringtrim/argparse.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <optional>

#include "lib/python/python.hpp"

namespace ringtrim::app::argparse {

namespace {

using core::python_float;
using core::python_repr;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// (option string, index into option_table()) in registration order: the
// iteration order of argparse's _option_string_actions.

int find_exact(const OptionTable& table, std::string_view option_string) {
    for (const auto& [name, index] : table.strings) {
        if (name == option_string) return index;
    }
    return -1;
}

std::string action_name(const OptionTable& table, int spec) {
    std::string name;
    for (const auto option : table.options[static_cast<std::size_t>(spec)].names) {
        if (!name.empty()) name += '/';
        name += option;
    }
    return name;
}

int nargs(const OptionTable& table, int spec) {
    const Kind kind = table.options[static_cast<std::size_t>(spec)].kind;
    return (kind == Kind::kStore || kind == Kind::kAppend) ? 1 : 0;
}

// ---------------------------------------------------------------------------
// The parser

// Thrown inside this file only, where argparse would call sys.exit().
struct Stop {
    std::variant<EarlyExit, UsageError> outcome;
};

[[noreturn]] void fail(std::string message) { throw Stop{UsageError{std::move(message), {}, 2}}; }

[[noreturn]] void fail_argument(const OptionTable& table, int spec, const std::string& message) {
    fail("argument " + action_name(table, spec) + ": " + message);
}

// argparse's option tuple: spec -1 is an unknown option.
struct OptionTuple {
    int spec = -1;
    std::string option_string;
    std::optional<std::string> explicit_arg;
};

bool looks_like_negative_number(std::string_view s) {
    // argparse: '^-\d+$|^-\d*\.\d+$'
    if (s.size() < 2 || s[0] != '-') return false;
    std::string_view rest = s.substr(1);
    const auto all_digits = [](std::string_view t) { return !t.empty() && std::all_of(t.begin(), t.end(), is_digit); };
    if (all_digits(rest)) return true;
    const auto dot = rest.find('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view before = rest.substr(0, dot);
    return (before.empty() || all_digits(before)) && all_digits(rest.substr(dot + 1));
}

// Drops the extensions (options the compatible program, cutadapt 4.2, lacks)
// from the matches of an abbreviation that also matches an older option:
// every abbreviation 4.2 accepts keeps its meaning (and its "ambiguous"
// error) whatever ringtrim adds.
void prefer_older_options(const OptionTable& table, std::vector<OptionTuple>& tuples) {
    const bool any_older = std::any_of(tuples.begin(), tuples.end(), [&](const OptionTuple& t) {
        return t.spec < static_cast<int>(table.first_extension);
    });
    if (!any_older) return;
    tuples.erase(
        std::remove_if(tuples.begin(), tuples.end(),
                       [&](const OptionTuple& t) { return t.spec >= static_cast<int>(table.first_extension); }),
        tuples.end());
}

// argparse's _get_option_tuples.
std::vector<OptionTuple> option_tuples(const OptionTable& table, std::string_view arg) {
    std::vector<OptionTuple> result;
    if (arg[1] == '-') {
        std::string_view prefix = arg;
        std::optional<std::string> explicit_arg;
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
            prefix = arg.substr(0, eq);
            explicit_arg = std::string(arg.substr(eq + 1));
        }
        for (const auto& [name, index] : table.strings) {
            if (name.starts_with(prefix)) result.push_back({index, std::string(name), explicit_arg});
        }
    } else {
        const std::string_view short_prefix = arg.substr(0, 2);
        const std::string short_explicit(arg.substr(2));
        for (const auto& [name, index] : table.strings) {
            if (name == short_prefix) {
                result.push_back({index, std::string(name), short_explicit});
            } else if (name.starts_with(arg)) {
                result.push_back({index, std::string(name), std::nullopt});
            }
        }
    }
    return result;
}

// argparse's _parse_optional: nullopt means "positional".
std::optional<OptionTuple> parse_optional(const OptionTable& table, const std::string& arg) {
    if (arg.empty() || arg[0] != '-') return std::nullopt;
    if (const int exact = find_exact(table, arg); exact >= 0) return OptionTuple{exact, arg, std::nullopt};
    if (arg.size() == 1) return std::nullopt;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
        const std::string option_string = arg.substr(0, eq);
        if (const int spec = find_exact(table, option_string); spec >= 0) {
            return OptionTuple{spec, option_string, arg.substr(eq + 1)};
        }
    }
    auto tuples = option_tuples(table, arg);
    prefer_older_options(table, tuples);
    if (tuples.size() > 1) {
        std::string matches;
        for (const auto& tuple : tuples) {
            if (!matches.empty()) matches += ", ";
            matches += tuple.option_string;
        }
        fail("ambiguous option: " + arg + " could match " + matches);
    }
    if (tuples.size() == 1) return tuples.front();
    if (looks_like_negative_number(arg)) return std::nullopt;
    if (arg.find(' ') != std::string::npos) return std::nullopt;
    return OptionTuple{-1, arg, std::nullopt};
}

class Parser {
public:
    Parser(const OptionTable& table, const std::vector<std::string>& args, std::string_view help_text,
           std::string_view version_text)
        : table_(table), args_(args), help_text_(help_text), version_text_(version_text) {}

    // argparse's parse_known_args.  Returns the leftover arguments.
    std::vector<std::string> parse(CommandLine& namespace_) {
        // Pattern: 'O' option, 'A' argument, '-' the first "--" (after which
        // everything is an argument).
        std::map<std::size_t, OptionTuple> options;
        for (std::size_t i = 0; i < args_.size(); ++i) {
            if (args_[i] == "--") {
                pattern_ += '-';
                pattern_.append(args_.size() - i - 1, 'A');
                break;
            }
            if (auto tuple = parse_optional(table_, args_[i])) {
                options.emplace(i, std::move(*tuple));
                pattern_ += 'O';
            } else {
                pattern_ += 'A';
            }
        }

        std::size_t start = 0;
        const std::size_t end_of_options = options.empty() ? 0 : options.rbegin()->first + 1;
        while (start < end_of_options) {
            const std::size_t next_option = options.lower_bound(start)->first;
            if (start != next_option) {
                const std::size_t positionals_end = consume_positionals(namespace_, start);
                if (positionals_end > start) {
                    start = positionals_end;
                    continue;
                }
            }
            if (!options.contains(start)) {
                for (std::size_t i = start; i < next_option; ++i) extras_.push_back(args_[i]);
                start = next_option;
            }
            start = consume_optional(namespace_, options.at(start), start);
        }
        const std::size_t stop = consume_positionals(namespace_, start);
        for (std::size_t i = stop; i < args_.size(); ++i) extras_.push_back(args_[i]);
        return extras_;
    }

private:
    // The single positional "inputs" (nargs='*'): takes the run of 'A'/'-'
    // starting at `start`, once; drops the first "--" of that run.
    std::size_t consume_positionals(CommandLine& namespace_, std::size_t start) {
        if (inputs_consumed_) return start;
        inputs_consumed_ = true;
        std::size_t stop = start;
        while (stop < pattern_.size() && pattern_[stop] != 'O') ++stop;
        std::vector<std::string> values(args_.begin() + static_cast<std::ptrdiff_t>(start),
                                        args_.begin() + static_cast<std::ptrdiff_t>(stop));
        if (const auto dashes = std::find(values.begin(), values.end(), "--"); dashes != values.end()) {
            values.erase(dashes);
        }
        namespace_.inputs = std::move(values);
        return stop;
    }

    std::size_t consume_optional(CommandLine& namespace_, const OptionTuple& tuple, std::size_t start) {
        int spec = tuple.spec;
        std::string option_string = tuple.option_string;
        std::optional<std::string> explicit_arg = tuple.explicit_arg;
        struct Pending {
            int spec;
            std::optional<std::string> value;
        };
        std::vector<Pending> pending;
        std::size_t stop = start + 1;
        while (true) {
            if (spec < 0) {
                extras_.push_back(args_[start]);
                return start + 1;
            }
            if (explicit_arg.has_value()) {
                const int count = nargs(table_, spec);
                if (count == 0 && option_string[1] != '-' && !explicit_arg->empty()) {
                    // "-Zq20": a flag followed by more single-dash options.
                    pending.push_back({spec, std::nullopt});
                    const std::string next = std::string(1, option_string[0]) + explicit_arg->front();
                    const int next_spec = find_exact(table_, next);
                    if (next_spec < 0)
                        fail_argument(table_, spec, "ignored explicit argument " + python_repr(*explicit_arg));
                    spec = next_spec;
                    option_string = next;
                    explicit_arg =
                        explicit_arg->size() > 1 ? std::optional<std::string>(explicit_arg->substr(1)) : std::nullopt;
                } else if (count == 1) {
                    stop = start + 1;
                    pending.push_back({spec, explicit_arg});
                    break;
                } else {
                    fail_argument(table_, spec, "ignored explicit argument " + python_repr(*explicit_arg));
                }
            } else {
                const std::size_t first = start + 1;
                if (nargs(table_, spec) == 1) {
                    if (first >= pattern_.size() || pattern_[first] != 'A')
                        fail_argument(table_, spec, "expected one argument");
                    pending.push_back({spec, args_[first]});
                    stop = first + 1;
                } else {
                    pending.push_back({spec, std::nullopt});
                    stop = first;
                }
                break;
            }
        }
        for (const auto& action : pending) take_action(namespace_, action.spec, action.value);
        return stop;
    }

    void take_action(CommandLine& namespace_, int spec, const std::optional<std::string>& raw) {
        const OptionSpec& option = table_.options[static_cast<std::size_t>(spec)];
        if (option.kind == Kind::kHelp) throw Stop{EarlyExit{std::string(help_text_), 0}};
        if (option.kind == Kind::kVersion) throw Stop{EarlyExit{std::string(version_text_) + "\n", 0}};
        Value value;
        if (raw.has_value()) {
            value.text = *raw;
            if (option.type == ValueType::kInt) {
                const auto parsed = int_value(*raw);
                if (!parsed) fail_argument(table_, spec, "invalid int value: " + python_repr(*raw));
                value.integer = *parsed;
            } else if (option.type == ValueType::kFloat) {
                const auto parsed = python_float(*raw);
                if (!parsed) fail_argument(table_, spec, "invalid float value: " + python_repr(*raw));
                value.real = *parsed;
            }
            const auto listed = [&](const std::vector<std::string_view>& values) {
                return std::find(values.begin(), values.end(), value.text) != values.end();
            };
            if (!option.choices.empty() && !listed(option.choices) && !listed(option.extension_choices)) {
                std::string choices;
                for (const auto choice : option.choices) {
                    if (!choices.empty()) choices += ", ";
                    choices += python_repr(choice);
                }
                fail_argument(table_, spec, "invalid choice: " + python_repr(*raw) + " (choose from " + choices + ")");
            }
        }
        option.apply(namespace_, value);
    }

    const OptionTable& table_;
    const std::vector<std::string>& args_;
    std::string_view help_text_;
    std::string_view version_text_;
    std::string pattern_;
    std::vector<std::string> extras_;
    bool inputs_consumed_ = false;
};

}  // namespace

std::optional<int> int_value(std::string_view text) {
    const auto value = core::python_int(text);
    if (!value || *value < INT_MIN || *value > INT_MAX) return std::nullopt;
    return static_cast<int>(*value);
}

OptionTable make_table(std::vector<OptionSpec> options, std::string_view first_extension_name) {
    OptionTable table;
    table.options = std::move(options);
    table.first_extension = table.options.size();
    for (std::size_t i = 0; i < table.options.size(); ++i) {
        if (table.options[i].names.front() == first_extension_name && table.first_extension == table.options.size())
            table.first_extension = i;
        for (const auto name : table.options[i].names) table.strings.emplace_back(name, static_cast<int>(i));
    }
    return table;
}

std::variant<std::vector<std::string>, EarlyExit, UsageError> parse_known_args(const OptionTable& table,
                                                                               const std::vector<std::string>& args,
                                                                               std::string_view help_text,
                                                                               std::string_view version_text,
                                                                               CommandLine& namespace_) {
    try {
        Parser parser(table, args, help_text, version_text);
        return parser.parse(namespace_);
    } catch (Stop& stop) {
        if (auto* early = std::get_if<EarlyExit>(&stop.outcome)) return std::move(*early);
        return std::get<UsageError>(std::move(stop.outcome));
    }
}

}  // namespace ringtrim::app::argparse
