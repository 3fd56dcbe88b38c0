#include "ipc/io/input.hpp"

#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ipc/io/error.hpp"
#include "tests/ipc/io/io_test_util.hpp"

using namespace ringtrim::io;
using ringtrim::io::test::fastq_text;
using ringtrim::io::test::run_shell;
using ringtrim::io::test::ScratchDir;
using ringtrim::io::test::write_file;

namespace {

std::string read_all(InputFile& in, std::size_t chunk = 65536) {
    std::string out;
    std::string buf(chunk, '\0');
    for (;;) {
        std::size_t n = in.read_full(buf.data(), chunk);
        out.append(buf.data(), n);
        if (n < chunk) break;
    }
    return out;
}

std::string read_all(const std::string& path, GzipEngine engine = GzipEngine::kAuto, std::size_t chunk = 65536) {
    InputFile in(path, engine);
    return read_all(in, chunk);
}

std::string gz(std::string_view data, int level = 5) {
    std::string out;
    compress_member(data, Compression::kGzip, level, out, GzipEngine::kZlib);
    return out;
}

// The 28-byte empty BGZF block samtools/bgzip put at the end of every file.
const std::string kBgzfEof(
    "\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\xff\x06\x00\x42\x43\x02\x00\x1b\x00\x03\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00",
    28);

// Message of the IoError that reading `path` throws, or "" if none.
std::string read_error(const std::string& path, GzipEngine engine = GzipEngine::kAuto) {
    try {
        read_all(path, engine);
    } catch (const IoError& e) {
        CHECK(e.file() == path);
        return e.what();
    }
    return "";
}

const GzipEngine kEngines[] = {GzipEngine::kAuto, GzipEngine::kZlib};

std::string zst(std::string_view data, int level = 5) {
    std::string out;
    compress_member(data, Compression::kZstd, level, out);
    return out;
}

// A zstd skippable frame (magic 0x184D2A50 + n) holding `payload`.
std::string skippable_frame(unsigned n, std::string_view payload) {
    std::string f;
    f.push_back(static_cast<char>(0x50 + n));
    f += "\x2A\x4D\x18";
    for (int i = 0; i < 4; ++i) f.push_back(static_cast<char>((payload.size() >> (8 * i)) & 0xff));
    f += payload;
    return f;
}

}  // namespace

TEST_CASE("plain files are read whatever their name", "[input]") {
    ScratchDir dir;
    std::string data = fastq_text(100000);
    for (const char* name : {"a.fastq", "in1_sequence.txt.gz", "x.bz2", "noext"}) {
        write_file(dir.file(name), data);
        InputFile in(dir.file(name));
        CHECK(in.compression() == Compression::kNone);
        CHECK(in.is_regular_file());
        CHECK(in.path() == dir.file(name));
        CHECK(read_all(in) == data);
        CHECK(in.at_end());
    }
}

TEST_CASE("compressed files are detected by content, not name", "[input]") {
    ScratchDir dir;
    std::string data = fastq_text(1000);
    std::string z;
    compress_member(data, Compression::kXz, 5, z);
    write_file(dir.file("reads.txt.gz"), z);
    InputFile in(dir.file("reads.txt.gz"));
    CHECK(in.compression() == Compression::kXz);
    CHECK(read_all(in) == data);
}

TEST_CASE("empty and tiny plain files", "[input]") {
    ScratchDir dir;
    for (std::string data : {std::string(), std::string("@"), std::string("\x1f"), std::string("BZ")}) {
        write_file(dir.file("f"), data);
        CHECK(read_all(dir.file("f")) == data);
    }
}

TEST_CASE("read_full fills the buffer completely until the end", "[input]") {
    ScratchDir dir;
    std::string data = fastq_text(3000000);  // larger than the 1 MiB raw buffer
    write_file(dir.file("plain"), data);
    write_file(dir.file("z.gz"), gz(data.substr(0, 1234567)) + gz(data.substr(1234567)));
    for (const char* name : {"plain", "z.gz"}) {
        for (GzipEngine engine : kEngines) {
            for (std::size_t chunk :
                 {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{100000}, std::size_t{5000000}}) {
                if (chunk == 1 && std::string(name) == "plain") continue;  // slow, same path as 7
                InputFile in(dir.file(name), engine);
                std::string buf(chunk, '\0');
                std::string got;
                std::size_t n;
                while ((n = in.read_full(buf.data(), chunk)) == chunk) got.append(buf.data(), n);
                got.append(buf.data(), n);
                // Only the last call may return less than asked.
                CHECK(in.read_full(buf.data(), chunk) == 0);
                INFO(name << " chunk " << chunk);
                CHECK(got == data);
            }
        }
    }
}

