#include "ipc/io/input.hpp"

#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

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

std::string read_all(const std::string& path, GzipEngine engine = GzipEngine::kAuto,
                     std::size_t chunk = 65536) {
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
            for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096},
                                      std::size_t{100000}, std::size_t{5000000}}) {
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
    for (std::string tail : {std::string("x"), std::string("\0\0junk", 6), std::string("\x1f"),
                             std::string("\x1f\x8c")}) {
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
    for (std::size_t cut : {std::size_t{2}, std::size_t{9}, std::size_t{30}, z.size() / 2, z.size() - 8,
                            z.size() - 1}) {
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
        CHECK_THAT(msg, Catch::StartsWith(dir.file("size.gz") + ": corrupt gzip data:") &&
                            Catch::Contains("ISIZE"));
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
    std::string z = gz(data.substr(0, 700000)) + gz(data.substr(700000));
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
    {
        InputFile in("-");
        regular = in.is_regular_file();
        name = in.display_name();
        got = read_all(in, 100003);
    }
    ::dup2(saved, 0);
    ::close(saved);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK_FALSE(regular);
    CHECK(name == "<stdin>");
    CHECK(got == data);
}
