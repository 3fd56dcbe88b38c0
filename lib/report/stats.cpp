#include "lib/report/stats.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ringtrim::core {

// --- counters ----------------------------------------------------------------

void EndCounters::add_adjacent_base(char base) {
    switch (base) {
        case 'A': ++adjacent_bases[0]; break;
        case 'C': ++adjacent_bases[1]; break;
        case 'G': ++adjacent_bases[2]; break;
        case 'T': ++adjacent_bases[3]; break;
        default: ++adjacent_bases[4]; break;
    }
}

bool EndCounters::empty() const {
    return errors.empty() && std::all_of(adjacent_bases.begin(), adjacent_bases.end(), [](auto v) { return v == 0; });
}

void EndCounters::clear() {
    errors.clear();
    adjacent_bases = {};
}

EndCounters& EndCounters::operator+=(const EndCounters& other) {
    errors += other.errors;
    for (std::size_t i = 0; i < adjacent_bases.size(); ++i) adjacent_bases[i] += other.adjacent_bases[i];
    return *this;
}

bool AdapterCounters::empty() const { return front.empty() && back.empty() && reverse_complemented == 0; }

void AdapterCounters::clear() {
    front.clear();
    back.clear();
    reverse_complemented = 0;
}

AdapterCounters& AdapterCounters::operator+=(const AdapterCounters& other) {
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

void Stats::add_adapter(int which, std::uint32_t index, const AdapterCounters& counters) {
    if (counters.empty()) return;
    auto& list = adapters[static_cast<std::size_t>(which)];
    auto it = std::lower_bound(list.begin(), list.end(), index,
                               [](const AdapterCounters& a, std::uint32_t key) { return a.adapter < key; });
    if (it == list.end() || it->adapter != index) {
        it = list.insert(it, counters);
        it->adapter = index;
        return;
    }
    *it += counters;
}

const AdapterCounters& Stats::adapter(int which, std::uint32_t index) const {
    static const AdapterCounters kNone;
    const auto& list = adapters[static_cast<std::size_t>(which)];
    auto it = std::lower_bound(list.begin(), list.end(), index,
                               [](const AdapterCounters& a, std::uint32_t key) { return a.adapter < key; });
    return it != list.end() && it->adapter == index ? *it : kNone;
}

std::array<std::int64_t, 2> Stats::written_bp() const {
    return {written_lengths[0].total_length(), written_lengths[1].total_length()};
}

std::int64_t Stats::filtered_total() const {
    std::int64_t sum = 0;
    for (auto f : filtered) sum += f;
    return sum;
}

Stats& Stats::operator+=(const Stats& other) {
    n += other.n;
    for (std::size_t f = 0; f < kFilterCount; ++f) filtered[f] += other.filtered[f];
    reverse_complemented += other.reverse_complemented;
    overlap_trimmed_pairs += other.overlap_trimmed_pairs;
    for (std::size_t i = 0; i < 2; ++i) {
        total_bp[i] += other.total_bp[i];
        with_adapters[i] += other.with_adapters[i];
        quality_trimmed_bp[i] += other.quality_trimmed_bp[i];
        overlap_trimmed_bp[i] += other.overlap_trimmed_bp[i];
        for (std::size_t t = 0; t < kPolyTailCount; ++t) {
            poly_trimmed_reads[t][i] += other.poly_trimmed_reads[t][i];
            poly_trimmed_bp[t][i] += other.poly_trimmed_bp[t][i];
        }
        poly_a_lengths[i] += other.poly_a_lengths[i];
        written_lengths[i] += other.written_lengths[i];
        for (const AdapterCounters& a : other.adapters[i]) add_adapter(static_cast<int>(i), a.adapter, a);
    }
    cycles += other.cycles;
    return *this;
}

// --- serialization -------------------------------------------------------------
//
//   u32 magic "RTS2" (little-endian host order; both ends are the same binary)
//   varint n, total_bp[2], filtered[kFilterCount], reverse_complemented,
//          with_adapters[2], quality_trimmed_bp[2],
//          poly_trimmed_reads[kPolyTailCount][2], poly_trimmed_bp[kPolyTailCount][2],
//          overlap_trimmed_pairs, overlap_trimmed_bp[2]
//   per read (R1, R2):
//     lengths written_lengths, lengths poly_a_lengths
//     varint k, then k x adapter        (ascending index)
//   lengths  = varint m, m x (varint length, varint count)          (ascending length)
//   adapter  = varint index, varint reverse_complemented, end front, end back
//   end      = varint c, c x (varint length, varint errors, varint count)
//              (ascending (length, errors)), 5 x varint adjacent_bases
//   then, only when stats.cycles is not empty (--html):
//     varint 1, per read (R1, R2) per stage (before, after): profile
//   profile  = varint m, varint q (1: quality sums present),
//              m x i64 lengths[L] (m = 0, or lengths[m-1] > 0),
//              [(m - 1) x i64 quality if q], 4 x (m - 1) x i64 base counts
//
// Varints are LEB128 of the counter as uint64 (7 bits a byte, low bits
// first, shortest form only); zero counters take one byte. A profile's
// counters are i64 in host order, copied whole (a chunk's profiles are
// about 1,800 counters; encoding them one by one cost more than 5 % of an
// --html run). Every Stats has exactly one encoding. Nothing names an adapter.
namespace {

constexpr std::uint32_t kStatsMagic = 0x32535452;  // "RTS2"

class Writer {
public:
    void magic() {
        char bytes[4];
        std::memcpy(bytes, &kStatsMagic, sizeof bytes);
        out_.append(bytes, sizeof bytes);
    }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void count(std::int64_t v) { varint(static_cast<std::uint64_t>(v)); }
    void lengths(const LengthCounts& counts) {
        varint(counts.entries().size());
        for (const auto& [length, n] : counts.entries()) {
            varint(static_cast<std::uint64_t>(length));
            count(n);
        }
    }
    void end(const EndCounters& e) {
        varint(e.errors.entries().size());
        for (const auto& [key, n] : e.errors.entries()) {
            varint(static_cast<std::uint64_t>(key.length));
            varint(static_cast<std::uint64_t>(key.errors));
            count(n);
        }
        for (auto b : e.adjacent_bases) count(b);
    }
    void profile(const ReadProfile& p) {
        varint(p.lengths.size());
        varint(p.quality.empty() ? 0 : 1);
        raw(p.lengths);
        raw(p.quality);
        for (const auto& counts : p.bases) raw(counts);
    }
    // A profile's counters as they are in memory: a chunk's profiles are a
    // few hundred counters each, copied rather than encoded one by one.
    void raw(const std::vector<std::int64_t>& v) {
        if (v.empty()) return;
        out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(std::int64_t));
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

// Reads the format above; any violation (truncation, an overlong varint, a
// key out of order or out of range) clears ok() and stops the reading.
class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool at_end() const { return in_.empty(); }
    bool magic() {
        std::uint32_t v = 0;
        if (in_.size() < sizeof v) return ok_ = false;
        std::memcpy(&v, in_.data(), sizeof v);
        in_.remove_prefix(sizeof v);
        return ok_ = v == kStatsMagic;
    }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; ok_ && shift < 64; shift += 7) {
            if (in_.empty()) break;
            const auto byte = static_cast<std::uint8_t>(in_.front());
            in_.remove_prefix(1);
            // The 10th byte may only carry the top bit of a uint64, and a
            // last byte of 0 would be a second encoding of a shorter value.
            if ((shift == 63 && byte > 1) || (shift > 0 && byte == 0)) break;
            v |= std::uint64_t{byte & 0x7fu} << shift;
            if ((byte & 0x80) == 0) return v;
        }
        ok_ = false;
        return 0;
    }
    std::int64_t count() { return static_cast<std::int64_t>(varint()); }
    // A key (length, error count, adapter index) that must fit `max`.
    std::uint64_t key(std::uint64_t max) {
        const auto v = varint();
        if (v > max) ok_ = false;
        return ok_ ? v : 0;
    }
    // An element count; each element takes at least `min_bytes`.
    std::uint64_t size(std::size_t min_bytes) {
        const auto n = varint();
        if (n > in_.size() / min_bytes) ok_ = false;
        return ok_ ? n : 0;
    }
    void lengths(LengthCounts& out) {
        constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<int>::max());
        const auto m = size(2);
        int previous = -1;
        for (std::uint64_t i = 0; ok_ && i < m; ++i) {
            const int length = static_cast<int>(key(kMax));
            const auto n = count();
            if (length <= previous) ok_ = false;
            if (!ok_) return;
            out[length] = n;
            previous = length;
        }
    }
    void end(EndCounters& out) {
        constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<int>::max());
        const auto c = size(3);
        LengthErrors previous{-1, -1};
        for (std::uint64_t i = 0; ok_ && i < c; ++i) {
            LengthErrors cell;
            cell.length = static_cast<int>(key(kMax));
            cell.errors = static_cast<int>(key(kMax));
            const auto n = count();
            if (cell <= previous) ok_ = false;
            if (!ok_) return;
            out.errors[cell] = n;
            previous = cell;
        }
        for (auto& b : out.adjacent_bases) b = count();
    }
    void profile(ReadProfile& out) {
        const auto m = size(sizeof(std::int64_t));
        const auto q = key(1);
        raw(out.lengths, m);
        if (ok_ && m > 0 && out.lengths.back() == 0) ok_ = false;
        const std::size_t cycles = m > 0 ? m - 1 : 0;
        if (q == 1) raw(out.quality, cycles);
        for (auto& counts : out.bases) raw(counts, cycles);
    }
    // `n` counters written by Writer::raw.
    void raw(std::vector<std::int64_t>& out, std::size_t n) {
        if (!ok_ || n > in_.size() / sizeof(std::int64_t)) {
            ok_ = false;
            return;
        }
        out.resize(n);
        if (n == 0) return;  // no buffer to copy into
        std::memcpy(out.data(), in_.data(), n * sizeof(std::int64_t));
        in_.remove_prefix(n * sizeof(std::int64_t));
    }

