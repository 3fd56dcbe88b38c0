// Adapters: cutadapt 4.2's adapter classes (adapters.py) with identical
// matching results, tie-breaks included.
//
//   SingleAdapter   one sequence of one kind (3', 5', anchored, ...); picks
//                   Aligner or Prefix/SuffixComparer and the EndSkip flags
//                   exactly as the cutadapt class of the same kind does.
//   Adapter         a SingleAdapter or a linked pair (cutadapt LinkedAdapter).
//   Match           what match_to() found: one RemoveBefore part (5'), one
//                   RemoveAfter part (3'), or both for a linked adapter.
//   MultipleAdapters  best match among several adapters (score, then fewer
//                   errors, earlier adapter wins ties), with cutadapt's
//                   optional index of anchored adapters (IndexedPrefixAdapters,
//                   IndexedSuffixAdapters).
//
// Adapters own their sequences and their aligners' scratch memory. match_to()
// is not const (the Aligner reuses its DP column) and allocates nothing after
// the first calls. One set of adapters per worker; they never cross
// processes (each worker builds its own from the specification strings).
#pragma once

#include "lib/error/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "lib/report/stats.hpp"
#include "lib/trim/align.hpp"
#include "lib/trim/kmer_index.hpp"

namespace ringtrim::core {

// Which cutadapt class a SingleAdapter behaves as.
enum class AdapterKind : std::uint8_t {
    Back,              // BackAdapter, -a ADAPTER
    Front,             // FrontAdapter, -g ADAPTER
    Anywhere,          // AnywhereAdapter, -b ADAPTER
    Prefix,            // PrefixAdapter, -g ^ADAPTER (anchored 5')
    Suffix,            // SuffixAdapter, -a ADAPTER$ (anchored 3')
    NonInternalFront,  // NonInternalFrontAdapter, -g XADAPTER
    NonInternalBack,   // NonInternalBackAdapter, -a ADAPTERX
    RightmostFront,    // RightmostFrontAdapter, -g ADAPTER;rightmost
};

// Search parameters of one adapter (cutadapt's SingleAdapter keyword arguments).
struct AdapterParams {
    // < 1: a rate. >= 1: an absolute count of errors, which cutadapt turns
    // into a rate by dividing by the number of non-N characters.
    double max_errors = 0.1;
    int min_overlap = 3;
    bool read_wildcards = false;
    bool adapter_wildcards = true;
    bool indels = true;
    // `;anywhere` on a Front, Back or RightmostFront adapter: align with all
    // four ends free (cutadapt's force_anywhere).
    bool force_anywhere = false;
};

// SingleAdapter::create's errors are Errors (lib/error/error.hpp) of kind
// Adapter, or InvalidCharacter for cutadapt's InvalidCharacter message (the
// caller appends cutadapt's hint when a file of that name exists: that
// needs I/O).

// Python slice [start:stop) of a sequence of length n, normalized as Python
// does (negative values count from the end, then clamped to [0, n]).
std::pair<int, int> py_slice(int n, int start, int stop);

// One adapter matched to one sequence (cutadapt's RemoveBeforeMatch or
// RemoveAfterMatch). Coordinates refer to the sequence the adapter was
// matched against (`length` bases); they are kept raw, as cutadapt keeps
// them (an indexed anchored adapter may report an rstart < 0 or an
// rstop > length on reads shorter than the adapter; every method below then
// behaves as the Python slicing in cutadapt does).
struct SingleMatch {
    int astart = 0;
    int astop = 0;
    int rstart = 0;
    int rstop = 0;
    int score = 0;
    int errors = 0;
    bool remove_before = false;  // RemoveBeforeMatch (5') or RemoveAfterMatch (3')
    int offset = 0;              // where the matched sequence starts in Match::sequence
    int length = 0;              // length of the matched sequence

