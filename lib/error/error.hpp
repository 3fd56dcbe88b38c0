// Error: the one error value of ringtrim. lib/ returns it (never throws,
// prints or exits); apps/ formats it and picks the exit status in one place
// (apps/ringtrim/messages.hpp: format_error, exit_status), as leveldb's
// Status and libdeflate's result codes do. An Error owns its strings and may
// be copied; to cross processes, send format_error()'s text.
//
//   kind               what went wrong                         exit status
//   CommandLine        an option or combination cutadapt's      2
//                      CommandLineError rejects
//   Adapter            an adapter specification cutadapt        2
//                      rejects (file: the specification)
//   InvalidCharacter   a non-IUPAC adapter character            2
//                      (file: the specification; apps append
//                      cutadapt's hint when such a file exists)
//   Unhandled          where cutadapt 4.2 fails with an         1
//                      uncaught exception (a malformed adapter
//                      file, an unexpected keyword, ...)
//   Input              malformed input: file, record, line      1
//   Pairing            mates that do not pair up                1
//   Rename             --rename made the ids of a pair differ   1
//   Io                 a file operation failed (file)           1
//   Run                the run failed otherwise (a worker       1
//                      crashed, a limit was reached)
#pragma once

#include <cstdint>
#include <string>

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

struct Error {
    ErrorKind kind = ErrorKind::Input;
    std::string message;       // what was expected and what was found; no file or position
    std::string file;          // the file (or adapter specification) it is about; "" when none
    std::uint64_t record = 0;  // 1-based absolute record number; 0: none
    std::uint64_t line = 0;    // 1-based absolute line number; 0: unknown
};

}  // namespace ringtrim::core