private:
    std::string_view in_;
    bool ok_ = true;
};

// Every plain counter of a Stats (const or not), in the blob's order.
template <typename S, typename Visit>
void for_each_scalar(S& s, Visit&& visit) {
    visit(s.n);
    for (auto& v : s.total_bp) visit(v);
    for (auto& v : s.filtered) visit(v);
    visit(s.reverse_complemented);
    for (auto& v : s.with_adapters) visit(v);
    for (auto& v : s.quality_trimmed_bp) visit(v);
    for (auto& per_mate : s.poly_trimmed_reads)
        for (auto& v : per_mate) visit(v);
    for (auto& per_mate : s.poly_trimmed_bp)
        for (auto& v : per_mate) visit(v);
    visit(s.overlap_trimmed_pairs);
    for (auto& v : s.overlap_trimmed_bp) visit(v);
}

}  // namespace

std::string serialize(const Stats& stats) {
    Writer w;
    w.magic();
    for_each_scalar(stats, [&w](std::int64_t v) { w.count(v); });
    for (std::size_t i = 0; i < 2; ++i) {
        w.lengths(stats.written_lengths[i]);
        w.lengths(stats.poly_a_lengths[i]);
        w.varint(stats.adapters[i].size());
        for (const AdapterCounters& a : stats.adapters[i]) {
            w.varint(a.adapter);
            w.count(a.reverse_complemented);
            w.end(a.front);
            w.end(a.back);
        }
    }
    if (!stats.cycles.empty()) {
        w.varint(1);
        for (const auto& mate : stats.cycles.profiles)
            for (const ReadProfile& p : mate) w.profile(p);
    }
    return w.take();
}