    // What match.trimmed() keeps of a sequence of n bases: [start, stop).
    std::pair<int, int> trimmed_interval(int n) const;
    std::pair<int, int> trimmed_interval() const { return trimmed_interval(length); }
    // cutadapt's remainder_interval() and retained_adapter_interval(), raw.
    std::pair<int, int> remainder_interval() const;
    std::pair<int, int> retained_adapter_interval() const;
    int removed_sequence_length() const;
    // `seq` is this match's own sequence (Match::front_sequence()/back_sequence()).
    std::string_view rest(std::string_view seq) const;
    std::string_view adjacent_base(std::string_view seq) const;  // RemoveAfter only
    std::string_view match_sequence(std::string_view seq) const;
    // Appends, for each `wildcard_char` in the aligned part of the adapter,
    // the read character it matched (cutadapt's wildcards()).
    void append_wildcards(std::string_view seq, std::string_view adapter_sequence, std::string& out,
                          char wildcard_char = 'N') const;
};

// A match of one Adapter (single or linked) to a sequence.
//
//   single 5' adapter:  has_front, front is the RemoveBefore match
//   single 3' adapter:  has_back, back is the RemoveAfter match
//   anywhere adapter:   has_front if the match starts at read position 0, else has_back
//   linked adapter:     linked; has_front and/or has_back; back was matched
//                       against what the front match left (offset = front rstop)
struct Match {
    int adapter = -1;  // index of the adapter (MultipleAdapters / AdapterCutter order)
    bool linked = false;
    bool has_front = false;
    bool has_back = false;
    SingleMatch front;
    SingleMatch back;
    // The sequence the adapter was matched against. Filled by AdapterCutter;
    // match_to() leaves it alone.
    std::string sequence;

    const SingleMatch& single() const { return has_front ? front : back; }
    int score() const;
    int errors() const;
    // What trimmed() keeps of `sequence` (length n), front part first.
    std::pair<int, int> trimmed_interval(int n) const;
    std::pair<int, int> trimmed_interval() const { return trimmed_interval(static_cast<int>(sequence.size())); }
    // cutadapt's remainder_interval() (remainder() over the parts).
    std::pair<int, int> remainder_interval() const;
    std::pair<int, int> retained_adapter_interval() const;
    std::string_view front_sequence() const;  // the sequence `front` was matched against
    std::string_view back_sequence() const;   // the sequence `back` was matched against
    // cutadapt's match_sequence(): single: the matched read bases;
    // linked: "front,back" with an empty side where a part is absent.
    void append_match_sequence(std::string& out) const;
    std::string match_sequence() const;
};

class SingleAdapter {
public:
    // Validates as cutadapt's SingleAdapter.__init__ and the aligner
    // constructors do; `name` is final (the caller generates "1", "2", ...).
    static std::variant<SingleAdapter, Error> create(AdapterKind kind, std::string_view sequence,
                                                     const AdapterParams& params, std::string name);

    AdapterKind kind() const { return kind_; }
    const std::string& name() const { return name_; }
    void set_name(std::string name) { name_ = std::move(name); }
    const std::string& sequence() const { return sequence_; }  // upper case, U->T, I->N
    double max_error_rate() const { return max_error_rate_; }
    int min_overlap() const { return min_overlap_; }
    bool read_wildcards() const { return read_wildcards_; }
    bool adapter_wildcards() const { return adapter_wildcards_; }  // false if only ACGT
    bool indels() const { return indels_; }
    bool force_anywhere() const { return force_anywhere_; }
    int effective_length() const { return effective_length_; }
    bool allows_partial_matches() const;
    bool is_front() const;                            // isinstance(adapter, FrontAdapter)
    std::string_view description() const;             // "regular 3'", ...
    std::string_view descriptive_identifier() const;  // "regular_three_prime", ...
    std::string spec() const;                         // cutadapt's spec()

    // Fills out's front (5' kinds) or back (3' kinds) part and its flags.
    // Returns false (and leaves `out` in an unspecified state) if no match.
    bool match_to(std::string_view sequence, Match& out);
    // Just the single match; false if none.
    bool locate(std::string_view sequence, SingleMatch& out);

    EndDescription end_description() const;  // for the report (StatsLayout)

    // Switches the Aligner's early rejection (tests compare both ways).
    void set_prefilter(bool enabled);
    // Adds this adapter to a shared k-mer index under `id`.
    void add_to(KmerIndex& index, int id) const;

private:
    SingleAdapter() = default;

    AdapterKind kind_ = AdapterKind::Back;
    std::string name_;
    std::string sequence_;
    double max_error_rate_ = 0.1;
    int min_overlap_ = 3;
    bool read_wildcards_ = false;
    bool adapter_wildcards_ = false;
    bool indels_ = true;
    bool force_anywhere_ = false;
    int effective_length_ = 0;
    int aligner_flags_ = -1;  // EndSkip flags of the Aligner; -1: a comparer matches
    std::variant<std::monostate, Aligner, PrefixComparer, SuffixComparer> matcher_;
    std::string reversed_;  // scratch for RightmostFront
};

// A single adapter or a linked adapter (cutadapt's LinkedAdapter).
class Adapter {
public:
    explicit Adapter(SingleAdapter single);
    // Linked: the front adapter takes the linked adapter's name (as cutadapt
    // does); `back` keeps its own ("linked_back").
    Adapter(SingleAdapter front, SingleAdapter back, bool front_required, bool back_required, std::string name);

