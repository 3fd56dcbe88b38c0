// Aligner, PrefixComparer, SuffixComparer: cutadapt 4.2's adapter
// alignment (_align.pyx), reimplemented in C++ with identical results,
// tie-breaks included. The algorithm and its tie-breaks are specified in
// docs/algorithms.md.
//
// An Aligner owns its DP scratch; locate() allocates only when a read is
// longer than any before it. Not thread-safe (one Aligner per worker); never
// crosses processes (each worker builds its own from its adapters, which
// PipelineOptions carry: lib/pipeline/pipeline.hpp).
//
// Errors: constructors never throw. Arguments that cutadapt rejects with a
// ValueError are detected by the static validate() functions, which return
// cutadapt's message; callers (the adapter layer, at startup) must call
// validate() first. An object built from arguments that validate() rejects
// is still memory-safe, but its results are unspecified.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringtrim::core {

// Which ends of reference (adapter) or query (read) may be skipped at no cost
// (cutadapt's EndSkip). All four = semiglobal.
enum EndSkip : int {
    kReferenceStart = 1,
    kQueryStart = 2,
    kReferenceEnd = 4,
    kQueryStop = 8,
    kSemiglobal = 15,
};

// Result of locate(), as cutadapt's tuple
// (ref_start, ref_stop, query_start, query_stop, score, errors).
// The aligned parts are reference[ref_start, ref_stop) and
// query[query_start, query_stop); errors is the edit cost (indels count
// indel_cost each).
struct Alignment {
    int ref_start = 0;
    int ref_stop = 0;
    int query_start = 0;
    int query_stop = 0;
    int score = 0;
    int errors = 0;
    friend bool operator==(const Alignment&, const Alignment&) = default;
};

class Aligner {
public:
    // reference: the adapter sequence (ASCII). flags: EndSkip bits.
    // wildcard_ref: IUPAC codes in the reference match (adapter wildcards).
    // wildcard_query: IUPAC codes in the query match (--match-read-wildcards).
    // REQUIRES: validate(same arguments) returned nullopt.
    // Like cutadapt, the reference is compared as given (not upper-cased)
    // when neither wildcard flag is set; the query is always upper-cased.
    Aligner(std::string_view reference, double max_error_rate, int flags = kSemiglobal, bool wildcard_ref = false,
            bool wildcard_query = false, int indel_cost = 1, int min_overlap = 1);

    // The message cutadapt's Aligner constructor raises for these arguments,
    // or nullopt if it accepts them:
    //   "Cannot have only N wildcards in the sequence" (wildcard_ref and the
    //   reference is all N/n, or empty), "indel_cost must be at least 1",
    //   for a non-ASCII reference without wildcards the text of Python's
    //   UnicodeEncodeError ("'ascii' codec can't encode character '\xe9' in
    //   position 2: ordinal not in range(128)"), with a wildcard flag
    //   "String must contain only ASCII characters".
    static std::optional<std::string> validate(std::string_view reference, double max_error_rate,
                                               int flags = kSemiglobal, bool wildcard_ref = false,
                                               bool wildcard_query = false, int indel_cost = 1, int min_overlap = 1);

    // The best alignment of the reference against `query`, exactly as
    // cutadapt's Aligner.locate returns it, or nullopt where it returns None.
    // Allocates nothing. Query bytes go through the same translation tables
    // as in cutadapt (which rejects non-ASCII reads before they get here).
    std::optional<Alignment> locate(std::string_view query) {
        if (!prefilter_enabled_) return (this->*locate_fn_)(query, DpColumns{});
        DpColumns columns;
        if (!prefilter(query, columns)) return std::nullopt;
        return (this->*traced_fn_)(query, columns);
    }

    // Early rejection: false only if locate(query) returns nullopt. It
    // computes a lower bound on the cost of every alignment locate() could
    // accept (unit-cost edit distance, bit-parallel) and compares it with the
    // error-rate limits; see docs/algorithms.md. Always true where it does
    // not apply (reference longer than 64, both reference ends free).
    bool may_match(std::string_view query) const;

