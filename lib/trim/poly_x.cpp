#include "lib/trim/poly_x.hpp"

namespace ringtrim::core {

int poly_x_trim_index(std::string_view sequence, char base, int min_length) {
    const int n = static_cast<int>(sequence.size());
    int best = n;
    int mismatches = 0;
    // q walks from the 3' end; every q that passes conditions 3 and 4 may be
    // a start (conditions 1 and 2 are checked per q).
    for (int q = n - 1; q >= 0; --q) {
        const bool match = sequence[static_cast<std::size_t>(q)] == base;
        if (!match) ++mismatches;
        const int length = n - q;
        if (mismatches > kPolyXMaxMismatches) break;
        if (length >= min_length && mismatches > length / kPolyXBasesPerMismatch) break;
        if (match && length >= min_length) best = q;
    }
    return best;
}

int poly_any_trim_index(std::string_view sequence, int min_length) {
    int best = static_cast<int>(sequence.size());
    for (char base : {'A', 'C', 'G', 'T'}) {
        const int p = poly_x_trim_index(sequence, base, min_length);
        if (p < best) best = p;
    }
    return best;
}

}  // namespace ringtrim::core
