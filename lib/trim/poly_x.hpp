// Poly-G / poly-X tail trimming for two-colour instruments (NovaSeq, NextSeq),
// ringtrim's --trim-poly-g and --trim-poly-x (not in cutadapt 4.2). After
// fastp's PolyX::trimPolyG / trimPolyX (polyx.cpp), with its constants, but
// with the cut position stated as a rule rather than as a loop.
//
// Pure functions over views; nothing is owned or allocated, nothing crosses
// processes.
//
// The rule, for a sequence s of length n, a base X and MIN_LEN (= min_length):
// write mism(q) for the number of bases of s[q:n] that differ from X
// (byte comparison, upper case only: 'g' and 'N' are mismatches).
// A start p in [0, n) is *acceptable* when all of these hold:
//   1. s[p] == X                        (the tail starts with the base),
//   2. n - p >= MIN_LEN                 (the tail is long enough),
//   3. mism(p) <= kPolyXMaxMismatches   (at most 5 mismatches in all),
//   4. for every q in [p, n) with n - q >= MIN_LEN:
//          mism(q) <= (n - q) / kPolyXBasesPerMismatch    (integer division:
//      at most 1 mismatch per 8 bases in every suffix of the tail that is at
//      least MIN_LEN long; shorter suffixes, the last bases of the read,
//      are not checked, so a few non-X bases at the very 3' end are allowed).
// The tail is s[p:n] for the smallest acceptable p; without one, no tail.
//
// Conditions 3 and 4 hold for p if they hold for any smaller p, so a single
// scan from the 3' end finds p: it stops at the first q that breaks 3 or 4.
// fastp scans the same way, but cuts at the leftmost X seen before the scan
// stopped even when that leaves a tail shorter than MIN_LEN; here condition 2
// forbids that.
#pragma once

#include <string_view>

namespace ringtrim::core {

inline constexpr int kPolyXBasesPerMismatch = 8;   // fastp: allowOneMismatchForEach
inline constexpr int kPolyXMaxMismatches = 5;      // fastp: maxMismatch
inline constexpr int kPolyXDefaultMinLength = 10;  // fastp: --poly_g_min_len, --poly_x_min_len

// Returns the start p of the poly-`base` tail of `sequence` (see the rule
// above), or sequence.size() when there is none. REQUIRES: min_length >= 1.
int poly_x_trim_index(std::string_view sequence, char base, int min_length);

// --trim-poly-x: the longest tail over the bases A, C, G, T (smallest
// poly_x_trim_index); on a tie the first of A, C, G, T. Returns
// sequence.size() when no base has a tail.
int poly_any_trim_index(std::string_view sequence, int min_length);

}  // namespace ringtrim::core
