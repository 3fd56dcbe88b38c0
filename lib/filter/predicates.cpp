#include "lib/filter/predicates.hpp"

#include <cstddef>

#include "lib/trim/qualtrim.hpp"

namespace ringtrim::core {

bool too_short(const Read& read, int minimum_length) {
    return static_cast<long>(read.sequence.size()) < minimum_length;
}

bool too_long(const Read& read, int maximum_length) { return static_cast<long>(read.sequence.size()) > maximum_length; }

bool too_many_n(const Read& read, double count) {
    std::size_t n_count = 0;
    for (char c : read.sequence) n_count += (c == 'N' || c == 'n');
    if (count < 1.0) {
        if (read.sequence.empty()) return false;
        return static_cast<double>(n_count) / static_cast<double>(read.sequence.size()) > count;
    }
    return static_cast<double>(n_count) > count;
}

bool too_many_expected_errors(const Read& read, double max_errors, int quality_base) {
    return expected_errors(read.qualities, quality_base) > max_errors;
}

bool too_high_average_error_rate(const Read& read, double max_rate, int quality_base) {
    if (read.qualities.empty()) return false;
    return expected_errors(read.qualities, quality_base) / static_cast<double>(read.qualities.size()) > max_rate;
}

bool casava_filtered(const Read& read) {
    // Python: _, _, right = name.partition(" "); right[1:4] == ":Y:"
    const auto space = read.name.find(' ');
    if (space == std::string::npos) return false;
    std::string_view right = std::string_view(read.name).substr(space + 1);
    return right.size() >= 4 && right.substr(1, 3) == ":Y:";
}

}  // namespace ringtrim::core
