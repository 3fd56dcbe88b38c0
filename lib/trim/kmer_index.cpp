// Shared k-mer index over many adapters; see kmer_index.hpp and
// docs/algorithms.md ("Shared k-mer index").
#include "lib/trim/kmer_index.hpp"

#include <algorithm>
#include <string>

#include "lib/simd/base_code.hpp"
#include "lib/trim/align.hpp"

namespace ringtrim::core {
namespace {

constexpr int kFilterBits = 1 << 16;

std::uint32_t encode(std::string_view s) {
    std::uint32_t code = 0;
    for (char c : s) code = (code << 2) | kBaseCode[static_cast<unsigned char>(c)];
    return code;
}

}  // namespace

std::uint32_t KmerIndex::filter_slot(int q, std::uint32_t code) {
    if (q <= 8) return code;
    return (code * 0x9E3779B1u) >> 16;
}

KmerIndex::Length& KmerIndex::length(int q) {
    for (Length& l : lengths_) {
        if (l.q == q) return l;
    }
    Length& l = lengths_.emplace_back();
    l.q = q;
    l.filter.assign(kFilterBits / 64, 0);
    std::sort(lengths_.begin(), lengths_.end(), [](const Length& a, const Length& b) { return a.q < b.q; });
    for (Length& found : lengths_) {
        if (found.q == q) return found;
    }
    return lengths_.back();  // not reached
}

void KmerIndex::add_unindexed(int id) {
    always_.push_back(1);
    short_read_limit_.push_back(-1);
    (void)id;
}

void KmerIndex::add_seed(int id, std::string_view seed, Anchor anchor, int extent, bool reversed) {
    std::string s(seed);
    if (reversed) {
        // The Aligner sees the reversed read: a seed at reversed position p
        // is the reversed seed at read position n - p - q, and the read's
        // start and end swap.
        std::reverse(s.begin(), s.end());
        if (anchor == Anchor::Start) {
            anchor = Anchor::End;
        } else if (anchor == Anchor::End) {
            anchor = Anchor::Start;
        }
    }
    const int q = static_cast<int>(s.size());
    Length& l = length(q);
    const std::uint32_t code = encode(s);
    const std::uint32_t slot = filter_slot(q, code);
    l.filter[slot / 64] |= std::uint64_t{1} << (slot % 64);
    l.postings[code].push_back(Posting{id, anchor, extent});
    switch (anchor) {
        case Anchor::Start: l.start_extent = std::max(l.start_extent, extent); break;
        case Anchor::End: l.end_extent = std::max(l.end_extent, extent); break;
        case Anchor::Anywhere: l.anywhere = true; break;
    }
}

// Every alignment to be found contains `core` with at most `errors` edits,
// inside the window (anchor, extent): cut core into errors + 1 pieces, one of
// which occurs exactly. Seeds longer than kMaxSeed are cut to their prefix.
bool KmerIndex::add_seeds(int id, std::string_view core, int errors, Anchor anchor, int extent, bool reversed) {
    const int pieces = errors + 1;
    const int piece = static_cast<int>(core.size()) / pieces;
    if (piece < 1) return false;
    for (int i = 0; i < pieces; ++i) {
        add_seed(id, core.substr(static_cast<std::size_t>(i) * piece, std::min(piece, kMaxSeed)), anchor, extent,
                 reversed);
    }
    return true;
}

bool KmerIndex::add(int id, std::string_view reference, double max_error_rate, int flags, int min_overlap,
                    bool read_wildcards, bool reversed) {
    const int m = static_cast<int>(reference.size());
    const bool acgt = reference.find_first_not_of("ACGT") == std::string_view::npos;
    if (read_wildcards || !acgt || m < 1 || min_overlap < 1 || !(max_error_rate >= 0.0) || max_error_rate >= 1.0) {
        add_unindexed(id);
        return false;
    }
    // Largest cost the Aligner accepts for an aligned reference part of
    // length L (no wildcards: cur_effective_length == L): cost <= L * rate.
    auto max_errors = [&](int L) { return static_cast<int>(L * max_error_rate); };

    // Seeds go into a scratch index first so that an adapter that turns out
    // unindexable leaves nothing behind.
    KmerIndex own;
    own.always_.assign(1, 0);
    bool ok = true;
    // Full reference[0, m): where the read part may lie depends on which
    // query ends are free; its length is at most m + errors.
    if (m >= min_overlap) {
        const int e = max_errors(m);
        Anchor anchor = Anchor::Anywhere;
        if ((flags & kQueryStart) == 0) {
            anchor = Anchor::Start;
        } else if ((flags & kQueryStop) == 0) {
            anchor = Anchor::End;
        }
        ok = ok && own.add_seeds(0, reference, e, anchor, m + e, reversed);
    }
    // Partial parts: reference[m - L, m) at the read start (free reference
    // start) and reference[0, L) at the read end (free reference end), for
    // min_overlap <= L < m, grouped by their error limit e: every part of a
    // group contains the group's shortest part, within the read's first
    // (last) Lmax + e bases.
    for (int side = 0; side < 2; ++side) {
        const bool at_start = side == 0;
        if ((flags & (at_start ? kReferenceStart : kReferenceEnd)) == 0) continue;
        int L = min_overlap;
        while (L < m && ok) {
            const int e = max_errors(L);
            int last = L;
            while (last + 1 < m && max_errors(last + 1) == e) ++last;
            const std::string_view core = at_start ? reference.substr(m - L) : reference.substr(0, L);
            ok = own.add_seeds(0, core, e, at_start ? Anchor::Start : Anchor::End, last + e, reversed);
            L = last + 1;
        }
    }
    if (!ok) {
        add_unindexed(id);
        return false;
    }
    always_.push_back(0);
    // Both reference ends free: an inner part of the reference may align to
    // the whole read, which then has at most m + max_errors(m) bases.
    const bool both = (flags & kReferenceStart) != 0 && (flags & kReferenceEnd) != 0;
    const int limit = both ? m + max_errors(m) : -1;
    short_read_limit_.push_back(limit);
    max_short_read_limit_ = std::max(max_short_read_limit_, limit);
    for (const Length& l : own.lengths_) {
        for (const auto& [code, postings] : l.postings) {
            for (const Posting& p : postings) {
                Length& dst = length(l.q);
                const std::uint32_t slot = filter_slot(l.q, code);
                dst.filter[slot / 64] |= std::uint64_t{1} << (slot % 64);
                dst.postings[code].push_back(Posting{id, p.anchor, p.extent});
                switch (p.anchor) {
                    case Anchor::Start: dst.start_extent = std::max(dst.start_extent, p.extent); break;
                    case Anchor::End: dst.end_extent = std::max(dst.end_extent, p.extent); break;
                    case Anchor::Anywhere: dst.anywhere = true; break;
                }
            }
        }
    }
    ++indexed_;
    return true;
}

// Looks up every q-mer starting in read[lo, hi - q].
void KmerIndex::scan(const Length& length, std::string_view read, int lo, int hi,
                     std::vector<std::uint8_t>& candidate) const {
    const int q = length.q;
    const int n = static_cast<int>(read.size());
    const std::uint64_t* filter = length.filter.data();
    for_each_kmer(read, lo, hi, q, [&](std::uint32_t key, int p) {
        const std::uint32_t slot = filter_slot(q, key);
        if ((filter[slot / 64] >> (slot % 64) & 1) == 0) return;
        const auto it = length.postings.find(key);
        if (it == length.postings.end()) return;
        for (const Posting& posting : it->second) {
            const bool inside = posting.anchor == Anchor::Anywhere ||
                                (posting.anchor == Anchor::Start && p + q <= posting.extent) ||
                                (posting.anchor == Anchor::End && p >= n - posting.extent);
            if (inside) candidate[static_cast<std::size_t>(posting.adapter)] = 1;
        }
    });
}

void KmerIndex::candidates(std::string_view read, std::vector<std::uint8_t>& candidate) const {
    candidate.assign(always_.begin(), always_.end());
    const int n = static_cast<int>(read.size());
    if (n <= max_short_read_limit_) {
        for (std::size_t a = 0; a < short_read_limit_.size(); ++a) {
            if (n <= short_read_limit_[a]) candidate[a] = 1;
        }
    }
    for (const Length& l : lengths_) {
        if (l.anywhere) {
            scan(l, read, 0, n, candidate);
            continue;
        }
        const int start_hi = std::min(l.start_extent, n);
        const int end_lo = std::max(0, n - l.end_extent);
        if (l.end_extent == 0 || start_hi >= end_lo) {
            scan(l, read, 0, l.end_extent == 0 ? start_hi : n, candidate);
        } else {
            scan(l, read, 0, start_hi, candidate);
            scan(l, read, end_lo, n, candidate);
        }
    }
}

}  // namespace ringtrim::core
