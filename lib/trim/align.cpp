// Adapter alignment, identical in results to cutadapt 4.2's _align.pyx.
// See docs/algorithms.md ("Adapter alignment") for the specification. The
// DP itself is here; the early rejection is in align_prefilter.cpp and the
// traced DP in align_traced.cpp (lib/trim/detail/align_internal.hpp).
#include "lib/trim/align.hpp"
#include "lib/python/python.hpp"

#include "lib/trim/ascii_case.hpp"
#include "lib/trim/detail/align_internal.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace ringtrim::core {
using namespace detail;
namespace {

using Table = std::array<unsigned char, 256>;

constexpr unsigned char kA = 1, kC = 2, kG = 4, kT = 8;

// A, C, G, T (and U as T), either case, to one bit each; every other byte to
// 0x80, which only the IUPAC 'N' (0x8F) matches.
constexpr Table make_acgt_table() {
    Table t{};
    for (auto& v : t) v = 0x80;
    constexpr std::pair<char, unsigned char> codes[] = {{'A', kA}, {'C', kC}, {'G', kG}, {'T', kT}, {'U', kT}};
    for (auto [c, v] : codes) {
        t[static_cast<unsigned char>(c)] = v;
        t[static_cast<unsigned char>(ascii_lower(c))] = v;
    }
    return t;
}

// IUPAC codes, either case, to the set of bases they stand for; N also gets
// 0x80. Non-IUPAC bytes (and X) map to 0 and match nothing.
constexpr Table make_iupac_table() {
    Table t{};
    constexpr std::pair<char, unsigned char> codes[] = {
        {'X', 0},
        {'A', kA},
        {'C', kC},
        {'G', kG},
        {'T', kT},
        {'U', kT},
        {'R', kA | kG},
        {'Y', kC | kT},
        {'S', kG | kC},
        {'W', kA | kT},
        {'K', kG | kT},
        {'M', kA | kC},
        {'B', kC | kG | kT},
        {'D', kA | kG | kT},
        {'H', kA | kC | kT},
        {'V', kA | kC | kG},
        {'N', kA | kC | kG | kT | 0x80},
    };
    for (auto [c, v] : codes) {
        t[static_cast<unsigned char>(c)] = v;
        t[static_cast<unsigned char>(ascii_lower(c))] = v;
    }
    return t;
}

// ASCII a-z to A-Z, every other byte to itself (Python's bytes.upper()).
constexpr Table make_upper_table() {
    Table t{};
    for (int i = 0; i < 256; ++i) {
        t[i] = static_cast<unsigned char>((i >= 'a' && i <= 'z') ? i - 32 : i);
    }
    return t;
}

constexpr Table kAcgtTable = make_acgt_table();
constexpr Table kIupacTable = make_iupac_table();
constexpr Table kUpperTable = make_upper_table();

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string translate(std::string_view s, const Table& table) {
    std::string out(s.size(), '\0');
    for (std::size_t i = 0; i < s.size(); ++i) {
        out[i] = static_cast<char>(table[static_cast<unsigned char>(s[i])]);
    }
    return out;
}

int count_n(std::string_view s) {
    return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) { return c == 'N' || c == 'n'; }));
}

// The query table for both aligner kinds: IUPAC if the query may contain
// wildcards, ACGT if only the reference may, plain upper-casing otherwise.
const unsigned char* query_table_for(bool wildcard_ref, bool wildcard_query) {
    if (wildcard_query) return kIupacTable.data();
    if (wildcard_ref) return kAcgtTable.data();
    return kUpperTable.data();
}

}  // namespace

// ---------------------------------------------------------------------------
// Aligner

