// Replays the fuzz corpus (tests/fuzz/corpus/{chunker,parser}/) through the
// same invariant checks the libFuzzer targets run (tests/fuzz/fuzz_targets.hpp),
// so every seed and every crasher found so far is a plain regression test in
// the normal build (zstd tests/fuzz/regression_driver.c does the same).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lib/fastq/parse.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> corpus_files(const std::string& target) {
    std::vector<fs::path> files;
    const fs::path dir = fs::path(RINGTRIM_FUZZ_CORPUS) / target;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("chunker corpus: cuts only after whole records, chunked parsing equals whole parsing") {
    const auto files = corpus_files("chunker");
    REQUIRE(files.size() >= 10);
    for (const auto& f : files) {
        INFO(f.filename().string());
        CHECK(ringtrim::fuzz::check_chunker(slurp(f)) == "");
    }
}

TEST_CASE("parser corpus: no crash, 1-based record numbers and in-chunk lines in errors") {
    const auto files = corpus_files("parser");
    REQUIRE(files.size() >= 10);
    for (const auto& f : files) {
        INFO(f.filename().string());
        CHECK(ringtrim::fuzz::check_parser(slurp(f)) == "");
    }
}

TEST_CASE("every corpus file also passes the other target's checks") {
    // The two targets read their parameters differently, so each file is a
    // second, different input for the other target.
    for (const char* target : {"chunker", "parser"}) {
        for (const auto& f : corpus_files(target)) {
            INFO(f.string());
            const std::string bytes = slurp(f);
            CHECK(ringtrim::fuzz::check_chunker(bytes) == "");
            CHECK(ringtrim::fuzz::check_parser(bytes) == "");
        }
    }
}

TEST_CASE("a well-formed FASTQ and FASTA pass at every chunk size") {
    const std::string fastq = "@r1\nACGT\n+\nIIII\n@r2\nAC\n+r2\nII\n@r3\n\n+\n\n";
    const std::string fasta = ">r1\nAC\nGT\n\n>r2 x\n#c\nA\n>r3\n";
    for (unsigned cap = 0; cap < 64; ++cap) {
        for (unsigned flags = 0; flags < 4; ++flags) {
            INFO("capacity " << cap + 1 << " flags " << flags);
            const std::string params{static_cast<char>(flags), static_cast<char>(cap), '\0', '\0'};
            CHECK(ringtrim::fuzz::check_chunker((flags & 1 ? fasta : fastq) + params) == "");
        }
    }
    CHECK(ringtrim::fuzz::check_parser(fastq + std::string("\x06\x00", 2)) == "");
    CHECK(ringtrim::fuzz::check_parser(fasta + std::string("\x01\x09", 2)) == "");
}

TEST_CASE("find_invalid_byte finds a byte >= 0x80 at every offset; NUL is ASCII as for cutadapt") {
    for (char bad : {'\x80', '\xc3', '\xff'}) {
        for (std::size_t at = 0; at < 40; ++at) {
            std::string s(40, 'A');
            s[at] = bad;
            if (at > 0) s[at - 1] = '\0';               // NUL before it is valid
            if (at + 1 < s.size()) s[at + 1] = '\x90';  // a later invalid byte is not the first
            INFO("byte " << static_cast<int>(static_cast<unsigned char>(bad)) << " at " << at);
            CHECK(ringtrim::core::find_invalid_byte(s) == at);
        }
    }
    CHECK(ringtrim::core::find_invalid_byte(std::string(41, '\x7f')) == std::string_view::npos);
    CHECK(ringtrim::core::find_invalid_byte(std::string(41, '\x01')) == std::string_view::npos);
    CHECK(ringtrim::core::find_invalid_byte(std::string(41, '\0')) == std::string_view::npos);
}

TEST_CASE("FASTA headers may be indented, as dnaio strips each line") {
    // Regression (issue #6, found by fuzz_parser): "  >b" was read as sequence.
    const std::string fasta = ">a\nAC\n  >b\nGG\n\x1c>c x \t\nT\n";
    ringtrim::core::ChunkParser parser(fasta, ringtrim::core::SeqFormat::Fasta, 0, 0);
    ringtrim::core::Read r;
    std::vector<std::string> names, seqs;
    while (parser.next(r)) {
        names.push_back(r.name);
        seqs.push_back(r.sequence);
    }
    CHECK_FALSE(parser.error());
    CHECK(names == std::vector<std::string>{"a", "b", "c x"});
    CHECK(seqs == std::vector<std::string>{"AC", "GG", "T"});
    const auto end = ringtrim::core::find_chunk_end(fasta, ringtrim::core::SeqFormat::Fasta, false);
    CHECK(end.records == 2);
    CHECK(fasta.substr(end.bytes).rfind("\x1c>c", 0) == 0);
}
