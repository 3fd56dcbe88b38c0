// Tests of lib/fastq/parse: chunk cutting and record parsing. Expected error
// positions are hand-checked against dnaio 0.10 (cutadapt 4.2's parser), which
// reports the same lines for the same inputs.
#include "lib/fastq/parse.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace ringtrim::core;

namespace {

std::vector<Read> parse_all(std::string_view bytes, SeqFormat fmt, std::optional<Error>* err = nullptr) {
    ChunkParser parser(bytes, fmt, 0, 0);
    std::vector<Read> out;
    Read r;
    while (parser.next(r)) out.push_back(r);
    if (err) *err = parser.error();
    return out;
}

}  // namespace

TEST_CASE("FASTQ records parse into name, sequence and qualities") {
    auto reads = parse_all("@r1 c\nACGT\n+\nIIII\n@r2\nAC\n+r2\nII\n", SeqFormat::Fastq);
    REQUIRE(reads.size() == 2);
    CHECK(reads[0].name == "r1 c");
    CHECK(reads[0].sequence == "ACGT");
    CHECK(reads[0].qualities == "IIII");
    CHECK(reads[0].id() == "r1");
    CHECK(reads[1].name == "r2");
}

TEST_CASE("FASTQ final record without trailing newline is accepted") {
    auto reads = parse_all("@r1\nACGT\n+\nIIII", SeqFormat::Fastq);
    REQUIRE(reads.size() == 1);
    CHECK(reads[0].qualities == "IIII");
}

TEST_CASE("FASTQ CRLF line endings are accepted and stripped") {
    auto reads = parse_all("@r1\r\nACGT\r\n+\r\nIIII\r\n", SeqFormat::Fastq);
    REQUIRE(reads.size() == 1);
    CHECK(reads[0].name == "r1");
    CHECK(reads[0].sequence == "ACGT");
    CHECK(reads[0].qualities == "IIII");
}

TEST_CASE("FASTQ error: missing '@' names record and line") {
    std::optional<Error> err;
    parse_all("@r1\nACGT\n+\nIIII\nr2\nAC\n+\nII\n", SeqFormat::Fastq, &err);
    REQUIRE(err);
    CHECK(err->record == 2);
    CHECK(err->line == 5);
    CHECK_THAT(err->message, Catch::Contains("expected '@'"));
}

TEST_CASE("FASTQ error: missing '+'") {
    std::optional<Error> err;
    parse_all("@r1\nACGT\n-\nIIII\n", SeqFormat::Fastq, &err);
    REQUIRE(err);
    CHECK(err->record == 1);
    CHECK(err->line == 3);
}

TEST_CASE("FASTQ error: sequence and quality lengths differ") {
    std::optional<Error> err;
    parse_all("@r1\nACGT\n+\nIII\n", SeqFormat::Fastq, &err);
    REQUIRE(err);
    CHECK(err->line == 4);
    CHECK_THAT(err->message, Catch::Contains("4 and 3"));
}

TEST_CASE("FASTQ error: second name differs") {
    std::optional<Error> err;
    parse_all("@r1\nACGT\n+x\nIIII\n", SeqFormat::Fastq, &err);
    REQUIRE(err);
    CHECK(err->line == 3);
}

TEST_CASE("FASTQ error: truncated final record") {
    std::optional<Error> err;
    auto reads = parse_all("@r1\nACGT\n+\nIIII\n@r2\nAC\n", SeqFormat::Fastq, &err);
    CHECK(reads.size() == 1);
    REQUIRE(err);
    CHECK(err->record == 2);
    CHECK_THAT(err->message, Catch::Contains("premature end"));
}

TEST_CASE("FASTQ error: blank line after the last record") {
    std::optional<Error> err;
    parse_all("@r1\nACGT\n+\nIIII\n\n", SeqFormat::Fastq, &err);
    REQUIRE(err);
    CHECK(err->record == 2);
}

