// ChunkReader (the parent's role) reads or inflates straight into the slot
// and keeps each chunk's tail for the next one. Its chunks must be exactly
// those of the pure cutter over the whole input with buffers of `capacity`
// bytes (cut_all, tests/lib/chunk/cut_all.hpp), whatever the file's
// compression, the capacity, the unit size, paired or interleaved input, and
// records longer than the capacity.
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <deque>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "apps/roles/bgzf_source.hpp"
#include "apps/roles/chunk_reader.hpp"
#include "apps/roles/member_source.hpp"
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

// The reader of one or two files in chunks of `cap` bytes.
roles::ReaderOptions reader_options(const std::string& r1, const std::string* r2, std::size_t cap, bool interleaved) {
    roles::ReaderOptions options;
    options.input1 = r1;
    if (r2 != nullptr) options.input2 = *r2;
    options.buffer_size = cap;
    options.interleaved = interleaved;
    return options;
}

// A placed chunk, as cut_all describes chunks, and how it was encoded.
struct Placed : test::CutChunk {
    ipc::ChunkTag encoding = ipc::ChunkTag::kAsRead;
};

// Every chunk ChunkReader places.
std::vector<Placed> read_all(roles::ChunkReader& reader, std::size_t cap, bool paired) {
    std::vector<Placed> out;
    std::string slot[2] = {std::string(cap, '\0'), std::string(cap, '\0')};
    char* const buf[2] = {slot[0].data(), slot[1].data()};
    std::uint64_t first_record = 0, first_line = 0;
    for (;;) {
        auto next = reader.next(buf, cap);
        if (!next) break;
        const ipc::ProducedChunk& p = *next;
        CHECK_FALSE(p.prepare);
        Placed c;
        c.encoding = p.encoding;
        for (int i = 0; i < (paired ? 2 : 1); ++i)
            c.bytes[i] = p.large ? p.large_bytes[i] : std::string(buf[i], p.len[i]);
        c.first_record = first_record;
        c.first_line = first_line;
        c.records = p.records;
        c.lines = p.lines;
        c.long_record = p.large;
        first_record += p.records;
        first_line += p.lines;
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
        roles::ChunkReader reader(reader_options(f1.path, paired ? &f2.path : nullptr, cap, interleaved));
        reader.start(core::SeqFormat::Fastq, unit, false);
        const auto got = read_all(reader, cap, paired);

        core::ChunkShape shape;
        shape.record_multiple = interleaved ? 2 : 1;
        shape.unit_records = unit;
        const test::CutRun want =
            test::cut_all(paired ? std::vector<std::string>{r1, r2} : std::vector<std::string>{r1}, cap, shape);
        REQUIRE(got.size() == want.chunks.size());
        for (std::size_t c = 0; c < got.size(); ++c) {
            INFO("chunk " << c);
            CHECK(got[c].encoding == ipc::ChunkTag::kAsRead);  // members without an RT field: inflated by the reader
            CHECK(got[c].bytes[0] == want.chunks[c].bytes[0]);
            CHECK(got[c].bytes[1] == want.chunks[c].bytes[1]);
            CHECK(got[c].records == want.chunks[c].records);
            CHECK(got[c].lines == want.chunks[c].lines);
            CHECK(got[c].long_record == want.chunks[c].long_record);
        }
    }
}

namespace {

// One member of `records` (whole lines), with the RT field or without.
std::string member(std::string_view data, bool rt) {
    io::MemberNote note;
    note.lines = static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\n'));
    note.ends_with_newline = !data.empty() && data.back() == '\n';
    std::string out;
    io::compress_member(data, io::Compression::kGzip, 1, out, io::GzipEngine::kAuto, rt ? &note : nullptr);
    return out;
}

// Byte offsets of record starts in FASTQ `text` (4 lines each).
std::vector<std::size_t> record_starts(const std::string& text) {
    std::vector<std::size_t> starts{0};
    std::size_t lines = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && ++lines % 4 == 0) starts.push_back(i + 1);
    return starts;
}

}  // namespace

// A gzip file of `text` (FASTQ) in members of splits[k] records each; the
// member at `odd` is plain (how 1) or ends inside a record (how 2).
std::string member_file(const std::string& text, const std::vector<std::size_t>& splits, std::size_t odd, int how) {
    const auto starts = record_starts(text);
    std::string file;
    std::size_t r = 0;
    for (std::size_t m = 0; m < splits.size(); ++m) {
        const std::size_t from = starts[r], end = starts[r + splits[m]];
        std::size_t to = end;
        if (m == odd && how == 2 && to - from > 3) to -= 2;  // the rest goes into a member of its own
        file += member(std::string_view(text).substr(from, to - from), !(m == odd && how == 1));
        if (to != end) file += member(std::string_view(text).substr(to, end - to), true);
        r += splits[m];
    }
    return file;
}