TEST_CASE("multi-member gzip is read to the end with both engines", "[input]") {
    ScratchDir dir;
    std::string a = fastq_text(50000, 1), b = fastq_text(70000, 2);
    write_file(dir.file("a.gz"), gz(a, 1));
    write_file(dir.file("b.gz"), gz(b, 9));
    REQUIRE(run_shell("cat " + dir.file("a.gz") + " " + dir.file("b.gz") + " > " + dir.file("ab.gz")) == 0);
    for (GzipEngine engine : kEngines) {
        CHECK(read_all(dir.file("ab.gz"), engine) == a + b);
    }
}

TEST_CASE("gzip members with header fields (name, as gzip writes) are read", "[input]") {
    ScratchDir dir;
    std::string data = fastq_text(20000);
    write_file(dir.file("named.fastq"), data);
    REQUIRE(run_shell("gzip -k " + dir.file("named.fastq")) == 0);  // stores FNAME and mtime
    REQUIRE(run_shell("cat " + dir.file("named.fastq.gz") + " " + dir.file("named.fastq.gz") + " > " +
                      dir.file("twice.gz")) == 0);
    for (GzipEngine engine : kEngines) {
        CHECK(read_all(dir.file("twice.gz"), engine) == data + data);
    }
}

TEST_CASE("BGZF-style empty members are skipped", "[input]") {
    ScratchDir dir;
    std::string a = fastq_text(30000, 4);
    write_file(dir.file("b.gz"), kBgzfEof + gz(a) + kBgzfEof + kBgzfEof + gz("") + kBgzfEof);
    for (GzipEngine engine : kEngines) {
        CHECK(read_all(dir.file("b.gz"), engine) == a);
    }
    write_file(dir.file("only_eof.gz"), kBgzfEof);
    CHECK(read_all(dir.file("only_eof.gz")).empty());
}

TEST_CASE("zero bytes between and after gzip members are skipped like Python's gzip", "[input]") {
    ScratchDir dir;
    write_file(dir.file("z.gz"), gz("abc") + std::string(5, '\0') + gz("def") + std::string(3, '\0'));
    for (GzipEngine engine : kEngines) {
        CHECK(read_all(dir.file("z.gz"), engine) == "abcdef");
    }
}

TEST_CASE("error: trailing garbage after a gzip member", "[input][error]") {
    ScratchDir dir;
    for (std::string tail :
         {std::string("x"), std::string("\0\0junk", 6), std::string("\x1f"), std::string("\x1f\x8c")}) {
        write_file(dir.file("g.gz"), gz("abc") + tail);
        for (GzipEngine engine : kEngines) {
            std::string msg = read_error(dir.file("g.gz"), engine);
            CHECK(msg == dir.file("g.gz") + ": trailing garbage after gzip data");
        }
    }
}

TEST_CASE("error: truncated gzip names the file", "[input][error]") {
    ScratchDir dir;
    std::string z = gz(fastq_text(100000));
    for (std::size_t cut :
         {std::size_t{2}, std::size_t{9}, std::size_t{30}, z.size() / 2, z.size() - 8, z.size() - 1}) {
        write_file(dir.file("t.fastq.gz"), gz("first member ok\n") + z.substr(0, cut));
        for (GzipEngine engine : kEngines) {
            INFO("cut " << cut << " engine " << static_cast<int>(engine));
            CHECK(read_error(dir.file("t.fastq.gz"), engine) ==
                  dir.file("t.fastq.gz") + ": truncated gzip data: unexpected end of file");
        }
    }
}

