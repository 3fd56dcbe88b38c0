#include "lib/trim/adapters.hpp"
#include "lib/trim/ascii_case.hpp"
#include "lib/python/python.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_set>

namespace ringtrim::core {

namespace {

// EndSkip combinations per adapter kind (cutadapt's Where).
constexpr int kWhereBack = kQueryStart | kQueryStop | kReferenceEnd;
constexpr int kWhereFront = kQueryStart | kQueryStop | kReferenceStart;
constexpr int kWherePrefix = kQueryStop;
constexpr int kWhereSuffix = kQueryStart;
constexpr int kWhereFrontNotInternal = kReferenceStart | kQueryStop;
constexpr int kWhereBackNotInternal = kQueryStart | kReferenceEnd;
constexpr int kWhereAnywhere = kSemiglobal;

constexpr int kIndexingThreshold = 5;  // more anchored adapters than this: use an index
// At least this many plain adapters indexable by k-mers: use the k-mer index.
constexpr int kKmerIndexThreshold = 2;

int count_char(std::string_view s, char c) { return static_cast<int>(std::count(s.begin(), s.end(), c)); }

}  // namespace

std::pair<int, int> py_slice(int n, int start, int stop) {
    auto norm = [n](int i) {
        if (i < 0) {
            i += n;
            if (i < 0) i = 0;
        } else if (i > n) {
            i = n;
        }
        return i;
    };
    start = norm(start);
    stop = norm(stop);
    if (stop < start) stop = start;
    return {start, stop};
}

// ---------------------------------------------------------------- SingleMatch

std::pair<int, int> SingleMatch::trimmed_interval(int n) const {
    return remove_before ? py_slice(n, rstop, n) : py_slice(n, 0, rstart);
}

std::pair<int, int> SingleMatch::remainder_interval() const {
    return remove_before ? std::pair{rstop, length} : std::pair{0, rstart};
}

std::pair<int, int> SingleMatch::retained_adapter_interval() const {
    return remove_before ? std::pair{rstart, length} : std::pair{0, rstop};
}

int SingleMatch::removed_sequence_length() const { return remove_before ? rstop : length - rstart; }

std::string_view SingleMatch::rest(std::string_view seq) const {
    const int n = static_cast<int>(seq.size());
    auto [a, b] = remove_before ? py_slice(n, 0, rstart) : py_slice(n, rstop, n);
    return seq.substr(a, b - a);
}

std::string_view SingleMatch::adjacent_base(std::string_view seq) const {
    auto [a, b] = py_slice(static_cast<int>(seq.size()), rstart - 1, rstart);
    return seq.substr(a, b - a);
}

std::string_view SingleMatch::match_sequence(std::string_view seq) const {
    auto [a, b] = py_slice(static_cast<int>(seq.size()), rstart, rstop);
    return seq.substr(a, b - a);
}

void SingleMatch::append_wildcards(std::string_view seq, std::string_view adapter_sequence, std::string& out,
                                   char wildcard_char) const {
    const int n = static_cast<int>(seq.size());
    const int m = static_cast<int>(adapter_sequence.size());
    for (int i = 0; i < astop - astart; ++i) {
        int a = astart + i;
        if (a < 0) a += m;
        if (a < 0 || a >= m || adapter_sequence[a] != wildcard_char) continue;
        int r = rstart + i;
        if (r >= n) continue;
        if (r < 0) r += n;
        if (r < 0) continue;
        out += seq[r];
    }
}

// ---------------------------------------------------------------- Match

int Match::score() const { return (has_front ? front.score : 0) + (has_back ? back.score : 0); }

int Match::errors() const { return (has_front ? front.errors : 0) + (has_back ? back.errors : 0); }

std::pair<int, int> Match::trimmed_interval(int n) const {
    int start = 0;
    int stop = n;
    if (has_front) {
        auto [a, b] = front.trimmed_interval(stop - start);
        stop = start + b;
        start += a;
    }
    if (has_back) {
        auto [a, b] = back.trimmed_interval(stop - start);
        stop = start + b;
        start += a;
    }
    return {start, stop};
}

std::pair<int, int> Match::remainder_interval() const {
    // cutadapt's remainder(): starts add up, the length is the last part's.
    int start = 0;
    std::pair<int, int> last{0, 0};
    if (has_front) {
        last = front.remainder_interval();
        start += last.first;
    }
    if (has_back) {
        last = back.remainder_interval();
        start += last.first;
    }
    return {start, start + (last.second - last.first)};
}

std::pair<int, int> Match::retained_adapter_interval() const {
    if (!linked) return single().retained_adapter_interval();
    int start = 0;
    int offset = 0;
    if (has_front) {
        start = front.rstart;
        offset = front.rstop;
    }
    int end = has_back ? back.rstop + offset : front.length;
    return {start, end};
}

std::string_view Match::front_sequence() const {
    return std::string_view(sequence).substr(std::min<std::size_t>(front.offset, sequence.size()));
}

std::string_view Match::back_sequence() const {
    return std::string_view(sequence).substr(std::min<std::size_t>(back.offset, sequence.size()));
}

void Match::append_match_sequence(std::string& out) const {
    if (!linked) {
        const SingleMatch& m = single();
        out += m.match_sequence(has_front ? front_sequence() : back_sequence());
        return;
    }
    if (has_front) out += front.match_sequence(front_sequence());
    out += ',';
    if (has_back) out += back.match_sequence(back_sequence());
}

std::string Match::match_sequence() const {
    std::string out;
    append_match_sequence(out);
    return out;
}

// ---------------------------------------------------------------- SingleAdapter

std::variant<SingleAdapter, Error> SingleAdapter::create(AdapterKind kind, std::string_view sequence,
                                                         const AdapterParams& params, std::string name) {
    SingleAdapter a;
    a.kind_ = kind;
    a.name_ = std::move(name);
    // cutadapt: sequence.upper() on the str, then U -> T (and I -> N).
    const std::string upper = python_upper(sequence);
    a.sequence_.reserve(upper.size());
    for (char c : upper) {
        if (c == 'U') c = 'T';
        if (c == 'I') c = 'N';
        a.sequence_ += c;
    }
    if (a.sequence_.empty()) return Error::adapter("Adapter sequence is empty");
    const int len = static_cast<int>(a.sequence_.size());
    const int n_count = count_char(a.sequence_, 'N');
    double max_errors = params.max_errors;
    if (max_errors >= 1 && n_count != len) max_errors /= (len - n_count);
    a.max_error_rate_ = max_errors;
    int min_overlap = params.min_overlap;
    if (kind == AdapterKind::Prefix || kind == AdapterKind::Suffix) {
        // len() of the sequence as given, in characters.
        min_overlap = static_cast<int>(std::count_if(
            sequence.begin(), sequence.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    }
    a.min_overlap_ = std::min(min_overlap, len);
    constexpr std::string_view kIupac = "ABCDGHKMNRSTUVWXY";
    if (params.adapter_wildcards) {
        for (std::size_t i = 0; i < a.sequence_.size(); ++i) {
            if (kIupac.find(a.sequence_[i]) == std::string_view::npos) {
                return Error::invalid_character("Character '" + std::string(utf8_character_at(a.sequence_, i)) +
                                                "' in adapter sequence '" + a.sequence_ +
                                                "' is not a valid IUPAC code. Use only characters "
                                                "'ABCDGHIKMNRSTUVWXY'.");
            }
        }
    }
    const bool only_acgt = a.sequence_.find_first_not_of("ACGT") == std::string::npos;
    a.adapter_wildcards_ = params.adapter_wildcards && !only_acgt;
    a.read_wildcards_ = params.read_wildcards;
    a.indels_ = params.indels;
    const bool anywhere_capable =
        kind == AdapterKind::Front || kind == AdapterKind::Back || kind == AdapterKind::RightmostFront;
    a.force_anywhere_ = params.force_anywhere && anywhere_capable;

    // The aligners' own checks (cutadapt raises ValueError from _align.pyx).
    a.effective_length_ = a.adapter_wildcards_ ? len - n_count : len;
    if (a.effective_length_ == 0) {
        return Error::adapter("Cannot have only N wildcards in the sequence");
    }
    const bool comparer = (kind == AdapterKind::Prefix || kind == AdapterKind::Suffix) && !a.indels_;
    // A non-ASCII sequence (possible only with -N, as no such character is
    // IUPAC) fails in the aligner: PrefixComparer and a wildcard Aligner
    // raise ValueError, the plain Aligner's str.encode("ascii") raises
    // UnicodeEncodeError, which cutadapt prints as its first argument, "ascii".
    if (!ascii_encode_error(a.sequence_).empty()) {
        const bool checked = comparer || a.adapter_wildcards_ || a.read_wildcards_;
        return Error::adapter(checked ? "String must contain only ASCII characters" : "ascii");
    }
    const int indel_cost = a.indels_ ? 1 : 100000;
    auto make_aligner = [&](std::string_view ref, int flags) {
        a.aligner_flags_ = flags;
        a.matcher_.emplace<Aligner>(ref, a.max_error_rate_, flags, a.adapter_wildcards_, a.read_wildcards_, indel_cost,
                                    a.min_overlap_);
    };
    if (comparer) {
        if (!(0 <= a.max_error_rate_ && a.max_error_rate_ <= 1.0)) {
            return Error::adapter("max_error_rate must be between 0 and 1");
        }
        if (a.min_overlap_ < 1) return Error::adapter("min_overlap must be at least 1");
    }
    switch (kind) {
        case AdapterKind::Back: make_aligner(a.sequence_, a.force_anywhere_ ? kWhereAnywhere : kWhereBack); break;
        case AdapterKind::Front: make_aligner(a.sequence_, a.force_anywhere_ ? kWhereAnywhere : kWhereFront); break;
        case AdapterKind::RightmostFront: {
            std::string reversed(a.sequence_.rbegin(), a.sequence_.rend());
            make_aligner(reversed, a.force_anywhere_ ? kWhereAnywhere : kWhereFront);
            break;
        }
        case AdapterKind::Anywhere: make_aligner(a.sequence_, kWhereAnywhere); break;
        case AdapterKind::NonInternalFront: make_aligner(a.sequence_, kWhereFrontNotInternal); break;
        case AdapterKind::NonInternalBack: make_aligner(a.sequence_, kWhereBackNotInternal); break;
        case AdapterKind::Prefix:
            if (comparer) {
                a.matcher_.emplace<PrefixComparer>(a.sequence_, a.max_error_rate_, a.adapter_wildcards_,
                                                   a.read_wildcards_, a.min_overlap_);
            } else {
                make_aligner(a.sequence_, kWherePrefix);
            }
            break;
        case AdapterKind::Suffix:
            if (comparer) {
                a.matcher_.emplace<SuffixComparer>(a.sequence_, a.max_error_rate_, a.adapter_wildcards_,
                                                   a.read_wildcards_, a.min_overlap_);
            } else {
                make_aligner(a.sequence_, kWhereSuffix);
            }
            break;
    }
    return a;
}

bool SingleAdapter::allows_partial_matches() const {
    return kind_ != AdapterKind::Prefix && kind_ != AdapterKind::Suffix;
}

bool SingleAdapter::is_front() const {
    return kind_ == AdapterKind::Front || kind_ == AdapterKind::RightmostFront ||
           kind_ == AdapterKind::NonInternalFront || kind_ == AdapterKind::Prefix;
}

std::string_view SingleAdapter::description() const {
    switch (kind_) {
        case AdapterKind::Back: return "regular 3'";
        case AdapterKind::Front: return "regular 5'";
        case AdapterKind::Anywhere: return "variable 5'/3'";
        case AdapterKind::Prefix: return "anchored 5'";
        case AdapterKind::Suffix: return "anchored 3'";
        case AdapterKind::NonInternalFront: return "non-internal 5'";
        case AdapterKind::NonInternalBack: return "non-internal 3'";
        case AdapterKind::RightmostFront: return "rightmost 5'";
    }
    return "";
}

std::string_view SingleAdapter::descriptive_identifier() const {
    switch (kind_) {
        case AdapterKind::Back: return "regular_three_prime";
        case AdapterKind::Front: return "regular_five_prime";
        case AdapterKind::Anywhere: return "anywhere";
        case AdapterKind::Prefix: return "anchored_five_prime";
        case AdapterKind::Suffix: return "anchored_three_prime";
        case AdapterKind::NonInternalFront: return "noninternal_five_prime";
        case AdapterKind::NonInternalBack: return "noninternal_three_prime";
        case AdapterKind::RightmostFront: return "rightmost_five_prime";
    }
    return "";
}

std::string SingleAdapter::spec() const {
    switch (kind_) {
        case AdapterKind::Back: return sequence_;
        case AdapterKind::Front: return sequence_ + "...";
        case AdapterKind::Anywhere: return "..." + sequence_ + "...";
        case AdapterKind::Prefix: return "^" + sequence_ + "...";
        case AdapterKind::Suffix: return sequence_ + "$";
        case AdapterKind::NonInternalFront: return "X" + sequence_ + "...";
        case AdapterKind::NonInternalBack: return sequence_ + "X";
        case AdapterKind::RightmostFront: return sequence_ + "...;rightmost";
    }
    return sequence_;
}

bool SingleAdapter::locate(std::string_view sequence, SingleMatch& out) {
    std::optional<Alignment> al;
    std::string_view query = sequence;
    if (kind_ == AdapterKind::RightmostFront) {
        reversed_.assign(sequence.rbegin(), sequence.rend());
        query = reversed_;
    }
    if (auto* aligner = std::get_if<Aligner>(&matcher_)) {
        al = aligner->locate(query);
    } else if (auto* pc = std::get_if<PrefixComparer>(&matcher_)) {
        al = pc->locate(query);
    } else if (auto* sc = std::get_if<SuffixComparer>(&matcher_)) {
        al = sc->locate(query);
    }
    if (!al) return false;
    const int n = static_cast<int>(sequence.size());
    if (kind_ == AdapterKind::RightmostFront) {
        const int m = static_cast<int>(sequence_.size());
        out.astart = m - al->ref_stop;
        out.astop = m - al->ref_start;
        out.rstart = n - al->query_stop;
        out.rstop = n - al->query_start;
    } else {
        out.astart = al->ref_start;
        out.astop = al->ref_stop;
        out.rstart = al->query_start;
        out.rstop = al->query_stop;
    }
    out.score = al->score;
    out.errors = al->errors;
    out.offset = 0;
    out.length = n;
    switch (kind_) {
        case AdapterKind::Back:
        case AdapterKind::NonInternalBack:
        case AdapterKind::Suffix: out.remove_before = false; break;
        case AdapterKind::Anywhere: out.remove_before = out.rstart == 0; break;
        default: out.remove_before = true; break;
    }
    return true;
}

bool SingleAdapter::match_to(std::string_view sequence, Match& out) {
    out.linked = false;
    SingleMatch m;
    if (!locate(sequence, m)) return false;
    out.has_front = m.remove_before;
    out.has_back = !m.remove_before;
    (m.remove_before ? out.front : out.back) = m;
    return true;
}

void SingleAdapter::set_prefilter(bool enabled) {
    if (auto* aligner = std::get_if<Aligner>(&matcher_)) aligner->set_prefilter(enabled);
}

void SingleAdapter::add_to(KmerIndex& index, int id) const {
    if (aligner_flags_ < 0 || adapter_wildcards_) {
        index.add_unindexed(id);
        return;
    }
    const bool reversed = kind_ == AdapterKind::RightmostFront;
    const std::string ref = reversed ? std::string(sequence_.rbegin(), sequence_.rend()) : sequence_;
    index.add(id, ref, max_error_rate_, aligner_flags_, min_overlap_, read_wildcards_, reversed);
}

EndDescription SingleAdapter::end_description() const {
    EndDescription e;
    e.max_error_rate = max_error_rate_;
    e.sequence = sequence_;
    e.effective_length = effective_length_;
    e.has_wildcards = adapter_wildcards_;
    e.indels = indels_;
    e.adapter_type = std::string(descriptive_identifier());
    e.allows_partial_matches = allows_partial_matches();
    e.remove_prefix = is_front();
    return e;
}

// ---------------------------------------------------------------- Adapter

Adapter::Adapter(SingleAdapter single) : name_(single.name()), first_(std::move(single)) {}

Adapter::Adapter(SingleAdapter front, SingleAdapter back, bool front_required, bool back_required, std::string name)
    : linked_(true),
      name_(std::move(name)),
      first_(std::move(front)),
      second_(std::move(back)),
      front_required_(front_required),
      back_required_(back_required) {
    first_.set_name(name_);
}

std::string Adapter::sequence() const {
    if (!linked_) return first_.sequence();
    return first_.sequence() + "..." + second_->sequence();
}

std::string_view Adapter::description() const { return linked_ ? std::string_view("linked") : first_.description(); }

std::string_view Adapter::descriptive_identifier() const {
    return linked_ ? std::string_view("linked") : first_.descriptive_identifier();
}

std::string Adapter::spec() const {
    if (!linked_) return first_.spec();
    return first_.spec() + "..." + second_->spec();
}

std::string_view Adapter::kind_name() const {
    if (linked_) return "LinkedAdapter";
    switch (first_.kind()) {
        case AdapterKind::Back: return "BackAdapter";
        case AdapterKind::Front: return "FrontAdapter";
        case AdapterKind::Anywhere: return "AnywhereAdapter";
        case AdapterKind::Prefix: return "PrefixAdapter";
        case AdapterKind::Suffix: return "SuffixAdapter";
        case AdapterKind::NonInternalFront: return "NonInternalFrontAdapter";
        case AdapterKind::NonInternalBack: return "NonInternalBackAdapter";
        case AdapterKind::RightmostFront: return "RightmostFrontAdapter";
    }
    return "";
}

bool Adapter::match_to(std::string_view sequence, Match& out) {
    if (!linked_) return first_.match_to(sequence, out);
    out.linked = true;
    out.has_front = first_.locate(sequence, out.front);
    if (front_required_ && !out.has_front) return false;
    std::string_view rest = sequence;
    int offset = 0;
    if (out.has_front) {
        auto [a, b] = out.front.trimmed_interval(static_cast<int>(sequence.size()));
        rest = sequence.substr(a, b - a);
        offset = a;
    }
    out.has_back = second_->locate(rest, out.back);
    if (!out.has_back && (back_required_ || !out.has_front)) return false;
    if (out.has_back) out.back.offset = offset;
    return true;
}

void Adapter::set_prefilter(bool enabled) {
    first_.set_prefilter(enabled);
    if (second_) second_->set_prefilter(enabled);
}

AdapterDescription Adapter::describe_statistics() const {
    AdapterDescription s;
    s.name = name_;
    s.sequence = sequence();
    s.description = std::string(description());
    if (linked_) {
        s.kind = AdapterStatsKind::Linked;
        s.min_overlap = first_.min_overlap();
        s.back_min_overlap = second_->min_overlap();
        s.allows_partial_matches = true;
        s.front = first_.end_description();
        s.back = second_->end_description();
        return s;
    }
    s.min_overlap = first_.min_overlap();
    s.back_min_overlap = first_.min_overlap();
    s.allows_partial_matches = first_.allows_partial_matches();
    if (first_.kind() == AdapterKind::Anywhere) {
        s.kind = AdapterStatsKind::Anywhere;
        s.front = first_.end_description();
        s.back = first_.end_description();
    } else if (first_.is_front()) {
        s.kind = AdapterStatsKind::Front;
        s.front = first_.end_description();
    } else {
        s.kind = AdapterStatsKind::Back;
        s.back = first_.end_description();
    }
    return s;
}

std::vector<std::string> duplicate_adapter_warnings(const std::vector<Adapter>& adapters) {
    std::vector<std::string> warnings;
    std::set<std::pair<std::string, std::string>> seen;
    for (const Adapter& a : adapters) {
        auto key = std::pair{std::string(a.kind_name()), a.sequence()};
        if (!seen.insert(key).second) {
            warnings.push_back("Adapter " + python_repr(a.sequence()) + " (" + std::string(a.description()) +
                               ") was specified multiple times! Please make sure that this is "
                               "what you want.");
        }
    }
    return warnings;
}

// ---------------------------------------------------------------- MultipleAdapters

namespace {

bool index_acceptable(const Adapter& a, AdapterKind kind) {
    if (a.is_linked()) return false;
    const SingleAdapter& s = a.single();
    if (s.kind() != kind) return false;
    if (s.read_wildcards() || s.adapter_wildcards()) return false;
    const int k = static_cast<int>(static_cast<double>(s.sequence().size()) * s.max_error_rate());
    return k <= 2;
}

// All strings at Hamming distance exactly k from s over ACGT (cutadapt's
// hamming_sphere; the order does not matter to the index).
void hamming_sphere(const std::string& s, int k, std::size_t first, std::string& work, std::vector<std::string>& out) {
    if (k == 0) {
        out.push_back(work);
        return;
    }
    const std::size_t n = s.size();
    for (std::size_t i = first; i + k <= n; ++i) {
        for (char ch : {'A', 'C', 'G', 'T'}) {
            if (ch == s[i]) continue;
            work[i] = ch;
            hamming_sphere(s, k - 1, i + 1, work, out);
            work[i] = s[i];
        }
    }
}

// All strings within edit distance k of s (cutadapt's naive_edit_environment,
// deduplicated).
void edit_neighbours(const std::string& s, int k, std::unordered_set<std::string>& out) {
    std::vector<std::string> level{s};
    out.insert(s);
    for (int round = 0; round < k; ++round) {
        std::vector<std::string> next;
        for (const std::string& t : level) {
            const std::size_t n = t.size();
            for (char ch : {'A', 'C', 'G', 'T'}) {
                for (std::size_t i = 0; i < n; ++i) {
                    std::string ins = t.substr(0, i) + ch + t.substr(i);
                    std::string sub = t.substr(0, i) + ch + t.substr(i + 1);
                    if (out.insert(ins).second) next.push_back(std::move(ins));
                    if (out.insert(sub).second) next.push_back(std::move(sub));
                }
                std::string app = t + ch;
                if (out.insert(app).second) next.push_back(std::move(app));
            }
            for (std::size_t i = 0; i < n; ++i) {
                std::string del = t.substr(0, i) + t.substr(i + 1);
                if (out.insert(del).second) next.push_back(std::move(del));
            }
        }
        level = std::move(next);
    }
}

void copy_parts(Match& dst, const Match& src) {
    dst.adapter = src.adapter;
    dst.linked = src.linked;
    dst.has_front = src.has_front;
    dst.has_back = src.has_back;
    dst.front = src.front;
    dst.back = src.back;
}

}  // namespace

MultipleAdapters::MultipleAdapters(std::vector<Adapter> adapters, bool use_index) : adapters_(std::move(adapters)) {
    const int n = static_cast<int>(adapters_.size());
    std::vector<int> prefix, suffix, other;
    if (use_index) {
        for (int i = 0; i < n; ++i) {
            if (index_acceptable(adapters_[i], AdapterKind::Prefix)) {
                prefix.push_back(i);
            } else if (index_acceptable(adapters_[i], AdapterKind::Suffix)) {
                suffix.push_back(i);
            } else {
                other.push_back(i);
            }
        }
    }
    if (use_index && (static_cast<int>(prefix.size()) > kIndexingThreshold ||
                      static_cast<int>(suffix.size()) > kIndexingThreshold)) {
        has_index_ = true;
        for (int i : other) groups_.push_back(Group{i, -1});
        for (const auto* members : {&prefix, &suffix}) {
            if (members->size() > 1) {
                Index index;
                index.prefix = members == &prefix;
                index.members = *members;
                build_index(index);
                indices_.push_back(std::move(index));
                groups_.push_back(Group{-1, static_cast<int>(indices_.size()) - 1});
            } else {
                for (int i : *members) groups_.push_back(Group{i, -1});
            }
        }
    } else {
        for (int i = 0; i < n; ++i) groups_.push_back(Group{i, -1});
    }
    build_kmer_index();
}

void MultipleAdapters::build_kmer_index() {
    const int n = static_cast<int>(adapters_.size());
    for (int i = 0; i < n; ++i) {
        const Adapter& a = adapters_[i];
        if (a.is_linked()) {
            kmer_index_.add_unindexed(i);
        } else {
            a.single().add_to(kmer_index_, i);
        }
    }
    use_kmer_index_ = kmer_index_.indexed() >= kKmerIndexThreshold;
    kmer_candidates_.assign(static_cast<std::size_t>(n), 1);
}

void MultipleAdapters::build_index(Index& index) {
    std::set<int> lengths;
    bool has_warned = false;
    for (int ai : index.members) {
        const SingleAdapter& adapter = adapters_[ai].single();
        const std::string& sequence = adapter.sequence();
        const int len = static_cast<int>(sequence.size());
        const int k = static_cast<int>(adapter.max_error_rate() * static_cast<double>(len));
        // (string, errors, matches) in the adapter's environment
        std::vector<std::tuple<std::string, int, int>> environment;
        if (adapter.indels()) {
            std::unordered_set<std::string> strings;
            edit_neighbours(sequence, k, strings);
            const double rate = len > 0 ? static_cast<double>(k) / len : 0.0;
            Aligner aligner(sequence, rate, 0, false, false, 1, len);
            // Sorted so that the result does not depend on hash order (it
            // cannot anyway: one adapter contributes each string once).
            std::vector<std::string> sorted(strings.begin(), strings.end());
            std::sort(sorted.begin(), sorted.end());
            for (std::string& t : sorted) {
                auto result = aligner.locate(t);
                if (!result) continue;
                environment.emplace_back(std::move(t), result->errors, result->score);
            }
        } else {
            for (int e = 0; e <= k; ++e) {
                std::vector<std::string> sphere;
                std::string work = sequence;
                hamming_sphere(sequence, e, 0, work, sphere);
                for (std::string& t : sphere) environment.emplace_back(std::move(t), e, len - e);
            }
        }
        for (auto& [s, errors, matches] : environment) {
            auto it = index.table.find(s);
            if (it != index.table.end()) {
                const IndexEntry& other = it->second;
                if (matches < other.matches) continue;
                if (other.matches == matches && !has_warned) {
                    const SingleAdapter& oa = adapters_[other.adapter].single();
                    warnings_.push_back("Adapters " + oa.name() + " " + python_repr(oa.sequence()) + " and " +
                                        adapter.name() + " " + python_repr(adapter.sequence()) +
                                        " are very similar. At " + std::to_string(k) +
                                        " allowed errors, the sequence " + python_repr(s) +
                                        " cannot be assigned uniquely because the number of matches is " +
                                        std::to_string(matches) + " compared to both adapters.");
                    has_warned = true;
                }
            } else {
                index.table.emplace(s, IndexEntry{ai, errors, matches});
            }
            lengths.insert(static_cast<int>(s.size()));
        }
    }
    index.lengths.assign(lengths.rbegin(), lengths.rend());
}

bool MultipleAdapters::match_plain(int adapter, std::string_view sequence, Match& out) {
    if (!adapters_[adapter].match_to(sequence, out)) return false;
    out.adapter = adapter;
    return true;
}

bool MultipleAdapters::match_members(const std::vector<int>& members, std::string_view sequence, Match& out) {
    bool found = false;
    Match& cand = candidate_;
    for (int i : members) {
        if (!match_plain(i, sequence, cand)) continue;
        if (!found || cand.score() > out.score() || (cand.score() == out.score() && cand.errors() < out.errors())) {
            copy_parts(out, cand);
            found = true;
        }
    }
    return found;
}

bool MultipleAdapters::match_index(Index& index, std::string_view sequence, Match& out) {
    const int n = static_cast<int>(sequence.size());
    affix_.resize(sequence.size());
    std::transform(sequence.begin(), sequence.end(), affix_.begin(), ascii_upper);
    std::string_view whole = affix_;
    auto make_affix = [&](int length) {
        auto [a, b] = index.prefix ? py_slice(n, 0, length) : py_slice(n, -length, n);
        if (length == 0 && !index.prefix) a = 0, b = n;  // s[-0:] is the whole string
        return whole.substr(a, b - a);
    };
    const IndexEntry* best = nullptr;
    int best_length = 0;
    int best_m = -1;
    int best_e = 1000;
    bool check_n = true;
    for (int length : index.lengths) {
        if (length < best_m) break;
        std::string_view affix = make_affix(length);
        if (check_n) {
            if (affix.find('N') != std::string_view::npos) {
                return match_members(index.members, sequence, out);
            }
            check_n = false;
        }
        // A lookup key without allocating after warm-up.
        key_.assign(affix);
        auto it = index.table.find(key_);
        if (it == index.table.end()) continue;
        const IndexEntry& e = it->second;
        if (index.lengths.size() == 1 || e.matches > best_m || (e.matches == best_m && e.errors < best_e)) {
            best = &e;
            best_e = e.errors;
            best_m = e.matches;
            best_length = length;
        }
    }
    // cutadapt's _match_to_multiple_lengths reports nothing while best_m is
    // still -1, so an entry with -1 matching bases (or fewer) never wins
    // there; _match_to_one_length (a single length) returns any entry.
    if (best == nullptr || (index.lengths.size() > 1 && best_m == -1)) return false;
    out.adapter = best->adapter;
    out.linked = false;
    SingleMatch m;
    m.astart = 0;
    m.astop = static_cast<int>(adapters_[best->adapter].single().sequence().size());
    m.score = best_m;
    m.errors = best_e;
    m.offset = 0;
    m.length = n;
    if (index.prefix) {
        m.rstart = 0;
        m.rstop = best_length;
        m.remove_before = true;
        out.has_front = true;
        out.has_back = false;
        out.front = m;
    } else {
        m.rstart = n - best_length;
        m.rstop = n;
        m.remove_before = false;
        out.has_front = false;
        out.has_back = true;
        out.back = m;
    }
    return true;
}

void MultipleAdapters::set_fast_paths(bool enabled) {
    for (Adapter& a : adapters_) a.set_prefilter(enabled);
    use_kmer_index_ = enabled && kmer_index_.indexed() >= kKmerIndexThreshold;
    kmer_candidates_.assign(adapters_.size(), 1);
}

bool MultipleAdapters::match_to(std::string_view sequence, Match& out) {
    bool found = false;
    Match& cand = candidate_;
    if (use_kmer_index_) kmer_index_.candidates(sequence, kmer_candidates_);
    for (const Group& g : groups_) {
        bool ok;
        if (g.adapter >= 0) {
            if (kmer_candidates_[static_cast<std::size_t>(g.adapter)] == 0) continue;
            ok = match_plain(g.adapter, sequence, cand);
        } else {
            // The index may fall back to sequential matching, which uses
            // candidate_ as scratch; so it reports into its own slot.
            ok = match_index(indices_[g.index], sequence, index_result_);
            if (ok) copy_parts(cand, index_result_);
        }
        if (!ok) continue;
        if (!found || cand.score() > out.score() || (cand.score() == out.score() && cand.errors() < out.errors())) {
            copy_parts(out, cand);
            found = true;
        }
    }
    return found;
}

}  // namespace ringtrim::core
