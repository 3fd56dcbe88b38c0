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

}  // namespace ringtrim::io