TEST_CASE("error: gzip CRC32 mismatch", "[input][error]") {
    ScratchDir dir;
    std::string z = gz(fastq_text(10000));
    z[z.size() - 8] ^= 1;  // first CRC byte
    write_file(dir.file("crc.gz"), z);
    for (GzipEngine engine : kEngines) {
        std::string msg = read_error(dir.file("crc.gz"), engine);
        CHECK_THAT(msg, Catch::StartsWith(dir.file("crc.gz") + ": corrupt gzip data: CRC32"));
    }
}

TEST_CASE("error: gzip ISIZE mismatch", "[input][error]") {
    ScratchDir dir;
    std::string z = gz(fastq_text(10000));
    z[z.size() - 4] ^= 1;  // first ISIZE byte
    write_file(dir.file("size.gz"), z);
    for (GzipEngine engine : kEngines) {
        std::string msg = read_error(dir.file("size.gz"), engine);
        CHECK_THAT(msg, Catch::StartsWith(dir.file("size.gz") + ": corrupt gzip data:") && Catch::Contains("ISIZE"));
    }
}

TEST_CASE("error: corrupt deflate data", "[input][error]") {
    ScratchDir dir;
    std::string z = gz(fastq_text(10000));
    z[10] = '\xff';  // first deflate byte: invalid block type 3
    write_file(dir.file("bad.gz"), z);
    for (GzipEngine engine : kEngines) {
        CHECK_THAT(read_error(dir.file("bad.gz"), engine),
                   Catch::StartsWith(dir.file("bad.gz") + ": corrupt gzip data:"));
    }
}

TEST_CASE("bzip2 multi-stream is read to the end", "[input]") {
    ScratchDir dir;
    std::string a = fastq_text(40000, 5), b = fastq_text(60000, 6);
    std::string z;
    compress_member(a, Compression::kBzip2, 9, z);
    compress_member(b, Compression::kBzip2, 9, z);
    write_file(dir.file("x.bz2"), z);
    CHECK(read_all(dir.file("x.bz2")) == a + b);
}

TEST_CASE("error: truncated and garbage-followed bzip2", "[input][error]") {
    ScratchDir dir;
    std::string z;
    compress_member(fastq_text(40000), Compression::kBzip2, 9, z);
    write_file(dir.file("t.bz2"), z.substr(0, z.size() - 3));
    CHECK(read_error(dir.file("t.bz2")) == dir.file("t.bz2") + ": truncated bzip2 data: unexpected end of file");
    write_file(dir.file("g.bz2"), z + "garbage");
    CHECK(read_error(dir.file("g.bz2")) == dir.file("g.bz2") + ": trailing garbage after bzip2 data");
    std::string c = z;
    c[c.size() / 2] ^= 0x10;
    write_file(dir.file("c.bz2"), c);
    CHECK_THAT(read_error(dir.file("c.bz2")), Catch::StartsWith(dir.file("c.bz2") + ": corrupt bzip2 data:"));
}

TEST_CASE("xz multi-stream with stream padding is read to the end", "[input]") {
    ScratchDir dir;
    std::string a = fastq_text(40000, 7), b = fastq_text(60000, 8);
    std::string z;
    compress_member(a, Compression::kXz, 1, z);
    z += std::string(4, '\0');
    compress_member(b, Compression::kXz, 6, z);
    z += std::string(8, '\0');
    write_file(dir.file("x.xz"), z);
    CHECK(read_all(dir.file("x.xz")) == a + b);
    // xz itself agrees that this is a valid file.
    CHECK(run_shell("xz -t " + dir.file("x.xz")) == 0);
}

TEST_CASE("error: truncated, corrupt and garbage-followed xz", "[input][error]") {
    ScratchDir dir;
    std::string z;
    compress_member(fastq_text(40000), Compression::kXz, 5, z);
    write_file(dir.file("t.xz"), z.substr(0, z.size() - 5));
    CHECK(read_error(dir.file("t.xz")) == dir.file("t.xz") + ": truncated xz data: unexpected end of file");
    write_file(dir.file("g.xz"), z + "garbage");
    CHECK(read_error(dir.file("g.xz")) == dir.file("g.xz") + ": trailing garbage after xz data");
    std::string c = z;
    c[c.size() / 2] ^= 0x10;
    write_file(dir.file("c.xz"), c);
    CHECK_THAT(read_error(dir.file("c.xz")), Catch::StartsWith(dir.file("c.xz") + ": corrupt xz data:"));
}

