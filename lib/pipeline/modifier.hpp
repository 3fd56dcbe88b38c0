// Modifier: one step that changes a read, as the app lists them in
// PipelineOptions (lib/pipeline/pipeline.hpp) and a ModifierChain applies
// them (lib/pipeline/modifier_chain.hpp). Plain data that owns its strings;
// each process builds its chains from its own copy.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace ringtrim::core {

// One step that changes a read (cutadapt's "modifier"); adapter trimming and
// --rename are steps of the Pipeline itself.
struct Modifier {
    enum class Kind : std::uint8_t {
        Cut,           // -u/-U N: N>0 removes a prefix, N<0 a suffix
        NextseqTrim,   // --nextseq-trim CUTOFF
        QualityTrim,   // -q/-Q [5',]3'
        Shorten,       // -l N: N>=0 keeps a prefix, N<0 keeps a suffix
        TrimN,         // --trim-n
        LengthTag,     // --length-tag TEXT
        StripSuffix,   // --strip-suffix TEXT
        PrefixSuffix,  // -x TEXT -y TEXT2 ({name}: the last match's adapter)
        ZeroCap,       // --zero-cap
        PolyA,         // --poly-a: a poly-A tail (R1), a poly-T head (R2)
        // ringtrim's own (not in cutadapt 4.2); see lib/trim/poly_x.hpp.
        PolyG,  // --poly-g MIN_LEN: before the adapter cutter
        PolyX,  // --poly-x MIN_LEN: right after the adapter cutter
    };
    Kind kind;
    int value = 0;         // Cut, Shorten, NextseqTrim cutoff, PolyG/PolyX MIN_LEN
    int cutoff_front = 0;  // QualityTrim
    int cutoff_back = 0;
    bool head = false;       // PolyA: trim a poly-T head instead of a poly-A tail
    std::string text = {};   // LengthTag, StripSuffix, PrefixSuffix (prefix)
    std::string text2 = {};  // PrefixSuffix (suffix)

    static Modifier cut(int n) { return {Kind::Cut, n}; }
    static Modifier nextseq_trim(int cutoff) { return {Kind::NextseqTrim, cutoff}; }
    static Modifier quality_trim(int front, int back) { return {Kind::QualityTrim, 0, front, back}; }
    static Modifier shorten(int n) { return {Kind::Shorten, n}; }
    static Modifier simple(Kind kind) { return {kind}; }  // TrimN, ZeroCap
    static Modifier poly_a(bool head) { return {Kind::PolyA, 0, 0, 0, head}; }
    static Modifier poly_tail(Kind kind, int min_length) { return {kind, min_length}; }
    static Modifier with_text(Kind kind, std::string text, std::string text2 = {}) {
        return {kind, 0, 0, 0, false, std::move(text), std::move(text2)};
    }
};

}  // namespace ringtrim::core