bool deserialize(std::string_view bytes, Stats& s) {
    Reader r(bytes);
    s = Stats{};
    if (!r.magic()) return false;
    for_each_scalar(s, [&r](std::int64_t& v) { v = r.count(); });
    for (std::size_t i = 0; i < 2 && r.ok(); ++i) {
        r.lengths(s.written_lengths[i]);
        r.lengths(s.poly_a_lengths[i]);
        // An adapter takes at least 14 bytes: index, reverse_complemented,
        // and per end a cell count and five adjacent-base counts.
        const auto k = r.size(14);
        std::int64_t previous = -1;
        for (std::uint64_t j = 0; r.ok() && j < k; ++j) {
            AdapterCounters a;
            a.adapter = static_cast<std::uint32_t>(r.key(std::numeric_limits<std::uint32_t>::max()));
            a.reverse_complemented = r.count();
            r.end(a.front);
            r.end(a.back);
            if (std::int64_t{a.adapter} <= previous) return false;
            previous = a.adapter;
            s.adapters[i].push_back(std::move(a));
        }
    }
    if (r.ok() && !r.at_end()) {
        if (r.key(1) != 1) return false;
        for (auto& mate : s.cycles.profiles)
            for (ReadProfile& p : mate) r.profile(p);
        if (s.cycles.empty()) return false;  // the section is written only when not empty
    }
    return r.ok() && r.at_end();
}

// --- layout --------------------------------------------------------------------

std::vector<double> EndDescription::random_match_probabilities(double gc_content) const {
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

bool StatsLayout::any_poly_tail(PolyTail t) const {
    const auto& mates = poly_tail[static_cast<std::size_t>(t)];
    return mates[0] || mates[1];
}

}  // namespace ringtrim::core
