// Quality trimming, identical in results to cutadapt 4.2's qualtrim.pyx.
#include "lib/trim/qualtrim.hpp"

#include <cmath>

namespace ringtrim::core {
namespace {

int quality_at(std::string_view qualities, int i, int base) {
    return static_cast<int>(static_cast<signed char>(qualities[i])) - base;
}

}  // namespace

std::pair<int, int> quality_trim_index(std::string_view qualities, int cutoff_front, int cutoff_back, int base) {
    const int n = static_cast<int>(qualities.size());
    int start = 0;
    int stop = n;

    int s = 0;
    int max_qual = 0;
    for (int i = 0; i < n; ++i) {
        s += cutoff_front - quality_at(qualities, i, base);
        if (s < 0) break;
        if (s > max_qual) {
            max_qual = s;
            start = i + 1;
        }
    }

    s = 0;
    max_qual = 0;
    for (int i = n - 1; i >= 0; --i) {
        s += cutoff_back - quality_at(qualities, i, base);
        if (s < 0) break;
        if (s > max_qual) {
            max_qual = s;
            stop = i;
        }
    }
    if (start >= stop) return {0, 0};
    return {start, stop};
}

int poly_a_trim_index(std::string_view s, bool revcomp) {
    const int n = static_cast<int>(s.size());
    int best_score = 0;
    int score = 0;
    int errors = 0;
    if (revcomp) {
        int best_index = 0;
        for (int i = 0; i < n; ++i) {
            if (s[static_cast<std::size_t>(i)] == 'T') {
                score += 1;
            } else {
                score -= 2;
                errors += 1;
            }
            if (score > best_score && errors * 5 <= i + 1) {  // at most 20 % errors
                best_score = score;
                best_index = i + 1;
            }
        }
        return best_index < 3 ? 0 : best_index;
    }
    int best_index = n;
    for (int i = n - 1; i >= 0; --i) {
        if (s[static_cast<std::size_t>(i)] == 'A') {
            score += 1;
        } else {
            score -= 2;
            errors += 1;
        }
        if (score > best_score && errors * 5 <= n - i) {
            best_score = score;
            best_index = i;
        }
    }
    return best_index > n - 3 ? n : best_index;
}

int nextseq_trim_index(std::string_view sequence, std::string_view qualities, int cutoff, int base) {
    const int n = static_cast<int>(qualities.size());
    int s = 0;
    int max_qual = 0;
    int max_i = n;
    for (int i = n - 1; i >= 0; --i) {
        int q = quality_at(qualities, i, base);
        if (sequence[i] == 'G') q = cutoff - 1;
        s += cutoff - q;
        if (s < 0) break;
        if (s > max_qual) {
            max_qual = s;
            max_i = i;
        }
    }
    return max_i;
}

double expected_errors(std::string_view qualities, int base) {
    double e = 0.0;
    const int n = static_cast<int>(qualities.size());
    for (int i = 0; i < n; ++i) {
        const int q = quality_at(qualities, i, base);
        e += std::pow(10.0, static_cast<double>(-q) / 10.0);
    }
    return e;
}

}  // namespace ringtrim::core
