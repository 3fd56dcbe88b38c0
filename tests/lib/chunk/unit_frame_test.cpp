// Tests of lib/chunk/unit_frame: the unit size, cutting a chunk into unit
// pieces, the segment frame, and the writer's joining. The last test runs the
// whole path (cut_all -> UnitSplitter -> SegmentBuilder -> UnitJoiner) with a
// compressor that brackets each unit and checks that the output does not
// depend on the chunk size.
#include "lib/chunk/unit_frame.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tests/lib/chunk/cut_all.hpp"

using namespace ringtrim::core;
using ringtrim::test::cut_all;

namespace {

// A stand-in for compress_member: one bracketed "member" per unit.
const CompressUnit kBracket = [](std::string_view unit, std::string& out) {
    out += '<';
    out.append(unit);
    out += '>';
};

std::string records(int n, int first = 0) {
    std::string out;
    for (int r = first; r < first + n; ++r) out += "@r" + std::to_string(r) + "\nACGT\n+\nIIII\n";
    return out;
}

std::vector<UnitPiece> split(const ChunkView& chunk, std::uint64_t n, std::uint64_t unit,
                             SeqFormat format = SeqFormat::Fastq, bool* head_closes = nullptr) {
    UnitSplitter splitter(chunk, n, unit, format);
    std::vector<UnitPiece> pieces;
    UnitPiece piece;
    while (splitter.next(piece)) pieces.push_back(piece);
    if (head_closes) *head_closes = splitter.head_closes();
    return pieces;
}

std::string encode(std::string_view head, bool closes, std::string_view members, std::string_view tail) {
    std::string out;
    append_segment({head, closes, members, tail}, out);
    return out;
}

std::string header(std::uint64_t head, std::uint64_t closes, std::uint64_t tail) {
    std::string out(24, '\0');
    std::memcpy(out.data(), &head, 8);
    std::memcpy(out.data() + 8, &closes, 8);
    std::memcpy(out.data() + 16, &tail, 8);
    return out;
}

}  // namespace

TEST_CASE("unit_records_for: about 256 KiB of input per unit, a power of two in 2..1024") {
    CHECK(unit_records_for(0) == 1024);
    CHECK(unit_records_for(100) == 1024);      // short reads: the cap
    CHECK(unit_records_for(330) == 512);       // 150 bp FASTQ: 512 * 330 <= 256 KiB < 1024 * 330
    CHECK(unit_records_for(20000) == 8);       // long reads: 8 * 20000 <= 256 KiB < 16 * 20000
    CHECK(unit_records_for(10'000'000) == 2);  // never below 2 (interleaved pairs stay whole)
}

TEST_CASE("UnitSplitter: a chunk that starts a unit: whole units, then the tail") {
    const std::string bytes = records(10, 0);
    bool closes = false;
    auto pieces = split({bytes, {}, 0, 0}, 10, 4, SeqFormat::Fastq, &closes);
    REQUIRE(pieces.size() == 3);
    CHECK(pieces[0].part == UnitPart::kWhole);
    CHECK(pieces[0].records.bytes == records(4, 0));
    CHECK(pieces[1].part == UnitPart::kWhole);
    CHECK(pieces[1].records.bytes == records(4, 4));
    CHECK(pieces[1].records.first_record == 4);
    CHECK(pieces[1].records.first_line == 16);
    CHECK(pieces[2].part == UnitPart::kTail);
    CHECK(pieces[2].records.bytes == records(2, 8));
    CHECK(pieces[2].records.first_record == 8);
    CHECK(closes);  // no head: nothing to close, the writer may flush
}

