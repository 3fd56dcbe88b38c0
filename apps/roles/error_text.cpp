#include "apps/roles/error_text.hpp"

#include <sys/stat.h>

#include "lib/trim/adapter_spec.hpp"

namespace ringtrim::roles {

std::string format_error(const core::Error& error) {
    using core::ErrorKind;
    switch (error.kind) {
        case ErrorKind::Input:
        case ErrorKind::Pairing:
        case ErrorKind::Rename: {
            if (error.file.empty()) return error.message;
            std::string text = error.file;
            if (error.record) text += ": record " + std::to_string(error.record);
            if (error.line) text += " (line " + std::to_string(error.line) + ")";
            return text + ": " + error.message;
        }
        case ErrorKind::Io: return error.file.empty() ? error.message : error.file + ": " + error.message;
        case ErrorKind::InvalidCharacter: {
            // cutadapt 4.2 parser.py make_adapters_from_one_specification():
            // a second line when Path(spec).exists().
            struct stat st {};
            if (error.file.empty() || ::stat(error.file.c_str(), &st) != 0) return error.message;
            return error.message + "\n" + core::invalid_character_file_hint(error.file);
        }
        case ErrorKind::CommandLine:
        case ErrorKind::Adapter:
        case ErrorKind::Unhandled:
        case ErrorKind::Run: return error.message;
    }
    return error.message;
}

}  // namespace ringtrim::roles
