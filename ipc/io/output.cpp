#include "ipc/io/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "ipc/io/error.hpp"
#include "ipc/io/interrupt.hpp"

namespace ringtrim::io {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
constexpr std::size_t kDirectBytes = std::size_t{64} << 10;  // < kBufferBytes
constexpr std::size_t kMaxWrite = std::size_t{1} << 30;

std::string errno_text(int err) { return std::strerror(err); }

int open_retrying(const char* path, int flags, mode_t mode) {
    int fd;
    do {
        fd = ::open(path, flags, mode);
    } while (fd < 0 && errno == EINTR && !InterruptFlag::process().raised());
    return fd;
}

}  // namespace

constexpr int kMaxTempAttempts = 100;
constexpr int kMaxSymlinks = 40;  // Linux's MAXSYMLINKS

namespace {

std::string dir_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::size_t name_max_of(const std::string& dir) {
    const long n = ::pathconf(dir.c_str(), _PC_NAME_MAX);
    return n > 0 ? static_cast<std::size_t>(n) : 255;
}

// Follows `path` through symbolic links (a dangling link gives its target's
// name); the result names what cutadapt's open() would write.
std::string resolve_links(const std::string& path, const std::string& display) {
    std::string cur = path;
    for (int depth = 0; depth < kMaxSymlinks; ++depth) {
        struct stat st {};
        if (::lstat(cur.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return cur;
        std::string target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 256) + 1, '\0');
        const ssize_t n = ::readlink(cur.c_str(), target.data(), target.size());
        if (n < 0) throw IoError(display, "cannot read the symbolic link: " + errno_text(errno));
        target.resize(static_cast<std::size_t>(n));
        cur = !target.empty() && target[0] == '/' ? target : dir_of(cur) + "/" + target;
    }
    throw IoError(display, "cannot open for writing: " + errno_text(ELOOP));
}

std::string backup_name(const std::string& final_path, std::size_t name_max) {
    std::string name = temporary_name(final_path, ::getpid(), 0, name_max);
    const std::size_t at = name.rfind(".ringtrim-tmp-");
    return name.replace(at, 14, ".ringtrim-old-");
}

}  // namespace

std::string temporary_name(const std::string& path, pid_t pid, int attempt, std::size_t name_max) {
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string suffix = ".ringtrim-tmp-" + std::to_string(pid);
    if (attempt > 0) suffix.append("-").append(std::to_string(attempt));
    // "." + base + suffix must fit into one directory entry.
    if (1 + base.size() + suffix.size() > name_max && name_max > suffix.size() + 1)
        base.resize(name_max - suffix.size() - 1);
    return dir + "." + base + suffix;
}

