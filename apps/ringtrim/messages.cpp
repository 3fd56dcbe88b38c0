#include "apps/ringtrim/messages.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <string>

namespace ringtrim::app {

namespace {

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

ErrorStream::ErrorStream(bool to_stderr) : fd_(to_stderr ? STDERR_FILENO : STDOUT_FILENO) {}

// True when descriptors a and b lead to the same file (a terminal shared by
// stdout and stderr), so one copy of a message is enough.
bool same_file(int a, int b) {
    struct stat sa {
    }, sb{};
    if (::fstat(a, &sa) != 0 || ::fstat(b, &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void print_error(std::string_view message, ErrorStream to) {
    std::cout.flush();
    std::cerr.flush();
    std::string line = "ERROR: ";
    line.append(message).append("\n");
    const bool shown = write_all(to.fd(), line);
    if (to.fd() == STDERR_FILENO) return;
    // Standard error gets it too (humans and tools that read it), unless it
    // is the very file that already shows it.
    if (!shown || !same_file(STDOUT_FILENO, STDERR_FILENO)) (void)write_all(STDERR_FILENO, line);
}

int exit_status(const core::Error& error) {
    using core::ErrorKind;
    switch (error.kind) {
        case ErrorKind::CommandLine:
        case ErrorKind::Adapter:
        case ErrorKind::InvalidCharacter: return 2;
        default: return 1;
    }
}

int report_error(const core::Error& error, ErrorStream to) {
    print_error(format_error(error), to);
    return exit_status(error);
}

}  // namespace ringtrim::app
