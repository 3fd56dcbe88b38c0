#include "ipc/io/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "ipc/io/error.hpp"

namespace ringtrim::io {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxWrite = std::size_t{1} << 30;

std::string errno_text(int err) { return std::strerror(err); }


int open_retrying(const char* path, int flags, mode_t mode) {
    int fd;
    do {
        fd = ::open(path, flags, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

}  // namespace

constexpr int kMaxTempAttempts = 100;

std::string temporary_name(const std::string& path, pid_t pid, int attempt) {
    std::size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string name = dir;
    name.append(".").append(base).append(".ringtrim-tmp-").append(std::to_string(pid));
    if (attempt > 0) name.append("-").append(std::to_string(attempt));
    return name;
}

OutputFile::OutputFile(const std::string& path, int compression_level, pid_t name_pid)
    : path_(path), display_(path == "-" ? "<stdout>" : path), owner_pid_(::getpid()),
      level_(compression_level), compression_(compression_from_name(path)) {
    buffer_.reserve(kBufferBytes);
    if (path == "-") {
        fd_ = STDOUT_FILENO;
        compression_ = Compression::kNone;
        return;
    }
    struct stat lst {};
    struct stat st {};
    bool exists = ::lstat(path.c_str(), &lst) == 0;
    bool in_place = exists && !S_ISREG(lst.st_mode);
    if (in_place) {
        // FIFO, device, symlink (to anything): write where the name points.
        fd_ = open_retrying(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd_ < 0) throw IoError(display_, "cannot open for writing: " + errno_text(errno));
        owns_fd_ = true;
        return;
    }
    if (exists) st = lst;
    for (int attempt = 0;; ++attempt) {
        std::string temp = temporary_name(path, name_pid != 0 ? name_pid : owner_pid_, attempt);
        fd_ = open_retrying(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ >= 0) {
            temp_path_ = std::move(temp);
            break;
        }
        if (errno != EEXIST || attempt >= kMaxTempAttempts) {
            throw IoError(display_, "cannot create: " + errno_text(errno));
        }
    }
    owns_fd_ = true;
    if (exists) {
        // Best effort, like overwriting the file in place would keep its mode.
        (void)::fchmod(fd_, st.st_mode & 07777);
    }
}

OutputFile::~OutputFile() { abort(); }

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)), display_(std::move(other.display_)),
      temp_path_(std::move(other.temp_path_)), buffer_(std::move(other.buffer_)), fd_(other.fd_),
      owns_fd_(other.owns_fd_), committed_(other.committed_), closed_(other.closed_),
      owner_pid_(other.owner_pid_), level_(other.level_), compression_(other.compression_),
      bytes_written_(other.bytes_written_) {
    other.reset();
}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
    if (this != &other) {
        abort();
        path_ = std::move(other.path_);
        display_ = std::move(other.display_);
        temp_path_ = std::move(other.temp_path_);
        buffer_ = std::move(other.buffer_);
        fd_ = other.fd_;
        owns_fd_ = other.owns_fd_;
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
    temp_path_.clear();
    fd_ = -1;
    owns_fd_ = false;
    closed_ = true;
}

void OutputFile::write(std::string_view data) {
    if (closed_) throw IoError(display_, "write after the file was closed");
    bytes_written_ += data.size();
    if (buffer_.size() + data.size() <= kBufferBytes) {
        buffer_.append(data);
        return;
    }
    flush();
    if (data.size() >= kBufferBytes) {
        write_fd(data.data(), data.size());
    } else {
        buffer_.append(data);
    }
}

void OutputFile::flush() {
    if (buffer_.empty()) return;
    if (closed_) throw IoError(display_, "write after the file was closed");
    write_fd(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void OutputFile::write_fd(const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t r = ::write(fd_, p, std::min(n, kMaxWrite));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw IoError(display_, "write error: " + errno_text(errno));
        }
        if (r == 0) throw IoError(display_, "write error: no bytes written");
        p += r;
        n -= static_cast<std::size_t>(r);
    }
}

void OutputFile::commit() {
    if (closed_) throw IoError(display_, "commit after the file was closed");
    try {
        if (bytes_written_ == 0 && compression_ != Compression::kNone) {
            std::string empty;
            compress_empty_stream(compression_, level_, empty);
            write(empty);
        }
        flush();
        if (owns_fd_) {
            int fd = fd_;
            fd_ = -1;
            owns_fd_ = false;
            // Linux closes the descriptor even when close() fails; never retry.
            if (::close(fd) != 0 && errno != EINTR) {
                throw IoError(display_, "error closing file: " + errno_text(errno));
            }
        }
        if (!temp_path_.empty()) {
            if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
                throw IoError(display_, "cannot rename " + temp_path_ + " into place: " + errno_text(errno));
            }
            temp_path_.clear();
        }
    } catch (...) {
        abort();
        throw;
    }
    committed_ = true;
    closed_ = true;
}

void OutputFile::abort() noexcept {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
    owns_fd_ = false;
    fd_ = -1;
    if (!temp_path_.empty() && ::getpid() == owner_pid_) ::unlink(temp_path_.c_str());
    temp_path_.clear();
    buffer_.clear();
    closed_ = true;
}

void remove_temporary_files(const std::string& path, pid_t name_pid) noexcept {
    if (path == "-") return;
    try {
        for (int attempt = 0; attempt <= kMaxTempAttempts; ++attempt) {
            const std::string temp = temporary_name(path, name_pid, attempt);
            if (::unlink(temp.c_str()) != 0 && errno == ENOENT && attempt > 0) break;
        }
    } catch (...) {
        // Out of memory while building a name: nothing more can be done.
    }
}

CompressedOutput::CompressedOutput(const std::string& path, int compression_level,
                                   std::size_t block_bytes, GzipEngine engine)
    : file_(path, compression_level), level_(compression_level),
      block_bytes_(std::max<std::size_t>(block_bytes, 1)), engine_(engine) {}

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
    compress_member(pending_, file_.compression(), level_, compressed_, engine_);
    pending_.clear();
    file_.write(compressed_);
}

void CompressedOutput::commit() {
    if (!pending_.empty()) emit_block();
    file_.commit();
}

}  // namespace ringtrim::io
