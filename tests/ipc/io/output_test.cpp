#include "ipc/io/output.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <string>

#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "tests/ipc/io/io_test_util.hpp"

using namespace ringtrim::io;
using ringtrim::io::test::fastq_text;
using ringtrim::io::test::file_exists;
using ringtrim::io::test::read_file;
using ringtrim::io::test::run_shell;
using ringtrim::io::test::ScratchDir;
using ringtrim::io::test::write_file;

TEST_CASE("a committed file has the content and no temporary is left", "[output]") {
    ScratchDir dir;
    std::string path = dir.file("out.fastq");
    std::string data = fastq_text(3000000);  // larger than the write buffer
    {
        OutputFile out(path);
        CHECK(out.temporary_path() == dir.file(".out.fastq.ringtrim-tmp-" + std::to_string(::getpid())));
        CHECK(file_exists(out.temporary_path()));
        CHECK_FALSE(file_exists(path));
        out.write(std::string_view(data).substr(0, 1));
        out.write(std::string_view(data).substr(1));
        CHECK(out.bytes_written() == data.size());
        out.commit();
        CHECK(out.committed());
    }
    CHECK(read_file(path) == data);
    CHECK(dir.entries() == std::vector<std::string>{"out.fastq"});
}

TEST_CASE("an aborted file leaves nothing behind", "[output]") {
    ScratchDir dir;
    std::string path = dir.file("out.fastq");
    OutputFile out(path);
    out.write(fastq_text(2000000));
    out.abort();
    CHECK_FALSE(file_exists(path));
    CHECK(dir.entries().empty());
    out.abort();  // idempotent
    CHECK_THROWS_AS(out.write("x"), IoError);
}

