// Adapter alignment, identical in results to cutadapt 4.2's _align.pyx.
// See docs/algorithms.md ("Adapter alignment") for the specification.
#include "lib/trim/align.hpp"
#include "lib/python/python.hpp"

#include "lib/simd/pieces.hpp"
#include "lib/simd/base_code.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace ringtrim::core {
namespace {

constexpr int kMatchScore = 1;
constexpr int kMismatchScore = -1;
constexpr int kInsertionScore = -2;
constexpr int kDeletionScore = -2;
// The branch-free cell update shares one score step for both indels.
static_assert(kInsertionScore == kDeletionScore);

using Table = std::array<unsigned char, 256>;

constexpr unsigned char kA = 1, kC = 2, kG = 4, kT = 8;

constexpr char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// A, C, G, T (and U as T), either case, to one bit each; every other byte to
// 0x80, which only the IUPAC 'N' (0x8F) matches.
constexpr Table make_acgt_table() {
    Table t{};
    for (auto& v : t) v = 0x80;
    constexpr std::pair<char, unsigned char> codes[] = {{'A', kA}, {'C', kC}, {'G', kG}, {'T', kT}, {'U', kT}};
    for (auto [c, v] : codes) {
        t[static_cast<unsigned char>(c)] = v;
        t[static_cast<unsigned char>(to_lower(c))] = v;
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
        t[static_cast<unsigned char>(to_lower(c))] = v;
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

// +1, -1 or 0: bit `bit` of a pair of delta words (plus, minus) of the
// bit-parallel DP.
int delta_at(std::uint64_t plus, std::uint64_t minus, int bit) {
    return static_cast<int>((plus >> bit) & 1) - static_cast<int>((minus >> bit) & 1);
}

// costs[i] = D[i] for rows 0..m of a column whose row 0 costs `row0` and
// whose vertical deltas are pv/mv (bit i-1 for row i).
void column_costs(std::uint64_t pv, std::uint64_t mv, int row0, int m, std::array<int, 65>& costs) {
    costs[0] = row0;
    for (int i = 1; i <= m; ++i) costs[i] = costs[i - 1] + delta_at(pv, mv, i - 1);
}

}  // namespace

// ---------------------------------------------------------------------------
// Aligner

struct Aligner::Match {
    int origin;
    int cost;
    int score;
    int ref_stop;
    int query_stop;
};

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
    static constexpr LocateFn kTraced[2][8] = {
        {&Aligner::locate_traced<0, false>, &Aligner::locate_traced<2, false>, &Aligner::locate_traced<4, false>,
         &Aligner::locate_traced<6, false>, &Aligner::locate_traced<8, false>, &Aligner::locate_traced<10, false>,
         &Aligner::locate_traced<12, false>, &Aligner::locate_traced<14, false>},
        {&Aligner::locate_traced<0, true>, &Aligner::locate_traced<2, true>, &Aligner::locate_traced<4, true>,
         &Aligner::locate_traced<6, true>, &Aligner::locate_traced<8, true>, &Aligner::locate_traced<10, true>,
         &Aligner::locate_traced<12, true>, &Aligner::locate_traced<14, true>},
    };
    const bool traced = prefilter_applies_ && (flags_ & kReferenceStart) == 0 && indel_cost_ == 1;
    traced_fn_ = traced ? kTraced[ascii ? 1 : 0][flags_ / 2] : locate_fn_;
}

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

template <int kFlags>
Aligner::ColumnRange Aligner::column_range(int n, DpColumns columns) const {
    constexpr bool start_in_reference = (kFlags & kReferenceStart) != 0;
    constexpr bool start_in_query = (kFlags & kQueryStart) != 0;
    constexpr bool stop_in_reference = (kFlags & kReferenceEnd) != 0;
    constexpr bool stop_in_query = (kFlags & kQueryStop) != 0;
    const int k = static_cast<int>(max_error_rate_ * m_);
    // Columns outside [min_n, max_n] cannot hold an acceptable end.
    int max_n = n;
    int min_n = 0;
    if (!start_in_query) max_n = std::min(n, m_ + k);
    if (!stop_in_query) min_n = std::max(0, n - m_ - k);
    // Skipped columns (docs/algorithms.md says why no candidate changes).
    // Both query ends free, reference start pinned (3'): the DP starts at
    // column columns.first as if the query began there. Reference start
    // free, end pinned (5'): it stops after column columns.last and then
    // has no last-column scan, which would find nothing acceptable.
    constexpr bool both_query_ends = start_in_query && stop_in_query;
    if (both_query_ends && !start_in_reference) min_n = std::max(min_n, columns.first);
    if (both_query_ends && start_in_reference && !stop_in_reference) {
        max_n = std::min(max_n, columns.last);
    }
    return {min_n, max_n};
}

Alignment Aligner::to_alignment(const Match& best) {
    Alignment result;
    if (best.origin >= 0) {
        result.ref_start = 0;
        result.query_start = best.origin;
    } else {
        result.ref_start = -best.origin;
        result.query_start = 0;
    }
    result.ref_stop = best.ref_stop;
    result.query_stop = best.query_stop;
    result.score = best.score;
    result.errors = best.cost;
    return result;
}

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
                if (stale_origin == kUnknown) return locate_impl<kFlags, kCompareAscii>(query, columns);
                take = stale_origin <= best.origin + m / 2;
            }
            if (take) best = Match{t.origin, cost, t.score, i, n};
        }
    }
    if (best.cost == unset_cost) return std::nullopt;
    return to_alignment(best);
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
