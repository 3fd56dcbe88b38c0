// Expected values from cutadapt 4.2's modifiers.py (run as the oracle).
#include <catch2/catch.hpp>

#include "lib/pipeline/modifiers.hpp"

using ringtrim::core::Read;
namespace core = ringtrim::core;

TEST_CASE("LengthTagger rewrites whole-word tags with the current length", "[modifiers]") {
    core::LengthTagger tagger("length=");
    Read r{"r length=100 xlength=5 length=7a", "ACGTA", "IIIII"};
    tagger.apply(r);
    CHECK(r.name == "r length=5 xlength=5 length=57a");
    Read untouched{"r len=3", "AC", "II"};
    tagger.apply(untouched);
    CHECK(untouched.name == "r len=3");
}

TEST_CASE("strip_name_suffix removes a present suffix only", "[modifiers]") {
    Read r{"read/1", "A", "I"};
    core::strip_name_suffix(r, "/2");
    CHECK(r.name == "read/1");
    core::strip_name_suffix(r, "/1");
    CHECK(r.name == "read");
}

TEST_CASE("strip_name_suffix with an empty suffix empties the name, as cutadapt", "[modifiers]") {
    Read r{"read", "A", "I"};
    core::strip_name_suffix(r, "");
    CHECK(r.name.empty());
}

TEST_CASE("add_name_prefix_suffix replaces {name} in both", "[modifiers]") {
    Read r{"r1 c", "A", "I"};
    core::add_name_prefix_suffix(r, "{name}:", "_{name}{name}", "ad");
    CHECK(r.name == "ad:r1 c_adad");
}

TEST_CASE("cap_qualities_at_zero raises qualities below the base", "[modifiers]") {
    Read r{"r", "AC", std::string("\x20I", 2)};
    core::cap_qualities_at_zero(r, 33);
    CHECK(r.qualities == "!I");
}

TEST_CASE("parse_name splits as str.split(maxsplit=1)", "[modifiers]") {
    CHECK(core::parse_name(" a  b c  ") == std::pair<std::string_view, std::string_view>{"a", "b c  "});
    CHECK(core::parse_name("a ") == std::pair<std::string_view, std::string_view>{"a ", ""});
    CHECK(core::parse_name("a\tb") == std::pair<std::string_view, std::string_view>{"a", "b"});
}

TEST_CASE("render_template substitutes variables and r1./r2. forms", "[modifiers]") {
    std::vector<core::TemplateToken> tokens;
    REQUIRE(core::tokenize_template("{id} x={comment};{rc}{r2.adapter_name}", tokens));
    core::RenameValues own, other;
    own.id = "r1";
    own.comment = "c";
    own.rc = "rc";
    other.adapter_name = "B";
    std::string out;
    core::render_template(tokens, own, &own, &other, out);
    CHECK(out == "r1 x=c;rcB");
}

TEST_CASE("tokenize_template rejects stray braces", "[modifiers]") {
    std::vector<core::TemplateToken> tokens;
    CHECK_FALSE(core::tokenize_template("a{b", tokens));
    CHECK_FALSE(core::tokenize_template("a}b", tokens));
}