TEST_CASE("absolute record and line numbers come from the chunk's start") {
    ChunkParser parser("@r\nA\n+\nI\nxx\n", SeqFormat::Fastq, 1000, 4000);
    Read r;
    CHECK(parser.next(r));
    CHECK_FALSE(parser.next(r));
    REQUIRE(parser.error());
    CHECK(parser.error()->record == 1002);
    CHECK(parser.error()->line == 4005);
}

TEST_CASE("FASTA: multi-line sequences, blank and comment lines") {
    auto reads = parse_all("#c\n>r1 x\nACGT\n\nAC\n>r2\n>r3\r\nA\r\n", SeqFormat::Fasta);
    REQUIRE(reads.size() == 3);
    CHECK(reads[0].name == "r1 x");
    CHECK(reads[0].sequence == "ACGTAC");
    CHECK(reads[1].sequence.empty());
    CHECK(reads[2].name == "r3");
    CHECK(reads[2].sequence == "A");
    CHECK(reads[2].qualities.empty());
}

TEST_CASE("FASTA error: text before the first header") {
    std::optional<Error> err;
    parse_all("xx\n>r1\nACGT\n", SeqFormat::Fasta, &err);
    REQUIRE(err);
    CHECK(err->line == 1);
}

TEST_CASE("find_chunk_end cuts FASTQ after whole records only") {
    std::string two = "@r1\nACGT\n+\n@III\n@r2\nAC\n+\nII\n";
    auto end = find_chunk_end(two + "@r3\nA", SeqFormat::Fastq, false);
    CHECK(end.bytes == two.size());
    CHECK(end.records == 2);
    CHECK(end.lines == 8);
    auto at_eof = find_chunk_end(two + "@r3\nA", SeqFormat::Fastq, true);
    CHECK(at_eof.bytes == two.size() + 5);
    auto one = find_chunk_end(two, SeqFormat::Fastq, false, 1);
    CHECK(one.records == 1);
    auto pairs = find_chunk_end(two + "@r3\nA\n+\nI\n", SeqFormat::Fastq, false, UINT64_MAX, 2);
    CHECK(pairs.records == 2);
}

TEST_CASE("find_chunk_end cuts FASTA before a header line") {
    std::string s = ">r1\nAC\nGT\n>r2\nA\n>r3\nAA";
    auto end = find_chunk_end(s, SeqFormat::Fasta, false);
    CHECK(end.records == 2);
    CHECK(s.substr(end.bytes) == ">r3\nAA");
    auto at_eof = find_chunk_end(s, SeqFormat::Fasta, true);
    CHECK(at_eof.bytes == s.size());
    CHECK(at_eof.records == 3);
}

TEST_CASE("property: parsing does not depend on where chunks are cut") {
    std::mt19937 rng(42);
    std::string all;
    for (int i = 0; i < 200; ++i) {
        int len = static_cast<int>(rng() % 40);
        std::string seq, qual;
        for (int j = 0; j < len; ++j) {
            seq += "ACGTN"[rng() % 5];
            qual += static_cast<char>('!' + rng() % 40);  // may start with '@'
        }
        all += "@read" + std::to_string(i) + "\n" + seq + "\n+\n" + qual + "\n";
    }
    auto whole = parse_all(all, SeqFormat::Fastq);
    REQUIRE(whole.size() == 200);
    for (std::size_t cap : {16u, 64u, 100u, 1000u}) {
        std::vector<Read> pieces;
        std::string_view rest = all;
        std::uint64_t rec = 0, line = 0;
        while (!rest.empty()) {
            auto window = rest.substr(0, std::max<std::size_t>(cap, 200));
            auto end = find_chunk_end(window, SeqFormat::Fastq, window.size() == rest.size());
            REQUIRE(end.bytes > 0);
            ChunkParser p(rest.substr(0, end.bytes), SeqFormat::Fastq, rec, line);
            Read r;
            while (p.next(r)) pieces.push_back(r);
            REQUIRE_FALSE(p.error());
            rec += end.records;
            line += end.lines;
            rest.remove_prefix(end.bytes);
        }
        REQUIRE(pieces.size() == whole.size());
        for (std::size_t i = 0; i < whole.size(); ++i) CHECK(pieces[i].sequence == whole[i].sequence);
    }
}

