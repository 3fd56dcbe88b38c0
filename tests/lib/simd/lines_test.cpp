// lib/simd/lines: every vector level the CPU has must give the plain
// (memchr) result, on hand-checked buffers and on random ones.
#include "lib/simd/lines.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace ringtrim::core;

namespace {

// The levels this CPU runs, plain first.
std::vector<SimdLevel> levels() {
    std::vector<SimdLevel> out;
    for (SimdLevel l : {SimdLevel::kPlain, SimdLevel::kSse2, SimdLevel::kAvx2, SimdLevel::kAvx512})
        if (l <= simd_level()) out.push_back(l);
    return out;
}

// Line by line, no library call: the definition of scan_lines().
LineScan reference(std::string_view buf, std::uint64_t max_lines, std::uint64_t step) {
    LineScan best;
    std::uint64_t count = 0;
    for (std::size_t i = 0; i < buf.size(); ++i) {
        if (buf[i] != '\n') continue;
        ++count;
        if (count > max_lines) break;
        if (count % step == 0) best = {i + 1, count};
    }
    return best;
}

}  // namespace

TEST_CASE("scan_lines finds the last whole multiple of step within max_lines") {
    const std::string four = "@a\nAC\n+\nII\n";  // 11 bytes, 4 lines
    for (SimdLevel level : levels()) {
        INFO(simd_level_name(level));
        auto s = scan_lines_with(level, four + four + "@c\nA", UINT64_MAX, 4);
        CHECK(s.end == 22);
        CHECK(s.lines == 8);
        s = scan_lines_with(level, four + four, 4, 4);  // stops at max_lines
        CHECK(s.end == 11);
        CHECK(s.lines == 4);
        s = scan_lines_with(level, four + four, 7, 4);  // 7 lines: one whole record
        CHECK(s.lines == 4);
        s = scan_lines_with(level, four, 3, 4);  // max_lines below one step
        CHECK(s.lines == 0);
        CHECK(s.end == 0);
        s = scan_lines_with(level, "", UINT64_MAX, 1);
        CHECK(s.lines == 0);
        s = scan_lines_with(level, std::string(1000, 'A') + "\n", UINT64_MAX, 1);  // past several blocks
        CHECK(s.end == 1001);
        CHECK(s.lines == 1);
    }
}

TEST_CASE("scan_lines: every level equals the plain scan on random buffers") {
    std::mt19937_64 rng(20261204);
    const char* env = std::getenv("RINGTRIM_SIMD_CASES");
    const int cases = env != nullptr ? std::atoi(env) : 20000;
    const auto all = levels();
    INFO("levels on this CPU up to " << simd_level_name(simd_level()));
    for (int c = 0; c < cases; ++c) {
        // Lengths across block edges (0..300 bytes, sometimes up to 5000),
        // newline densities from none to every byte, offsets misaligned.
        const std::size_t n = rng() % 8 == 0 ? rng() % 5000 : rng() % 300;
        const unsigned density = static_cast<unsigned>(rng() % 100);  // percent of newlines
        std::string buf(n + 64, 'x');
        const std::size_t offset = rng() % 64;
        for (std::size_t i = 0; i < buf.size(); ++i)
            buf[i] = rng() % 100 < density ? '\n' : static_cast<char>(rng() % 3 == 0 ? '\r' : 'A' + rng() % 26);
        const std::string_view view(buf.data() + offset, n);
        const std::uint64_t step = 1 + rng() % 9;
        const std::uint64_t max_lines = rng() % 4 == 0 ? UINT64_MAX : rng() % (n / 2 + 3);
        const LineScan want = reference(view, max_lines, step);
        for (SimdLevel level : all) {
            const LineScan got = scan_lines_with(level, view, max_lines, step);
            if (got.end != want.end || got.lines != want.lines) {
                FAIL_CHECK(simd_level_name(level) << ": case " << c << " n " << n << " step " << step << " max_lines "
                                                  << max_lines << ": got {" << got.end << ", " << got.lines
                                                  << "}, want {" << want.end << ", " << want.lines << "}");
                return;
            }
        }
    }
    SUCCEED(cases << " random buffers, " << all.size() << " levels");
}
