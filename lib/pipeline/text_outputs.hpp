// The text outputs of cutadapt 4.2's steps.py: --info-file (InfoFileWriter,
// Match.get_info_records), --rest-file (RestFileWriter) and --wildcard-file
// (WildcardFileWriter). Each appends the lines for one read to a byte
// segment the caller owns. Pure functions; no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/fastq/read.hpp"
#include "lib/trim/adapters.hpp"
#include "lib/trim/match_info.hpp"

namespace ringtrim::core {

// Info file lines of one read. `read` is the read after all modifiers (its
// name and, without matches, its sequence and qualities are written);
// `original` is the read as it was parsed. As in cutadapt, the match
// coordinates are applied to the original read (reverse-complemented if
// info.is_rc), trimmed by each match in turn, so they line up only when no
// modifier before the adapter cutter changed the read.
//
//   no match:  name \t -1 \t sequence \t qualities
//   per match: name \t errors \t rstart \t rstop \t before \t matched \t
//              after \t adapter name[;1|;2] \t 3 quality parts \t rc flag
//   (linked adapters give one line per matched part, the adapter name
//   suffixed ;1 and ;2;
//   the rc flag is "" without --revcomp, else "0" or "1")
//
// `scratch` is reused working memory.
void append_info_records(const Read& read, const Read& original, const MatchInfo& info,
                         const std::vector<Adapter>& adapters, Read& scratch, std::string& out);

// Rest file line: "REST NAME" for the last match's rest() (the read part
// after a 3' match, before a 5' match), when that is not empty.
void append_rest_line(const Read& read, const MatchInfo& info, std::string& out);

// Wildcard file line: "WILDCARDS NAME" (the read bases aligned to the last
// match's adapter N wildcards), for every read with a match.
void append_wildcard_line(const Read& read, const MatchInfo& info, const std::vector<Adapter>& adapters,
                          std::string& out);

}  // namespace ringtrim::core