    bool is_linked() const { return linked_; }
    const std::string& name() const { return name_; }
    // Single adapter: the adapter. Linked: the front adapter.
    const SingleAdapter& single() const { return first_; }
    SingleAdapter& single() { return first_; }
    const SingleAdapter& front_adapter() const { return first_; }   // REQUIRES: is_linked()
    const SingleAdapter& back_adapter() const { return *second_; }  // REQUIRES: is_linked()
    bool front_required() const { return front_required_; }
    bool back_required() const { return back_required_; }

    std::string sequence() const;  // linked: "FRONT...BACK"
    std::string_view description() const;
    std::string_view descriptive_identifier() const;
    std::string spec() const;
    std::string_view kind_name() const;  // class name, e.g. "BackAdapter" (warnings)

    void set_prefilter(bool enabled);  // both parts of a linked adapter

    // Fills out.linked/has_front/has_back/front/back; not out.adapter nor
    // out.sequence. Returns false if no match.
    bool match_to(std::string_view sequence, Match& out);

    // What the report says about this adapter (StatsLayout::adapters).
    AdapterDescription describe_statistics() const;

private:
    bool linked_ = false;
    std::string name_;
    SingleAdapter first_;
    std::optional<SingleAdapter> second_;
    bool front_required_ = false;
    bool back_required_ = false;
};

// cutadapt's warn_duplicate_adapters(): one warning message per adapter
// whose (class, sequence) occurred before, without the logger prefix.
std::vector<std::string> duplicate_adapter_warnings(const std::vector<Adapter>& adapters);

// Best match among several adapters (cutadapt's MultipleAdapters, or, with
// use_index, the regrouping of AdapterCutter._regroup_into_indexed_adapters
// with IndexedPrefixAdapters/IndexedSuffixAdapters).
//
// Selection: candidates are tried in order; a candidate replaces the best so
// far if its score is higher, or equal with fewer errors. With the index
// (only when more than 5 anchored adapters qualify), the order is: other
// adapters, then the prefix group, then the suffix group, and each group
// reports the match the index reports (its score is the number of matching
// bases, not the alignment score).
class MultipleAdapters {
public:
    MultipleAdapters() = default;
    MultipleAdapters(std::vector<Adapter> adapters, bool use_index);

    // Returns false if no adapter matched; else out.adapter is the index of
    // the best adapter in adapters(). out.sequence is not touched.
    bool match_to(std::string_view sequence, Match& out);

    const std::vector<Adapter>& adapters() const { return adapters_; }
    std::vector<Adapter>& adapters() { return adapters_; }
    // Switches every fast path that skips alignments (the shared k-mer
    // index and each Aligner's early rejection); on by default. Results are
    // the same either way (tests/lib/trim/fast_path_test.cpp).
    void set_fast_paths(bool enabled);
    bool uses_kmer_index() const { return use_kmer_index_; }
    bool indexed() const { return !groups_.empty() && has_index_; }
    // Messages cutadapt logs as warnings while building the index.
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    struct IndexEntry {
        int adapter;  // index into adapters_
        int errors;
        int matches;
    };
    struct Index {
        bool prefix = true;
        std::vector<int> members;  // adapter indices, in order
        std::unordered_map<std::string, IndexEntry> table;
        std::vector<int> lengths;  // descending
    };
    // One entry of the matching order: a plain adapter or an index.
    struct Group {
        int adapter = -1;  // >= 0: plain adapter
        int index = -1;    // >= 0: indices_[index]
    };

    bool match_plain(int adapter, std::string_view sequence, Match& out);
    void build_kmer_index();
    bool match_index(Index& index, std::string_view sequence, Match& out);
    bool match_members(const std::vector<int>& members, std::string_view sequence, Match& out);
    void build_index(Index& index);

    std::vector<Adapter> adapters_;
    std::vector<Group> groups_;
    std::vector<Index> indices_;
    bool has_index_ = false;
    std::vector<std::string> warnings_;
    // With enough plain adapters, a shared k-mer index picks the adapters
    // worth aligning per read (kmer_candidates_[i] == 0: adapter i cannot
    // match); results are the same without it.
    bool use_kmer_index_ = false;
    KmerIndex kmer_index_;
    std::vector<std::uint8_t> kmer_candidates_;
    Match candidate_;
    Match index_result_;
    std::string affix_;  // scratch: upper-cased read for index lookups
    std::string key_;    // scratch: lookup key
};

}  // namespace ringtrim::core
