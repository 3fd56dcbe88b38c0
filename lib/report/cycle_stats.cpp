#include "lib/report/cycle_stats.hpp"

#include <algorithm>
#include <cstring>

#include "lib/simd/lines.hpp"
#include "lib/simd/target.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#define RINGTRIM_CYCLE_AVX2 1
#endif

namespace ringtrim::core {

namespace {

// CycleCounter's kernels count whole blocks of kBlock bases; kTailKeep + r
// masks the first kBlock - r lanes of a block (cycle_kernel.inc).
constexpr std::size_t kBlock = 32;
alignas(64) constexpr unsigned char kTailKeep[2 * kBlock] = {
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

namespace base {  // SSE2 on x86-64: part of the architecture
#include "lib/report/cycle_kernel.inc"
}  // namespace base

#if defined(RINGTRIM_CYCLE_AVX2)
RINGTRIM_TARGET_BEGIN("avx2")
namespace avx2 {
#include "lib/report/cycle_kernel.inc"
}  // namespace avx2
RINGTRIM_TARGET_END
#endif

// a += b, elementwise, `a` grown to b's size.
void add_to(std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    if (a.size() < b.size()) a.resize(b.size(), 0);
    for (std::size_t i = 0; i < b.size(); ++i) a[i] += b[i];
}

}  // namespace

std::int64_t ReadProfile::reads() const {
    std::int64_t n = 0;
    for (auto count : lengths) n += count;
    return n;
}

std::vector<std::int64_t> ReadProfile::reads_at_cycle() const {
    std::vector<std::int64_t> at(cycles(), 0);
    std::int64_t longer = 0;
    for (std::size_t i = at.size(); i-- > 0;) {
        longer += lengths[i + 1];
        at[i] = longer;
    }
    return at;
}

ReadProfile& ReadProfile::operator+=(const ReadProfile& other) {
    add_to(lengths, other.lengths);
    add_to(quality, other.quality);
    for (std::size_t b = 0; b < bases.size(); ++b) add_to(bases[b], other.bases[b]);
    return *this;
}

bool CycleStats::empty() const {
    for (const auto& mate : profiles)
        for (const auto& profile : mate)
            if (!profile.empty()) return false;
    return true;
}

CycleStats& CycleStats::operator+=(const CycleStats& other) {
    for (std::size_t m = 0; m < profiles.size(); ++m)
        for (std::size_t s = 0; s < profiles[m].size(); ++s) profiles[m][s] += other.profiles[m][s];
    return *this;
}

void CycleCounter::add(std::string_view sequence, std::string_view qualities) {
    const std::size_t n = sequence.size();
    if (n >= lengths_.size()) grow(n);
    ++lengths_[n];
    const auto* q = qualities.empty() ? nullptr : reinterpret_cast<const unsigned char*>(qualities.data());
    has_quality_ = has_quality_ || q != nullptr;
    kernel_(reinterpret_cast<const unsigned char*>(sequence.data()), q, n, narrow_[0].data(), narrow_[1].data(),
            narrow_[2].data(), narrow_[3].data(), quality_narrow_.data());
    if (++pending_ == kSpillReads) spill();
}

CycleCounter::Kernel CycleCounter::pick_kernel() {
#if defined(RINGTRIM_CYCLE_AVX2)
    if (simd_level() >= SimdLevel::kAvx2) return avx2::count;
#endif
    return base::count;
}

void CycleCounter::grow(std::size_t length) {
    // Room for reads up to twice as long, so a run of growing reads (long
    // reads) resizes a logarithmic number of times.
    const std::size_t size = std::max({length + 1, 2 * lengths_.size(), kBlock});
    lengths_.resize(size, 0);
    for (auto& v : narrow_) v.resize(size, 0);
    quality_narrow_.resize(size, 0);
    for (auto& v : bases_) v.resize(size, 0);
    quality_.resize(size, 0);
}

void CycleCounter::spill() {
    for (std::size_t b = 0; b < narrow_.size(); ++b) {
        std::uint8_t* narrow = narrow_[b].data();
        std::int64_t* wide = bases_[b].data();
        for (std::size_t i = 0; i < narrow_[b].size(); ++i) wide[i] += narrow[i];
        std::fill(narrow_[b].begin(), narrow_[b].end(), 0);
    }
    for (std::size_t i = 0; i < quality_narrow_.size(); ++i) quality_[i] += quality_narrow_[i];
    std::fill(quality_narrow_.begin(), quality_narrow_.end(), 0);
    pending_ = 0;
}

void CycleCounter::take(ReadProfile& out, int quality_base) {
    spill();
    // The profile's size: the longest read counted.
    std::size_t size = lengths_.size();
    while (size > 0 && lengths_[size - 1] == 0) --size;
    if (size > 0) {
        ReadProfile chunk;
        chunk.lengths.assign(lengths_.begin(), lengths_.begin() + static_cast<std::ptrdiff_t>(size));
        const std::size_t cycles = size - 1;
        for (std::size_t b = 0; b < bases_.size(); ++b)
            chunk.bases[b].assign(bases_[b].begin(), bases_[b].begin() + static_cast<std::ptrdiff_t>(cycles));
        if (has_quality_) {
            const std::vector<std::int64_t> at = chunk.reads_at_cycle();
            chunk.quality.resize(cycles);
            for (std::size_t i = 0; i < cycles; ++i) chunk.quality[i] = quality_[i] - quality_base * at[i];
        }
        out += chunk;
    }
    clear();
}

void CycleCounter::clear() {
    std::fill(lengths_.begin(), lengths_.end(), 0);
    for (auto& v : narrow_) std::fill(v.begin(), v.end(), 0);
    std::fill(quality_narrow_.begin(), quality_narrow_.end(), 0);
    for (auto& v : bases_) std::fill(v.begin(), v.end(), 0);
    std::fill(quality_.begin(), quality_.end(), 0);
    pending_ = 0;
    has_quality_ = false;
}

void CycleCounters::take(CycleStats& out, int quality_base) {
    for (std::size_t m = 0; m < counters.size(); ++m)
        for (std::size_t s = 0; s < counters[m].size(); ++s) counters[m][s].take(out.profiles[m][s], quality_base);
}

void CycleCounters::clear() {
    for (auto& mate : counters)
        for (auto& counter : mate) counter.clear();
}

}  // namespace ringtrim::core