std::optional<std::string> Aligner::validate(std::string_view reference, double /*max_error_rate*/, int /*flags*/,
                                             bool wildcard_ref, bool wildcard_query, int indel_cost,
                                             int /*min_overlap*/) {
    if (wildcard_ref && count_n(reference) == static_cast<int>(reference.size())) {
        return "Cannot have only N wildcards in the sequence";
    }
    // Without wildcards _align.pyx encodes the str: UnicodeEncodeError.
    if (!wildcard_ref && !wildcard_query && !is_ascii(reference)) return ascii_encode_error(reference);
    if (!is_ascii(reference)) return "String must contain only ASCII characters";
    if (indel_cost < 1) return "indel_cost must be at least 1";
    return std::nullopt;
}

Aligner::Aligner(std::string_view reference, double max_error_rate, int flags, bool wildcard_ref, bool wildcard_query,
                 int indel_cost, int min_overlap)
    : query_table_(query_table_for(wildcard_ref, wildcard_query)),
      max_error_rate_(max_error_rate),
      m_(static_cast<int>(reference.size())),
      flags_(flags & kSemiglobal),
      wildcard_ref_(wildcard_ref),
      wildcard_query_(wildcard_query),
      indel_cost_(indel_cost),
      min_overlap_(min_overlap) {
    n_counts_.assign(static_cast<std::size_t>(m_) + 1, 0);
    int n_count = 0;
    for (int i = 0; i < m_; ++i) {
        n_counts_[i] = n_count;
        if (reference[i] == 'N' || reference[i] == 'n') ++n_count;
    }
    n_counts_[m_] = n_count;
    effective_length_ = wildcard_ref_ ? m_ - n_count : m_;
    if (wildcard_ref_) {
        reference_ = translate(reference, kIupacTable);
    } else if (wildcard_query_) {
        reference_ = translate(reference, kAcgtTable);
    } else {
        reference_ = std::string(reference);
    }
    column_.assign(static_cast<std::size_t>(m_) + 1, Entry{0, 0, 0});

    const bool ascii = !wildcard_ref_ && !wildcard_query_;
    // One specialization per flag combination and comparison mode.
    static constexpr LocateFn kTable[2][16] = {
        {&Aligner::locate_impl<0, false>, &Aligner::locate_impl<1, false>, &Aligner::locate_impl<2, false>,
         &Aligner::locate_impl<3, false>, &Aligner::locate_impl<4, false>, &Aligner::locate_impl<5, false>,
         &Aligner::locate_impl<6, false>, &Aligner::locate_impl<7, false>, &Aligner::locate_impl<8, false>,
         &Aligner::locate_impl<9, false>, &Aligner::locate_impl<10, false>, &Aligner::locate_impl<11, false>,
         &Aligner::locate_impl<12, false>, &Aligner::locate_impl<13, false>, &Aligner::locate_impl<14, false>,
         &Aligner::locate_impl<15, false>},
        {&Aligner::locate_impl<0, true>, &Aligner::locate_impl<1, true>, &Aligner::locate_impl<2, true>,
         &Aligner::locate_impl<3, true>, &Aligner::locate_impl<4, true>, &Aligner::locate_impl<5, true>,
         &Aligner::locate_impl<6, true>, &Aligner::locate_impl<7, true>, &Aligner::locate_impl<8, true>,
         &Aligner::locate_impl<9, true>, &Aligner::locate_impl<10, true>, &Aligner::locate_impl<11, true>,
         &Aligner::locate_impl<12, true>, &Aligner::locate_impl<13, true>, &Aligner::locate_impl<14, true>,
         &Aligner::locate_impl<15, true>},
    };
    locate_fn_ = kTable[ascii ? 1 : 0][flags_];
    init_prefilter();
    // The traced DP needs the forward bit masks and unit indel costs.
    const bool traced = prefilter_applies_ && (flags_ & kReferenceStart) == 0 && indel_cost_ == 1;
    traced_fn_ = traced ? traced_locate_for(flags_, ascii) : locate_fn_;
}

