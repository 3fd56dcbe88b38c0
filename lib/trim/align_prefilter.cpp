// The Aligner's early rejection (docs/algorithms.md, "Early rejection
// (prefilter)", "k-mer check and skipped DP columns", "The tail pass"):
// may_match() and the DP columns that locate_impl needs, set up once per
// adapter by init_prefilter(). Each pass only says that locate() finds
// nothing, or where it need not look; results come from the DP (align.cpp).
#include "lib/trim/align.hpp"

#include "lib/simd/base_code.hpp"
#include "lib/simd/pieces.hpp"
#include "lib/trim/detail/align_internal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace ringtrim::core {
using namespace detail;

void Aligner::init_prefilter() {
    // Only for references that fit a machine word and alignments that are
    // pinned to one reference end: every alignment starts at reference[0]
    // (no kReferenceStart), or every alignment ends at reference[m] (no
    // kReferenceEnd; then reference and query are read backwards, which
    // turns the second case into the first). One threshold per length of
    // the aligned reference part then bounds every acceptable alignment.
    const bool start_in_reference = (flags_ & kReferenceStart) != 0;
    const bool stop_in_reference = (flags_ & kReferenceEnd) != 0;
    prefilter_applies_ = m_ >= 1 && m_ <= 64 && (!start_in_reference || !stop_in_reference) && max_error_rate_ >= 0.0;
    prefilter_enabled_ = prefilter_applies_;
    if (!prefilter_applies_) return;
    prefilter_backwards_ = start_in_reference;

    // Bit i of peq_[b]: query byte b matches reference position i, counted
    // from the pinned end.
    const bool ascii = !wildcard_ref_ && !wildcard_query_;
    const auto* s1 = reinterpret_cast<const unsigned char*>(reference_.data());
    peq_.assign(256, 0);
    for (int b = 0; b < 256; ++b) {
        const unsigned char code = query_table_[b];
        std::uint64_t mask = 0;
        for (int i = 0; i < m_; ++i) {
            const unsigned char r = s1[prefilter_backwards_ ? m_ - 1 - i : i];
            const bool equal = ascii ? r == code : (r & code) != 0;
            if (equal) mask |= std::uint64_t{1} << i;
        }
        peq_[b] = mask;
    }

    // An aligned reference part of length L (row L of the bit-parallel DP)
    // is reference[0, L) forwards or reference[m - L, m) backwards. It can
    // be accepted only if L >= min_overlap and (L == m or the other end of
    // the reference is free); its cost must then be
    // <= cur_effective_length * max_error_rate, with cur_effective_length
    // computed as locate() computes it for that part.
    const bool partial = prefilter_backwards_ || stop_in_reference;
    max_cost_.assign(static_cast<std::size_t>(m_) + 1, -1);
    for (int len = 0; len <= m_; ++len) {
        if (len < min_overlap_ || (len < m_ && !partial)) continue;
        int cur_effective_length = len;
        if (wildcard_ref_) {
            if (len == m_) {
                cur_effective_length = effective_length_;
            } else if (prefilter_backwards_) {
                cur_effective_length = len - (n_counts_[m_] - n_counts_[m_ - len]);
            } else {
                cur_effective_length = len - (n_counts_[len] - n_counts_[0]);
            }
        }
        const double limit = cur_effective_length * max_error_rate_;
        if (limit >= 0.0) max_cost_[len] = static_cast<int>(std::min(std::floor(limit), 1e9));
    }
    init_piece_check();
}

namespace {

std::uint32_t piece_slot(std::uint32_t code) { return (code * 0x9E3779B1u) >> 22; }

// Pieces at least this long are rarely found by chance in a read.
constexpr int kSurePiece = 8;
// Longer pieces would rule out a few more reads by chance, but the scan
// over every read position is vectorised for pieces of at most 8 bases
// (lib/simd/pieces.hpp). A prefix of a piece is a piece too: every
// acceptable full-length alignment still holds one exactly.
constexpr int kMaxPiece = 8;

}  // namespace

void Aligner::init_piece_check() {
    const bool both_query_ends_free = (flags_ & kQueryStart) != 0 && (flags_ & kQueryStop) != 0;
    const bool acgt = reference_.find_first_not_of("ACGT") == std::string::npos;
    if (!prefilter_applies_ || !both_query_ends_free || wildcard_ref_ || wildcard_query_ || !acgt) {
        return;
    }
    const int errors = max_cost_[m_];
    if (errors < 0) return;  // no full-length alignment is acceptable: not used
    const int pieces = errors + 1;
    const int length = std::min(m_ / pieces, kMaxPiece);
    if (length < 4) return;  // too short to pay off
    int max_cost = 0;
    for (int c : max_cost_) max_cost = std::max(max_cost, c);
    piece_length_ = length;
    piece_window_ = m_ + max_cost;
    for (int p = 0; p < pieces; ++p) {
        std::uint32_t code = 0;
        for (int i = 0; i < length; ++i) {
            code = (code << 2) | kBaseCode[static_cast<unsigned char>(reference_[p * (m_ / pieces) + i])];
        }
        piece_codes_.push_back(code);
        piece_offsets_.push_back(p * (m_ / pieces));
        const std::uint32_t slot = piece_slot(code);
        piece_filter_[slot / 64] |= std::uint64_t{1} << (slot % 64);
    }
    init_tail_pass();
}