TEST_CASE("UnitSplitter: a chunk that starts inside a unit: the head closes it") {
    // Records 6..12 with units of 4: head 6-7, whole 8-11, tail 12.
    const std::string bytes = records(7, 6);
    bool closes = false;
    auto pieces = split({bytes, {}, 6, 24}, 7, 4, SeqFormat::Fastq, &closes);
    REQUIRE(pieces.size() == 3);
    CHECK(pieces[0].part == UnitPart::kHead);
    CHECK(pieces[0].records.bytes == records(2, 6));
    CHECK(pieces[0].records.first_line == 24);
    CHECK(pieces[1].part == UnitPart::kWhole);
    CHECK(pieces[1].records.first_record == 8);
    CHECK(pieces[1].records.first_line == 32);
    CHECK(pieces[2].part == UnitPart::kTail);
    CHECK(pieces[2].records.bytes == records(1, 12));
    CHECK(closes);
}

TEST_CASE("UnitSplitter: a chunk inside one unit is one head that does not close it") {
    const std::string bytes = records(2, 5);
    bool closes = true;
    auto pieces = split({bytes, {}, 5, 20}, 2, 8, SeqFormat::Fastq, &closes);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].part == UnitPart::kHead);
    CHECK(pieces[0].records.bytes == bytes);
    CHECK_FALSE(closes);
    // Ending exactly at the unit's end closes it.
    const std::string to_end = records(3, 5);
    pieces = split({to_end, {}, 5, 20}, 3, 8, SeqFormat::Fastq, &closes);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].part == UnitPart::kHead);
    CHECK(closes);
}

TEST_CASE("UnitSplitter: paired bytes are split at the same record counts") {
    const std::string r1 = records(5, 0);
    const std::string r2 = records(5, 1000);  // longer names, other offsets
    auto pieces = split({r1, r2, 2, 8}, 5, 2);
    REQUIRE(pieces.size() == 3);  // 2-3 | 4-5 | 6
    CHECK(pieces[0].records.bytes == records(2, 0));
    CHECK(pieces[0].records.bytes2 == records(2, 1000));
    CHECK(pieces[1].records.bytes2 == records(2, 1002));
    CHECK(pieces[2].records.bytes2 == records(1, 1004));
    CHECK(pieces[2].records.first_record == 6);
}

TEST_CASE("UnitSplitter: FASTA pieces end before a header") {
    const std::string bytes = ">a\nAC\nGT\n>b\nA\n>c\nC\n";
    auto pieces = split({bytes, {}, 1, 0}, 3, 2, SeqFormat::Fasta);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0].part == UnitPart::kHead);
    CHECK(pieces[0].records.bytes == ">a\nAC\nGT\n");
    CHECK(pieces[1].part == UnitPart::kWhole);
    CHECK(pieces[1].records.bytes == ">b\nA\n>c\nC\n");
    CHECK(pieces[1].records.first_line == 3);
}

// Regression: with a compressed output a FASTA input without a header
// ("junk\n", cut at EOF as a chunk of 0 records) was dropped and the run
// succeeded; cutadapt 4.2 fails at line 1, as ringtrim did for plain output.
TEST_CASE("UnitSplitter: bytes without a record still reach the parser") {
    const std::string junk = "junk\n";
    auto pieces = split({junk, {}, 0, 0}, 0, 4, SeqFormat::Fasta);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].records.bytes == junk);
    CHECK(pieces[0].part == UnitPart::kTail);
    pieces = split({junk, {}, 6, 10}, 0, 4, SeqFormat::Fasta);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].part == UnitPart::kHead);
    CHECK(pieces[0].records.first_record == 6);
    CHECK(pieces[0].records.first_line == 10);
    CHECK(split({{}, {}, 6, 10}, 0, 4).empty());
}