TEST_CASE("zstd frames and skippable frames are read to the end (issue 12)", "[input][zstd]") {
    ScratchDir dir;
    std::string a = fastq_text(40000, 7), b = fastq_text(300000, 8);
    // A skippable frame first (as pzstd writes), between frames, and last.
    std::string z = skippable_frame(0, "pzstd-like") + zst(a, 1) + skippable_frame(15, "") +
                    skippable_frame(3, std::string(70000, 'x')) + zst(b, 19) + zst("", 5) + skippable_frame(1, "end");
    write_file(dir.file("reads.fastq"), z);  // the name says nothing
    InputFile in(dir.file("reads.fastq"));
    CHECK(in.compression() == Compression::kZstd);
    CHECK(read_all(in, 4099) == a + b);
    CHECK(in.raw_bytes_read() == z.size());
    // The zstd tool agrees that this is one valid file holding a + b.
    write_file(dir.file("expected"), a + b);
    CHECK(run_shell("zstd -qdc < " + dir.file("reads.fastq") + " | cmp -s - " + dir.file("expected")) == 0);
}

TEST_CASE("files written by the zstd tools are read (multi-threaded, pzstd, --long)", "[input][zstd]") {
    ScratchDir dir;
    std::string data = fastq_text(3000000, 12);
    write_file(dir.file("in"), data);
    for (std::string cmd :
         {"zstd -q -3 -T2 -B262144 -c", "pzstd -q -p 2 -c", "zstd -q --long=27 -c", "zstd -q --no-check -c"}) {
        INFO(cmd);
        REQUIRE(run_shell(cmd + " < " + dir.file("in") + " > " + dir.file("x.zst")) == 0);
        CHECK(read_all(dir.file("x.zst")) == data);
    }
}

TEST_CASE("error: truncated zstd names the file", "[input][zstd][error]") {
    ScratchDir dir;
    std::string z = zst(fastq_text(100000));
    for (std::size_t cut : {std::size_t{2}, std::size_t{4}, std::size_t{7}, z.size() / 2, z.size() - 4, z.size() - 1}) {
        INFO("cut " << cut);
        write_file(dir.file("t.fastq.zst"), zst("first frame ok\n") + z.substr(0, cut));
        std::string msg = read_error(dir.file("t.fastq.zst"));
        if (cut < 4) {
            // Not even a frame's magic number after the first frame.
            CHECK(msg == dir.file("t.fastq.zst") + ": trailing garbage after zstd data");
        } else {
            CHECK(msg == dir.file("t.fastq.zst") + ": truncated zstd data: unexpected end of file");
        }
    }
    // A truncated skippable frame.
    write_file(dir.file("s.zst"), zst("abc") + skippable_frame(0, "12345678").substr(0, 10));
    CHECK(read_error(dir.file("s.zst")) == dir.file("s.zst") + ": truncated zstd data: unexpected end of file");
}

TEST_CASE("error: zstd checksum mismatch and corrupt blocks", "[input][zstd][error]") {
    ScratchDir dir;
    std::string z = zst(fastq_text(10000));
    std::string c = z;
    c[c.size() - 1] ^= 1;  // last byte of the XXH64 content checksum
    write_file(dir.file("sum.zst"), c);
    CHECK_THAT(read_error(dir.file("sum.zst")),
               Catch::StartsWith(dir.file("sum.zst") + ": corrupt zstd data:") && Catch::Contains("checksum"));
    c = z;
    c[c.size() / 2] ^= 0x55;
    write_file(dir.file("mid.zst"), c);
    CHECK_THAT(read_error(dir.file("mid.zst")), Catch::StartsWith(dir.file("mid.zst") + ": corrupt zstd data:"));
    c = z;
    c[4] = '\x08';  // frame header descriptor: reserved bit set
    write_file(dir.file("hdr.zst"), c);
    CHECK_THAT(read_error(dir.file("hdr.zst")), Catch::StartsWith(dir.file("hdr.zst") + ": corrupt zstd data:"));
}

