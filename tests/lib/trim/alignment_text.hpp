// Test helper: an Alignment (or None) as cutadapt's tuple prints it, minus
// the brackets, for comparisons and failure messages in tests/lib/trim/.
#pragma once

#include <optional>
#include <sstream>
#include <string>

#include "lib/trim/align.hpp"

namespace ringtrim::core::testing {

inline std::string show(const std::optional<Alignment>& a) {
    if (!a) return "None";
    std::ostringstream out;
    out << a->ref_start << ',' << a->ref_stop << ',' << a->query_start << ',' << a->query_stop << ',' << a->score << ','
        << a->errors;
    return out.str();
}

}  // namespace ringtrim::core::testing
