#include "ipc/base/temp_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace ringtrim::ipc {

namespace {

int open_unlinked_temp_in(const std::string& d) {
#ifdef O_TMPFILE
    const int fd = ::open(d.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) return fd;
#endif
    std::string path = d + "/ringtrim-ovf-XXXXXX";
    const int made = ::mkostemp(path.data(), O_CLOEXEC);
    if (made >= 0) ::unlink(path.c_str());
    return made;
}

}  // namespace

Result<int> open_unlinked_temp(const std::string& fallback_dir) {
    std::vector<std::string> dirs;
    const char* env = std::getenv("TMPDIR");
    if (env != nullptr && *env != '\0') dirs.emplace_back(env);
    for (const char* d : {"/tmp", "/var/tmp", "/dev/shm"})
        if (dirs.empty() || dirs.front() != d) dirs.emplace_back(d);
    if (!fallback_dir.empty()) dirs.push_back(fallback_dir);
    std::string tried;
    for (const std::string& d : dirs) {
        const int fd = open_unlinked_temp_in(d);
        if (fd >= 0) return fd;
        tried += (tried.empty() ? "" : "; ") + d + ": " + std::strerror(errno);
    }
    return Status::error("cannot create a temporary file in any of these folders (" + tried +
                         "); set TMPDIR to a writable folder");
}

bool write_all_at(int fd, const char* data, std::size_t n, std::uint64_t offset) {
    while (n > 0) {
        ssize_t w = ::pwrite(fd, data, n, static_cast<off_t>(offset));
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += w;
        n -= static_cast<std::size_t>(w);
        offset += static_cast<std::uint64_t>(w);
    }
    return true;
}

bool read_all_at(int fd, char* data, std::size_t n, std::uint64_t offset) {
    while (n > 0) {
        ssize_t r = ::pread(fd, data, n, static_cast<off_t>(offset));
        if (r < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (r == 0) {
            errno = EIO;
            return false;
        }
        data += r;
        n -= static_cast<std::size_t>(r);
        offset += static_cast<std::uint64_t>(r);
    }
    return true;
}

}  // namespace ringtrim::ipc
