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

void CycleCounter::absorb(CycleCounter& other) {
    other.spill();
    if (other.lengths_.size() > lengths_.size()) grow(other.lengths_.size() - 1);
    for (std::size_t i = 0; i < other.lengths_.size(); ++i) {
        lengths_[i] += other.lengths_[i];
        quality_[i] += other.quality_[i];
        for (std::size_t b = 0; b < bases_.size(); ++b) bases_[b][i] += other.bases_[b][i];
    }
    has_quality_ = has_quality_ || other.has_quality_;
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
    using Spill = void (*)(std::uint8_t* const*, std::int64_t* const*, std::uint16_t*, std::int64_t*, std::size_t);
    static const Spill kernel = [] {
#if defined(RINGTRIM_CYCLE_AVX2)
        if (simd_level() >= SimdLevel::kAvx2) return Spill{avx2::spill};
#endif
        return Spill{base::spill};
    }();
    pending_ = 0;
    if (lengths_.empty()) return;  // nothing counted yet (and no buffers for memset)
    std::uint8_t* narrow[4];
    std::int64_t* wide[4];
    for (std::size_t b = 0; b < 4; ++b) {
        narrow[b] = narrow_[b].data();
        wide[b] = bases_[b].data();
    }
    // Every vector has lengths_.size() entries (grow).
    kernel(narrow, wide, quality_narrow_.data(), quality_.data(), lengths_.size());
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
    for (std::size_t m = 0; m < counters.size(); ++m) {
        for (std::size_t s : {kProfileBefore, kProfileAfter}) {
            counters[m][s].absorb(counters[m][kCountedBoth]);
            counters[m][s].take(out.profiles[m][s], quality_base);
        }
        counters[m][kCountedBoth].clear();
    }
}

void CycleCounters::clear() {
    for (auto& mate : counters)
        for (auto& counter : mate) counter.clear();
}

}  // namespace ringtrim::core