TEST_CASE("ChunkReader hands whole RT gzip members to workers, and inflates from the first other member") {
    std::mt19937 rng(1504);
    int file_no = 2000;
    for (int round = 0; round < 60; ++round) {
        const int shape = round % 3;  // 0: single-end, 1: paired files, 2: interleaved pairs
        const std::size_t step = shape == 2 ? 2 : 1;
        const std::size_t n = step * std::uniform_int_distribution<std::size_t>(1, 300)(rng);
        const std::string text1 = test::random_fastq(rng, static_cast<int>(n), 150, 60, 2500);
        const std::string text2 = test::random_fastq(rng, static_cast<int>(n), 150, 60, 2500);
        std::vector<std::size_t> splits;
        for (std::size_t r = 0; r < n;) {
            splits.push_back(std::min(n - r, step * std::uniform_int_distribution<std::size_t>(1, 20)(rng)));
            r += splits.back();
        }
        const std::size_t odd = std::uniform_int_distribution<std::size_t>(0, splits.size())(rng);
        // 0: RT to the end; 1: a plain member; 2: a member cut inside a record;
        // 3: paired mates split differently from `odd` on, or an odd record
        // count in an interleaved member.
        const int how = (round / 3) % 4;
        std::vector<std::size_t> splits2 = splits;
        if (how == 3 && odd < splits.size()) {
            if (shape == 1 && splits[odd] > 1) {
                splits2[odd] -= 1;
                splits2.insert(splits2.begin() + static_cast<long>(odd) + 1, 1);
            } else if (shape == 2) {
                splits[odd] -= 1;  // the pair is split across two members
                splits.insert(splits.begin() + static_cast<long>(odd) + 1, 1);
            }
        }
        const std::size_t cap = std::uniform_int_distribution<std::size_t>(2000, 40000)(rng);
        INFO("round " << round << " shape " << shape << " records " << n << " members " << splits.size() << " odd "
                      << odd << " how " << how << " capacity " << cap);
        TempFile f1(member_file(text1, splits, odd, how % 3), false, file_no++);  // already gzip
        TempFile f2(member_file(text2, splits2, odd, how % 3), false, file_no++);
        roles::ChunkReader reader(reader_options(f1.path, shape == 1 ? &f2.path : nullptr, cap, shape == 2));
        reader.start(core::SeqFormat::Fastq, 4, false);

        std::string all[2];
        std::uint64_t total_records = 0;
        int encoded = 0;
        for (const Placed& c : read_all(reader, cap, shape == 1)) {
            for (int i = 0; i < (shape == 1 ? 2 : 1); ++i) {
                std::string bytes = c.bytes[i];
                if (!c.long_record) CHECK(bytes.size() <= cap);
                if (c.encoding == roles::encoding::kGzipMembers) {
                    std::string inflated;
                    roles::inflate_members(bytes, f1.path, inflated);
                    if (!c.long_record) CHECK(inflated.size() <= cap);
                    bytes = inflated;
                }
                CHECK(static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n')) == 4 * c.records);
                if (shape == 2) CHECK(c.records % 2 == 0);
                all[i] += bytes;
            }
            CHECK(c.lines == 4 * c.records);
            encoded += c.encoding == roles::encoding::kGzipMembers ? 1 : 0;
            total_records += c.records;
        }
        CHECK(all[0] == text1);
        if (shape == 1) CHECK(all[1] == text2);
        CHECK(total_records == n);
        if (odd > 0 || how == 0) CHECK(encoded > 0);
    }
}

namespace {

// One BGZF block of `data` (at most 65280 bytes), as bgzip writes it.
std::string bgzf_block(std::string_view data) {
    std::string deflated(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
    z_stream z{};
    REQUIRE(deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(deflated.data());
    z.avail_out = static_cast<uInt>(deflated.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    deflated.resize(z.total_out);
    deflateEnd(&z);
    auto le = [](std::string& s, std::uint32_t v, int bytes) {
        for (int k = 0; k < bytes; ++k) s += static_cast<char>((v >> (8 * k)) & 0xff);
    };
    std::string b("\x1f\x8b\x08\x04\0\0\0\0\0\xff\x06\0BC\x02\0", 16);
    le(b, static_cast<std::uint32_t>(18 + deflated.size() + 8 - 1), 2);
    b += deflated;
    le(b,
       static_cast<std::uint32_t>(
           crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()))),
       4);
    le(b, static_cast<std::uint32_t>(data.size()), 4);
    return b;
}

// `text` in BGZF blocks cut anywhere (inside records too); the block at
// `odd` is a plain gzip member (how 1) or an empty block (how 2), and the
// file ends with bgzip's EOF block.
std::string bgzf_file(std::mt19937& rng, const std::string& text, std::size_t odd, int how) {
    std::string file;
    std::size_t block = 0;
    for (std::size_t at = 0; at < text.size(); ++block) {
        const std::size_t n = std::min(text.size() - at, std::uniform_int_distribution<std::size_t>(1, 65280)(rng));
        const std::string_view data = std::string_view(text).substr(at, n);
        if (block == odd && how == 1) {
            io::compress_member(data, io::Compression::kGzip, 1, file);
        } else {
            if (block == odd && how == 2) file += bgzf_block({});
            file += bgzf_block(data);
        }
        at += n;
    }
    return file + bgzf_block({});
}

}  // namespace

// The ring's steps for BGZF input, played in this process: raw chunks are
// prepared (prepare_bgzf) and finished (finish_raw) in order, up to three in
// flight, and the reader is asked to wait when it says so.
TEST_CASE("ChunkReader places BGZF blocks raw and finishes them into the input's records") {
    std::mt19937 rng(2605);
    int file_no = 4000;
    for (int round = 0; round < 36; ++round) {
        const int shape = round % 3;  // 0: single-end, 1: paired files, 2: interleaved pairs
        const int n = (shape == 2 ? 2 : 1) * std::uniform_int_distribution<int>(0, 1500)(rng);
        // Records up to 300 KB: longer than what fits before the inflated bytes.
        const int long_every = round % 4 == 3 ? 200 : 0;
        const std::string text1 = test::random_fastq(rng, n, 300, long_every, 300000);
        const std::string text2 = shape == 1 ? test::random_fastq(rng, n, 300, long_every, 300000) : std::string();
        const int how = (round / 3) % 3;  // 0: BGZF throughout; 1, 2: see bgzf_file
        const std::size_t odd = std::uniform_int_distribution<std::size_t>(0, 12)(rng);
        const std::size_t cap = roles::bgzf_min_capacity() + std::uniform_int_distribution<std::size_t>(0, 600000)(rng);
        const std::uint64_t unit = std::uint64_t{2} << std::uniform_int_distribution<int>(0, 6)(rng);
        INFO("round " << round << " shape " << shape << " records " << n << " how " << how << " odd " << odd
                      << " capacity " << cap << " unit " << unit);
        TempFile f1(bgzf_file(rng, text1, odd, how), false, file_no++);  // already compressed
        TempFile f2(bgzf_file(rng, text2, odd + 1, how), false, file_no++);
        roles::ChunkReader reader(reader_options(f1.path, shape == 1 ? &f2.path : nullptr, cap, shape == 2));
        reader.start(core::SeqFormat::Fastq, unit, true);

        const int inputs = shape == 1 ? 2 : 1;
        const std::string names[2] = {f1.path, f2.path};
        struct Slot {
            std::string area[2];
            ipc::ProducedChunk raw;
        };
        std::deque<Slot> flight;
        std::string all[2];
        std::uint64_t records = 0, lines = 0;
        int raw_chunks = 0, plain_chunks = 0;
        auto take = [&](const ipc::ProducedChunk& c, char* const buf[2]) {
            for (int i = 0; i < inputs; ++i) {
                const std::string bytes = c.large ? c.large_bytes[i] : std::string(buf[i] + c.offset[i], c.len[i]);
                if (!c.large) CHECK(c.offset[i] + c.len[i] <= cap);
                CHECK(static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n')) == 4 * c.records);
                all[i] += bytes;
            }
            if (shape == 2) CHECK(c.records % 2 == 0);
            CHECK(c.lines == 4 * c.records);
            records += c.records;
            lines += c.lines;
        };
        auto finish_oldest = [&] {
            Slot& s = flight.front();
            char* const buf[2] = {s.area[0].data(), inputs == 2 ? s.area[1].data() : nullptr};
            ipc::ChunkInput raw;
            for (int i = 0; i < inputs; ++i) raw.bytes[i] = std::string_view(buf[i], s.raw.len[i]);
            ipc::ProducedChunk prepared;
            REQUIRE(roles::prepare_bgzf(raw, buf, cap, names, prepared).kind == ipc::ProduceResult::kChunk);
            const ipc::ProducedChunk done = reader.finish_raw(buf, prepared);
            CHECK_FALSE(done.prepare);
            take(done, buf);
            flight.pop_front();
        };
        for (;;) {
            if (reader.must_wait() || flight.size() == 3) {
                REQUIRE_FALSE(flight.empty());
                finish_oldest();
                continue;
            }
            Slot s;
            for (int i = 0; i < inputs; ++i) s.area[i].assign(cap, '\0');
            char* const buf[2] = {s.area[0].data(), inputs == 2 ? s.area[1].data() : nullptr};
            auto next = reader.next(buf, cap);
            if (!next) break;
            s.raw = std::move(*next);
            if (s.raw.prepare) {
                CHECK(s.raw.encoding == roles::encoding::kBgzf);
                for (int i = 0; i < inputs; ++i) CHECK(s.raw.len[i] <= cap);
                ++raw_chunks;
                flight.push_back(std::move(s));
            } else {
                REQUIRE(flight.empty());  // a plain chunk never overtakes a raw one
                ++plain_chunks;
                take(s.raw, buf);
            }
        }
        while (!flight.empty()) finish_oldest();
        CHECK(all[0] == text1);
        if (shape == 1) CHECK(all[1] == text2);
        CHECK(records == static_cast<std::uint64_t>(n));
        CHECK(raw_chunks > 0);
        if (how == 1 && odd * 65280 * 2 < text1.size()) CHECK(plain_chunks > 0);
    }
}
