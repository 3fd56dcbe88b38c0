// libFuzzer target: find_chunk_end() cuts only after whole records, and
// parsing chunk by chunk equals parsing the whole input (fuzz_targets.hpp).
// Build and run: scripts/fuzz.sh
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure =
        ringtrim::fuzz::check_chunker(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!failure.empty()) {
        std::fprintf(stderr, "fuzz_chunker: invariant violated: %s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
