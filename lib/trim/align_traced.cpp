// The traced DP (docs/algorithms.md, "The traced DP"): locate_impl's result
// from bit-parallel cost columns, each candidate's score and origin traced
// back. Used after the prefilter where the reference start is pinned and
// indels cost 1 (Aligner's constructor, traced_locate_for).
#include "lib/trim/align.hpp"

#include "lib/trim/detail/align_internal.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace ringtrim::core {
using namespace detail;

// Score and origin of the cell (i, j) of cost `cost` <= k, as locate_impl
// computes them: walk back along the predecessors cutadapt's cell rule picks,
// which depend on costs only (docs/algorithms.md, "The traced DP").
template <bool kFreeQueryStart>
Aligner::Traced Aligner::trace(const unsigned char* query, const Deltas* deltas, int min_n, int i, int j,
                               int cost) const {
    const std::uint64_t* peq = peq_.data();
    int score = 0;
    while (true) {
        // Only a diagonal of matches reaches a cell of cost 0, and it comes
        // from row 0: every other cell of column min_n costs more.
        if (cost == 0) return {score + i, kFreeQueryStart ? j - i : 0};
        if (i == 0) return {score, kFreeQueryStart ? j : 0};
        if (j == min_n) return {score, kFreeQueryStart ? std::max(0, min_n - i) : 0};
        const int bit = i - 1;
        if ((peq[query[j - 1]] >> bit) & 1) {
            score += kMatchScore;  // a match always takes the diagonal
            --i;
            --j;
            continue;
        }
        // D[i-1][j], D[i][j-1] and D[i-1][j-1] from the deltas of column j.
        const Deltas& here = deltas[j - min_n];
        const int up = cost - delta_at(here.pv, here.mv, bit);
        const int left = cost - delta_at(here.ph, here.mh, bit);
        const int diag = up - (i == 1 ? (kFreeQueryStart ? 0 : 1) : delta_at(here.ph, here.mh, bit - 1));
        const int cost_diag = diag + 1;
        const int cost_deletion = left + 1;
        const int cost_insertion = up + 1;
        const bool diag_first = cost_diag <= cost_deletion;
        if (cost_insertion < (diag_first ? cost_diag : cost_deletion + 1)) {
            score += kInsertionScore;
            --i;
            cost = up;
        } else if (diag_first) {
            score += kMismatchScore;
            --i;
            --j;
            cost = diag;
        } else {
            score += kDeletionScore;
            --j;
            cost = left;
        }
    }
}

