// Where ringtrim's run-time errors go, in cutadapt 4.2's words: one line
// "ERROR: MESSAGE" on the report stream (standard output, or standard error
// when an output goes to standard output), which is where wrappers that
// redirect cutadapt's log look for "ERROR:". Standard error gets the same
// line too, unless it is the same file (a terminal) or already the report
// stream, so a person and a tool reading stderr see it, and a report stream
// that cannot be written (closed, /dev/full) loses nothing.
// Usage errors (exit 2 from the option parser) keep argparse's form on
// standard error. Process-wide; set once per run.
#pragma once

#include <string_view>

namespace ringtrim::app {

// The report stream: true for standard error, false for standard output.
void set_error_stream(bool to_stderr);

// Prints "ERROR: " + message + "\n" as described above.
void print_error(std::string_view message);

}  // namespace ringtrim::app