TEST_CASE("destroying an uncommitted file removes the temporary", "[output]") {
    ScratchDir dir;
    {
        OutputFile out(dir.file("out.fastq"));
        out.write("data");
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("an aborted run leaves an existing file untouched", "[output]") {
    ScratchDir dir;
    std::string path = dir.file("out.fastq");
    write_file(path, "previous result\n");
    {
        OutputFile out(path);
        out.write("new");
    }
    CHECK(read_file(path) == "previous result\n");
    CHECK(dir.entries() == std::vector<std::string>{"out.fastq"});
}

TEST_CASE("commit replaces an existing file and keeps its permissions", "[output]") {
    ScratchDir dir;
    std::string path = dir.file("out.fastq");
    write_file(path, "previous result\n");
    REQUIRE(::chmod(path.c_str(), 0640) == 0);
    OutputFile out(path);
    out.write("new\n");
    out.commit();
    CHECK(read_file(path) == "new\n");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
}

TEST_CASE("a stale temporary name is not reused", "[output]") {
    ScratchDir dir;
    std::string stale = dir.file(".o.txt.ringtrim-tmp-" + std::to_string(::getpid()));
    write_file(stale, "stale");
    OutputFile out(dir.file("o.txt"));
    CHECK(out.temporary_path() == stale + "-1");
    out.write("ok");
    out.commit();
    CHECK(read_file(dir.file("o.txt")) == "ok");
    CHECK(read_file(stale) == "stale");
}

TEST_CASE("/dev/null is written in place", "[output]") {
    OutputFile out("/dev/null");
    CHECK(out.temporary_path().empty());
    out.write(fastq_text(10000));
    out.commit();
    CHECK(out.committed());
}

TEST_CASE("error: writing to /dev/full reports ENOSPC with the file name", "[output][error]") {
    OutputFile out("/dev/full");
    CHECK(out.temporary_path().empty());
    out.write("small");  // buffered
    try {
        out.commit();
        FAIL("no exception");
    } catch (const IoError& e) {
        CHECK(std::string(e.what()) == "/dev/full: write error: No space left on device");
        CHECK(e.file() == "/dev/full");
    }
    CHECK_FALSE(out.committed());
}

TEST_CASE("error: a large write to /dev/full fails in write()", "[output][error]") {
    OutputFile out("/dev/full");
    CHECK_THROWS_WITH(out.write(std::string(3u << 20, 'A')), "/dev/full: write error: No space left on device");
}

TEST_CASE("error: cannot create in a missing directory", "[output][error]") {
    ScratchDir dir;
    std::string path = dir.file("nodir/out.fastq");
    CHECK_THROWS_WITH(OutputFile(path), path + ": cannot create: No such file or directory");
}

TEST_CASE("error: cannot write to a directory", "[output][error]") {
    ScratchDir dir;
    CHECK_THROWS_WITH(OutputFile(dir.path()), dir.path() + ": cannot open for writing: Is a directory");
}

TEST_CASE("error: EPIPE on a FIFO whose reader is gone names the file", "[output][error]") {
    ScratchDir dir;
    std::string fifo = dir.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Open a reader first so the writer's open does not block, then close it.
    int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    OutputFile out(fifo);
    CHECK(out.temporary_path().empty());
    ::close(reader);
    auto old = ::signal(SIGPIPE, SIG_IGN);
    out.write("data");
    CHECK_THROWS_WITH(out.commit(), fifo + ": write error: Broken pipe");
    ::signal(SIGPIPE, old);
}

TEST_CASE("a compressed name with no data gets an empty stream on commit", "[output]") {
    ScratchDir dir;
    write_file(dir.file("empty"), "");
    struct Case {
        const char* name;
        const char* module;
    };
    for (Case c : {Case{"o.fastq.gz", "gzip"}, Case{"o.fastq.bz2", "bz2"}, Case{"o.fastq.xz", "lzma"}}) {
        OutputFile out(dir.file(c.name));
        out.commit();
        INFO(c.name);
        CHECK_FALSE(read_file(dir.file(c.name)).empty());
        CHECK(run_shell(std::string("python3 -c 'import ") + c.module + ",sys; sys.exit(0 if " + c.module +
                        ".open(sys.argv[1]).read() == b\"\" else 1)' " + dir.file(c.name)) == 0);
    }
    // zstd (issue 12): Python has no zstd module here; the zstd tool checks it.
    OutputFile zst(dir.file("o.fastq.zst"));
    zst.commit();
    CHECK(read_file(dir.file("o.fastq.zst")).size() == 13);
    CHECK(run_shell("zstd -qt " + dir.file("o.fastq.zst") + " && zstd -qdc " + dir.file("o.fastq.zst") +
                    " | cmp -s - " + dir.file("empty")) == 0);
    OutputFile plain(dir.file("o.fastq"));
    plain.commit();
    CHECK(read_file(dir.file("o.fastq")).empty());
}

TEST_CASE("members written by workers form a valid gzip file", "[output]") {
    ScratchDir dir;
    std::string data = fastq_text(400000);
    std::string path = dir.file("out.fastq.gz");
    OutputFile out(path, 1);
    CHECK(out.compression() == Compression::kGzip);
    for (std::size_t pos = 0; pos < data.size(); pos += 100000) {
        std::string member;
        compress_member(std::string_view(data).substr(pos, 100000), Compression::kGzip, 1, member);
        out.write(member);
    }
    out.commit();
    write_file(dir.file("expected"), data);
    CHECK(run_shell("gzip -dc " + path + " | cmp -s - " + dir.file("expected")) == 0);
    InputFile in(path);
    std::string got(data.size() + 1, '\0');
    CHECK(in.read_full(got.data(), got.size()) == data.size());
    got.resize(data.size());
    CHECK(got == data);
}

TEST_CASE("a moved OutputFile keeps ownership of its temporary", "[output]") {
    ScratchDir dir;
    OutputFile a(dir.file("m.txt"));
    a.write("moved");
    OutputFile b(std::move(a));
    a.abort();  // the moved-from object owns nothing
    CHECK(file_exists(b.temporary_path()));
    b.commit();
    CHECK(read_file(dir.file("m.txt")) == "moved");
}

TEST_CASE("a forked child's abort leaves the parent's temporary alone", "[output]") {
    ScratchDir dir;
    OutputFile out(dir.file("f.txt"));
    std::string temp = out.temporary_path();
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        out.abort();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(file_exists(temp));
    out.write("parent");
    out.commit();
    CHECK(read_file(dir.file("f.txt")) == "parent");
}

TEST_CASE("an OutputSet publishes nothing until commit, then everything", "[output]") {
    ScratchDir dir;
    write_file(dir.file("a.fq"), "old a");
    OutputSet set;
    const OutputTarget a = set.target(set.add(dir.file("a.fq")));
    const OutputTarget b = set.target(set.add(dir.file("b.fq")));
    CHECK(a.kind == OutputKind::kReplace);
    CHECK(set.temporary_names().size() == 2);
    pid_t pid = ::fork();  // the writer role lives in another process
    REQUIRE(pid >= 0);
    if (pid == 0) {
        OutputFile fa(a, 5), fb(b, 5);
        fa.write("new a");
        fb.write("new b");
        fa.close();
        fb.close();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(read_file(dir.file("a.fq")) == "old a");
    CHECK_FALSE(file_exists(dir.file("b.fq")));
    set.commit();
    CHECK(read_file(dir.file("a.fq")) == "new a");
    CHECK(read_file(dir.file("b.fq")) == "new b");
    CHECK(dir.entries() == std::vector<std::string>{"a.fq", "b.fq"});
}

TEST_CASE("a failed rename in OutputSet::commit restores every output", "[output]") {
    ScratchDir dir;
    write_file(dir.file("a.fq"), "old a");
    OutputSet set;
    for (const char* n : {"a.fq", "new.fq", "c.fq"}) {
        OutputFile f(set.target(set.add(dir.file(n))), 5);
        f.write(std::string("new ") + n);
        f.close();
    }
    // c.fq becomes a non-empty folder: its rename fails after a and new were renamed.
    REQUIRE(::mkdir(dir.file("c.fq").c_str(), 0755) == 0);
    write_file(dir.file("c.fq/x"), "x");
    CHECK_THROWS_WITH(set.commit(), Catch::Contains("no output was changed"));
    CHECK(read_file(dir.file("a.fq")) == "old a");
    CHECK_FALSE(file_exists(dir.file("new.fq")));
    CHECK(dir.entries() == std::vector<std::string>{"a.fq", "c.fq"});
}

TEST_CASE("an aborted OutputSet removes temporaries and truncates in-place files", "[output]") {
    ScratchDir dir;
    {
        OutputSet set;
        OutputFile f(set.target(set.add(dir.file("o.fq"))), 5);
        f.write("partial");
        f.flush();
    }  // destroyed without commit
    CHECK(dir.entries().empty());
}

TEST_CASE("a symlinked output replaces the link's target and keeps the link", "[output]") {
    ScratchDir dir;
    REQUIRE(::mkdir(dir.file("shared").c_str(), 0755) == 0);
    write_file(dir.file("shared/real.fq"), "old");
    REQUIRE(::symlink("shared/real.fq", dir.file("link.fq").c_str()) == 0);
    REQUIRE(::symlink("shared/new.fq", dir.file("dangling.fq").c_str()) == 0);
    {
        OutputFile out(dir.file("link.fq"));
        CHECK(out.temporary_path().find("/shared/.real.fq.ringtrim-tmp-") != std::string::npos);
        out.write("through the link");
        out.commit();
        OutputFile d(dir.file("dangling.fq"));
        d.write("made");
        d.commit();
    }
    struct stat st {};
    REQUIRE(::lstat(dir.file("link.fq").c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK(read_file(dir.file("shared/real.fq")) == "through the link");
    CHECK(read_file(dir.file("shared/new.fq")) == "made");
    {
        OutputFile out(dir.file("link.fq"));
        out.write("partial");
        out.abort();
    }
    CHECK(read_file(dir.file("shared/real.fq")) == "through the link");
}

TEST_CASE("temporary names near NAME_MAX are shortened, not refused", "[output]") {
    ScratchDir dir;
    const std::string name(250, 'n');
    const std::string temp = temporary_name(dir.file(name), 123456, 7, 255);
    CHECK(temp.size() - temp.rfind('/') - 1 == 255);
    CHECK(temp.substr(temp.size() - 22) == ".ringtrim-tmp-123456-7");
    OutputFile out(dir.file(name));
    out.write("long");
    out.commit();
    CHECK(read_file(dir.file(name)) == "long");
}

TEST_CASE("CompressedOutput writes one member per block", "[output]") {
    ScratchDir dir;
    std::string data = fastq_text(100000);
    write_file(dir.file("expected"), data);
    for (const char* name : {"c.fastq.gz", "c.fastq.bz2", "c.fastq.xz", "c.fastq.zst", "c.fastq"}) {
        std::string path = dir.file(name);
        {
            CompressedOutput out(path, 5, 30000);
            for (std::size_t pos = 0; pos < data.size(); pos += 777) {
                out.write(std::string_view(data).substr(pos, 777));
            }
            out.commit();
        }
        std::string expected_bytes;
        Compression kind = compression_from_name(name);
        for (std::size_t pos = 0; pos < data.size(); pos += 30000) {
            compress_member(std::string_view(data).substr(pos, 30000), kind, 5, expected_bytes);
        }
        INFO(name);
        CHECK(read_file(path) == expected_bytes);
        InputFile in(path);
        std::string got(data.size() + 1, '\0');
        CHECK(in.read_full(got.data(), got.size()) == data.size());
        CHECK(got.substr(0, data.size()) == data);
    }
}

TEST_CASE("CompressedOutput without commit leaves nothing", "[output]") {
    ScratchDir dir;
    {
        CompressedOutput out(dir.file("d.gz"), 1, 10);
        out.write("some data that fills several blocks");
    }
    CHECK(dir.entries().empty());
}