TEST_CASE("UnitSplitter: interleaved pairs never straddle units") {
    std::mt19937 rng(11);
    for (int round = 0; round < 50; ++round) {
        const int pairs = std::uniform_int_distribution<int>(1, 30)(rng);
        const std::string bytes = ringtrim::test::random_fastq(rng, 2 * pairs, 20);
        const std::uint64_t unit = std::uint64_t{2} << std::uniform_int_distribution<int>(0, 3)(rng);
        const std::uint64_t first = 2 * std::uniform_int_distribution<std::uint64_t>(0, 20)(rng);
        std::uint64_t total = 0;
        for (const auto& p : split({bytes, {}, first, 0}, 2 * pairs, unit)) {
            const std::uint64_t n = ringtrim::test::count_newlines(p.records.bytes) / 4;
            CHECK(p.records.first_record % 2 == 0);
            CHECK(n % 2 == 0);
            total += n;
        }
        CHECK(total == static_cast<std::uint64_t>(2 * pairs));
    }
}

TEST_CASE("Segment frame: round trip") {
    for (bool closes : {false, true}) {
        const std::string seg = encode("head bytes", closes, "<m1><m2>", "tail");
        CHECK(seg.size() == 24 + 10 + 8 + 4);
        CHECK(seg.substr(0, 24) == header(10, closes ? 1 : 0, 4));
        auto frame = parse_segment(seg);
        REQUIRE(frame);
        CHECK(frame->head == "head bytes");
        CHECK(frame->head_closes == closes);
        CHECK(frame->members == "<m1><m2>");
        CHECK(frame->tail == "tail");
    }
}

TEST_CASE("Segment frame: empty head, members and tail") {
    const std::string seg = encode("", true, "", "");
    CHECK(seg == header(0, 1, 0));
    auto frame = parse_segment(seg);
    REQUIRE(frame);
    CHECK(frame->head.empty());
    CHECK(frame->members.empty());
    CHECK(frame->tail.empty());
    const std::string members_only = encode("", false, "<m>", "");
    frame = parse_segment(members_only);  // views into members_only
    REQUIRE(frame);
    CHECK(frame->members == "<m>");
    CHECK_FALSE(frame->head_closes);
}

TEST_CASE("Segment frame: many members pass through whole") {
    SegmentBuilder builder;
    std::string expected;
    for (int u = 0; u < 500; ++u) {
        const std::string unit = records(2, 2 * u);
        CHECK(builder.add(UnitPart::kWhole, unit, kBracket));
        expected += "<" + unit + ">";
    }
    CHECK(builder.add(UnitPart::kTail, "rest", kBracket));
    std::string seg = "old bytes";
    builder.finish(true, seg);
    auto frame = parse_segment(seg);
    REQUIRE(frame);
    CHECK(frame->head.empty());
    CHECK(frame->members == expected);
    CHECK(frame->tail == "rest");
    builder.clear();
    builder.finish(false, seg);
    CHECK(seg == header(0, 0, 0));
}

TEST_CASE("Segment frame error: malformed segments are refused") {
    CHECK_FALSE(parse_segment(""));
    CHECK_FALSE(parse_segment(header(0, 0, 0).substr(0, 23)));
    CHECK_FALSE(parse_segment(header(5, 0, 0) + "abcd"));           // head longer than the body
    CHECK_FALSE(parse_segment(header(2, 0, 3) + "abcd"));           // head + tail longer than the body
    CHECK_FALSE(parse_segment(header(2, 0, UINT64_MAX) + "abcd"));  // no wrap-around
    CHECK_FALSE(parse_segment(header(0, 2, 0)));                    // head_closes is 0 or 1
    CHECK(parse_segment(header(2, 0, 2) + "abcd"));
}

TEST_CASE("UnitJoiner: joins a unit's pieces across segments into one member") {
    UnitJoiner joiner;
    std::string out;
    const WriteBytes write = [&out](std::string_view b) { out.append(b); };
    REQUIRE(joiner.join(encode("", true, "<u0>", "u1a"), kBracket, write));
    CHECK(out == "<u0>");  // u1 is pending
    REQUIRE(joiner.join(encode("u1b", false, "", ""), kBracket, write));
    CHECK(out == "<u0>");  // still open
    REQUIRE(joiner.join(encode("u1c", true, "<u2>", "u3"), kBracket, write));
    CHECK(out == "<u0><u1au1bu1c><u2>");
    joiner.finish(kBracket, write);
    CHECK(out == "<u0><u1au1bu1c><u2><u3>");
    joiner.finish(kBracket, write);  // nothing pending: no empty member
    CHECK(out == "<u0><u1au1bu1c><u2><u3>");
}

