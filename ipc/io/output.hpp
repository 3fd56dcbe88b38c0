// Output files that are either completely written or not there at all.
//
// A run prepares every output before any work (prepare_output()), writes it
// through an OutputFile (in the writer process or in-process for -j 1), closes
// it, and only then publishes all of them together (OutputSet::commit()). How
// a name is written depends on what it is:
//
//   kind         written to                          on success       on failure
//   kReplace     ".NAME.ringtrim-tmp-PID" next to    renamed over     temporary removed;
//                the final name (a symlink's target) the final name   NAME untouched
//   kInPlaceFile NAME itself (an existing writable   left as is       truncated to 0 bytes
//                file in a folder we may not write)
//   kStream      "-", FIFOs, devices, /dev/stdout    left as is       what was written stays
//
// A symlinked name is resolved first, so the result replaces the link's
// target (cutadapt writes through the link) and the link stays. An existing
// file that we may not write is refused ("Permission denied"), like cutadapt,
// instead of being replaced by a rename. Temporary names that would exceed
// the file system's NAME_MAX keep a shortened copy of NAME.
//
// Writes are buffered (1 MiB) and every write(2), close(2) and rename(2) is
// checked: short writes are continued, EINTR retried, and any error (ENOSPC,
// EPIPE, EIO, ...) throws IoError naming the file as the user gave it
// ("<stdout>" for "-"). EPIPE is only seen when SIGPIPE is ignored; that
// choice belongs to the app.
//
// Compressed files: OutputFile writes the bytes it is given; it does not
// compress. Producers append complete streams made by compress_member()
// (compression.hpp). Because an empty .gz/.bz2/.xz/.zst file is not valid for every
// reader, close() appends compress_empty_stream() when the name implies
// compression (compression_from_name) and nothing was written.
//
// Ownership: the process that prepared a target (the parent) owns its
// temporary file and removes it; an OutputFile opened on a prepared target in
// another process (the writer) only writes and closes it. None of these types
// may be used by two threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

#include "ipc/io/compression.hpp"

namespace ringtrim::io {

// How a prepared output reaches its name (see the table above).
enum class OutputKind { kReplace, kInPlaceFile, kStream };

// One output as the parent prepared it. Plain data; may be copied into a
// forked child, which then opens it with OutputFile(const OutputTarget&).
struct OutputTarget {
    std::string path;     // as given ("-": standard output)
    std::string display;  // for messages: path, or "<stdout>"
    OutputKind kind = OutputKind::kStream;
    std::string final_path;  // kReplace: what the temporary is renamed to
    std::string temp_path;   // kReplace: the (already created, empty) temporary
};

// Decides how `path` is written and, for kReplace, creates its empty
// temporary file (".NAME.ringtrim-tmp-PID", PID = `name_pid` or this
// process's, "-N" added while the name is taken). Throws IoError: "cannot
// open for writing: Permission denied" for an existing file we may not
// write, "cannot create: ..." when neither the folder nor the file can be
// written, "... Is a directory".
OutputTarget prepare_output(const std::string& path, pid_t name_pid = 0);

class OutputFile {
public:
    // A standalone output: prepares `path` and publishes it by itself in
    // commit(). `compression_level` is only used for the empty stream close()
    // may append (gzip's XFL byte). Throws IoError as prepare_output().
    explicit OutputFile(const std::string& path, int compression_level = 5, pid_t name_pid = 0);
    // An output of an OutputSet, possibly in another process: opens the
    // target (its temporary, or the name itself) for writing. commit() only
    // closes it; publishing is the set's job, and nothing here removes the
    // temporary.
    OutputFile(const OutputTarget& target, int compression_level);
    ~OutputFile();
    OutputFile(OutputFile&& other) noexcept;
    OutputFile& operator=(OutputFile&& other) noexcept;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Appends data. REQUIRES: neither close(), commit() nor abort() was called.
    void write(std::string_view data);

    // Writes the buffered bytes to the file descriptor.
    void flush();

    // Flushes, appends an empty stream if needed (see above) and closes the
    // descriptor (standard output is flushed, never closed). Throws IoError.
    void close();

