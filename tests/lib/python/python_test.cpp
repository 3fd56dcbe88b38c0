// lib/python against python3 itself. The literal expectations below are what
// python3.11 prints, e.g.
//   python3 -c "print(repr('it\'s'), int(' 1_000 '), float('1e1_0'), repr(1e16), 'ß'.upper())"
// and python_cases.tsv holds hand-picked edge cases plus seeded random inputs
// with python3's answers, written by
//   python3 tests/lib/python/gen_python_cases.py
#include "lib/python/python.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ringtrim::core;

namespace {

std::string unhex(const std::string& hex) {
    std::string out;
    if (hex == "-") return out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

std::string hex_float(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", v);
    return buf;
}

}  // namespace

TEST_CASE("python_repr picks the quote Python picks and escapes what Python escapes") {
    CHECK(python_repr("ACGT") == "'ACGT'");
    CHECK(python_repr("") == "''");
    CHECK(python_repr("it's") == "\"it's\"");
    CHECK(python_repr("'\"") == "'\\'\"'");
    CHECK(python_repr("a\\b") == "'a\\\\b'");
    CHECK(python_repr("\n\r\t") == "'\\n\\r\\t'");
    CHECK(python_repr(std::string("\x00\x01\x7f", 3)) == "'\\x00\\x01\\x7f'");
    CHECK(python_repr("\xc3\xa9") == "'\xc3\xa9'");  // é is printable
    CHECK(python_repr("\xc2\x85\xc2\xa0\xc2\xad") == "'\\x85\\xa0\\xad'");
    CHECK(python_repr("\xe2\x80\xa8") == "'\\u2028'");
    CHECK(python_repr("a\xff") == "'a\\udcff'");  // surrogateescape, as argv
}

TEST_CASE("python_int accepts what int() accepts") {
    CHECK(python_int(" 1_000 ") == 1000);
    CHECK(python_int("007") == 7);
    CHECK(python_int("-0") == 0);
    CHECK(python_int("\xc2\xa0"
                     "5\xe3\x80\x80") == 5);  // Unicode whitespace is stripped
    CHECK(python_int("9223372036854775807") == INT64_MAX);
    CHECK(python_int("-9223372036854775808") == INT64_MIN);
}

TEST_CASE("python_int rejects what int() rejects, and values beyond int64") {
    for (const char* s : {"", " ", "1__0", "_1", "1_", "+_1", "- 1", "1e5", "1.0", "0x10",
                          "\x1c"
                          "5"})
        CHECK_FALSE(python_int(s).has_value());
    CHECK_FALSE(python_int("9223372036854775808").has_value());
    CHECK(python_int_error("x'") == "invalid literal for int() with base 10: \"x'\"");
}

TEST_CASE("python_float accepts what float() accepts") {
    CHECK(python_float("1e1_0") == 1e10);
    CHECK(python_float("+.5e-3") == 0.0005);
    CHECK(python_float("5.") == 5.0);
    CHECK(python_float("-Infinity") == -HUGE_VAL);
    CHECK(std::isnan(*python_float(" +nAn ")));
    CHECK(python_float("1e400") == HUGE_VAL);
}

TEST_CASE("python_float rejects what float() rejects") {
    for (const char* s : {"", ".", "._5", "1_.5", "1._5", "1.5_", "1_e5", "1e_5", "1e", "e5", "nan(1)", "in_f",
                          "infinit", "0x10", "1__0"})
        CHECK_FALSE(python_float(s).has_value());
}

TEST_CASE("python_float_repr switches notation where Python does") {
    CHECK(python_float_repr(1e15) == "1000000000000000.0");
    CHECK(python_float_repr(1e16) == "1e+16");
    CHECK(python_float_repr(0.0001) == "0.0001");
    CHECK(python_float_repr(9.99e-5) == "9.99e-05");
    CHECK(python_float_repr(-0.0) == "-0.0");
    CHECK(python_float_repr(HUGE_VAL) == "inf");
    CHECK(python_float_repr(std::nan("")) == "nan");
    CHECK(python_float_repr(5e-324) == "5e-324");
}

TEST_CASE("python_upper and ascii_encode_error") {
    CHECK(python_upper("acgt\xc3\x9f") == "ACGTSS");
    CHECK(python_upper("\xc4\xb1") == "I");
    CHECK(ascii_encode_error("ACGT").empty());
    CHECK(ascii_encode_error("AC\xc3\xa9GT") ==
          "'ascii' codec can't encode character '\\xe9' in position 2: ordinal not in range(128)");
    CHECK(ascii_encode_error("\xc3\xa9\xc3\xa9x") ==
          "'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)");
    CHECK(utf8_character_at("A\xc3\xa9", 1) == "\xc3\xa9");
}

TEST_CASE("every case in python_cases.tsv matches python3") {
    std::ifstream in(std::string(RINGTRIM_SOURCE_DIR) + "/tests/lib/python/python_cases.tsv");
    REQUIRE(in);
    std::string line;
    int checked = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string function, input, expected;
        std::getline(fields, function, '\t');
        std::getline(fields, input, '\t');
        std::getline(fields, expected, '\t');
        INFO(line);
        if (function == "repr") {
            CHECK(python_repr(unhex(input)) == unhex(expected));
        } else if (function == "int") {
            const auto value = python_int(unhex(input));
            CHECK((value ? std::to_string(*value) : std::string("ERR")) == expected);
        } else if (function == "float") {
            const auto value = python_float(unhex(input));
            std::string got = "ERR";
            if (value) got = std::isnan(*value) ? "nan" : hex_float(*value);
            // Python writes 0x1.8p+1 as C's %a does, but 0.0 as 0x0.0p+0.
            if (got == "0x0p+0") got = "0x0.0p+0";
            if (got == "-0x0p+0") got = "-0x0.0p+0";
            if (expected != "ERR" && expected != "nan" && got != "ERR") {
                CHECK(*value == std::strtod(expected.c_str(), nullptr));
                CHECK(std::signbit(*value) == std::signbit(std::strtod(expected.c_str(), nullptr)));
            } else {
                CHECK(got == expected);
            }
        } else if (function == "float_repr") {
            CHECK(python_float_repr(std::strtod(input.c_str(), nullptr)) == unhex(expected));
        } else if (function == "upper") {
            CHECK(python_upper(unhex(input)) == unhex(expected));
        } else if (function == "ascii_error") {
            CHECK(ascii_encode_error(unhex(input)) == unhex(expected));
        } else {
            FAIL("unknown function " << function);
        }
        ++checked;
    }
    CHECK(checked > 4000);
}
