// Tests of lib/chunk/cut: where the parent ends a chunk. Single calls check
// each rule by hand; cut_all() (the reader's loop) checks whole inputs.
#include "lib/chunk/cut.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "tests/lib/chunk/cut_all.hpp"

using namespace ringtrim::core;
using ringtrim::test::count_newlines;
using ringtrim::test::cut_all;
using Kind = ChunkCut::Kind;

namespace {

const std::string kR1 = "@r1\nACGT\n+\nIIII\n";  // 16 bytes
const std::string kR2 = "@r2\nAC\n+\nII\n";      // 12 bytes
const std::string kR3 = "@r3\nACG\n+\nIII\n";    // 14 bytes

ChunkCut cut1(std::string_view bytes, bool at_eof, std::size_t capacity, ChunkShape shape = {}) {
    const BufferedInput in{bytes, at_eof};
    return cut_chunk({&in, 1}, capacity, shape);
}

ChunkCut cut2(std::string_view a, std::string_view b, bool at_eof, std::size_t capacity, ChunkShape shape = {}) {
    const BufferedInput in[2] = {{a, at_eof}, {b, at_eof}};
    return cut_chunk(in, capacity, shape);
}

std::string fastq_records(int n, int first = 0) {
    std::string out;
    for (int r = first; r < first + n; ++r) out += "@r" + std::to_string(r) + "\nACGT\n+\nIIII\n";
    return out;
}

}  // namespace

TEST_CASE("cut_chunk: FASTQ ends after the last whole record within capacity") {
    const std::string buf = kR1 + kR2 + kR3;
    auto cut = cut1(buf, false, 30);  // 16 + 12 = 28 fit, r3 does not
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == 28);
    CHECK(cut.bytes[1] == 0);
    CHECK(cut.records == 2);
    CHECK(cut.lines == 8);
}

TEST_CASE("cut_chunk: the bytes after the capacity are never looked at") {
    // A record ending one byte past the capacity does not count, even at EOF.
    const std::string buf = kR1 + kR2;
    auto cut = cut1(buf, true, buf.size() - 1);
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == kR1.size());
    CHECK(cut.records == 1);
}

TEST_CASE("cut_chunk: FASTA ends before a header line") {
    const std::string buf = ">a\nACGT\nAC\n>b\nGG\n>c\nTT";
    ChunkShape fasta;
    fasta.format = SeqFormat::Fasta;
    auto cut = cut1(buf, false, buf.size(), fasta);  // >c may continue: not whole
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == buf.find(">c"));
    CHECK(cut.records == 2);
    CHECK(cut.lines == 5);
    cut = cut1(buf, true, buf.size(), fasta);  // at EOF the last record is whole
    CHECK(cut.bytes[0] == buf.size());
    CHECK(cut.records == 3);
    CHECK(cut.lines == 7);  // the last line has no newline and counts
}

TEST_CASE("cut_chunk: CRLF lines are cut after the '\\n'") {
    const std::string buf = "@r1\r\nACGT\r\n+\r\nIIII\r\n@r2\r\nAC\r\n+\r\nII\r\n";
    auto cut = cut1(buf, false, buf.size() - 1);
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == buf.find("@r2"));
    CHECK(buf[cut.bytes[0] - 1] == '\n');
    CHECK(cut.records == 1);
    cut = cut1(buf, true, buf.size());
    CHECK(cut.bytes[0] == buf.size());
    CHECK(cut.records == 2);
}

TEST_CASE("cut_chunk: paired files are cut at the same record count") {
    // R2's records are longer: R2 limits the chunk to 2 records.
    const std::string r1 = fastq_records(4);
    const std::string r2 = "@a\nACGTACGTAC\n+\nIIIIIIIIII\n@b\nACGTACGTAC\n+\nIIIIIIIIII\n@c\nA\n+\nI\n";
    auto cut = cut2(r1, r2, false, 60);
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.records == 2);
    CHECK(cut.bytes[0] == fastq_records(2).size());
    CHECK(cut.bytes[1] == r2.find("@c"));
    // R1 limits it the other way round.
    cut = cut2(r2, r1, false, 60);
    CHECK(cut.records == 2);
    CHECK(cut.bytes[0] == r2.find("@c"));
    CHECK(cut.bytes[1] == fastq_records(2).size());
    CHECK(cut.lines == 8);  // input 0's lines
}

TEST_CASE("cut_chunk: a chunk holding a unit holds whole units") {
    const std::string buf = fastq_records(10);  // 16 or 17 bytes each
    ChunkShape shape;
    shape.unit_records = 4;
    auto cut = cut1(buf, false, buf.size() - 1, shape);  // 9 whole records fit
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.records == 8);
    CHECK(cut.bytes[0] == fastq_records(8).size());
    // Less than one unit: as many records as fit.
    cut = cut1(buf, false, fastq_records(3).size(), shape);
    CHECK(cut.records == 3);
    // Exactly one unit.
    cut = cut1(buf, false, fastq_records(4).size() + 5, shape);
    CHECK(cut.records == 4);
    // Paired: both inputs at the same unit multiple.
    const std::string r2 = fastq_records(10, 100);  // longer names
    cut = cut2(buf, r2, false, r2.size() - 1, shape);
    CHECK(cut.records == 8);
    CHECK(cut.bytes[1] == fastq_records(8, 100).size());
}