// The DP of cutadapt's Aligner.locate, statement for statement where the
// statement order decides a result (stale variables and cells included).
// DP matrix: rows i = 0..m over the reference, columns j = 0..n over the
// query; only one column is kept.
template <int kFlags, bool kCompareAscii>
std::optional<Alignment> Aligner::locate_impl(std::string_view query, DpColumns columns) {
    constexpr bool start_in_reference = (kFlags & kReferenceStart) != 0;
    constexpr bool start_in_query = (kFlags & kQueryStart) != 0;
    constexpr bool stop_in_reference = (kFlags & kReferenceEnd) != 0;
    constexpr bool stop_in_query = (kFlags & kQueryStop) != 0;

    const auto* s1 = reinterpret_cast<const unsigned char*>(reference_.data());
    const auto* s2 = reinterpret_cast<const unsigned char*>(query.data());
    const unsigned char* table = query_table_;
    const int m = m_;
    const int n = static_cast<int>(query.size());
    Entry* column = column_.data();
    const double max_error_rate = max_error_rate_;
    const int indel_cost = indel_cost_;
    const int* n_counts = n_counts_.data();

    // Maximum number of errors over the full reference.
    const int k = static_cast<int>(max_error_rate * m);
    const auto [min_n, max_n] = column_range<kFlags>(n, columns);
    constexpr bool may_skip = start_in_query && stop_in_query && !start_in_reference;
    const bool skipped_columns = may_skip && columns.first > 0;

    // Column min_n.
    if constexpr (!start_in_reference && !start_in_query) {
        for (int i = 0; i <= m; ++i) column[i] = Entry{std::max(i, min_n) * indel_cost, 0, 0};
    } else if constexpr (start_in_reference && !start_in_query) {
        for (int i = 0; i <= m; ++i) column[i] = Entry{min_n * indel_cost, 0, std::min(0, min_n - i)};
    } else if constexpr (!start_in_reference && start_in_query) {
        for (int i = 0; i <= m; ++i) column[i] = Entry{i * indel_cost, 0, std::max(0, min_n - i)};
    } else {
        for (int i = 0; i <= m; ++i) column[i] = Entry{std::min(i, min_n) * indel_cost, 0, min_n - i};
    }

    Match best{0, m + n + 1, 0, m, n};
    const int unset_cost = m + n + 1;

    // Ukkonen's trick: rows below `last` all cost more than k.
    int last = start_in_reference ? m : std::min(m, k + 1);

    // These persist across the column loop and into the last-column scan:
    // cutadapt's last-column scan compares a stale `origin`.
    int origin = 0;
    int cost = 0;
    int score = 0;
    int length = 0;
    int cur_effective_length = 0;
    int last_filled_i = 0;

    for (int j = min_n + 1; j <= max_n; ++j) {
        Entry diag_entry = column[0];
        if constexpr (start_in_query) {
            column[0].origin = j;
        } else {
            column[0].cost = j * indel_cost;
        }
        const unsigned char c2 = table[s2[j - 1]];
        // Branch-free form of cutadapt's cell rule: a match takes the
        // diagonal unconditionally; a mismatch takes the diagonal if it is
        // no worse than both indels, else the insertion (from the cell
        // above) if no worse than the deletion, else the deletion.
        // Equivalently, first pick between diagonal and deletion (which does
        // not depend on the cell above), then let the insertion win if it
        // is cheaper than the diagonal, or no worse than the deletion, and
        // never on a match. Only the last step waits for the cell above.
        Entry up = column[0];
        for (int i = 1; i <= last; ++i) {
            bool characters_equal;
            if constexpr (kCompareAscii) {
                characters_equal = s1[i - 1] == c2;
            } else {
                characters_equal = (s1[i - 1] & c2) != 0;
            }
            const Entry left = column[i];
            const int cost_diag = diag_entry.cost + (characters_equal ? 0 : 1);
            const int cost_deletion = left.cost + indel_cost;
            const bool diag_first = characters_equal | (cost_diag <= cost_deletion);
            const int first_cost = diag_first ? cost_diag : cost_deletion;
            const int first_score = diag_first ? diag_entry.score + (characters_equal ? kMatchScore : kMismatchScore)
                                               : left.score + kDeletionScore;
            const int first_origin = diag_first ? diag_entry.origin : left.origin;
            const int insertion_below =
                characters_equal ? std::numeric_limits<int>::min() : (diag_first ? cost_diag : cost_deletion + 1);
            const int cost_insertion = up.cost + indel_cost;
            const bool take_insertion = cost_insertion < insertion_below;
            cost = take_insertion ? cost_insertion : first_cost;
            score = take_insertion ? up.score + kInsertionScore : first_score;
            origin = take_insertion ? up.origin : first_origin;
            diag_entry = left;
            up = Entry{cost, score, origin};
            column[i] = up;
        }
        last_filled_i = last;
        while (last >= 0 && column[last].cost > k) --last;
        if (last < m) {
            ++last;
        } else if constexpr (stop_in_query) {
            // The full reference ends in this column: candidate in the last row.
            cost = column[m].cost;
            score = column[m].score;
            origin = column[m].origin;
            length = m + std::min(origin, 0);
            cur_effective_length = length;
            if (wildcard_ref_) {
                if (length < m) {
                    cur_effective_length = length - (n_counts[m] - n_counts[m - length]);
                } else {
                    cur_effective_length = effective_length_;
                }
            }
            const bool is_acceptable = length >= min_overlap_ && cost <= cur_effective_length * max_error_rate;
            const int best_length = m + std::min(best.origin, 0);
            if (is_acceptable && (best.cost == unset_cost || (origin <= best.origin + m / 2 && score > best.score) ||
                                  (length > best_length && score > best.score))) {
                best = Match{origin, cost, score, m, j};
                if (cost == 0 && origin >= 0) break;  // exact match: stop early
            }
        }
    }

    // With skipped columns, the stale `origin` (see below) is exact only if
    // it comes from a cell of cost <= k; `cost` still belongs to that cell.
    const bool stale_origin_exact = !skipped_columns || cost <= k;
    if (max_n == n) {
        // Candidates in the last computed column (query fully used).
        const int first_i = stop_in_reference ? 0 : m;
        for (int i = last_filled_i; i >= first_i; --i) {
            length = i + std::min(column[i].origin, 0);
            cost = column[i].cost;
            score = column[i].score;
            if (wildcard_ref_) {
                if (length < m) {
                    const int ref_start = -std::min(column[i].origin, 0);
                    cur_effective_length = length - (n_counts[i] - n_counts[ref_start]);
                } else {
                    cur_effective_length = effective_length_;
                }
            } else {
                cur_effective_length = length;
            }
            const bool is_acceptable = length >= min_overlap_ && cost <= cur_effective_length * max_error_rate;
            const int best_length = best.ref_stop + std::min(best.origin, 0);
            // `origin` here is deliberately the stale value from the column
            // loop, as in cutadapt 4.2. Where it decides and may differ from
            // the full DP's, run the full DP.
            if (!stale_origin_exact && is_acceptable && best.cost != unset_cost && score > best.score &&
                !(length > best_length)) {
                return locate_impl<kFlags, kCompareAscii>(query, DpColumns{});
            }
            if (is_acceptable && (best.cost == unset_cost || (origin <= best.origin + m / 2 && score > best.score) ||
                                  (length > best_length && score > best.score))) {
                best = Match{column[i].origin, cost, score, i, n};
            }
        }
    }
    if (best.cost == unset_cost) return std::nullopt;
    return to_alignment(best);
}

