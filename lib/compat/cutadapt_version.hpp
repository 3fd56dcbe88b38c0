// CutadaptVersion: which cutadapt release's bytes ringtrim writes
// (--as-cutadapt 4.2|5.2, or RINGTRIM_AS_CUTADAPT; docs/options.md
// "cutadapt 4.2 or 5.2"). Every place where the two releases differ takes
// one of these; nothing else in the core knows which release it imitates.
#pragma once

#include <optional>
#include <string_view>

namespace ringtrim::core {

enum class CutadaptVersion : unsigned char {
    k4_2,  // Debian 12's cutadapt; the default until 5.2's trimming results are built (issue 26)
    k5_2,  // the release of 2025-10
};

inline constexpr CutadaptVersion kDefaultCutadaptVersion = CutadaptVersion::k4_2;

// "4.2" or "5.2": what --version prints as "cutadapt" and the report's
// first line and JSON "cutadapt_version" say.
constexpr std::string_view version_string(CutadaptVersion v) { return v == CutadaptVersion::k4_2 ? "4.2" : "5.2"; }

// "4.2" -> k4_2, "5.2" -> k5_2; anything else nullopt.
constexpr std::optional<CutadaptVersion> parse_cutadapt_version(std::string_view text) {
    if (text == "4.2") return CutadaptVersion::k4_2;
    if (text == "5.2") return CutadaptVersion::k5_2;
    return std::nullopt;
}

}  // namespace ringtrim::core