OutputTarget prepare_output(const std::string& path, pid_t name_pid) {
    OutputTarget t;
    t.path = path;
    t.display = path == "-" ? "<stdout>" : path;
    if (path == "-") return t;
    // /dev/stdout, /dev/fd/N, /proc/self/fd/N and devices: where the name
    // points is a descriptor, not a file to replace.
    auto is_special = [](const std::string& p) { return p.rfind("/dev/", 0) == 0 || p.rfind("/proc/", 0) == 0; };
    if (is_special(path)) return t;
    const std::string final_path = resolve_links(path, t.display);
    if (is_special(final_path)) return t;
    struct stat st {};
    const bool exists = ::stat(final_path.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw IoError(t.display, "cannot open for writing: " + errno_text(EISDIR));
    if (exists && !S_ISREG(st.st_mode)) return t;  // FIFO, device: write where the name points
    if (exists && ::access(final_path.c_str(), W_OK) != 0)
        throw IoError(t.display, "cannot open for writing: " + errno_text(errno));
    const std::string dir = dir_of(final_path);
    const std::size_t name_max = name_max_of(dir);
    const pid_t pid = name_pid != 0 ? name_pid : ::getpid();
    for (int attempt = 0;; ++attempt) {
        std::string temp = temporary_name(final_path, pid, attempt, name_max);
        const int fd = open_retrying(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            // Like overwriting the file in place would, keep its mode (best effort).
            if (exists) (void)::fchmod(fd, st.st_mode & 07777);
            ::close(fd);
            t.kind = OutputKind::kReplace;
            t.final_path = final_path;
            t.temp_path = std::move(temp);
            return t;
        }
        const int err = errno;
        if (err == EEXIST && attempt < kMaxTempAttempts) continue;
        if (exists && (err == EACCES || err == EPERM || err == EROFS)) {
            // A writable file in a folder we may not write: in place, as cutadapt.
            t.kind = OutputKind::kInPlaceFile;
            t.final_path = final_path;
            return t;
        }
        throw IoError(t.display, "cannot create: " + errno_text(err));
    }
}

OutputFile::OutputFile(const std::string& path, int compression_level, pid_t name_pid)
    : target_(prepare_output(path, name_pid)),
      standalone_(true),
      owner_pid_(::getpid()),
      level_(compression_level),
      compression_(path == "-" ? Compression::kNone : compression_from_name(path)) {
    try {
        open_target();
    } catch (...) {
        abort();
        throw;
    }
}

OutputFile::OutputFile(const OutputTarget& target, int compression_level)
    : target_(target),
      owner_pid_(::getpid()),
      level_(compression_level),
      compression_(target.path == "-" ? Compression::kNone : compression_from_name(target.path)) {
    open_target();
}

void OutputFile::open_target() {
    // The buffer grows with use: a demultiplexing run may hold thousands.
    if (target_.path == "-") {
        fd_ = STDOUT_FILENO;
        return;
    }
    const std::string& name = target_.kind == OutputKind::kReplace       ? target_.temp_path
                              : target_.kind == OutputKind::kInPlaceFile ? target_.final_path
                                                                         : target_.path;
    const int flags = target_.kind == OutputKind::kReplace ? O_WRONLY | O_TRUNC | O_CLOEXEC
                                                           : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    fd_ = open_retrying(name.c_str(), flags, 0666);
    if (fd_ < 0) throw IoError(target_.display, "cannot open for writing: " + errno_text(errno));
    owns_fd_ = true;
}

OutputFile::~OutputFile() { abort(); }

OutputFile::OutputFile(OutputFile&& other) noexcept
    : target_(std::move(other.target_)),
      buffer_(std::move(other.buffer_)),
      fd_(other.fd_),
      owns_fd_(other.owns_fd_),
      standalone_(other.standalone_),
      committed_(other.committed_),
      closed_(other.closed_),
      owner_pid_(other.owner_pid_),
      level_(other.level_),
      compression_(other.compression_),
      bytes_written_(other.bytes_written_) {
    other.reset();
}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
    if (this != &other) {
        abort();
        target_ = std::move(other.target_);
        buffer_ = std::move(other.buffer_);
        fd_ = other.fd_;
        owns_fd_ = other.owns_fd_;
        standalone_ = other.standalone_;
        committed_ = other.committed_;
        closed_ = other.closed_;
        owner_pid_ = other.owner_pid_;
        level_ = other.level_;
        compression_ = other.compression_;
        bytes_written_ = other.bytes_written_;
        other.reset();
    }
    return *this;
}

// Leaves a moved-from object that abort() treats as finished.
void OutputFile::reset() noexcept {
    target_.temp_path.clear();
    target_.kind = OutputKind::kStream;
    fd_ = -1;
    owns_fd_ = false;
    standalone_ = false;
    closed_ = true;
}

void OutputFile::write(std::string_view data) {
    if (closed_) throw IoError(target_.display, "write after the file was closed");
    bytes_written_ += data.size();
    // A chunk's output (hundreds of KiB) goes to the file as it is: copying
    // it into the buffer first would cost more than the extra write call.
    if (data.size() >= kDirectBytes) {
        flush();
        write_fd(data.data(), data.size());
        return;
    }
    if (buffer_.size() + data.size() > kBufferBytes) flush();
    buffer_.append(data);
}