    // close(), then, for a standalone output, renames the temporary into
    // place. Throws IoError on any failure, after removing the temporary.
    void commit();

    // Discards the output: closes it and, when standalone, removes the
    // temporary or truncates a file written in place. Idempotent.
    void abort() noexcept;

    // The path as given ("-" for standard output).
    const std::string& path() const noexcept { return target_.path; }
    // The name used in messages: the path, or "<stdout>" for "-".
    const std::string& display_name() const noexcept { return target_.display; }
    // The temporary file being written, or "" when writing in place.
    const std::string& temporary_path() const noexcept { return target_.temp_path; }
    // Compression implied by the name (kNone for "-").
    Compression compression() const noexcept { return compression_; }
    // Bytes passed to write() so far.
    std::uint64_t bytes_written() const noexcept { return bytes_written_; }
    bool committed() const noexcept { return committed_; }

private:
    void open_target();
    void write_fd(const char* p, std::size_t n);
    void reset() noexcept;

    OutputTarget target_;
    std::string buffer_;
    int fd_ = -1;
    bool owns_fd_ = false;
    bool standalone_ = false;  // prepared here: commit() publishes, abort() removes
    bool committed_ = false;
    bool closed_ = false;
    pid_t owner_pid_ = 0;
    int level_ = 5;
    Compression compression_ = Compression::kNone;
    std::uint64_t bytes_written_ = 0;
};

// The temporary name for `path` with this PID: ".NAME.ringtrim-tmp-PID",
// "-attempt" added when attempt > 0 (the name was taken); NAME is shortened
// when the whole would exceed `name_max` bytes.
std::string temporary_name(const std::string& path, pid_t name_pid, int attempt = 0, std::size_t name_max = 255);

// Publishes or discards, all together, the outputs of one run (the parent's
// side). commit() is all-or-nothing for the outputs it renames: before the
// first rename every existing final name gets a hard link as a backup
// (".NAME.ringtrim-old-PID"), and if any rename fails the names already
// renamed are put back (the backup renamed over them, or the new name
// removed). The unavoidable window: SIGKILL or a power cut between the first
// and the last rename (microseconds) leaves some outputs published; a file
// system without hard links has no backups, so a failed rename there cannot
// restore a replaced file (it is then left as the new output, and the error
// says so). The caller blocks catchable signals around commit().
class OutputSet {
public:
    OutputSet() = default;
    ~OutputSet();  // abort() unless committed
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // Prepares `path` (prepare_output) and returns its index.
    std::size_t add(const std::string& path, pid_t name_pid = 0);
    const OutputTarget& target(std::size_t i) const { return targets_[i]; }
    std::size_t size() const { return targets_.size(); }

    // Renames every kReplace temporary into place, all or nothing (above).
    // REQUIRES: every OutputFile on these targets was closed. Throws IoError.
    void commit();

    // Removes every temporary and truncates every kInPlaceFile output.
    // Idempotent; a no-op after commit().
    void abort() noexcept;

    // For a signal handler that must clean up without allocating: the
    // temporaries (unlink) and in-place files (truncate) of this set, as
    // C strings valid while the set lives and add() is not called.
    const std::vector<const char*>& temporary_names() const { return temp_names_; }
    const std::vector<const char*>& in_place_names() const { return in_place_names_; }

private:
    void index_names();

    std::vector<OutputTarget> targets_;
    std::vector<const char*> temp_names_;
    std::vector<const char*> in_place_names_;
    bool committed_ = false;
};

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

    CompressedOutput(const std::string& path, int compression_level, std::size_t block_bytes = kDefaultBlockBytes,
                     GzipEngine engine = GzipEngine::kAuto);
    // On a target of an OutputSet (see OutputFile(const OutputTarget&, int)).
    CompressedOutput(const OutputTarget& target, int compression_level, std::size_t block_bytes = kDefaultBlockBytes);

    void write(std::string_view data);
    // Compresses the last block and closes the file.
    void close();
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
    Compressor compressor_;
    std::string pending_;
    std::string compressed_;
};

}  // namespace ringtrim::io
