// Compiling a region of a file for an instruction set the build does not
// assume (x86-64 only assumes SSE2): functions defined between
// RINGTRIM_TARGET_BEGIN("avx2") and RINGTRIM_TARGET_END may use AVX2
// intrinsics and inline each other, and must be called only after a run-time
// check (simd_level(), lib/simd/lines.hpp). GCC and clang.
#pragma once

#define RINGTRIM_PRAGMA(x) _Pragma(#x)
#if defined(__clang__)
#define RINGTRIM_TARGET_BEGIN(isa) \
    RINGTRIM_PRAGMA(clang attribute push(__attribute__((target(isa))), apply_to = function))
#define RINGTRIM_TARGET_END RINGTRIM_PRAGMA(clang attribute pop)
#else
#define RINGTRIM_TARGET_BEGIN(isa) RINGTRIM_PRAGMA(GCC push_options) RINGTRIM_PRAGMA(GCC target(isa))
#define RINGTRIM_TARGET_END RINGTRIM_PRAGMA(GCC pop_options)
#endif
