// Where ringtrim's run-time errors go, in cutadapt 4.2's words: one line
// "ERROR: MESSAGE" on the report stream (standard output, or standard error
// when an output goes to standard output), which is where wrappers that
// redirect cutadapt's log look for "ERROR:". Standard error gets the same
// line too, unless it is the same file (a terminal) or already the report
// stream, so a person and a tool reading stderr see it, and a report stream
// that cannot be written (closed, /dev/full) loses nothing.
// Usage errors (exit 2 from the option parser) keep argparse's form on
// standard error. The report stream is an ErrorStream value, made by whoever
// knows where the outputs go (main for an invalid plan, execute() for a run,
// --detect-adapters) and passed to every call that prints: no global.
//
// Every other error of ringtrim is a core::Error (lib/error/error.hpp):
// apps/roles/error_text.hpp turns one into text, this file picks the exit
// status.
#pragma once

#include <string>
#include <string_view>

#include "apps/roles/error_text.hpp"
#include "lib/error/error.hpp"

namespace ringtrim::app {

// The report stream run-time errors go to (above). A plain value; the
// descriptors it names are the process's standard ones.
class ErrorStream {
public:
    // Standard error when `to_stderr` (an output goes to standard output),
    // else standard output.
    explicit ErrorStream(bool to_stderr);
    int fd() const { return fd_; }

private:
    int fd_;
};

// Prints "ERROR: " + message + "\n" to `to` as described above.
void print_error(std::string_view message, ErrorStream to);

// The text of an error: apps/roles/error_text.hpp.
using roles::format_error;

// 2 for CommandLine, Adapter and InvalidCharacter (cutadapt's command-line
// errors), 1 for everything else.
int exit_status(const core::Error& error);

// print_error(format_error(error), to); returns exit_status(error).
int report_error(const core::Error& error, ErrorStream to);

}  // namespace ringtrim::app
