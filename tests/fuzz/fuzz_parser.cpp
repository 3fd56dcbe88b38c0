// libFuzzer target: ChunkParser never crashes or reads out of bounds, and its
// records and errors keep their invariants (fuzz_targets.hpp).
// Build and run: scripts/fuzz.sh
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure =
        ringtrim::fuzz::check_parser(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!failure.empty()) {
        std::fprintf(stderr, "fuzz_parser: invariant violated: %s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