// locate_impl's result without its score and origin columns. Every cell of
// cost <= k holds what the full DP (no Ukkonen cut) holds, every candidate
// costs <= k, and the rule that picks a cell's predecessor reads only costs
// (docs/algorithms.md, "The traced DP"). So: bit-parallel cost columns
// (Myers/Hyyro, deltas kept), candidates where locate_impl sees them, and
// each candidate's score and origin by trace(). Where the last-column scan
// would read locate_impl's stale `origin`, locate_impl decides.
template <int kFlags, bool kCompareAscii>
std::optional<Alignment> Aligner::locate_traced(std::string_view query, DpColumns columns) {
    static_assert((kFlags & kReferenceStart) == 0, "origins must be query positions");
    constexpr bool start_in_query = (kFlags & kQueryStart) != 0;
    constexpr bool stop_in_reference = (kFlags & kReferenceEnd) != 0;
    constexpr bool stop_in_query = (kFlags & kQueryStop) != 0;
    const int m = m_;
    const int n = static_cast<int>(query.size());
    const int k = static_cast<int>(max_error_rate_ * m);
    const auto [min_n, max_n] = column_range<kFlags>(n, columns);
    const auto* q = reinterpret_cast<const unsigned char*>(query.data());
    const std::uint64_t* peq = peq_.data();
    const std::uint64_t m_mask = m == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m) - 1;
    const std::uint64_t high = std::uint64_t{1} << (m - 1);
    const std::uint64_t row0_delta = start_in_query ? 0 : 1;

    const int width = std::max(0, max_n - min_n) + 1;
    if (static_cast<int>(deltas_.size()) < width) deltas_.resize(static_cast<std::size_t>(width));
    Deltas* deltas = deltas_.data();
    // Column min_n: D[i] = i (free query start) or max(i, min_n).
    const std::uint64_t flat = min_n >= 64 ? m_mask : (std::uint64_t{1} << min_n) - 1;
    std::uint64_t pv = start_in_query ? m_mask : m_mask & ~flat;
    std::uint64_t mv = 0;
    deltas[0] = Deltas{pv, mv, 0, 0};
    int cost_m = start_in_query ? m : std::max(m, min_n);  // D[m][j]

    Match best{0, m + n + 1, 0, m, n};
    const int unset_cost = m + n + 1;
    const int full_effective_length = wildcard_ref_ ? effective_length_ : m;
    for (int j = min_n + 1; j <= max_n; ++j) {
        const std::uint64_t eq = peq[q[j - 1]];
        const std::uint64_t xv = eq | mv;
        const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        const std::uint64_t ph = mv | ~(xh | pv);
        const std::uint64_t mh = pv & xh;
        cost_m += ((ph & high) != 0) - ((mh & high) != 0);
        const std::uint64_t ph_in = (ph << 1) | row0_delta;
        pv = (mh << 1) | ~(xv | ph_in);
        mv = ph_in & xv;
        deltas[j - min_n] = Deltas{pv, mv, ph, mh};
        if constexpr (stop_in_query) {
            // locate_impl's candidate in the last row: there when D[m][j] <= k.
            if (cost_m > k || m < min_overlap_ || !(cost_m <= full_effective_length * max_error_rate_)) continue;
            const Traced t = trace<start_in_query>(q, deltas, min_n, m, j, cost_m);
            if (best.cost == unset_cost || (t.origin <= best.origin + m / 2 && t.score > best.score)) {
                best = Match{t.origin, cost_m, t.score, m, j};
                // An exact match: locate_impl stops here, and nothing in its
                // last-column scan can beat score m.
                if (cost_m == 0) return to_alignment(best);
            }
        }
    }
    if (max_n == n) {
        // locate_impl's last-column scan runs over rows last_filled_i..first_i
        // of column n. Below last_filled_i every cell costs more than k (the
        // Ukkonen cut), so scanning from row m finds the same candidates;
        // without a computed column locate_impl scans row 0 only.
        const int last_filled_i = max_n > min_n ? m : 0;
        std::array<int, 65> costs;
        const Deltas& final_column = deltas[max_n - min_n];
        column_costs(final_column.pv, final_column.mv, start_in_query ? 0 : max_n, m, costs);
        // The scan compares locate_impl's stale `origin`: that of the last
        // cell its column loop computed, (last_i, n), where last_i = min(m,
        // r + 1) and r is the last row of cost <= k in column n - 1 (-1:
        // none); 0 without a computed column. Known here where that cell
        // costs <= k; elsewhere locate_impl decides.
        constexpr int kUnknown = std::numeric_limits<int>::min();
        int stale_origin = kUnknown;
        const auto find_stale_origin = [&]() {
            if (max_n == min_n) return 0;
            int last_i = std::min(m, k + 1);
            if (max_n > min_n + 1) {
                const Deltas& before = deltas[max_n - 1 - min_n];
                std::array<int, 65> before_costs;
                column_costs(before.pv, before.mv, start_in_query ? 0 : max_n - 1, m, before_costs);
                int r = m;
                while (r >= 0 && before_costs[r] > k) --r;
                last_i = std::min(m, r + 1);
            }
            if (costs[last_i] > k) return kUnknown;
            return trace<start_in_query>(q, deltas, min_n, last_i, n, costs[last_i]).origin;
        };
        const int first_i = stop_in_reference ? 0 : m;
        for (int i = last_filled_i; i >= first_i; --i) {
            const int cost = costs[i];
            if (cost > k || i < min_overlap_) continue;
            const int effective_length =
                wildcard_ref_ ? (i < m ? i - (n_counts_[i] - n_counts_[0]) : effective_length_) : i;
            if (!(cost <= effective_length * max_error_rate_)) continue;
            const Traced t = trace<start_in_query>(q, deltas, min_n, i, n, cost);
            const int best_length = best.ref_stop;
            bool take = best.cost == unset_cost || (i > best_length && t.score > best.score);
            if (!take && t.score > best.score) {
                if (stale_origin == kUnknown) stale_origin = find_stale_origin();
                // locate_fn_ is locate_impl<kFlags, kCompareAscii>
                // (align.cpp): traced_locate_for pairs them.
                if (stale_origin == kUnknown) return (this->*locate_fn_)(query, columns);
                take = stale_origin <= best.origin + m / 2;
            }
            if (take) best = Match{t.origin, cost, t.score, i, n};
        }
    }
    if (best.cost == unset_cost) return std::nullopt;
    return to_alignment(best);
}

Aligner::LocateFn Aligner::traced_locate_for(int flags, bool ascii) {
    // One specialization per flag combination without kReferenceStart (the
    // even ones) and comparison mode: locate_traced<flags, ascii> is
    // locate_impl<flags, ascii>'s traced twin, and falls back to it through
    // locate_fn_.
    static constexpr LocateFn kTraced[2][8] = {
        {&Aligner::locate_traced<0, false>, &Aligner::locate_traced<2, false>, &Aligner::locate_traced<4, false>,
         &Aligner::locate_traced<6, false>, &Aligner::locate_traced<8, false>, &Aligner::locate_traced<10, false>,
         &Aligner::locate_traced<12, false>, &Aligner::locate_traced<14, false>},
        {&Aligner::locate_traced<0, true>, &Aligner::locate_traced<2, true>, &Aligner::locate_traced<4, true>,
         &Aligner::locate_traced<6, true>, &Aligner::locate_traced<8, true>, &Aligner::locate_traced<10, true>,
         &Aligner::locate_traced<12, true>, &Aligner::locate_traced<14, true>},
    };
    return kTraced[ascii ? 1 : 0][(flags & kSemiglobal) / 2];
}

}  // namespace ringtrim::core