TEST_CASE("error: garbage and zero bytes after zstd frames", "[input][zstd][error]") {
    ScratchDir dir;
    for (std::string tail : {std::string("x"), std::string(4, '\0'), std::string("\x28\xB5\x2F"),
                             std::string("\x60\x2A\x4D\x18\0\0\0\0")}) {
        write_file(dir.file("g.zst"), zst("abc") + tail);
        CHECK(read_error(dir.file("g.zst")) == dir.file("g.zst") + ": trailing garbage after zstd data");
    }
}

TEST_CASE("error: a zstd window over 128 MiB is refused with a hint", "[input][zstd][error]") {
    // Frame header: no checksum, no content size, window descriptor 0x90
    // (window log 28 = 256 MiB), then an empty last raw block.
    ScratchDir dir;
    write_file(dir.file("w.zst"), std::string("\x28\xB5\x2F\xFD\x00\x90\x01\x00\x00", 9));
    CHECK_THAT(read_error(dir.file("w.zst")),
               Catch::StartsWith(dir.file("w.zst") + ": zstd frame needs a window over 128 MiB") &&
                   Catch::Contains("--memory"));
}

TEST_CASE("error: cannot open names the file and the reason", "[input][error]") {
    ScratchDir dir;
    std::string missing = dir.file("missing.fastq");
    try {
        InputFile in(missing);
        FAIL("no exception");
    } catch (const IoError& e) {
        CHECK(std::string(e.what()) == missing + ": cannot open: No such file or directory");
        CHECK(e.file() == missing);
    }
}

TEST_CASE("error: reading a directory names it", "[input][error]") {
    ScratchDir dir;
    try {
        InputFile in(dir.path());
        FAIL("no exception");
    } catch (const IoError& e) {
        CHECK(std::string(e.what()) == dir.path() + ": read error: Is a directory");
    }
}

TEST_CASE("non-regular files are flagged", "[input]") {
    InputFile in("/dev/null");
    CHECK_FALSE(in.is_regular_file());
    char buf[16];
    CHECK(in.read_full(buf, sizeof buf) == 0);
    CHECK(in.at_end());
}