// ---------------------------------------------------------------------------
// PrefixComparer and SuffixComparer

std::optional<std::string> PrefixComparer::validate(std::string_view reference, double max_error_rate,
                                                    bool wildcard_ref, bool /*wildcard_query*/, int min_overlap) {
    if (wildcard_ref) {
        const auto upper_n = std::count(reference.begin(), reference.end(), 'N');
        const auto lower_n = std::count(reference.begin(), reference.end(), 'n');
        if (static_cast<long>(reference.size()) - (upper_n - lower_n) == 0) {
            return "Cannot have only N wildcards in the sequence";
        }
    }
    if (!(0 <= max_error_rate && max_error_rate <= 1.0)) {
        return "max_error_rate must be between 0 and 1";
    }
    if (min_overlap < 1) return "min_overlap must be at least 1";
    if (!is_ascii(reference)) return "String must contain only ASCII characters";
    return std::nullopt;
}

PrefixComparer::PrefixComparer(std::string_view reference, double max_error_rate, bool wildcard_ref,
                               bool wildcard_query, int min_overlap)
    : query_table_(query_table_for(wildcard_ref, wildcard_query)),
      wildcard_ref_(wildcard_ref),
      wildcard_query_(wildcard_query),
      compare_ascii_(!wildcard_ref && !wildcard_query),
      m_(static_cast<int>(reference.size())),
      effective_length_(m_),
      min_overlap_(min_overlap) {
    if (wildcard_ref_) {
        // cutadapt 4.2 subtracts count('N') - count('n') here.
        const auto upper_n = std::count(reference.begin(), reference.end(), 'N');
        const auto lower_n = std::count(reference.begin(), reference.end(), 'n');
        effective_length_ -= static_cast<int>(upper_n - lower_n);
    }
    max_k_ = static_cast<int>(max_error_rate * effective_length_);
    const Table& table = wildcard_ref_ ? kIupacTable : wildcard_query_ ? kAcgtTable : kUpperTable;
    reference_ = translate(reference, table);
}

