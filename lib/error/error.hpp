// Error: the one error value of ringtrim. lib/ returns it (never throws,
// prints or exits); apps/ formats it and picks the exit status in one place
// (apps/ringtrim/messages.hpp: format_error, exit_status), as leveldb's
// Status and libdeflate's result codes do. An Error owns its strings and may
// be copied; to cross processes, send format_error()'s text.
//
//   kind / made by          what went wrong                    exit status
//   CommandLine             an option or combination           2
//     command_line(msg)     cutadapt's CommandLineError rejects
//   Adapter                 an adapter specification cutadapt  2
//     adapter(msg)          rejects
//   InvalidCharacter        a non-IUPAC adapter character      2
//     invalid_character(    (file: the specification; apps
//       msg, spec)          append cutadapt's hint when such
//                           a file exists)
//   Unhandled               where cutadapt 4.2 fails with an   1
//     unhandled(msg)        uncaught exception (a malformed
//                           adapter file, an unexpected
//                           keyword, ...)
//   Input                   malformed input: file, record,     1
//     input(msg, rec, line) line
//   Pairing                 mates that do not pair up          1
//     pairing(msg, rec)
//   Rename                  --rename made the ids of a pair    1
//     rename(msg)           differ
//   Io                      a file operation failed (file)     1
//     io(msg, file)
//   Run                     the run failed otherwise (a        1
//     run(msg)              worker crashed, a limit was
//                           reached)
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace ringtrim::core {

enum class ErrorKind : std::uint8_t {
    CommandLine,
    Adapter,
    InvalidCharacter,
    Unhandled,
    Input,
    Pairing,
    Rename,
    Io,
    Run,
};

// Made only by the named constructors below, one per kind, each taking the
// fields that kind uses, so no site can mix up the positional fields:
//
//   return Error::input("expected '+' at line start, found 'G'", record, line);
//
// The fields stay public for reading, and for the layer that knows more to
// fill in: the worker names the file of a parse error (file), the pipeline
// its mate's record.
class Error {
public:
    static Error command_line(std::string message) { return {ErrorKind::CommandLine, std::move(message), {}, 0, 0}; }
    static Error adapter(std::string message) { return {ErrorKind::Adapter, std::move(message), {}, 0, 0}; }
    // `spec`: the adapter specification, "" until the caller knows it.
    static Error invalid_character(std::string message, std::string spec = {}) {
        return {ErrorKind::InvalidCharacter, std::move(message), std::move(spec), 0, 0};
    }
    static Error unhandled(std::string message) { return {ErrorKind::Unhandled, std::move(message), {}, 0, 0}; }
    // `record`, `line`: 1-based and absolute; 0 where unknown. The file is
    // named by whoever knows it (the worker).
    static Error input(std::string message, std::uint64_t record, std::uint64_t line) {
        return {ErrorKind::Input, std::move(message), {}, record, line};
    }
    static Error pairing(std::string message, std::uint64_t record) {
        return {ErrorKind::Pairing, std::move(message), {}, record, 0};
    }
    static Error rename(std::string message) { return {ErrorKind::Rename, std::move(message), {}, 0, 0}; }
    // `file`: the file the operation was on, as the user named it ("" when none).
    static Error io(std::string message, std::string file) {
        return {ErrorKind::Io, std::move(message), std::move(file), 0, 0};
    }
    static Error run(std::string message) { return {ErrorKind::Run, std::move(message), {}, 0, 0}; }

    ErrorKind kind;
    std::string message;   // what was expected and what was found; no file or position
    std::string file;      // the file (or adapter specification) it is about; "" when none
    std::uint64_t record;  // 1-based absolute record number; 0: none
    std::uint64_t line;    // 1-based absolute line number; 0: unknown

private:
    Error(ErrorKind k, std::string m, std::string f, std::uint64_t r, std::uint64_t l)
        : kind(k), message(std::move(m)), file(std::move(f)), record(r), line(l) {}
};

}  // namespace ringtrim::core