TEST_CASE("UnitJoiner error: a malformed segment writes and keeps nothing") {
    UnitJoiner joiner;
    std::string out;
    const WriteBytes write = [&out](std::string_view b) { out.append(b); };
    CHECK_FALSE(joiner.join(header(9, 1, 0) + "abc", kBracket, write));
    joiner.finish(kBracket, write);
    CHECK(out.empty());
}

TEST_CASE("Units end to end: the output does not depend on the chunk size") {
    std::mt19937 rng(42);
    for (int round = 0; round < 100; ++round) {
        const bool interleaved = round % 2 == 1;
        const int n = 2 * std::uniform_int_distribution<int>(0, 40)(rng);
        const std::string input = ringtrim::test::random_fastq(rng, n, 30, 25, 150);
        ChunkShape shape;
        shape.record_multiple = interleaved ? 2 : 1;
        shape.unit_records = std::uint64_t{2} << std::uniform_int_distribution<int>(0, 3)(rng);
        // Expected: one member per unit, cut from the whole input.
        std::string expected;
        for (auto& p : split({input, {}, 0, 0}, static_cast<std::uint64_t>(n), shape.unit_records))
            kBracket(p.records.bytes, expected);
        const std::size_t capacity = std::uniform_int_distribution<std::size_t>(8, 600)(rng);
        CAPTURE(round, n, capacity, shape.unit_records);
        auto run = cut_all({input}, capacity, shape);
        REQUIRE(run.last.kind == ChunkCut::Kind::kEnd);
        // Worker: the pipeline's output is the piece itself.
        UnitJoiner joiner;
        SegmentBuilder builder;
        std::string out, seg;
        const WriteBytes write = [&out](std::string_view b) { out.append(b); };
        for (const auto& c : run.chunks) {
            UnitSplitter splitter({c.bytes[0], {}, c.first_record, c.first_line}, c.records, shape.unit_records,
                                  shape.format);
            builder.clear();
            UnitPiece piece;
            while (splitter.next(piece)) REQUIRE(builder.add(piece.part, piece.records.bytes, kBracket));
            builder.finish(splitter.head_closes(), seg);
            REQUIRE(joiner.join(seg, kBracket, write));
        }
        joiner.finish(kBracket, write);
        CHECK(out == expected);
    }
}

TEST_CASE("Segment frame: pieces out of order are refused, and finish starts afresh") {
    SegmentBuilder builder;
    builder.clear();
    CHECK(builder.add(UnitPart::kTail, "t", kBracket));
    CHECK_FALSE(builder.add(UnitPart::kWhole, "w", kBracket));
    builder.clear();
    CHECK(builder.add(UnitPart::kHead, "h", kBracket));
    CHECK(builder.add(UnitPart::kWhole, "w", kBracket));
    CHECK_FALSE(builder.add(UnitPart::kHead, "h2", kBracket));
    CHECK(builder.add(UnitPart::kTail, "t", kBracket));
    CHECK_FALSE(builder.add(UnitPart::kTail, "t2", kBracket));
    std::string seg;
    builder.finish(false, seg);
    auto frame = parse_segment(seg);
    REQUIRE(frame);
    CHECK(frame->head == "h");
    CHECK(frame->members == "<w>");
    CHECK(frame->tail == "t");
    // After finish the builder holds an empty segment: a second one has
    // only what comes after.
    CHECK(builder.add(UnitPart::kWhole, "x", kBracket));
    builder.finish(true, seg);
    frame = parse_segment(seg);
    REQUIRE(frame);
    CHECK(frame->head.empty());
    CHECK(frame->members == "<x>");
    CHECK(frame->head_closes);
}
