// IoError: the one exception type ringtrim_io throws.
//
// Every failure of a file operation (open, read, write, close, rename) and
// every malformed compressed stream is reported by throwing an IoError whose
// what() reads "FILE: MESSAGE", where FILE is the name the user gave ("-"
// becomes "<stdin>" or "<stdout>"). Nothing in ringtrim_io prints or exits;
// apps/ catches IoError in one place, prefixes "ringtrim: error: " and picks
// the exit code. An IoError owns its strings and may be copied freely; to cross
// processes, send what() as text.
#pragma once

#include <csignal>
#include <stdexcept>
#include <string>

namespace ringtrim::io {

class IoError : public std::runtime_error {
public:
    IoError(const std::string& file, const std::string& message)
        : std::runtime_error(file + ": " + message), file_(file), message_(message) {}

    // The file the error is about, as given by the user.
    const std::string& file() const noexcept { return file_; }
    // The message without the file name.
    const std::string& message() const noexcept { return message_; }

private:
    std::string file_;
    std::string message_;
};

// The app's interrupt flag (set by its signal handler). A blocking open() or
// read() that returns EINTR while the flag is non-zero throws
// IoError(FILE, "interrupted") instead of retrying; with the flag unset or
// zero, EINTR is retried as before.
void set_interrupt_flag(const volatile std::sig_atomic_t* flag) noexcept;
bool interrupted() noexcept;

}  // namespace ringtrim::io
