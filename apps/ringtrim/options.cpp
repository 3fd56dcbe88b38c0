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
#include "apps/ringtrim/options.hpp"

#include "lib/python/python.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

namespace ringtrim::app {

namespace detail {
std::string_view cutadapt_help_text();
std::string_view ringtrim_help_text();
}  // namespace detail

namespace {

constexpr std::string_view kCutadaptVersion = "4.2";
#ifdef RINGTRIM_VERSION
constexpr std::string_view kRingtrimVersion = RINGTRIM_VERSION;
#else
constexpr std::string_view kRingtrimVersion = "0.1.0";
#endif

// ---------------------------------------------------------------------------
// Python string helpers

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Python's int(text), limited to the range of int (larger values are
// rejected here, as they always were).
std::optional<int> python_int(std::string_view text) {
  const auto value = core::python_int(text);
  if (!value || *value < INT_MIN || *value > INT_MAX) return std::nullopt;
  return static_cast<int>(*value);
}

using core::python_float;
using core::python_repr;

bool truthy(const std::optional<std::string>& s) { return s.has_value() && !s->empty(); }

// ---------------------------------------------------------------------------
// The option table

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

std::vector<OptionSpec> make_option_table() {
  using K = Kind;
  using T = ValueType;
  using CL = CommandLine;
  using V = Value;
  // Registration order matters: it is the order in which argparse lists the
  // matches of an ambiguous abbreviation.
  return {
      {{"-h", "--help"}, K::kHelp, T::kString, {}, nullptr},
      {{"--version"}, K::kVersion, T::kString, {}, nullptr},
      {{"--debug"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { ++c.debug; }},
      {{"--profile"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.profile = true; }},
      {{"-j", "--cores"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.cores = v.integer; }},
      {{"--gc-content"}, K::kStore, T::kFloat, {}, [](CL& c, const V& v) { c.gc_content = v.real; }},
      {{"--buffer-size"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.buffer_size = v.integer; }},
      {{"--compression-level"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.compression_level = v.integer; }},
      {{"--no-index"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.index = false; }},
      {{"-a", "--adapter"}, K::kAppend, T::kString, {},
       [](CL& c, const V& v) { c.adapters.push_back({"back", v.text}); }},
      {{"-g", "--front"}, K::kAppend, T::kString, {},
       [](CL& c, const V& v) { c.adapters.push_back({"front", v.text}); }},
      {{"-b", "--anywhere"}, K::kAppend, T::kString, {},
       [](CL& c, const V& v) { c.adapters.push_back({"anywhere", v.text}); }},
      {{"-e", "--error-rate", "--errors"}, K::kStore, T::kFloat, {},
       [](CL& c, const V& v) { c.error_rate = v.real; }},
      {{"--no-indels"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.indels = false; }},
      {{"-n", "--times"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.times = v.integer; }},
      {{"-O", "--overlap"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.overlap = v.integer; }},
      {{"--match-read-wildcards"}, K::kFlag, T::kString, {},
       [](CL& c, const V&) { c.match_read_wildcards = true; }},
      {{"-N", "--no-match-adapter-wildcards"}, K::kFlag, T::kString, {},
       [](CL& c, const V&) { c.match_adapter_wildcards = false; }},
      {{"--action"}, K::kStore, T::kString, {"trim", "retain", "mask", "lowercase", "none"},
       [](CL& c, const V& v) { c.action = v.text; }, {"crop"}},
      {{"--rc", "--revcomp"}, K::kFlag, T::kString, {},
       [](CL& c, const V&) { c.reverse_complement = true; }},
      {{"--no-trim"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.action = "none"; }},
      {{"--mask-adapter"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.action = "mask"; }},
      {{"-u", "--cut"}, K::kAppend, T::kInt, {}, [](CL& c, const V& v) { c.cut.push_back(v.integer); }},
      {{"--nextseq-trim"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.nextseq_trim = v.integer; }},
      {{"-q", "--quality-cutoff"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.quality_cutoff = v.text; }},
      {{"--quality-base"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.quality_base = v.integer; }},
      {{"--length", "-l"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.length = v.integer; }},
      {{"--trim-n"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.trim_n = true; }},
      {{"--length-tag"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.length_tag = v.text; }},
      {{"--strip-suffix"}, K::kAppend, T::kString, {},
       [](CL& c, const V& v) { c.strip_suffix.push_back(v.text); }},
      {{"-x", "--prefix"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.prefix = v.text; }},
      {{"-y", "--suffix"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.suffix = v.text; }},
      // cutadapt 4.3+: "\t" (backslash, t) in the template is a tab.
      {{"--rename"}, K::kStore, T::kString, {},
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
      {{"-m", "--minimum-length"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.minimum_length = v.text; }},
      {{"-M", "--maximum-length"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.maximum_length = v.text; }},
      {{"--max-n"}, K::kStore, T::kFloat, {}, [](CL& c, const V& v) { c.max_n = v.real; }},
      {{"--max-expected-errors", "--max-ee"}, K::kStore, T::kFloat, {},
       [](CL& c, const V& v) { c.max_expected_errors = v.real; }},
      {{"--discard-trimmed", "--discard"}, K::kFlag, T::kString, {},
       [](CL& c, const V&) { c.discard_trimmed = true; }},
      {{"--discard-untrimmed", "--trimmed-only"}, K::kFlag, T::kString, {},
       [](CL& c, const V&) { c.discard_untrimmed = true; }},
      {{"--discard-casava"}, K::kFlag, T::kString, {},
       [](CL& c, const V&) { c.discard_casava = true; }},
      {{"--quiet"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.quiet = true; }},
      {{"--report"}, K::kStore, T::kString, {"full", "minimal"},
       [](CL& c, const V& v) { c.report = v.text; }},
      {{"--json"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.json = v.text; }},
      {{"-o", "--output"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.output = v.text; }},
      {{"--fasta"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.fasta = true; }},
      {{"-Z"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.compression_level = 1; }},
      {{"--info-file"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.info_file = v.text; }},
      {{"-r", "--rest-file"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.rest_file = v.text; }},
      {{"--wildcard-file"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.wildcard_file = v.text; }},
      {{"--too-short-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.too_short_output = v.text; }},
      {{"--too-long-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.too_long_output = v.text; }},
      {{"--untrimmed-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.untrimmed_output = v.text; }},
      {{"-A"}, K::kAppend, T::kString, {}, [](CL& c, const V& v) { c.adapters2.push_back({"back", v.text}); }},
      {{"-G"}, K::kAppend, T::kString, {},
       [](CL& c, const V& v) { c.adapters2.push_back({"front", v.text}); }},
      {{"-B"}, K::kAppend, T::kString, {},
       [](CL& c, const V& v) { c.adapters2.push_back({"anywhere", v.text}); }},
      {{"-U"}, K::kAppend, T::kInt, {}, [](CL& c, const V& v) { c.cut2.push_back(v.integer); }},
      {{"-Q"}, K::kStore, T::kString, {}, [](CL& c, const V& v) { c.quality_cutoff2 = v.text; }},
      {{"-p", "--paired-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.paired_output = v.text; }},
      {{"--pair-adapters"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.pair_adapters = true; }},
      {{"--pair-filter"}, K::kStore, T::kString, {"any", "both", "first"},
       [](CL& c, const V& v) { c.pair_filter = v.text; }},
      {{"--interleaved"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.interleaved = true; }},
      {{"--untrimmed-paired-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.untrimmed_paired_output = v.text; }},
      {{"--too-short-paired-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.too_short_paired_output = v.text; }},
      {{"--too-long-paired-output"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.too_long_paired_output = v.text; }},
      // Everything from here on is not in cutadapt 4.2 (kFirstExtension):
      // ringtrim's own options and those of newer cutadapt versions. An
      // abbreviation that matches a 4.2 option keeps meaning that option
      // (option_tuples), so "--w" stays --wildcard-file.
      {{"--ipc"}, K::kStore, T::kString, {"shm", "queue"}, [](CL& c, const V& v) { c.ipc = v.text; }},
      {{"--ring-slots"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.ring_slots = v.integer; }},
      {{"--max-retries"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.max_retries = v.integer; }},
      {{"--quarantine"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.quarantine = v.text; }},
      {{"--worker-timeout"}, K::kStore, T::kFloat, {},
       [](CL& c, const V& v) { c.worker_timeout = v.real; }},
      // Poly-G / poly-X tail trimming (issue 16). Not "--trim-poly-*": that
      // would make "--trim-", which cutadapt reads as --trim-n, ambiguous.
      {{"--poly-g"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.poly_g = true; }},
      {{"--poly-x"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.poly_x = true; }},
      {{"--poly-g-min-length"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.poly_g_min_length = v.integer; }},
      {{"--poly-x-min-length"}, K::kStore, T::kInt, {},
       [](CL& c, const V& v) { c.poly_x_min_length = v.integer; }},
      // Adapter read-through by mate overlap (issue 16); "--pe-" is free in cutadapt.
      {{"--pe-overlap"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.pe_overlap = true; }},
      // Options of newer cutadapt versions, with their semantics.
      {{"--poly-a"}, K::kFlag, T::kString, {}, [](CL& c, const V&) { c.poly_a = true; }},
      {{"--max-average-error-rate", "--max-aer"}, K::kStore, T::kFloat, {},
       [](CL& c, const V& v) { c.max_average_error_rate = v.real; }},
      {{"--info-file-paired"}, K::kStore, T::kString, {},
       [](CL& c, const V& v) { c.info_file_paired = v.text; }},
      {{"-L"}, K::kStore, T::kInt, {}, [](CL& c, const V& v) { c.length2 = v.integer; }},
  };
}

const std::vector<OptionSpec>& option_table() {
  static const std::vector<OptionSpec> kTable = make_option_table();
  return kTable;
}

// (option string, index into option_table()) in registration order: the
// iteration order of argparse's _option_string_actions.
const std::vector<std::pair<std::string_view, int>>& option_strings() {
  static const std::vector<std::pair<std::string_view, int>> kStrings = [] {
    std::vector<std::pair<std::string_view, int>> result;
    const auto& table = option_table();
    for (std::size_t i = 0; i < table.size(); ++i) {
      for (const auto name : table[i].names) result.emplace_back(name, static_cast<int>(i));
    }
    return result;
  }();
  return kStrings;
}

int find_exact(std::string_view option_string) {
  for (const auto& [name, index] : option_strings()) {
    if (name == option_string) return index;
  }
  return -1;
}

std::string action_name(int spec) {
  std::string name;
  for (const auto option : option_table()[static_cast<std::size_t>(spec)].names) {
    if (!name.empty()) name += '/';
    name += option;
  }
  return name;
}

int nargs(int spec) {
  const Kind kind = option_table()[static_cast<std::size_t>(spec)].kind;
  return (kind == Kind::kStore || kind == Kind::kAppend) ? 1 : 0;
}

// ---------------------------------------------------------------------------
// The parser

// Thrown inside this file only, where argparse would call sys.exit().
struct Stop {
  std::variant<EarlyExit, UsageError> outcome;
};

[[noreturn]] void fail(std::string message) { throw Stop{UsageError{std::move(message), {}, 2}}; }

[[noreturn]] void fail_argument(int spec, const std::string& message) {
  fail("argument " + action_name(spec) + ": " + message);
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
  const auto all_digits = [](std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), is_digit);
  };
  if (all_digits(rest)) return true;
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view before = rest.substr(0, dot);
  return (before.empty() || all_digits(before)) && all_digits(rest.substr(dot + 1));
}

// Index of the first option that cutadapt 4.2 does not have ("--ipc").
int first_extension() {
  static const int kFirst = [] {
    const auto& table = option_table();
    for (std::size_t i = 0; i < table.size(); ++i)
      if (table[i].names.front() == "--ipc") return static_cast<int>(i);
    return static_cast<int>(table.size());
  }();
  return kFirst;
}

// Drops the options cutadapt 4.2 lacks from the matches of an abbreviation
// that also matches one of its options: every abbreviation 4.2 accepts keeps
// its meaning (and its "ambiguous" error) whatever ringtrim adds.
void prefer_cutadapt_options(std::vector<OptionTuple>& tuples) {
  const bool any_cutadapt = std::any_of(tuples.begin(), tuples.end(),
                                        [](const OptionTuple& t) { return t.spec < first_extension(); });
  if (!any_cutadapt) return;
  tuples.erase(std::remove_if(tuples.begin(), tuples.end(),
                              [](const OptionTuple& t) { return t.spec >= first_extension(); }),
               tuples.end());
}

// argparse's _get_option_tuples.
std::vector<OptionTuple> option_tuples(std::string_view arg) {
  std::vector<OptionTuple> result;
  if (arg[1] == '-') {
    std::string_view prefix = arg;
    std::optional<std::string> explicit_arg;
    if (const auto eq = arg.find('='); eq != std::string_view::npos) {
      prefix = arg.substr(0, eq);
      explicit_arg = std::string(arg.substr(eq + 1));
    }
    for (const auto& [name, index] : option_strings()) {
      if (name.starts_with(prefix)) result.push_back({index, std::string(name), explicit_arg});
    }
  } else {
    const std::string_view short_prefix = arg.substr(0, 2);
    const std::string short_explicit(arg.substr(2));
    for (const auto& [name, index] : option_strings()) {
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
std::optional<OptionTuple> parse_optional(const std::string& arg) {
  if (arg.empty() || arg[0] != '-') return std::nullopt;
  if (const int exact = find_exact(arg); exact >= 0) return OptionTuple{exact, arg, std::nullopt};
  if (arg.size() == 1) return std::nullopt;
  if (const auto eq = arg.find('='); eq != std::string::npos) {
    const std::string option_string = arg.substr(0, eq);
    if (const int spec = find_exact(option_string); spec >= 0) {
      return OptionTuple{spec, option_string, arg.substr(eq + 1)};
    }
  }
  auto tuples = option_tuples(arg);
  prefer_cutadapt_options(tuples);
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
  Parser(const std::vector<std::string>& args, std::string_view program_name)
      : args_(args), program_name_(program_name) {}

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
      if (auto tuple = parse_optional(args_[i])) {
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
        const int count = nargs(spec);
        if (count == 0 && option_string[1] != '-' && !explicit_arg->empty()) {
          // "-Zq20": a flag followed by more single-dash options.
          pending.push_back({spec, std::nullopt});
          const std::string next = std::string(1, option_string[0]) + explicit_arg->front();
          const int next_spec = find_exact(next);
          if (next_spec < 0) fail_argument(spec, "ignored explicit argument " + python_repr(*explicit_arg));
          spec = next_spec;
          option_string = next;
          explicit_arg = explicit_arg->size() > 1 ? std::optional<std::string>(explicit_arg->substr(1))
                                                  : std::nullopt;
        } else if (count == 1) {
          stop = start + 1;
          pending.push_back({spec, explicit_arg});
          break;
        } else {
          fail_argument(spec, "ignored explicit argument " + python_repr(*explicit_arg));
        }
      } else {
        const std::size_t first = start + 1;
        if (nargs(spec) == 1) {
          if (first >= pattern_.size() || pattern_[first] != 'A') fail_argument(spec, "expected one argument");
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
    const OptionSpec& option = option_table()[static_cast<std::size_t>(spec)];
    if (option.kind == Kind::kHelp) throw Stop{EarlyExit{help_text(program_name_), 0}};
    if (option.kind == Kind::kVersion) throw Stop{EarlyExit{version_text(program_name_) + "\n", 0}};
    Value value;
    if (raw.has_value()) {
      value.text = *raw;
      if (option.type == ValueType::kInt) {
        const auto parsed = python_int(*raw);
        if (!parsed) fail_argument(spec, "invalid int value: " + python_repr(*raw));
        value.integer = *parsed;
      } else if (option.type == ValueType::kFloat) {
        const auto parsed = python_float(*raw);
        if (!parsed) fail_argument(spec, "invalid float value: " + python_repr(*raw));
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
        fail_argument(spec, "invalid choice: " + python_repr(*raw) + " (choose from " + choices + ")");
      }
    }
    option.apply(namespace_, value);
  }

  const std::vector<std::string>& args_;
  std::string_view program_name_;
  std::string pattern_;
  std::vector<std::string> extras_;
  bool inputs_consumed_ = false;
};

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
  std::vector<std::string> leftover;
  try {
    Parser parser(args, program_name);
    leftover = parser.parse(result);
  } catch (Stop& stop) {
    if (auto* early = std::get_if<EarlyExit>(&stop.outcome)) return std::move(*early);
    return std::get<UsageError>(std::move(stop.outcome));
  }
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

// ---------------------------------------------------------------------------
// Public API: validation

bool determine_paired(const CommandLine& args) {
  return truthy(args.paired_output) || args.interleaved || !args.adapters2.empty() ||
         !args.cut2.empty() || truthy(args.pair_filter) || truthy(args.untrimmed_paired_output) ||
         truthy(args.too_short_paired_output) || truthy(args.too_long_paired_output) ||
         truthy(args.quality_cutoff2);
}

std::variant<Mode, CommandLineError> setup_input_files(const CommandLine& args, bool paired) {
  const auto& inputs = args.inputs;
  Mode mode;
  mode.paired = paired;
  mode.interleaved_input = args.interleaved && inputs.size() == 1;
  mode.interleaved_output = paired && !args.paired_output.has_value();
  if (inputs.empty()) {
    return CommandLineError{"You did not provide any input file names. Please give me something to do!"};
  }
  if (inputs.size() > 2) {
    std::string message = "You provided " + std::to_string(inputs.size()) +
                          " input file names, but either one or two are expected. The file names were:";
    for (const auto& path : inputs) message += "\n - '" + path + "'";
    message += "\nHint: If your path contains spaces, you need to enclose it in quotes";
    return CommandLineError{message};
  }
  mode.input1 = inputs[0];
  if (paired && !mode.interleaved_input) {
    if (inputs.size() == 1) {
      return CommandLineError{
          "You used an option that enabled paired-end mode (such as -p, -A, -G, -B, -U), but then you "
          "also need to provide two input files (you provided one) or use --interleaved."};
    }
    mode.input2 = inputs[1];
  } else if (inputs.size() == 2) {
    return CommandLineError{
        "It appears you want to trim paired-end data because you provided two input files, but then you "
        "also need to provide two output files (with -o and -p) or use the --interleaved option."};
  }
  return mode;
}

std::optional<CommandLineError> check_arguments(const CommandLine& args, bool paired) {
  if (!paired) {
    if (truthy(args.untrimmed_paired_output)) {
      return CommandLineError{
          "Option --untrimmed-paired-output can only be used when trimming paired-end reads."};
    }
    if (args.pair_adapters) {
      return CommandLineError{"Option --pair-adapters can only be used when trimming paired-end reads"};
    }
  }
  if (paired && !args.interleaved) {
    if (!truthy(args.paired_output)) {
      return CommandLineError{
          "When a paired-end trimming option such as -A/-G/-B/-U, is used, a second output file needs "
          "to be specified via -p (--paired-output)."};
    }
    if (!truthy(args.output)) {
      return CommandLineError{"When you use -p or --paired-output, you must also use the -o option."};
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
        return CommandLineError{
            "When trimming paired-end data, you must use either none or both of the --" + name +
            "-output/--" + name + "-paired-output options."};
      }
    }
  }
  if (args.overlap < 1) return CommandLineError{"The overlap must be at least 1."};
  if (!(args.gc_content >= 0 && args.gc_content <= 100)) {
    return CommandLineError{"GC content must be given as percentage between 0 and 100"};
  }
  if (args.pair_adapters && args.times != 1) {
    return CommandLineError{"--pair-adapters cannot be used with --times"};
  }
  return std::nullopt;
}

std::variant<QualityCutoffs, CommandLineError> parse_cutoffs(std::string_view text) {
  std::vector<int> cutoffs;
  std::size_t begin = 0;
  while (true) {
    const auto comma = text.find(',', begin);
    const std::string_view field =
        text.substr(begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin);
    const auto value = python_int(field);
    if (!value) {
      return CommandLineError{"Quality cutoff value not recognized: " + core::python_int_error(field)};
    }
    cutoffs.push_back(*value);
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  if (cutoffs.size() == 1) return QualityCutoffs{0, cutoffs[0]};
  if (cutoffs.size() != 2) {
    return CommandLineError{"Expected one value or two values separated by comma for the quality cutoff"};
  }
  return QualityCutoffs{cutoffs[0], cutoffs[1]};
}

std::variant<std::vector<std::optional<int>>, CommandLineError> parse_lengths(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t begin = 0;
  while (true) {
    const auto colon = text.find(':', begin);
    fields.push_back(
        text.substr(begin, colon == std::string_view::npos ? std::string_view::npos : colon - begin));
    if (colon == std::string_view::npos) break;
    begin = colon + 1;
  }
  if (fields.size() > 2) return CommandLineError{"Only at most one colon is allowed"};
  std::vector<std::optional<int>> values;
  for (const auto field : fields) {
    if (field.empty()) {
      values.emplace_back(std::nullopt);
      continue;
    }
    const auto value = python_int(field);
    if (!value) return CommandLineError{"Value not recognized: " + core::python_int_error(field)};
    values.emplace_back(*value);
  }
  if (values.size() == 2 && !values[0] && !values[1]) {
    return CommandLineError{"Cannot parse '" + std::string(text) + "': At least one length needs to be given"};
  }
  return values;
}

std::optional<CommandLineError> check_rename_template(std::string_view tmpl, bool paired) {
  // cutadapt's tokenize_braces: split at "{...}" groups (re.split("({[^}]*})")),
  // then no piece may keep a stray brace.
  std::vector<std::string_view> variables;
  const auto bad = [&](std::string_view what) {
    return CommandLineError{"Error in template '" + std::string(tmpl) + "': Unexpected '" +
                            std::string(what) + "' encountered"};
  };
  const auto check_piece = [&](std::string_view piece) -> std::optional<CommandLineError> {
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
      return CommandLineError{"Error in template: Variable '" + std::string(variable) + "' not recognized"};
    }
  }
  return std::nullopt;
}

std::optional<CommandLineError> check_pipeline_options(const CommandLine& args, Mode& mode,
                                                       std::size_t adapter_count,
                                                       std::size_t adapter_count2) {
  const bool paired = mode.paired;
  mode.action = args.action == "none" ? std::nullopt : std::optional<std::string>(args.action);

  // make_unconditional_cutters
  for (const auto* cut : {&args.cut, &args.cut2}) {
    if (cut->size() > 2) return CommandLineError{"You cannot remove bases from more than two ends."};
    if (cut->size() == 2 && (((*cut)[0] > 0 && (*cut)[1] > 0) || ((*cut)[0] < 0 && (*cut)[1] < 0))) {
      return CommandLineError{"You cannot remove bases from the same end twice."};
    }
  }

  // make_quality_trimmers: "0" means no trimming and is not parsed.
  std::optional<QualityCutoffs> cutoffs[2];
  const std::optional<std::string>* given[2] = {&args.quality_cutoff, &args.quality_cutoff2};
  for (int i = 0; i < 2; ++i) {
    if (given[i]->has_value() && **given[i] != "0") {
      auto parsed = parse_cutoffs(**given[i]);
      if (auto* error = std::get_if<CommandLineError>(&parsed)) return *error;
      cutoffs[i] = std::get<QualityCutoffs>(parsed);
    }
  }
  if (paired && args.quality_cutoff.has_value() && !args.quality_cutoff2.has_value()) cutoffs[1] = cutoffs[0];
  mode.quality_cutoff = cutoffs[0];
  mode.quality_cutoff2 = paired ? cutoffs[1] : std::nullopt;

  // make_adapter_cutter
  if (args.pair_adapters) {
    if (args.reverse_complement) return CommandLineError{"Cannot use --revcomp with --pair-adapters"};
    if (adapter_count != adapter_count2) {
      return CommandLineError{
          "--pair-adapters: The number of adapters to trim from R1 and R2 must be the same. Given: " +
          std::to_string(adapter_count) + " for R1, " + std::to_string(adapter_count2) + " for R2"};
    }
    if (adapter_count == 0) return CommandLineError{"--pair-adapters: No adapters given"};
  } else {
    if ((adapter_count > 0 || adapter_count2 > 0) && args.action == "retain" && args.times > 1) {
      return CommandLineError{"'retain' cannot be combined with times > 1"};
    }
    if (paired && args.reverse_complement) {
      return CommandLineError{"--revcomp not implemented for paired-end reads"};
    }
  }

  if (truthy(args.rename) && (!args.prefix.empty() || !args.suffix.empty())) {
    return CommandLineError{"Option --rename cannot be combined with --prefix (-x) or --suffix (-y)"};
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
    if (auto* error = std::get_if<CommandLineError>(&parsed)) return *error;
    const auto& values = std::get<std::vector<std::optional<int>>>(parsed);
    if (!paired && values.size() == 2) {
      return CommandLineError{"Two minimum or maximum lengths given for single-end data"};
    }
    LengthBounds result{values[0], std::nullopt};
    if (paired) result.second = values.size() == 2 ? values[1] : values[0];
    *bounds = result;
  }
  return std::nullopt;
}

std::variant<DemultiplexMode, CommandLineError> determine_demultiplex_mode(const CommandLine& args) {
  const auto contains = [](const std::optional<std::string>& s, std::string_view what) {
    return s.has_value() && s->find(what) != std::string::npos;
  };
  const bool demultiplex = contains(args.output, "{name}");
  if (args.paired_output.has_value() && demultiplex != contains(args.paired_output, "{name}")) {
    return CommandLineError{
        "When demultiplexing paired-end data, \"{name}\" must appear in both output file names (-o and -p)"};
  }
  const bool combinatorial = contains(args.output, "{name1}") && contains(args.output, "{name2}") &&
                             contains(args.paired_output, "{name1}") &&
                             contains(args.paired_output, "{name2}");
  if (demultiplex && combinatorial) {
    return CommandLineError{"You cannot combine {name} with {name1} and {name2}"};
  }
  if (demultiplex) return DemultiplexMode::kNormal;
  if (combinatorial) return DemultiplexMode::kCombinatorial;
  return DemultiplexMode::kNone;
}

std::optional<CommandLineError> check_output_files(const CommandLine& args, Mode& mode) {
  // complain_about_duplicate_paths: existing non-regular files (/dev/null,
  // FIFOs) may repeat.
  {
    std::set<std::string> seen;
    for (const auto* path : {&args.rest_file, &args.info_file, &args.info_file_paired, &args.wildcard_file,
                             &args.too_short_output,
                             &args.too_short_paired_output, &args.too_long_output,
                             &args.too_long_paired_output, &args.untrimmed_output,
                             &args.untrimmed_paired_output, &args.output, &args.paired_output}) {
      if (!path->has_value()) continue;
      std::error_code ec;
      // Python's Path("") is ".".
      const auto status = std::filesystem::status((*path)->empty() ? std::string(".") : **path, ec);
      if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) continue;
      if (!seen.insert(**path).second) {
        return CommandLineError{"Path " + **path +
                                " specified more than once as an output file. This is not supported at the "
                                "moment."};
      }
    }
  }
  // FileOpener.xopen_pair raises a ValueError that cutadapt does not catch:
  // a traceback and exit status 1.
  const CommandLineError second_only{
      "When giving paths for paired-end files, only providing the second file is not supported", 1};
  if (args.minimum_length.has_value() && !args.too_short_output.has_value() &&
      args.too_short_paired_output.has_value()) {
    return second_only;
  }
  if (args.maximum_length.has_value() && !args.too_long_output.has_value() &&
      args.too_long_paired_output.has_value()) {
    return second_only;
  }
  if (int(args.discard_trimmed) + int(args.discard_untrimmed) + int(args.untrimmed_output.has_value()) > 1) {
    return CommandLineError{
        "Only one of the --discard-trimmed, --discard-untrimmed and --untrimmed-output options can be used "
        "at the same time."};
  }
  auto demultiplex = determine_demultiplex_mode(args);
  if (auto* error = std::get_if<CommandLineError>(&demultiplex)) return *error;
  mode.demultiplex = std::get<DemultiplexMode>(demultiplex);
  if (mode.demultiplex != DemultiplexMode::kNone && args.discard_trimmed) {
    return CommandLineError{"Do not use --discard-trimmed when demultiplexing."};
  }
  if (mode.demultiplex == DemultiplexMode::kCombinatorial && args.pair_adapters) {
    return CommandLineError{
        "With --pair-adapters, you can only use {name} in your output file name template, not {name1} and "
        "{name2} (no combinatorial demultiplexing)."};
  }
  if (mode.demultiplex == DemultiplexMode::kCombinatorial) {
    if (truthy(args.untrimmed_output) || truthy(args.untrimmed_paired_output)) {
      return CommandLineError{
          "Combinatorial demultiplexing (with {name1} and {name2}) cannot be combined with "
          "--untrimmed-output or --untrimmed-paired-output"};
    }
  } else if (mode.demultiplex == DemultiplexMode::kNone) {
    if (!args.untrimmed_output.has_value() && args.untrimmed_paired_output.has_value()) return second_only;
    if (!args.output.has_value() && args.paired_output.has_value()) return second_only;
  }
  return std::nullopt;
}

std::variant<Mode, CommandLineError> determine_mode(const CommandLine& args, std::size_t adapter_count,
                                                    std::size_t adapter_count2) {
  const bool paired = determine_paired(args);
  auto setup = setup_input_files(args, paired);
  if (std::holds_alternative<CommandLineError>(setup)) return setup;
  Mode mode = std::get<Mode>(std::move(setup));
  if (auto error = check_arguments(args, paired)) return *error;
  if (auto error = check_pipeline_options(args, mode, adapter_count, adapter_count2)) return *error;
  if (auto error = check_output_files(args, mode)) return *error;
  return mode;
}

}  // namespace ringtrim::app