void OutputFile::flush() {
    if (buffer_.empty()) return;
    if (closed_) throw IoError(target_.display, "write after the file was closed");
    write_fd(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void OutputFile::write_fd(const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t r = ::write(fd_, p, std::min(n, kMaxWrite));
        if (r < 0) {
            if (errno == EINTR && InterruptFlag::process().raised()) throw IoError(target_.display, "interrupted");
            if (errno == EINTR) continue;
            throw IoError(target_.display, "write error: " + errno_text(errno));
        }
        if (r == 0) throw IoError(target_.display, "write error: no bytes written");
        p += r;
        n -= static_cast<std::size_t>(r);
    }
}

void OutputFile::close() {
    if (closed_) throw IoError(target_.display, "the file was already closed");
    if (bytes_written_ == 0 && compression_ != Compression::kNone) {
        std::string empty;
        compress_empty_stream(compression_, level_, empty);
        write(empty);
    }
    flush();
    if (owns_fd_) {
        const int fd = fd_;
        fd_ = -1;
        owns_fd_ = false;
        // Linux closes the descriptor even when close() fails; never retry.
        if (::close(fd) != 0 && errno != EINTR)
            throw IoError(target_.display, "error closing file: " + errno_text(errno));
    }
    closed_ = true;
}

void OutputFile::commit() {
    try {
        close();
        if (standalone_ && target_.kind == OutputKind::kReplace) {
            if (::rename(target_.temp_path.c_str(), target_.final_path.c_str()) != 0)
                throw IoError(target_.display,
                              "cannot rename " + target_.temp_path + " into place: " + errno_text(errno));
            target_.temp_path.clear();
        }
    } catch (...) {
        abort();
        throw;
    }
    committed_ = true;
}

void OutputFile::abort() noexcept {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
    owns_fd_ = false;
    fd_ = -1;
    if (standalone_ && !committed_ && ::getpid() == owner_pid_) {
        if (target_.kind == OutputKind::kReplace && !target_.temp_path.empty()) ::unlink(target_.temp_path.c_str());
        if (target_.kind == OutputKind::kInPlaceFile) {
            // Failing, the partial bytes stay; the run fails either way.
            [[maybe_unused]] const int status = ::truncate(target_.final_path.c_str(), 0);
        }
        standalone_ = false;
    }
    buffer_.clear();
    closed_ = true;
}

OutputSet::~OutputSet() { abort(); }

std::size_t OutputSet::add(const std::string& path, pid_t name_pid) {
    try {
        targets_.push_back(prepare_output(path, name_pid));
    } catch (...) {
        abort();  // what was prepared so far
        throw;
    }
    index_names();
    return targets_.size() - 1;
}

void OutputSet::index_names() {
    temp_names_.clear();
    in_place_names_.clear();
    for (const OutputTarget& t : targets_) {
        if (t.kind == OutputKind::kReplace) temp_names_.push_back(t.temp_path.c_str());
        if (t.kind == OutputKind::kInPlaceFile) in_place_names_.push_back(t.final_path.c_str());
    }
}

void OutputSet::commit() {
    if (committed_) return;
    struct Step {
        const OutputTarget* target;
        std::string backup;  // "" when the final name did not exist or cannot be linked
        bool existed = false;
    };
    std::vector<Step> steps;
    for (const OutputTarget& t : targets_) {
        if (t.kind != OutputKind::kReplace) continue;
        Step s{&t, {}, false};
        struct stat st {};
        if (::lstat(t.final_path.c_str(), &st) == 0) {
            s.existed = true;
            std::string b = backup_name(t.final_path, name_max_of(dir_of(t.final_path)));
            (void)::unlink(b.c_str());  // a stale one of an earlier process with our pid
            if (::link(t.final_path.c_str(), b.c_str()) == 0) s.backup = std::move(b);
        }
        steps.push_back(std::move(s));
    }
    auto drop_backups = [&steps] {
        for (const Step& s : steps)
            if (!s.backup.empty()) (void)::unlink(s.backup.c_str());
    };
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const OutputTarget& t = *steps[k].target;
        if (::rename(t.temp_path.c_str(), t.final_path.c_str()) == 0) continue;
        const int err = errno;
        // Undo the renames done so far, newest first.
        bool restored = true;
        for (std::size_t u = k; u-- > 0;) {
            const Step& s = steps[u];
            if (!s.backup.empty()) {
                if (::rename(s.backup.c_str(), s.target->final_path.c_str()) != 0) restored = false;
            } else if (!s.existed) {
                (void)::unlink(s.target->final_path.c_str());
            } else {
                restored = false;
            }
        }
        drop_backups();
        abort();
        throw IoError(t.display, "cannot rename " + t.temp_path + " into place: " + errno_text(err) +
                                     (restored ? "; no output was changed" : "; some outputs could not be restored"));
    }
    drop_backups();
    committed_ = true;
}

void OutputSet::abort() noexcept {
    if (committed_) return;
    for (const char* name : temp_names_) (void)::unlink(name);
    for (const char* name : in_place_names_) {
        [[maybe_unused]] const int status = ::truncate(name, 0);  // as in OutputFile::abort
    }
}

CompressedOutput::CompressedOutput(const std::string& path, int compression_level, std::size_t block_bytes,
                                   GzipEngine engine)
    : file_(path, compression_level),
      level_(compression_level),
      block_bytes_(std::max<std::size_t>(block_bytes, 1)),
      engine_(engine) {}

CompressedOutput::CompressedOutput(const OutputTarget& target, int compression_level, std::size_t block_bytes)
    : file_(target, compression_level),
      level_(compression_level),
      block_bytes_(std::max<std::size_t>(block_bytes, 1)),
      engine_(GzipEngine::kAuto) {}

void CompressedOutput::write(std::string_view data) {
    if (file_.compression() == Compression::kNone) {
        file_.write(data);
        return;
    }
    while (!data.empty()) {
        std::size_t k = std::min(data.size(), block_bytes_ - pending_.size());
        pending_.append(data.substr(0, k));
        data.remove_prefix(k);
        if (pending_.size() == block_bytes_) emit_block();
    }
}

void CompressedOutput::emit_block() {
    compressed_.clear();
    compressor_.compress_member(pending_, file_.compression(), level_, compressed_, engine_);
    pending_.clear();
    file_.write(compressed_);
}

void CompressedOutput::close() {
    if (!pending_.empty()) emit_block();
    file_.close();
}

void CompressedOutput::commit() {
    if (!pending_.empty()) emit_block();
    file_.commit();
}

}  // namespace ringtrim::io
