// bash_completion_script() against the option table it is written from
// (issue 27): every name of every option is offered, each option that takes
// a value is completed by its kind, and the script registers the command.
#include "apps/completion/bash_completion.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>

#include "apps/ringtrim/detect_adapters.hpp"
#include "apps/ringtrim/option_table.hpp"

using namespace ringtrim::app;

namespace {

// The words of the first line of `script` that starts with `marker`, up to
// the closing quote or parenthesis.
std::set<std::string> words_after(const std::string& script, const std::string& marker, char separator) {
    const auto at = script.find(marker);
    REQUIRE(at != std::string::npos);
    const auto begin = at + marker.size();
    const auto end = script.find_first_of("')\n", begin);
    std::set<std::string> words;
    std::istringstream in(script.substr(begin, end - begin));
    for (std::string word; std::getline(in, word, separator);)
        if (!word.empty()) words.insert(word);
    return words;
}

}  // namespace

TEST_CASE("every option name of the table is offered") {
    const auto& table = cutadapt_option_table();
    const auto script = bash_completion_script(table, "ringtrim");
    const auto offered = words_after(script, "                words='", ' ');
    std::size_t names = 0;
    for (const auto& spec : table.options)
        for (auto name : spec.names) {
            INFO(name);
            CHECK(offered.count(std::string(name)) == 1);
            ++names;
        }
    CHECK(offered.size() == names);
    CHECK(script.find("words+=' " + std::string(kDetectAdaptersArgument) + "'") != std::string::npos);
}

TEST_CASE("an option's value is completed by its kind: choices, nothing for numbers, else files") {
    const auto& table = cutadapt_option_table();
    const auto script = bash_completion_script(table, "ringtrim");
    const auto numbers = words_after(script, "        -j|", '|');
    const auto files = words_after(script, "        -a|", '|');
    for (const auto& spec : table.options) {
        const bool takes_value = spec.kind == argparse::Kind::kStore || spec.kind == argparse::Kind::kAppend;
        for (auto name_view : spec.names) {
            const std::string name(name_view);
            INFO(name);
            if (!takes_value) {
                CHECK(script.find("        " + name + ")") == std::string::npos);
                CHECK(numbers.count(name) + files.count(name) == 0);
            } else if (!spec.choices.empty()) {
                std::string line = ") words='";
                for (auto c : spec.choices) line.append(c).append(" ");
                for (auto c : spec.extension_choices) line.append(c).append(" ");
                line.back() = '\'';
                line += " ;;";
                CHECK(script.find(line) != std::string::npos);
            } else if (spec.type == argparse::ValueType::kString) {
                CHECK(files.count(name) + (name == "-a" ? 1 : 0) == 1);
            } else {
                CHECK(numbers.count(name) + (name == "-j" ? 1 : 0) == 1);
            }
        }
    }
    const auto action = script.find("--action) words='trim retain mask lowercase none crop' ;;");
    CHECK(action != std::string::npos);
}

TEST_CASE("the script registers the command it is written for") {
    for (const std::string command : {"ringtrim", "cutadapt"}) {
        const auto script = bash_completion_script(cutadapt_option_table(), command);
        CHECK(script.ends_with("\ncomplete -F _ringtrim_complete " + command + "\n"));
        CHECK(script.starts_with("# bash completion for " + command + ":"));
    }
}
