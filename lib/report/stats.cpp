#include "lib/report/stats.hpp"

#include <cstring>
#include <type_traits>

namespace ringtrim::core {

void EndStatistics::add_adjacent_base(char base) {
    switch (base) {
        case 'A': ++adjacent_bases[0]; break;
        case 'C': ++adjacent_bases[1]; break;
        case 'G': ++adjacent_bases[2]; break;
        case 'T': ++adjacent_bases[3]; break;
        default: ++adjacent_bases[4]; break;
    }
}

std::map<int, std::int64_t> EndStatistics::lengths() const {
    std::map<int, std::int64_t> out;
    for (const auto& [length, by_errors] : errors) {
        std::int64_t sum = 0;
        for (const auto& [e, count] : by_errors) sum += count;
        out[length] = sum;
    }
    return out;
}

std::int64_t EndStatistics::total() const {
    std::int64_t sum = 0;
    for (const auto& [length, by_errors] : errors)
        for (const auto& [e, count] : by_errors) sum += count;
    return sum;
}

std::vector<double> EndStatistics::random_match_probabilities(double gc_content) const {
    std::string seq = sequence;
    if (remove_prefix) seq.assign(sequence.rbegin(), sequence.rend());
    const std::string_view allowed = has_wildcards ? "CGRYSKMBDHVN" : "GC";
    double p = 1.0;
    std::vector<double> probabilities{p};
    probabilities.reserve(seq.size() + 1);
    for (char c : seq) {
        if (allowed.find(c) != std::string_view::npos)
            p *= gc_content / 2.0;
        else
            p *= (1.0 - gc_content) / 2.0;
        probabilities.push_back(p);
    }
    return probabilities;
}

EndStatistics& EndStatistics::operator+=(const EndStatistics& other) {
    for (std::size_t i = 0; i < adjacent_bases.size(); ++i) adjacent_bases[i] += other.adjacent_bases[i];
    for (const auto& [length, by_errors] : other.errors)
        for (const auto& [e, count] : by_errors) errors[length][e] += count;
    return *this;
}

std::pair<const EndStatistics*, const EndStatistics*> AdapterStatistics::end_statistics() const {
    switch (kind) {
        case AdapterStatsKind::Front: return {&front, nullptr};
        case AdapterStatsKind::Back: return {nullptr, &back};
        case AdapterStatsKind::Anywhere:
        case AdapterStatsKind::Linked: return {&front, &back};
    }
    return {nullptr, nullptr};
}

AdapterStatistics& AdapterStatistics::operator+=(const AdapterStatistics& other) {
    front += other.front;
    back += other.back;
    reverse_complemented += other.reverse_complemented;
    return *this;
}

std::string_view filter_key(FilterName f) {
    switch (f) {
        case FilterName::TooShort: return "too_short";
        case FilterName::TooLong: return "too_long";
        case FilterName::TooManyN: return "too_many_n";
        case FilterName::TooManyExpectedErrors: return "too_many_expected_errors";
        case FilterName::CasavaFiltered: return "casava_filtered";
        case FilterName::DiscardTrimmed: return "discard_trimmed";
        case FilterName::DiscardUntrimmed: return "discard_untrimmed";
        case FilterName::kCount: break;
    }
    return "";
}

std::string_view filter_description(FilterName f) {
    switch (f) {
        case FilterName::TooShort: return "that were too short";
        case FilterName::TooLong: return "that were too long";
        case FilterName::TooManyN: return "with too many N";
        case FilterName::TooManyExpectedErrors: return "with too many exp. errors";
        case FilterName::CasavaFiltered: return "failed CASAVA filter";
        case FilterName::DiscardTrimmed: return "discarded as trimmed";
        case FilterName::DiscardUntrimmed: return "discarded as untrimmed";
        case FilterName::kCount: break;
    }
    return "";
}

std::int64_t Stats::written_reads() const {
    std::int64_t sum = 0;
    for (const auto& [length, count] : written_lengths[0]) sum += count;
    return sum;
}

std::array<std::int64_t, 2> Stats::written_bp() const {
    std::array<std::int64_t, 2> out{};
    for (int i = 0; i < 2; ++i)
        for (const auto& [length, count] : written_lengths[i]) out[i] += std::int64_t{length} * count;
    return out;
}

namespace {
std::optional<std::int64_t> add_if_not_none(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
    if (!a) return b;
    if (!b) return a;
    return *a + *b;
}
}  // namespace

std::optional<std::int64_t> Stats::poly_a_trimmed_bp(int which) const {
    const auto& lengths = poly_a_lengths[static_cast<std::size_t>(which)];
    if (!lengths) return std::nullopt;
    std::int64_t bp = 0;
    for (const auto& [length, count] : *lengths) bp += length * count;
    return bp;
}

std::optional<std::int64_t> Stats::poly_a_trimmed() const {
    return add_if_not_none(poly_a_trimmed_bp(0), poly_a_trimmed_bp(1));
}

std::optional<std::int64_t> Stats::quality_trimmed() const {
    return add_if_not_none(quality_trimmed_bp[0], quality_trimmed_bp[1]);
}

std::optional<std::int64_t> Stats::poly_trimmed(PolyTail t) const {
    const auto& bp = poly_trimmed_bp[static_cast<std::size_t>(t)];
    return add_if_not_none(bp[0], bp[1]);
}

std::optional<std::int64_t> Stats::overlap_trimmed() const {
    return add_if_not_none(overlap_trimmed_bp[0], overlap_trimmed_bp[1]);
}

std::int64_t Stats::filtered_total() const {
    std::int64_t sum = 0;
    for (const auto& f : filtered) sum += f.value_or(0);
    return sum;
}

Stats& Stats::operator+=(const Stats& other) {
    paired = paired || other.paired;
    n += other.n;
    for (int i = 0; i < 2; ++i) total_bp[i] += other.total_bp[i];
    for (std::size_t i = 0; i < kFilterCount; ++i) filtered[i] = add_if_not_none(filtered[i], other.filtered[i]);
    reverse_complemented = add_if_not_none(reverse_complemented, other.reverse_complemented);
    overlap_trimmed_pairs = add_if_not_none(overlap_trimmed_pairs, other.overlap_trimmed_pairs);
    for (int i = 0; i < 2; ++i)
        overlap_trimmed_bp[i] = add_if_not_none(overlap_trimmed_bp[i], other.overlap_trimmed_bp[i]);
    for (int i = 0; i < 2; ++i) {
        with_adapters[i] = add_if_not_none(with_adapters[i], other.with_adapters[i]);
        quality_trimmed_bp[i] = add_if_not_none(quality_trimmed_bp[i], other.quality_trimmed_bp[i]);
        if (other.poly_a_lengths[i]) {
            if (!poly_a_lengths[i]) poly_a_lengths[i].emplace();
            for (const auto& [length, count] : *other.poly_a_lengths[i]) (*poly_a_lengths[i])[length] += count;
        }
        for (std::size_t t = 0; t < kPolyTailCount; ++t) {
            poly_trimmed_reads[t][i] = add_if_not_none(poly_trimmed_reads[t][i], other.poly_trimmed_reads[t][i]);
            poly_trimmed_bp[t][i] = add_if_not_none(poly_trimmed_bp[t][i], other.poly_trimmed_bp[t][i]);
        }
        if (adapter_stats[i].empty()) {
            adapter_stats[i] = other.adapter_stats[i];
        } else if (!other.adapter_stats[i].empty()) {
            for (std::size_t j = 0; j < adapter_stats[i].size() && j < other.adapter_stats[i].size(); ++j)
                adapter_stats[i][j] += other.adapter_stats[i][j];
        }
        for (const auto& [length, count] : other.written_lengths[i]) written_lengths[i][length] += count;
    }
    return *this;
}

// --- serialization -------------------------------------------------------
//
// Little-endian host layout; both ends are the same binary on the same host.
namespace {

class Writer {
public:
    template <typename T>
    void pod(T v) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void str(const std::string& s) {
        pod<std::uint64_t>(s.size());
        out_.append(s);
    }
    void opt(const std::optional<std::int64_t>& v) {
        pod<std::uint8_t>(v.has_value());
        pod<std::int64_t>(v.value_or(0));
    }
    void map(const std::map<int, std::int64_t>& m) {
        pod<std::uint64_t>(m.size());
        for (const auto& [k, v] : m) { pod<std::int32_t>(k); pod<std::int64_t>(v); }
    }
    void end(const EndStatistics& e) {
        pod(e.max_error_rate); str(e.sequence); pod<std::int32_t>(e.effective_length);
        pod<std::uint8_t>(e.has_wildcards); pod<std::uint8_t>(e.indels); str(e.adapter_type);
        pod<std::uint8_t>(e.allows_partial_matches); pod<std::uint8_t>(e.remove_prefix);
        pod<std::uint64_t>(e.errors.size());
        for (const auto& [length, by_errors] : e.errors) { pod<std::int32_t>(length); map(by_errors); }
        for (auto b : e.adjacent_bases) pod<std::int64_t>(b);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    template <typename T>
    T pod() {
        T v{};
        if (in_.size() < sizeof v) { ok_ = false; return v; }
        std::memcpy(&v, in_.data(), sizeof v);
        in_.remove_prefix(sizeof v);
        return v;
    }
    std::string str() {
        auto n = pod<std::uint64_t>();
        if (!ok_ || in_.size() < n) { ok_ = false; return {}; }
        std::string s(in_.substr(0, n));
        in_.remove_prefix(n);
        return s;
    }
    void opt(std::optional<std::int64_t>& out) {
        const bool has = pod<std::uint8_t>() != 0;
        const auto v = pod<std::int64_t>();
        if (has)
            out = v;
        else
            out.reset();
    }
    std::map<int, std::int64_t> map() {
        std::map<int, std::int64_t> m;
        auto n = pod<std::uint64_t>();
        for (std::uint64_t i = 0; ok_ && i < n; ++i) {
            auto k = pod<std::int32_t>();
            m[k] = pod<std::int64_t>();
        }
        return m;
    }
    void end(EndStatistics& e) {
        e.max_error_rate = pod<double>(); e.sequence = str(); e.effective_length = pod<std::int32_t>();
        e.has_wildcards = pod<std::uint8_t>(); e.indels = pod<std::uint8_t>(); e.adapter_type = str();
        e.allows_partial_matches = pod<std::uint8_t>(); e.remove_prefix = pod<std::uint8_t>();
        auto n = pod<std::uint64_t>();
        for (std::uint64_t i = 0; ok_ && i < n; ++i) {
            auto length = pod<std::int32_t>();
            e.errors[length] = map();
        }
        for (auto& b : e.adjacent_bases) b = pod<std::int64_t>();
    }
    bool at_end() const { return in_.empty(); }

private:
    std::string_view in_;
    bool ok_ = true;
};

constexpr std::uint32_t kStatsMagic = 0x52545331;  // "RTS1"

}  // namespace

std::string serialize(const Stats& s) {
    Writer w;
    w.pod(kStatsMagic);
    w.pod<std::uint8_t>(s.paired);
    w.pod<std::int64_t>(s.n);
    for (auto v : s.total_bp) w.pod<std::int64_t>(v);
    for (const auto& f : s.filtered) w.opt(f);
    w.opt(s.reverse_complemented);
    for (int i = 0; i < 2; ++i) {
        w.opt(s.with_adapters[i]);
        w.opt(s.quality_trimmed_bp[i]);
        w.pod<std::uint64_t>(s.adapter_stats[i].size());
        for (const auto& a : s.adapter_stats[i]) {
            w.pod<std::uint8_t>(static_cast<std::uint8_t>(a.kind));
            w.str(a.name); w.str(a.sequence); w.str(a.description);
            w.pod<std::int32_t>(a.min_overlap); w.pod<std::int32_t>(a.back_min_overlap);
            w.pod<std::uint8_t>(a.allows_partial_matches);
            w.end(a.front); w.end(a.back);
            w.pod<std::int64_t>(a.reverse_complemented);
        }
        w.map(s.written_lengths[i]);
        w.pod<std::uint8_t>(s.poly_a_lengths[i].has_value());
        if (s.poly_a_lengths[i]) w.map(*s.poly_a_lengths[i]);
    }
    // ringtrim's poly-G / poly-X counters last, after cutadapt's.
    for (std::size_t t = 0; t < kPolyTailCount; ++t)
        for (int i = 0; i < 2; ++i) {
            w.opt(s.poly_trimmed_reads[t][i]);
            w.opt(s.poly_trimmed_bp[t][i]);
        }
    w.opt(s.overlap_trimmed_pairs);
    for (const auto& bp : s.overlap_trimmed_bp) w.opt(bp);
    return w.take();
}

bool deserialize(std::string_view bytes, Stats& s) {
    Reader r(bytes);
    s = Stats{};
    if (r.pod<std::uint32_t>() != kStatsMagic) return false;
    s.paired = r.pod<std::uint8_t>();
    s.n = r.pod<std::int64_t>();
    for (auto& v : s.total_bp) v = r.pod<std::int64_t>();
    for (auto& f : s.filtered) r.opt(f);
    r.opt(s.reverse_complemented);
    for (int i = 0; i < 2 && r.ok(); ++i) {
        r.opt(s.with_adapters[i]);
        r.opt(s.quality_trimmed_bp[i]);
        auto count = r.pod<std::uint64_t>();
        for (std::uint64_t j = 0; r.ok() && j < count; ++j) {
            AdapterStatistics a;
            const auto kind = r.pod<std::uint8_t>();
            if (kind > static_cast<std::uint8_t>(AdapterStatsKind::Linked)) return false;
            a.kind = static_cast<AdapterStatsKind>(kind);
            a.name = r.str(); a.sequence = r.str(); a.description = r.str();
            a.min_overlap = r.pod<std::int32_t>(); a.back_min_overlap = r.pod<std::int32_t>();
            a.allows_partial_matches = r.pod<std::uint8_t>();
            r.end(a.front); r.end(a.back);
            a.reverse_complemented = r.pod<std::int64_t>();
            s.adapter_stats[i].push_back(std::move(a));
        }
        s.written_lengths[i] = r.map();
        if (r.pod<std::uint8_t>() != 0) s.poly_a_lengths[i] = r.map();
    }
    for (std::size_t t = 0; t < kPolyTailCount; ++t)
        for (int i = 0; i < 2; ++i) {
            r.opt(s.poly_trimmed_reads[t][i]);
            r.opt(s.poly_trimmed_bp[t][i]);
        }
    r.opt(s.overlap_trimmed_pairs);
    for (auto& bp : s.overlap_trimmed_bp) r.opt(bp);
    return r.ok() && r.at_end();
}

}  // namespace ringtrim::core