    // The fast paths (the early rejection, and the traced DP where it
    // applies) are on by default; switching them off changes only the speed
    // (tests compare both).
    void set_prefilter(bool enabled) { prefilter_enabled_ = enabled && prefilter_applies_; }

    // Reference length minus the N wildcards it contains (only when
    // wildcard_ref is set; otherwise the reference length).
    int effective_length() const { return effective_length_; }

private:
    // One cell of the DP column (cutadapt's _Entry).
    struct Entry {
        int cost;
        int score;
        int origin;  // < 0: alignment starts at reference[-origin]; >= 0: at query[origin]
    };
    struct Match;
    // The DP columns locate_impl must compute: before `first` and after
    // `last` nothing can change the result (docs/algorithms.md, "k-mer check
    // and skipped DP columns"). The default is the full DP.
    struct DpColumns {
        int first = 0;
        int last = 1 << 30;
    };
    using LocateFn = std::optional<Alignment> (Aligner::*)(std::string_view, DpColumns);
    // The columns [min_n, max_n] of the DP that locate_impl computes.
    struct ColumnRange {
        int min_n;
        int max_n;
    };
    template <int kFlags>
    ColumnRange column_range(int n, DpColumns columns) const;

    template <int kFlags, bool kCompareAscii>
    std::optional<Alignment> locate_impl(std::string_view query, DpColumns columns);
    // The same result from the costs alone (reference start pinned, unit
    // indel cost, m <= 64; docs/algorithms.md, "The traced DP"): bit-parallel
    // cost columns, then each candidate's score and origin by walking back
    // along the cells cutadapt's tie-breaks choose.
    template <int kFlags, bool kCompareAscii>
    std::optional<Alignment> locate_traced(std::string_view query, DpColumns columns);
    // locate_traced<flags, ascii>. REQUIRES: no kReferenceStart in flags.
    static LocateFn traced_locate_for(int flags, bool ascii);
    // Vertical (pv/mv) and horizontal (ph/mh) deltas of one cost column:
    // bit i-1 is set where D[i][j] - D[i-1][j] (v) or D[i][j] - D[i][j-1]
    // (h) is +1 (p) or -1 (m).
    struct Deltas {
        std::uint64_t pv, mv, ph, mh;
    };
    struct Traced {
        int score;
        int origin;
    };
    static Alignment to_alignment(const Match& best);
    template <bool kFreeQueryStart>
    Traced trace(const unsigned char* query, const Deltas* deltas, int min_n, int i, int j, int cost) const;
    // may_match(), and the DP columns that locate_impl needs.
    bool prefilter(std::string_view query, DpColumns& columns) const;
    void init_prefilter();
    // kFullLength: watch the last row for a full-length alignment (off only
    // where the k-mer check has ruled every acceptable one out).
    template <bool kBackwards, bool kFullLength>
    bool may_match_impl(std::string_view query, int first_column) const;
    void init_piece_check();
    // The no-piece case of a 3' adapter, from the read end backwards with a
    // cutoff (docs/algorithms.md, "The tail pass"): the same answer as the
    // window pass, usually after a few columns. tail_errors_ < 0: not used.
    void init_tail_pass();
    template <int kErrors>
    bool tail_may_match(std::string_view query) const;
    bool tail_pass(std::string_view query) const;
    static constexpr int kMaxTailErrors = 8;
    // min and max of P - offset over exact occurrences at read position P
    // of a piece cut at reference offset `offset`; kNoPiece if none occurs.
    std::pair<int, int> piece_starts(std::string_view query) const;
    static constexpr int kNoPiece = 1 << 30;