TEST_CASE("standard input from a pipe with short reads gives the same bytes", "[input]") {
    std::string data = fastq_text(2000000, 9);
    for (Compression kind : {Compression::kGzip, Compression::kZstd}) {
        INFO(compression_name(kind));
        std::string z;
        compress_member(data.substr(0, 700000), kind, 5, z);
        compress_member(data.substr(700000), kind, 5, z);
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            // Odd-sized pieces, so read() returns whatever is in the pipe.
            for (std::size_t pos = 0; pos < z.size(); pos += 12345) {
                std::size_t k = std::min<std::size_t>(12345, z.size() - pos);
                if (::write(fds[1], z.data() + pos, k) != static_cast<ssize_t>(k)) ::_exit(1);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        int saved = ::dup(0);
        REQUIRE(::dup2(fds[0], 0) == 0);
        ::close(fds[0]);
        std::string got;
        bool regular = true;
        std::string name;
        Compression detected = Compression::kNone;
        {
            InputFile in("-");
            regular = in.is_regular_file();
            name = in.display_name();
            detected = in.compression();
            got = read_all(in, 100003);
        }
        ::dup2(saved, 0);
        ::close(saved);
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK_FALSE(regular);
        CHECK(name == "<stdin>");
        CHECK(detected == kind);
        CHECK(got == data);
    }
}

// --- Self-describing members (issue 15): the RT extra subfield, InputFile
// from memory, GzipMemberReader.

namespace {

// A member with the RT subfield, as ringtrim's workers make them.
std::string rt(std::string_view data, int level = 1) {
    MemberNote note;
    note.lines = static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\n'));
    note.ends_with_newline = !data.empty() && data.back() == '\n';
    std::string out;
    compress_member(data, Compression::kGzip, level, out, GzipEngine::kAuto, &note);
    return out;
}

std::string take_all(GzipMemberReader& r, std::vector<RtField>& fields) {
    std::string out;
    RtField f;
    while (r.peek(f)) {
        fields.push_back(f);
        const std::size_t at = out.size();
        out.resize(at + f.member_bytes);
        r.take(out.data() + at, f.member_bytes);
    }
    return out;
}

}  // namespace

TEST_CASE("RT members say their size, data size and lines, and gzip readers ignore the field", "[input][rt]") {
    ScratchDir dir;
    const std::string a = fastq_text(3000), b = "no newline at the end";
    for (int level : {0, 1, 5, 9}) {
        INFO("level " << level);
        const std::string za = rt(a, level), zb = rt(b, level);
        RtField f;
        REQUIRE(parse_rt_field(za, f));
        CHECK(f.member_bytes == za.size());
        CHECK(f.data_bytes == a.size());
        CHECK(f.lines == std::count(a.begin(), a.end(), '\n'));
        CHECK(f.flags == 1);
        REQUIRE(parse_rt_field(zb, f));
        CHECK(f.member_bytes == zb.size());
        CHECK(f.lines == 0);
        CHECK(f.flags == 0);
        CHECK_FALSE(parse_rt_field(gz(a), f));  // no note: the plain 10-byte header
        write_file(dir.file("rt.gz"), za + zb);
        for (GzipEngine engine : kEngines) CHECK(read_all(dir.file("rt.gz"), engine) == a + b);
        write_file(dir.file("want"), a + b);
        CHECK(run_shell("gzip -dc " + dir.file("rt.gz") + " | cmp -s - " + dir.file("want")) == 0);
        CHECK(run_shell("python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())' " +
                        dir.file("rt.gz") + " | cmp -s - " + dir.file("want")) == 0);
    }
}

TEST_CASE("GzipMemberReader takes RT members whole, then rest() inflates from the first other member", "[input][rt]") {
    ScratchDir dir;
    const std::string a = fastq_text(2000), b = fastq_text(500), c = fastq_text(700), d = fastq_text(300);
    // RT, padding, RT, a plain member, RT (read by rest(), inflated).
    const std::string file = rt(a) + std::string(5, '\0') + rt(b) + gz(c) + rt(d);
    write_file(dir.file("m.gz"), file);
    GzipMemberReader r(dir.file("m.gz"));
    std::vector<RtField> fields;
    const std::string members = take_all(r, fields);
    REQUIRE(fields.size() == 2);
    CHECK(members == rt(a) + rt(b));
    CHECK_FALSE(r.at_end());
    InputFile in = InputFile::from_memory(members, "mem");
    CHECK(read_all(in) == a + b);
    InputFile rest = std::move(r).rest();
    CHECK(read_all(rest) == c + d);
}

TEST_CASE("GzipMemberReader: only RT members, padding at the end; an empty file", "[input][rt]") {
    ScratchDir dir;
    write_file(dir.file("only.gz"), rt("@r\nA\n+\nI\n") + rt("@s\nC\n+\nI\n") + std::string(3, '\0'));
    GzipMemberReader r(dir.file("only.gz"));
    std::vector<RtField> fields;
    take_all(r, fields);
    CHECK(fields.size() == 2);
    CHECK(r.at_end());
}

TEST_CASE("error: a truncated RT member; corrupt data and trailing garbage found when inflating",
          "[input][rt][error]") {
    ScratchDir dir;
    const std::string z = rt(fastq_text(5000));
    write_file(dir.file("t.gz"), z.substr(0, z.size() / 2));
    GzipMemberReader r(dir.file("t.gz"));
    RtField f;
    REQUIRE(r.peek(f));
    std::string buf(f.member_bytes, '\0');
    try {
        r.take(buf.data(), f.member_bytes);
        FAIL("no error");
    } catch (const IoError& e) {
        CHECK(std::string(e.what()) == dir.file("t.gz") + ": truncated gzip data: unexpected end of file");
    }
    std::string bad = z;
    bad[kGzipRtHeaderBytes] = '\xff';  // first deflate byte: invalid block type 3
    for (GzipEngine engine : kEngines) {
        InputFile in = InputFile::from_memory(bad, "x.fq.gz", engine);
        CHECK_THROWS_WITH(read_all(in), Catch::StartsWith("x.fq.gz: corrupt gzip data:"));
        InputFile garbage = InputFile::from_memory(z + "junk", "x.fq.gz", engine);
        CHECK_THROWS_WITH(read_all(garbage), "x.fq.gz: trailing garbage after gzip data");
    }
}
