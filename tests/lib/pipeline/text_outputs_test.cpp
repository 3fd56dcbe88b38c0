// Rest and wildcard file lines; expected bytes from cutadapt 4.2:
//   cutadapt -g AGNNCGG --wildcard-file wc.txt -r rest.txt  on  TTAGGACGGCCCC
#include <catch2/catch.hpp>

#include "lib/pipeline/text_outputs.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace core = ringtrim::core;

namespace {

core::AdapterCutter front_cutter() {
    auto single = core::SingleAdapter::create(core::AdapterKind::Front, "AGNNCGG", core::AdapterParams{}, "1");
    std::vector<core::Adapter> adapters;
    adapters.emplace_back(std::get<core::SingleAdapter>(std::move(single)));
    return core::AdapterCutter(std::move(adapters));
}

}  // namespace

TEST_CASE("rest and wildcard lines of a 5' match", "[text_outputs]") {
    auto cutter = front_cutter();
    core::Read read{"r1", "TTAGGACGGCCCC", "IIIIIIIIIIIII"};
    core::MatchInfo info;
    cutter.apply(read, info);
    REQUIRE(info.size() == 1);
    std::string rest, wildcards;
    core::append_rest_line(read, info, rest);
    core::append_wildcard_line(read, info, cutter.adapters(), wildcards);
    CHECK(rest == "TT r1\n");
    CHECK(wildcards == "GA r1\n");
}

TEST_CASE("no lines without a match", "[text_outputs]") {
    auto cutter = front_cutter();
    core::Read read{"r2", "CCCCCCCCCC", "IIIIIIIIII"};
    core::MatchInfo info;
    cutter.apply(read, info);
    std::string rest, wildcards;
    core::append_rest_line(read, info, rest);
    core::append_wildcard_line(read, info, cutter.adapters(), wildcards);
    CHECK(rest.empty());
    CHECK(wildcards.empty());
}

TEST_CASE("info line of an untrimmed FASTA read has an empty quality column", "[text_outputs]") {
    core::Read read{"r3", "ACGT", ""};
    core::MatchInfo info;
    core::Read scratch;
    std::string out;
    core::append_info_records(read, read, info, {}, scratch, out);
    CHECK(out == "r3\t-1\tACGT\t\n");
}