TEST_CASE("cut_chunk: a record exactly as long as the capacity fits") {
    const std::string buf = kR1 + kR2;
    auto cut = cut1(buf, false, kR1.size());
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == kR1.size());
    CHECK(cut.records == 1);
    cut = cut1(kR1, true, kR1.size());  // and at EOF
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == kR1.size());
}

TEST_CASE("cut_chunk: a record longer than the capacity is a long record") {
    const std::string buf = kR1 + kR2;
    CHECK(cut1(buf, false, kR1.size() - 1).kind == Kind::kLongRecord);
    CHECK(cut1(kR1, true, kR1.size() - 1).kind == Kind::kLongRecord);
    // Paired: either mate too long.
    CHECK(cut2(kR1, kR2, false, kR2.size()).kind == Kind::kLongRecord);
    CHECK(cut2(kR2, kR1, false, kR2.size()).kind == Kind::kLongRecord);
}

TEST_CASE("cut_first_record: takes one record (pair) however long, or asks for more") {
    const std::string buf = kR1 + kR2;
    const BufferedInput part{std::string_view(kR1).substr(0, 10), false};
    auto cut = cut_first_record({&part, 1}, {});
    CHECK(cut.kind == Kind::kNeedMore);
    CHECK(cut.input == 0);
    const BufferedInput whole{buf, false};
    cut = cut_first_record({&whole, 1}, {});
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == kR1.size());
    CHECK(cut.records == 1);
    CHECK(cut.lines == 4);
    // Paired: the mate that is incomplete is named.
    const BufferedInput pair[2] = {{buf, false}, {std::string_view(kR2).substr(0, 5), false}};
    cut = cut_first_record(pair, {});
    CHECK(cut.kind == Kind::kNeedMore);
    CHECK(cut.input == 1);
    // Interleaved: both mates.
    ChunkShape interleaved;
    interleaved.record_multiple = 2;
    const std::string pairs = buf + kR3;
    const BufferedInput three{pairs, false};
    cut = cut_first_record({&three, 1}, interleaved);
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == buf.size());
    CHECK(cut.records == 2);
}

TEST_CASE("cut_first_record: an incomplete record at EOF is taken whole") {
    const BufferedInput in{std::string_view(kR1).substr(0, 10), true};
    auto cut = cut_first_record({&in, 1}, {});
    REQUIRE(cut.kind == Kind::kChunk);
    CHECK(cut.bytes[0] == 10);
    CHECK(cut.records == 1);
}

TEST_CASE("cut_chunk: empty input is the end") {
    CHECK(cut1("", true, 100).kind == Kind::kEnd);
    CHECK(cut2("", "", true, 100).kind == Kind::kEnd);
    const BufferedInput none{"", true};
    CHECK(cut_first_record({&none, 1}, {}).kind == Kind::kEnd);
    auto run = cut_all({""}, 64, {});
    CHECK(run.chunks.empty());
    CHECK(run.last.kind == Kind::kEnd);
}

TEST_CASE("cut_chunk error: paired files of unequal length name the shorter") {
    auto cut = cut2("", kR1, true, 100);
    CHECK(cut.kind == Kind::kUnequal);
    CHECK(cut.input == 0);
    cut = cut2(kR1, "", true, 100);
    CHECK(cut.kind == Kind::kUnequal);
    CHECK(cut.input == 1);
    // Found after the whole chunks of the shorter file.
    auto run = cut_all({fastq_records(5), fastq_records(3)}, 40, {});
    CHECK(run.last.kind == Kind::kUnequal);
    CHECK(run.last.input == 1);
    std::uint64_t records = 0;
    for (const auto& c : run.chunks) records += c.records;
    CHECK(records == 3);
    // Also when the record after the end is a long one.
    const BufferedInput pair[2] = {{"", true}, {kR1, true}};
    CHECK(cut_first_record(pair, {}).kind == Kind::kUnequal);
}

TEST_CASE("cut_all: an incomplete record at EOF goes into the last chunk; the parser names it") {
    const std::string buf = fastq_records(5) + "@r5\nACGT\n+\n";
    auto run = cut_all({buf}, 40, {});
    REQUIRE(run.last.kind == Kind::kEnd);
    REQUIRE(run.chunks.size() >= 3);
    const auto& last = run.chunks.back();
    CHECK(last.bytes[0].ends_with("@r5\nACGT\n+\n"));
    ChunkParser parser(last.bytes[0], SeqFormat::Fastq, last.first_record, last.first_line);
    Read read;
    while (parser.next(read)) {
    }
    REQUIRE(parser.error());
    CHECK(parser.error()->record == 6);
    CHECK(parser.error()->line == 23);
    CHECK_THAT(parser.error()->message, Catch::Contains("premature end"));
}

