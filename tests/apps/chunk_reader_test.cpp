// ChunkReader (the parent's role) reads or inflates straight into the slot
// and keeps each chunk's tail for the next one. Its chunks must be exactly
// those of the pure cutter over the whole input with buffers of `capacity`
// bytes (cut_all, tests/lib/chunk/cut_all.hpp), whatever the file's
// compression, the capacity, the unit size, paired or interleaved input, and
// records longer than the capacity.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "apps/ringtrim/chunk_roles.hpp"
#include "ipc/io/compression.hpp"
#include "tests/lib/chunk/cut_all.hpp"

using namespace ringtrim;

namespace {

struct TempFile {
    std::string path;
    TempFile(const std::string& bytes, bool gzip, int n) {
        path = "/tmp/ringtrim-chunk-reader-" + std::to_string(::getpid()) + "-" + std::to_string(n) +
               (gzip ? ".fq.gz" : ".fq");
        std::string data = bytes;
        if (gzip) {
            data.clear();
            // Several members, cut anywhere, as cat a.gz b.gz gives.
            for (std::size_t at = 0; at < bytes.size(); at += 70001)
                io::compress_member(std::string_view(bytes).substr(at, 70001), io::Compression::kGzip, 1, data);
        }
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f != nullptr);
        REQUIRE(std::fwrite(data.data(), 1, data.size(), f) == data.size());
        std::fclose(f);
    }
    ~TempFile() { std::remove(path.c_str()); }
};

// Every chunk ChunkReader places, as cut_all describes chunks.
std::vector<test::CutChunk> read_all(app::ChunkReader& reader, std::size_t cap, bool paired) {
    std::vector<test::CutChunk> out;
    std::string slot[2] = {std::string(cap, '\0'), std::string(cap, '\0')};
    char* const buf[2] = {slot[0].data(), slot[1].data()};
    std::uint64_t first_record = 0, first_line = 0;
    for (;;) {
        std::size_t len[2] = {0, 0};
        std::uint64_t records = 0, lines = 0;
        std::string large[2];
        bool is_large = false;
        if (!reader.next(buf, cap, len, records, lines, large, is_large)) break;
        test::CutChunk c;
        for (int i = 0; i < (paired ? 2 : 1); ++i) c.bytes[i] = is_large ? large[i] : std::string(buf[i], len[i]);
        c.first_record = first_record;
        c.first_line = first_line;
        c.records = records;
        c.lines = lines;
        c.long_record = is_large;
        first_record += records;
        first_line += lines;
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

TEST_CASE("ChunkReader places the chunks of the pure cutter, read straight into the slot") {
    std::mt19937 rng(15);
    int file = 0;
    for (int round = 0; round < 60; ++round) {
        const bool paired = round % 3 == 1;
        const bool interleaved = round % 3 == 2;
        const bool gzip = round % 2 == 0;
        const int n = std::uniform_int_distribution<int>(0, 400)(rng) * (interleaved ? 2 : 1);
        // Some records longer than the capacity (read whole, their own chunk).
        const std::string r1 = test::random_fastq(rng, n, 120, 50, 3000);
        const std::string r2 = paired ? test::random_fastq(rng, n, 120, 50, 3000) : std::string();
        const std::size_t cap = std::uniform_int_distribution<std::size_t>(300, 9000)(rng);
        const std::uint64_t unit = std::uint64_t{1} << std::uniform_int_distribution<int>(0, 4)(rng);
        INFO("round " << round << " paired " << paired << " interleaved " << interleaved << " gzip " << gzip
                      << " records " << n << " capacity " << cap << " unit " << unit);

        TempFile f1(r1, gzip, file++);
        TempFile f2(r2, gzip, file++);
        app::RunPlan plan;
        plan.input1 = f1.path;
        if (paired) plan.input2 = f2.path;
        plan.buffer_size = cap;
        plan.mode.interleaved_input = interleaved;
        app::ChunkReader reader(plan);
        reader.set_format(core::SeqFormat::Fastq);
        reader.set_unit_records(unit);
        const auto got = read_all(reader, cap, paired);

        core::ChunkShape shape;
        shape.record_multiple = interleaved ? 2 : 1;
        shape.unit_records = unit;
        const test::CutRun want =
            test::cut_all(paired ? std::vector<std::string>{r1, r2} : std::vector<std::string>{r1}, cap, shape);
        REQUIRE(got.size() == want.chunks.size());
        for (std::size_t c = 0; c < got.size(); ++c) {
            INFO("chunk " << c);
            CHECK(got[c].bytes[0] == want.chunks[c].bytes[0]);
            CHECK(got[c].bytes[1] == want.chunks[c].bytes[1]);
            CHECK(got[c].records == want.chunks[c].records);
            CHECK(got[c].lines == want.chunks[c].lines);
            CHECK(got[c].long_record == want.chunks[c].long_record);
        }
    }
}
