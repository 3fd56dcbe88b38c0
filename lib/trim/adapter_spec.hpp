// Adapter specifications: the strings given to -a/-g/-b (and -A/-G/-B),
// parsed into Adapters exactly as cutadapt 4.2's parser.py does.
//
//   [NAME=]SEQ[;key[=value];...]        one adapter; SEQ may be ^SEQ, SEQ$,
//                                       XSEQ, SEQX, and use x{n} repetition
//   [NAME=]SEQ1[;params]...SEQ2[;params] a linked adapter
//   file:PATH[;params], ^file:PATH[;params]  one adapter per FASTA record
//
// Parameters: e=, error_rate=, max_error_rate=, max_errors=, o=,
// min_overlap=, anywhere, required, optional, indels, noindels, rightmost.
//
// Nothing here does I/O: FASTA adapter files are read through a callback.
// Errors are returned as values carrying cutadapt's message (cutadapt prints
// "cutadapt: error: MESSAGE" and exits with status 2).
#pragma once

#include "lib/error/error.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "lib/trim/adapters.hpp"

namespace ringtrim::core {

// Which option an adapter was given with.
enum class AdapterOption : std::uint8_t {
    Back,      // -a / -A ("back")
    Front,     // -g / -G ("front")
    Anywhere,  // -b / -B ("anywhere")
};

// Defaults from the command line (cutadapt's search_parameters).
struct SearchDefaults {
    double max_errors = 0.1;        // -e (a rate, or a count if >= 1)
    int min_overlap = 3;            // -O
    bool read_wildcards = false;    // --match-read-wildcards
    bool adapter_wildcards = true;  // false with -N
    bool indels = true;             // false with --no-indels
};

// Errors of adapter specifications are Errors (lib/error/error.hpp) of kind
// Adapter (cutadapt's CommandLineError, exit 2), InvalidCharacter (a
// non-IUPAC character of the non-file specification `file`; cutadapt then
// appends invalid_character_file_hint() when a file of that name exists) or
// Unhandled (where cutadapt fails with an uncaught exception, exit 1: an
// unreadable or malformed adapter file, an unexpected keyword argument).

// The line cutadapt appends (after "\n") to an invalid-character error when a
// file named `spec` exists.
std::string invalid_character_file_hint(std::string_view spec);

// Generates cutadapt's automatic adapter names "1", "2", ... in creation
// order. Use one namer for all adapters of a run (R1 then R2).
class AdapterNamer {
public:
    std::string next() { return std::to_string(next_++); }

private:
    int next_ = 1;
};

// Returns the contents of the file at `path`, or nullopt if it cannot be read.
using ReadFileFn = std::function<std::optional<std::string>(const std::string& path)>;

using AdaptersOrError = std::variant<std::vector<Adapter>, Error>;

// Parses one specification (a FASTA file gives several adapters).
AdaptersOrError parse_adapter_spec(std::string_view spec, AdapterOption option, const SearchDefaults& defaults,
                                   AdapterNamer& namer, const ReadFileFn& read_file);

// Parses specifications in order (cutadapt's make_adapters_from_specifications);
// the first error stops.
AdaptersOrError parse_adapter_specs(const std::vector<std::pair<AdapterOption, std::string>>& specs,
                                    const SearchDefaults& defaults, AdapterNamer& namer, const ReadFileFn& read_file);

// cutadapt's expand_braces(): "A{3}C" -> "AAAC". Exposed for tests.
std::variant<std::string, Error> expand_braces(std::string_view sequence);

}  // namespace ringtrim::core