void Aligner::init_tail_pass() {
    // Forwards (3' adapters) only, reference rows 0..m in one word, and few
    // enough errors for one word per error count.
    const int errors = max_cost_[m_];
    if (prefilter_backwards_ || m_ > 63 || errors > kMaxTailErrors) return;
    for (int len = 0; len <= m_; ++len) {
        if (max_cost_[len] > errors) return;  // not monotone (cannot happen without wildcards)
    }
    // Row r of the reversed reference starts the part reference[0, m - r).
    // Starting there costs errors - max_cost_[m - r] (an alignment that
    // spends at most max_cost_[L] then spends at most `errors` in all), and
    // row r can also be reached from a start above by deleting rows. A part
    // that cannot be accepted does not start.
    constexpr int kNever = 1 << 20;
    int reach = kNever;  // F[r][0]
    for (int r = 0; r <= m_; ++r) {
        const int cost = max_cost_[m_ - r];
        reach = std::min(reach == kNever ? kNever : reach + 1, cost >= 0 ? errors - cost : kNever);
        for (int d = reach; d <= errors; ++d) tail_start_[d] |= std::uint64_t{1} << r;
    }
    // Row r of the reversed reference compares reference[m - r]: peq_'s
    // bit m - r (forwards, peq_ bit i is reference[i]).
    tail_peq_.assign(256, 0);
    for (int b = 0; b < 256; ++b) {
        for (int r = 1; r <= m_; ++r) tail_peq_[b] |= ((peq_[b] >> (m_ - r)) & 1) << r;
    }
    tail_errors_ = errors;
}

// Wu-Manber over the reversed read (from its end) and the reversed
// reference: bit r of row[d] is set where F[r][j] <= d, F being the cost of
// aligning the first j bytes of the reversed read with the reversed
// reference's rows [start, r) plus the start's cost (init_tail_pass). An
// acceptable alignment at the read end exists iff F[m][j] <= errors for some
// j; once no row is <= errors, no later column can have one.
template <int kErrors>
bool Aligner::tail_may_match(std::string_view query) const {
    const std::uint64_t top = std::uint64_t{1} << m_;
    const std::uint64_t live = top | (top - 1);
    std::array<std::uint64_t, kErrors + 1> row;
    for (int d = 0; d <= kErrors; ++d) row[d] = tail_start_[d];
    if ((row[kErrors] & top) != 0) return true;
    const std::uint64_t* peq = tail_peq_.data();
    const auto* q = reinterpret_cast<const unsigned char*>(query.data());
    for (std::size_t j = query.size(); j-- > 0;) {
        const std::uint64_t eq = peq[q[j]];
        std::uint64_t before = row[0];  // row[d - 1] of the previous column
        row[0] = (row[0] << 1) & eq;
        for (int d = 1; d <= kErrors; ++d) {
            const std::uint64_t old = row[d];
            row[d] = (((old << 1) & eq) | (before << 1) | before | (row[d - 1] << 1)) & live;
            before = old;
        }
        if ((row[kErrors] & top) != 0) return true;
        if (row[kErrors] == 0) return false;
    }
    return false;
}

bool Aligner::tail_pass(std::string_view query) const {
    switch (tail_errors_) {
        case 0: return tail_may_match<0>(query);
        case 1: return tail_may_match<1>(query);
        case 2: return tail_may_match<2>(query);
        case 3: return tail_may_match<3>(query);
        case 4: return tail_may_match<4>(query);
        case 5: return tail_may_match<5>(query);
        case 6: return tail_may_match<6>(query);
        case 7: return tail_may_match<7>(query);
        default: static_assert(kMaxTailErrors == 8); return tail_may_match<kMaxTailErrors>(query);
    }
}