PrefixComparer::PrefixComparer(Reversed, std::string_view reference, double max_error_rate, bool wildcard_ref,
                               bool wildcard_query, int min_overlap)
    : PrefixComparer(reference, max_error_rate, wildcard_ref, wildcard_query, min_overlap) {
    std::reverse(reference_.begin(), reference_.end());
}

int PrefixComparer::count_errors(std::string_view query, int length, bool backwards) const {
    const auto* r = reinterpret_cast<const unsigned char*>(reference_.data());
    const auto* q = reinterpret_cast<const unsigned char*>(query.data());
    const unsigned char* table = query_table_;
    const int n = static_cast<int>(query.size());
    int errors = 0;
    if (compare_ascii_) {
        for (int i = 0; i < length; ++i) {
            const unsigned char c = table[q[backwards ? n - 1 - i : i]];
            errors += (r[i] != c) ? 1 : 0;
        }
    } else {
        for (int i = 0; i < length; ++i) {
            const unsigned char c = table[q[backwards ? n - 1 - i : i]];
            errors += ((r[i] & c) == 0) ? 1 : 0;
        }
    }
    return errors;
}

std::optional<Alignment> PrefixComparer::locate(std::string_view query) const {
    const int length = std::min(m_, static_cast<int>(query.size()));
    const int errors = count_errors(query, length, false);
    if (errors > max_k_ || length < min_overlap_) return std::nullopt;
    const int score = (length - errors) * kMatchScore + errors * kMismatchScore;
    return Alignment{0, length, 0, length, score, errors};
}

SuffixComparer::SuffixComparer(std::string_view reference, double max_error_rate, bool wildcard_ref,
                               bool wildcard_query, int min_overlap)
    : PrefixComparer(Reversed{}, reference, max_error_rate, wildcard_ref, wildcard_query, min_overlap) {}

std::optional<Alignment> SuffixComparer::locate(std::string_view query) const {
    const int n = static_cast<int>(query.size());
    const int length = std::min(m_, n);
    const int errors = count_errors(query, length, true);
    if (errors > max_k_ || length < min_overlap_) return std::nullopt;
    const int score = (length - errors) * kMatchScore + errors * kMismatchScore;
    return Alignment{m_ - length, m_, n - length, n, score, errors};
}

}  // namespace ringtrim::core