TEST_CASE("cut_all: a record longer than the capacity becomes a chunk of its own") {
    const std::string big = "@big\n" + std::string(300, 'A') + "\n+\n" + std::string(300, 'I') + "\n";
    const std::string buf = fastq_records(3) + big + fastq_records(2, 3);
    auto run = cut_all({buf}, 64, {});
    REQUIRE(run.last.kind == Kind::kEnd);
    int longs = 0;
    for (const auto& c : run.chunks) {
        if (!c.long_record) continue;
        ++longs;
        CHECK(c.bytes[0] == big);
        CHECK(c.first_record == 3);
        CHECK(c.first_line == 12);
        CHECK(c.records == 1);
    }
    CHECK(longs == 1);
}

TEST_CASE("cut_all: chunks rebuild the input, count every record and line, and hold whole units") {
    std::mt19937 rng(20261203);
    for (int round = 0; round < 200; ++round) {
        const bool fasta = round % 3 == 2;
        const bool paired = !fasta && round % 4 == 1;
        ChunkShape shape;
        shape.format = fasta ? SeqFormat::Fasta : SeqFormat::Fastq;
        shape.unit_records = std::uint64_t{1} << std::uniform_int_distribution<int>(0, 4)(rng);
        const int n = std::uniform_int_distribution<int>(0, 60)(rng);
        std::vector<std::string> inputs;
        inputs.push_back(fasta ? ringtrim::test::random_fasta(rng, n, 30)
                               : ringtrim::test::random_fastq(rng, n, 30, 20, 200));
        if (paired) inputs.push_back(ringtrim::test::random_fastq(rng, n, 30, 20, 200));
        const std::size_t capacity = std::uniform_int_distribution<std::size_t>(8, 400)(rng);
        CAPTURE(round, n, capacity, shape.unit_records);
        auto run = cut_all(inputs, capacity, shape);
        REQUIRE(run.last.kind == Kind::kEnd);
        std::string joined[2];
        std::uint64_t records = 0;
        std::uint64_t lines = 0;
        for (const auto& c : run.chunks) {
            CHECK(c.first_record == records);
            CHECK(c.first_line == lines);
            CHECK(c.lines == count_newlines(c.bytes[0]));
            CHECK(c.records > 0);
            if (c.records >= shape.unit_records) CHECK(c.records % shape.unit_records == 0);
            // As many whole units as fit: one more does not fit some input
            // (checked where both inputs go on past the capacity).
            if (c.records >= shape.unit_records && !c.long_record) {
                bool one_more_fits = true;
                bool both_go_on = true;
                for (std::size_t i = 0; i < inputs.size(); ++i) {
                    const std::string_view rest = std::string_view(inputs[i]).substr(joined[i].size());
                    both_go_on = both_go_on && rest.size() > capacity;
                    const auto more = find_chunk_end(rest.substr(0, std::min(rest.size(), capacity)), shape.format,
                                                     false, c.records + shape.unit_records, 1);
                    one_more_fits = one_more_fits && more.records == c.records + shape.unit_records;
                }
                if (both_go_on) CHECK_FALSE(one_more_fits);
            }
            if (!c.long_record) {
                CHECK(c.bytes[0].size() <= capacity);
                CHECK(c.bytes[1].size() <= capacity);
            }
            for (std::size_t i = 0; i < inputs.size(); ++i) joined[i] += c.bytes[i];
            if (paired) CHECK(count_newlines(c.bytes[1]) == 4 * c.records);
            records += c.records;
            lines += c.lines;
        }
        CHECK(records == static_cast<std::uint64_t>(n));
        for (std::size_t i = 0; i < inputs.size(); ++i) CHECK(joined[i] == inputs[i]);
    }
}

TEST_CASE("cut_all: interleaved pairs are never split between chunks") {
    std::mt19937 rng(7);
    for (int round = 0; round < 100; ++round) {
        const int pairs = std::uniform_int_distribution<int>(1, 40)(rng);
        const std::string buf = ringtrim::test::random_fastq(rng, 2 * pairs, 40, 15, 150);
        ChunkShape shape;
        shape.record_multiple = 2;
        shape.unit_records = std::uint64_t{2} << std::uniform_int_distribution<int>(0, 3)(rng);
        const std::size_t capacity = std::uniform_int_distribution<std::size_t>(8, 500)(rng);
        CAPTURE(round, capacity, shape.unit_records);
        auto run = cut_all({buf}, capacity, shape);
        REQUIRE(run.last.kind == Kind::kEnd);
        std::uint64_t records = 0;
        for (const auto& c : run.chunks) {
            CHECK(c.first_record % 2 == 0);
            CHECK(c.records % 2 == 0);
            if (c.records >= shape.unit_records) CHECK(c.records % shape.unit_records == 0);
            records += c.records;
        }
        CHECK(records == static_cast<std::uint64_t>(2 * pairs));
    }
}