TEST_CASE("property: every line is found wherever it falls in the 64-byte blocks") {
    // The parser finds newlines one 64-byte block at a time: records of
    // 0-200 bases, LF or CRLF, chunks starting at any offset of a buffer
    // and ending with or without the final newline, against the records
    // that were written.
    std::mt19937 rng(64);
    for (int round = 0; round < 300; ++round) {
        std::vector<Read> want;
        std::string text;
        const int records = 1 + static_cast<int>(rng() % 12);
        const bool crlf = rng() % 4 == 0;
        for (int i = 0; i < records; ++i) {
            Read r;
            r.name = "r";
            r.name.append(std::to_string(i));
            r.name.append(rng() % 70, 'x');
            const int len = static_cast<int>(rng() % 201);
            for (int j = 0; j < len; ++j) {
                r.sequence += "ACGTN"[rng() % 5];
                r.qualities += static_cast<char>('!' + rng() % 40);
            }
            const std::string_view eol = crlf ? "\r\n" : "\n";
            for (std::string_view part :
                 {std::string_view("@"), std::string_view(r.name), eol, std::string_view(r.sequence), eol,
                  std::string_view("+"), eol, std::string_view(r.qualities), eol}) {
                text.append(part);
            }
            want.push_back(r);
        }
        if (rng() % 3 == 0) text.resize(text.size() - (crlf ? 2 : 1));  // no final newline
        const std::size_t shift = rng() % 64;
        std::string buffer(shift, '#');
        buffer.append(text);
        std::optional<Error> err;
        const auto got = parse_all(std::string_view(buffer).substr(shift), SeqFormat::Fastq, &err);
        REQUIRE_FALSE(err);
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            CHECK(got[i].name == want[i].name);
            CHECK(got[i].sequence == want[i].sequence);
            CHECK(got[i].qualities == want[i].qualities);
        }
        // Cut inside the last record: an error naming it, never a crash.
        const std::string_view cut = std::string_view(buffer).substr(shift, text.size() - 1 - rng() % 3);
        std::optional<Error> cut_err;
        const auto partial = parse_all(cut, SeqFormat::Fastq, &cut_err);
        if (cut_err) CHECK(cut_err->record == partial.size() + 1);
    }
}

TEST_CASE("format detection from name and content, as dnaio") {
    CHECK(format_from_name("x.fastq.gz") == SeqFormat::Fastq);
    CHECK(format_from_name("x.FA") == SeqFormat::Fasta);
    CHECK(format_from_name("in1_sequence.txt.gz") == SeqFormat::Fastq);
    CHECK(format_from_name("x.txt") == std::nullopt);
    CHECK(format_from_name("-") == std::nullopt);
    CHECK(format_from_content("@x") == SeqFormat::Fastq);
    CHECK(format_from_content(">x") == SeqFormat::Fasta);
    CHECK(format_from_content("") == SeqFormat::Fastq);
    CHECK(format_from_content("x") == std::nullopt);
}

TEST_CASE("non-ASCII bytes are found") {
    CHECK(find_invalid_byte("ACGTACGTACGTACGT") == std::string_view::npos);
    std::string s = "ACGTACGTACGT\xc3GT";
    CHECK(find_invalid_byte(s) == 12);
    // The first of several, anywhere in and across 64-byte blocks, or none.
    std::mt19937 rng(80);
    for (int round = 0; round < 2000; ++round) {
        std::string bytes(rng() % 300, 'A');
        std::size_t first = std::string_view::npos;
        for (int k = static_cast<int>(rng() % 3); k > 0 && !bytes.empty(); --k) {
            const std::size_t at = rng() % bytes.size();
            bytes[at] = static_cast<char>(0x80 + rng() % 128);
            first = std::min(first, at);
        }
        REQUIRE(find_invalid_byte(bytes) == first);
    }
}
