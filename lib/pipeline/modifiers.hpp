// Read-name and quality modifiers of cutadapt 4.2 (modifiers.py) that come
// after adapter trimming: --length-tag, --strip-suffix, -x/-y, --rename,
// --zero-cap; plus ReadExtras, what the modifiers record about a read besides
// the adapter matches (the rest of cutadapt's ModificationInfo).
//
// Everything here works on a Read the caller owns; the LengthTagger and the
// parsed rename template are built once per pipeline. Nothing crosses
// processes.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/fastq/read.hpp"

namespace ringtrim::core {

// Per-read record of -u cuts ({cut_prefix}, {cut_suffix} in --rename).
// Cleared by the caller before each read (cutadapt: None, rendered as "").
struct ReadExtras {
    std::string cut_prefix;  // what -u N (N > 0) removed
    std::string cut_suffix;  // what -u -N removed
    void clear() {
        cut_prefix.clear();
        cut_suffix.clear();
    }
};

// --length-tag TAG: replaces every match of the regular expression
// \bTAG[0-9]*\b in the name by TAG followed by the current read length, if
// TAG occurs in the name at all. TAG is a regular expression as in cutadapt
// (it is not escaped).
class LengthTagger {
public:
    explicit LengthTagger(std::string tag);
    void apply(Read& read) const;

private:
    std::string tag_;
    std::regex regex_;
};

// --strip-suffix S: removes S from the end of the name if the name ends with
// it. As in cutadapt, an empty S empties the name (name[:-0]).
void strip_name_suffix(Read& read, std::string_view suffix);

// -x/-y: prepends `prefix` and appends `suffix` to the name, each with every
// "{name}" replaced by `adapter_name` (the last match's adapter, or "no_adapter").
void add_name_prefix_suffix(Read& read, std::string_view prefix, std::string_view suffix,
                            std::string_view adapter_name);

// --zero-cap: quality characters below chr(quality_base) become chr(quality_base).
void cap_qualities_at_zero(Read& read, int quality_base);

// cutadapt's Renamer.parse_name(): (id, comment) from str.split(maxsplit=1).
// A name that does not split in two gives (name, "") -- the whole name, even
// with leading or trailing whitespace.
std::pair<std::string_view, std::string_view> parse_name(std::string_view name);

// One piece of a --rename template: literal text or a variable name (the
// text between braces, e.g. "id", "r1.comment").
struct TemplateToken {
    bool variable = false;
    std::string text;
};

// cutadapt's tokenize_braces(). Returns false on a stray '{' or '}' (the
// command line layer reports that; see check_rename_template).
bool tokenize_template(std::string_view tmpl, std::vector<TemplateToken>& out);

// The values of the rename variables for one read.
struct RenameValues {
    std::string_view header;
    std::string_view id;
    std::string_view comment;
    std::string_view cut_prefix;
    std::string_view cut_suffix;
    std::string_view adapter_name;    // "no_adapter" without a match
    std::string_view match_sequence;  // "" without a match
    std::string_view rc;              // "rc" or ""
    std::string_view rn;              // "1"/"2" (paired only)
};

// Appends the rendered template to `out`. "r1.X"/"r2.X" take X from r1/r2
// (paired only; nullptr in single-end). REQUIRES: every variable was
// validated (check_rename_template).
void render_template(const std::vector<TemplateToken>& tokens, const RenameValues& own, const RenameValues* r1,
                     const RenameValues* r2, std::string& out);

}  // namespace ringtrim::core