// Scans the whole query: pieces are cut from the reference as given, and an
// exact occurrence is one in either direction's terms.
std::pair<int, int> Aligner::piece_starts(std::string_view query) const {
    static_assert(kNoPiece == kNoPieceStart);
    // 16 positions at a time where the CPU can (lib/simd/pieces.hpp).
    if (piece_length_ <= 8 && simd_level() >= SimdLevel::kAvx2)
        return core::piece_starts(query, Pieces{piece_length_, piece_codes_, piece_offsets_});
    const int pieces = static_cast<int>(piece_codes_.size());
    int first = kNoPiece;
    int last = -kNoPiece;
    for_each_kmer(query, 0, static_cast<int>(query.size()), piece_length_, [&](std::uint32_t key, int position) {
        const std::uint32_t slot = piece_slot(key);
        if (((piece_filter_[slot / 64] >> (slot % 64)) & 1) == 0) return;
        for (int p = 0; p < pieces; ++p) {
            if (piece_codes_[p] != key) continue;
            first = std::min(first, position - piece_offsets_[p]);
            last = std::max(last, position - piece_offsets_[p]);
        }
    });
    return {first, last};
}

bool Aligner::may_match(std::string_view query) const {
    DpColumns columns;
    return prefilter(query, columns);
}

bool Aligner::prefilter(std::string_view query, DpColumns& columns) const {
    columns = DpColumns{};
    if (!prefilter_applies_) return true;
    const int n = static_cast<int>(query.size());
    const int k = static_cast<int>(max_error_rate_ * m_);  // the DP's k
    int window_start = 0;
    bool piece = false;
    if (piece_length_ > 0) {
        const auto [piece_first, piece_last] = piece_starts(query);
        piece = piece_first != kNoPiece;
        if (!prefilter_backwards_) {
            // 3' adapters: an acceptable full-length alignment ends at column
            // >= piece_first + m - errors; every candidate the DP reports
            // starts after columns.first. Without a piece, every candidate
            // lies at the read end.
            const int first_end = piece ? std::min(n, piece_first + m_ - max_cost_[m_]) : n;
            columns.first = std::max(0, first_end - m_ - k - 1);
            // A piece of 8 or more bases most likely means the adapter is
            // there: no bit-parallel pass.
            if (piece && piece_length_ >= kSurePiece) return true;
        } else {
            // 5' adapters: a partial alignment at the read start ends by
            // column m + k, a full-length one by piece_last + m + errors.
            columns.last = m_ + k + (piece ? std::max(0, piece_last) : 0);
        }
        // No piece: no full-length alignment is acceptable, and an
        // acceptable partial one lies in the window at the pinned read end.
        if (!piece) window_start = std::max(0, n - piece_window_);
    }
    // Without a piece no full-length alignment is acceptable: the pass need
    // not watch the last row.
    if (piece_length_ > 0 && !piece) {
        if (tail_errors_ >= 0) return tail_pass(query);
        return prefilter_backwards_ ? may_match_impl<true, false>(query, window_start)
                                    : may_match_impl<false, false>(query, window_start);
    }
    return prefilter_backwards_ ? may_match_impl<true, true>(query, window_start)
                                : may_match_impl<false, true>(query, window_start);
}

// Myers/Hyyro bit-parallel edit distance: vertical delta vectors pv/mv of
// the current column (bit i-1 for row i), D[m][j] tracked in `score`.
// Backwards, the query is read from its end and the query flags swap roles:
// a free query stop becomes a free start of the reversed query.
// first_column > 0 (only with a free query start): columns before it are
// skipped, i.e. the alignment may start only at query position first_column
// or later.
template <bool kBackwards, bool kFullLength>
bool Aligner::may_match_impl(std::string_view query, int first_column) const {
    const bool free_query_start = (flags_ & (kBackwards ? kQueryStop : kQueryStart)) != 0;
    const bool free_query_stop = (flags_ & (kBackwards ? kQueryStart : kQueryStop)) != 0;
    const int m = m_;
    const int n = static_cast<int>(query.size());
    const std::uint64_t high = std::uint64_t{1} << (m - 1);
    const std::uint64_t row0_delta = free_query_start ? 0 : 1;
    const int max_cost_full = max_cost_[m];
    const std::uint64_t* peq = peq_.data();
    const auto* q = reinterpret_cast<const unsigned char*>(query.data());

    std::uint64_t pv = ~std::uint64_t{0};
    std::uint64_t mv = 0;
    int score = m;
    for (int j = first_column; j < n; ++j) {
        const std::uint64_t eq = peq[q[kBackwards ? n - 1 - j : j]];
        const std::uint64_t xv = eq | mv;
        const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        std::uint64_t ph = mv | ~(xh | pv);
        std::uint64_t mh = pv & xh;
        if constexpr (kFullLength) score += ((ph & high) != 0) - ((mh & high) != 0);
        ph = (ph << 1) | row0_delta;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
        if (kFullLength && free_query_stop && score <= max_cost_full) return true;
    }
    // Last column: D[i][n] for every row.
    int d = free_query_start ? 0 : n - first_column;
    if (d <= max_cost_[0]) return true;
    for (int i = 1; i <= m; ++i) {
        d += delta_at(pv, mv, i - 1);
        if (d <= max_cost_[i]) return true;
    }
    return false;
}

}  // namespace ringtrim::core
