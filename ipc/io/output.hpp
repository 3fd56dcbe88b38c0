// OutputFile: a file or standard output that is either completely written or
// not there at all.
//
// A regular file (new or existing) is written under a temporary name in the
// same directory, ".NAME.ringtrim-tmp-PID" (a "-N" suffix is added if that
// name is taken), and renamed over NAME by commit(). abort(), or destroying an
// OutputFile that was not committed, removes the temporary file, so a failed
// run leaves no output that looks complete and never clobbers a previous
// result. An existing file's permission bits are copied to its replacement.
// Standard output ("-"), /dev/null, FIFOs, devices and symbolic links are
// written in place (a symlink is not replaced by a file; its target is
// truncated and written).
//
// Writes are buffered (1 MiB) and every write(2), close(2) and rename(2) is
// checked: short writes are continued, EINTR retried, and any error (ENOSPC,
// EPIPE, EIO, ...) throws IoError naming the file as the user gave it
// ("<stdout>" for "-"). EPIPE is only seen when SIGPIPE is ignored; that
// choice belongs to the app.
//
// Compressed files: OutputFile writes the bytes it is given; it does not
// compress. Producers append complete streams made by compress_member()
// (compression.hpp). Because an empty .gz/.bz2/.xz file is not valid for every
// reader, commit() appends compress_empty_stream() when the name implies
// compression (compression_from_name) and nothing was written.
//
// Ownership: an OutputFile owns its descriptor (never standard output's) and
// buffer; movable, not copyable, one thread at a time. After fork(), only the
// creating process removes the temporary file: abort() or the destructor in a
// child process closes its descriptor and leaves the file alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "ipc/io/compression.hpp"

namespace ringtrim::io {

class OutputFile {
 public:
    // Opens `path` for writing ("-": standard output). `compression_level` is
    // only used for the empty stream commit() may append (gzip's XFL byte).
    // Throws IoError ("cannot create: Permission denied", ...).
    // `name_pid` is the PID in the temporary name (0: this process's); a
    // forked writer passes its parent's, so that the parent can find and
    // remove the file with remove_temporary_files() if the writer is killed.
    explicit OutputFile(const std::string& path, int compression_level = 5, pid_t name_pid = 0);
    ~OutputFile();
    OutputFile(OutputFile&& other) noexcept;
    OutputFile& operator=(OutputFile&& other) noexcept;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Appends data. REQUIRES: neither commit() nor abort() was called.
    void write(std::string_view data);

    // Writes the buffered bytes to the file descriptor.
    void flush();

    // Flushes, appends an empty stream if needed (see above), closes, and
    // renames the temporary file into place. Throws IoError on any failure,
    // after removing the temporary file. Standard output is flushed, not closed.
    void commit();

    // Discards the output: closes and removes the temporary file. Files written
    // in place (stdout, FIFOs, ...) keep what was already written. Idempotent.
    void abort() noexcept;

    // The path as given ("-" for standard output).
    const std::string& path() const noexcept { return path_; }
    // The name used in messages: the path, or "<stdout>" for "-".
    const std::string& display_name() const noexcept { return display_; }
    // The temporary file being written, or "" when writing in place. A
    // supervisor may unlink() it if this process dies without unwinding.
    const std::string& temporary_path() const noexcept { return temp_path_; }
    // Compression implied by the name (kNone for "-").
    Compression compression() const noexcept { return compression_; }
    // Bytes passed to write() so far.
    std::uint64_t bytes_written() const noexcept { return bytes_written_; }
    bool committed() const noexcept { return committed_; }

 private:
    void write_fd(const char* p, std::size_t n);
    void reset() noexcept;

    std::string path_;
    std::string display_;
    std::string temp_path_;
    std::string buffer_;
    int fd_ = -1;
    bool owns_fd_ = false;
    bool committed_ = false;
    bool closed_ = false;
    pid_t owner_pid_ = 0;
    int level_ = 5;
    Compression compression_ = Compression::kNone;
    std::uint64_t bytes_written_ = 0;
};

// The temporary name an OutputFile for `path` uses: ".NAME.ringtrim-tmp-PID"
// next to NAME, with "-attempt" added when attempt > 0 (the name was taken).
std::string temporary_name(const std::string& path, pid_t name_pid, int attempt = 0);

// Removes every temporary file an OutputFile for `path` with this `name_pid`
// may have left (".NAME.ringtrim-tmp-PID" and its "-N" variants). For a
// supervisor whose writer process died without unwinding.
void remove_temporary_files(const std::string& path, pid_t name_pid) noexcept;

// CompressedOutput: an OutputFile that compresses what it is given according to
// its name (compression_from_name), for writers that produce plain bytes in
// one process (side outputs, tests). Bytes are collected into blocks of
// `block_bytes` and each block becomes one compress_member() stream, so the
// file is the same as if workers had compressed those blocks. Uncompressed
// names pass bytes straight through. Same ownership and error rules as
// OutputFile; destroying it without commit() discards the output.
class CompressedOutput {
 public:
    static constexpr std::size_t kDefaultBlockBytes = std::size_t{4} << 20;

    CompressedOutput(const std::string& path, int compression_level,
                     std::size_t block_bytes = kDefaultBlockBytes,
                     GzipEngine engine = GzipEngine::kAuto);

    void write(std::string_view data);
    // Compresses the last block and commits the file.
    void commit();
    void abort() noexcept { file_.abort(); }

    OutputFile& file() noexcept { return file_; }

 private:
    void emit_block();

    OutputFile file_;
    int level_;
    std::size_t block_bytes_;
    GzipEngine engine_;
    std::string pending_;
    std::string compressed_;
};

}  // namespace ringtrim::io