    std::string reference_;             // translated: raw, ACGT table or IUPAC table
    const unsigned char* query_table_;  // translation of query bytes
    std::vector<int> n_counts_;         // n_counts_[i]: N/n in reference[0, i)
    std::vector<Entry> column_;         // scratch, sized once (m + 1)
    std::vector<Deltas> deltas_;        // scratch of locate_traced, grows with the longest read
    // Prefilter: peq_[b] has bit i set if query byte b matches reference[i];
    // max_cost_[i] is the largest cost acceptable for an alignment ending in
    // reference row i (-1: none is).
    std::vector<std::uint64_t> peq_;
    std::vector<int> max_cost_;
    bool prefilter_applies_ = false;
    bool prefilter_enabled_ = false;
    bool prefilter_backwards_ = false;  // kReferenceStart: reference and query read backwards
    // k-mer check before the early rejection (both query ends free, no
    // wildcards, ACGT reference): the reference cut into max_cost_[m] + 1
    // pieces of piece_length_ bases (2-bit codes); a read that holds none of
    // them needs the bit-parallel pass only over its last (first, backwards)
    // piece_window_ bases. piece_length_ == 0: no such check.
    int piece_length_ = 0;
    int piece_window_ = 0;
    std::vector<std::uint32_t> piece_codes_;
    std::vector<int> piece_offsets_;
    std::array<std::uint64_t, 16> piece_filter_{};  // 1024 bits, by hashed code
    // Tail pass: bit r of tail_start_[d] is set where the reversed reference
    // may start at row r with at most d of the errors allowed spent
    // (offset[r] <= d); tail_peq_[b] has bit r set if query byte b matches
    // reference[m - r].
    int tail_errors_ = -1;
    std::array<std::uint64_t, kMaxTailErrors + 1> tail_start_{};
    std::vector<std::uint64_t> tail_peq_;
    LocateFn locate_fn_;
    LocateFn traced_fn_;  // after the prefilter: locate_traced where it applies, else locate_fn_
    double max_error_rate_;
    int m_;
    int flags_;
    bool wildcard_ref_;
    bool wildcard_query_;
    int indel_cost_;
    int min_overlap_;
    int effective_length_ = 0;
};

// Anchored 5' adapter without indels (cutadapt's PrefixComparer).
class PrefixComparer {
public:
    // REQUIRES: validate(same arguments) returned nullopt.
    PrefixComparer(std::string_view reference, double max_error_rate, bool wildcard_ref = false,
                   bool wildcard_query = false, int min_overlap = 1);

    // The message cutadapt's PrefixComparer/SuffixComparer constructor
    // raises, or nullopt: "Cannot have only N wildcards in the sequence",
    // "max_error_rate must be between 0 and 1", "min_overlap must be at
    // least 1", "String must contain only ASCII characters" (checked in
    // this order).
    static std::optional<std::string> validate(std::string_view reference, double max_error_rate,
                                               bool wildcard_ref = false, bool wildcard_query = false,
                                               int min_overlap = 1);

    // Compares reference and query from their starts over min(len) bytes:
    // (0, L, 0, L, score, errors) or nullopt if errors > max_k or
    // L < min_overlap, like cutadapt's PrefixComparer.locate.
    std::optional<Alignment> locate(std::string_view query) const;

    // Note: like cutadapt 4.2, this is len(reference) - (count('N') -
    // count('n')) when wildcard_ref is set.
    int effective_length() const { return effective_length_; }

protected:
    struct Reversed {};
    PrefixComparer(Reversed, std::string_view reference, double max_error_rate, bool wildcard_ref, bool wildcard_query,
                   int min_overlap);
    // Counts mismatches of reference_[0, length) against the query read
    // forwards (or backwards from its end when `backwards`).
    int count_errors(std::string_view query, int length, bool backwards) const;

    std::string reference_;  // translated as cutadapt translates it (reversed for suffixes)
    const unsigned char* query_table_;
    bool wildcard_ref_;
    bool wildcard_query_;
    bool compare_ascii_;
    int m_;
    int max_k_;
    int effective_length_;
    int min_overlap_;
};

// Anchored 3' adapter without indels (cutadapt's SuffixComparer): compares
// the ends of reference and query; validate() is PrefixComparer::validate.
class SuffixComparer : public PrefixComparer {
public:
    SuffixComparer(std::string_view reference, double max_error_rate, bool wildcard_ref = false,
                   bool wildcard_query = false, int min_overlap = 1);
    // (m - L, m, n - L, n, score, errors) or nullopt.
    std::optional<Alignment> locate(std::string_view query) const;
};

}  // namespace ringtrim::core
