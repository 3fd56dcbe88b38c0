// apps/ringtrim/argparse: the parser on a small table of its own (it knows no
// cutadapt option), and the Python-compat values it reports through
// parse_command_line, checked against cutadapt 4.2 (issue #13):
//   cutadapt -j $'\xc2\x85' in.fq  ->  argument -j/--cores: invalid int value: '\x85'
//   cutadapt -e $'0.1\xff' in.fq   ->  argument -e/--error-rate/--errors: invalid float value: '0.1\udcff'
//   cutadapt -j $'\xc2\xa01' ...   ->  runs (int() strips U+00A0)
#include "apps/ringtrim/argparse.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

#include "apps/ringtrim/options.hpp"

using namespace ringtrim::app;
using argparse::Kind;
using argparse::OptionSpec;
using argparse::Value;
using argparse::ValueType;

namespace {

const argparse::OptionTable& small_table() {
    static const argparse::OptionTable kTable = argparse::make_table(
        {
            {{"-h", "--help"}, Kind::kHelp, ValueType::kString, {}, nullptr},
            {{"-j", "--cores"},
             Kind::kStore,
             ValueType::kInt,
             {},
             [](CommandLine& c, const Value& v) { c.cores = v.integer; }},
            {{"--quiet"}, Kind::kFlag, ValueType::kString, {}, [](CommandLine& c, const Value&) { c.quiet = true; }},
            {{"--quality-base"},
             Kind::kStore,
             ValueType::kInt,
             {},
             [](CommandLine& c, const Value& v) { c.quality_base = v.integer; }},
            {{"--quarantine"},
             Kind::kStore,
             ValueType::kString,
             {},
             [](CommandLine& c, const Value& v) { c.quarantine = v.text; }},
        },
        "--quarantine");
    return kTable;
}

std::variant<std::vector<std::string>, EarlyExit, UsageError> parse(std::vector<std::string> args, CommandLine& c) {
    return argparse::parse_known_args(small_table(), args, "HELP", "1.0", c);
}

std::string usage_message(const ParseOutcome& outcome) {
    const auto* error = std::get_if<UsageError>(&outcome);
    return error ? error->message : std::string("(no error)");
}

}  // namespace

TEST_CASE("argparse: a table of its own, with abbreviations, positionals and leftovers") {
    CommandLine c;
    const auto result = parse({"--cor", "3", "in.fq", "--qui", "-x"}, c);
    REQUIRE(std::holds_alternative<std::vector<std::string>>(result));
    CHECK(std::get<std::vector<std::string>>(result) == std::vector<std::string>{"-x"});
    CHECK(c.cores == 3);
    CHECK(c.quiet);
    CHECK(c.inputs == std::vector<std::string>{"in.fq"});
}

TEST_CASE("argparse: an abbreviation that also matches an older option means the older one") {
    CommandLine c;
    CHECK(std::holds_alternative<std::vector<std::string>>(parse({"--qua", "64"}, c)));
    CHECK(c.quality_base == 64);
    CHECK_FALSE(c.quarantine.has_value());
}

TEST_CASE("argparse: ambiguity among older options and help are reported") {
    CommandLine c;
    const auto ambiguous = parse({"--q", "x"}, c);
    REQUIRE(std::holds_alternative<UsageError>(ambiguous));
    CHECK(std::get<UsageError>(ambiguous).message == "ambiguous option: --q could match --quiet, --quality-base");
    const auto help = parse({"-h"}, c);
    REQUIRE(std::holds_alternative<EarlyExit>(help));
    CHECK(std::get<EarlyExit>(help).text == "HELP");
}

TEST_CASE("argparse: int_value is Python's int() within int") {
    CHECK(argparse::int_value(" 1_0 ") == 10);
    CHECK(argparse::int_value("\xc2\xa0"
                              "1") == 1);
    CHECK_FALSE(argparse::int_value("2147483648").has_value());
    CHECK_FALSE(argparse::int_value("1.0").has_value());
}

TEST_CASE("argparse: invalid values are quoted with Python's repr, as cutadapt 4.2 does (issue #13)") {
    CHECK(usage_message(parse_command_line({"-j", "\xc2\x85", "in.fq"}, "cutadapt")) ==
          "argument -j/--cores: invalid int value: '\\x85'");
    CHECK(usage_message(parse_command_line({"-e", "0.1\xff", "in.fq"}, "cutadapt")) ==
          "argument -e/--error-rate/--errors: invalid float value: '0.1\\udcff'");
    const auto parsed = parse_command_line({"-j",
                                            "\xc2\xa0"
                                            "1",
                                            "in.fq"},
                                           "cutadapt");
    REQUIRE(std::holds_alternative<CommandLine>(parsed));
    CHECK(std::get<CommandLine>(parsed).cores == 1);
}
