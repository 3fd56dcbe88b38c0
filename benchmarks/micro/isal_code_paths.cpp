// isal_code_paths: does ISA-L's deflate output depend on the CPU it runs on?
//
// ISA-L picks an implementation per CPU feature at run time ("multibinary"
// dispatchers: a C fallback "base", then SSE4.2 "01", AVX "02", AVX2 "04",
// AVX-512 "06"). Its library calls the dispatchers through the PLT, so this
// program defines them itself and routes every one to the family named by
// $ISAL_FAMILY (0 base .. 4 AVX-512; unset: on to ISA-L's own dispatcher,
// its choice for this CPU),
// compresses FILE in 256 KiB units with isal_deflate_stateless at levels 0..3,
// and prints the size and an FNV-1a hash of the output per level. Families
// this CPU cannot run crash (SIGILL); run the ones it can and compare.
//
//   for f in "" 0 1 2 3 4; do ISAL_FAMILY=$f BUILD/benchmarks/isal_code_paths FILE; done
//
// Results on AMD EPYC with AVX-512 (docs/benchmarks.md, "gzip backends").
#include <dlfcn.h>
#include <isa-l/igzip_lib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace {

int g_family = -2;  // -2: not read yet, -1: native
long g_calls = 0;

int family() {
    if (g_family == -2) {
        const char* s = std::getenv("ISAL_FAMILY");
        g_family = s && *s ? std::atoi(s) : -1;
    }
    ++g_calls;
    return g_family;
}

}  // namespace

// Forwarders: every dispatcher takes at most six integer or pointer
// arguments, which pass through unchanged in registers (x86-64 SysV).
using U = std::uint64_t;
#define RT_ARGS U a, U b, U c, U d, U e, U f
#define RT_PASS a, b, c, d, e, f
extern "C" {
U isal_deflate_icf_body_hash_hist_base(RT_ARGS);
U isal_deflate_icf_body_hash_hist_01(RT_ARGS);
U isal_deflate_icf_body_hash_hist_02(RT_ARGS);
U isal_deflate_icf_body_hash_hist_04(RT_ARGS);
U isal_deflate_icf_finish_hash_hist_base(RT_ARGS);
U isal_deflate_icf_finish_hash_hist_01(RT_ARGS);
U isal_deflate_hash_base(RT_ARGS);
U isal_deflate_hash_crc_01(RT_ARGS);
U encode_deflate_icf_base(RT_ARGS);
U encode_deflate_icf_04(RT_ARGS);
U encode_deflate_icf_06(RT_ARGS);
U gen_icf_map_h1_base(RT_ARGS);
U gen_icf_map_lh1_04(RT_ARGS);
U gen_icf_map_lh1_06(RT_ARGS);
U set_long_icf_fg_base(RT_ARGS);
U set_long_icf_fg_04(RT_ARGS);
U set_long_icf_fg_06(RT_ARGS);
U isal_deflate_body_base(RT_ARGS);
U isal_deflate_body_01(RT_ARGS);
U isal_deflate_body_02(RT_ARGS);
U isal_deflate_body_04(RT_ARGS);
U isal_deflate_finish_base(RT_ARGS);
U isal_deflate_finish_01(RT_ARGS);

// Each table lists the implementation per family 0..4, as ISA-L's
// igzip_multibinary.asm dispatches them (a family without its own version
// uses the next lower one). Only used when $ISAL_FAMILY is set.
#define RT_DISPATCH(name, f0, f1, f2, f3, f4)                                               \
    U name(RT_ARGS) {                                                                         \
        static U (*const impl[])(RT_ARGS) = {f0, f1, f2, f3, f4};                             \
        const int fam = family();                                                             \
        if (fam < 0) {                                                                        \
            static auto* const own = reinterpret_cast<U (*)(RT_ARGS)>(dlsym(RTLD_NEXT, #name)); \
            return own(RT_PASS);                                                              \
        }                                                                                     \
        return impl[fam > 4 ? 4 : fam](RT_PASS);                                              \
    }
RT_DISPATCH(isal_deflate_icf_body_lvl1, isal_deflate_icf_body_hash_hist_base, isal_deflate_icf_body_hash_hist_01,
            isal_deflate_icf_body_hash_hist_02, isal_deflate_icf_body_hash_hist_04, isal_deflate_icf_body_hash_hist_04)
RT_DISPATCH(isal_deflate_icf_body_lvl2, isal_deflate_icf_body_hash_hist_base, isal_deflate_icf_body_hash_hist_01,
            isal_deflate_icf_body_hash_hist_02, isal_deflate_icf_body_hash_hist_04, isal_deflate_icf_body_hash_hist_04)
RT_DISPATCH(isal_deflate_icf_finish_lvl1, isal_deflate_icf_finish_hash_hist_base, isal_deflate_icf_finish_hash_hist_01,
            isal_deflate_icf_finish_hash_hist_01, isal_deflate_icf_finish_hash_hist_01,
            isal_deflate_icf_finish_hash_hist_01)
RT_DISPATCH(isal_deflate_icf_finish_lvl2, isal_deflate_icf_finish_hash_hist_base, isal_deflate_icf_finish_hash_hist_01,
            isal_deflate_icf_finish_hash_hist_01, isal_deflate_icf_finish_hash_hist_01,
            isal_deflate_icf_finish_hash_hist_01)
RT_DISPATCH(isal_deflate_hash_lvl0, isal_deflate_hash_base, isal_deflate_hash_crc_01, isal_deflate_hash_crc_01,
            isal_deflate_hash_crc_01, isal_deflate_hash_crc_01)
RT_DISPATCH(isal_deflate_hash_lvl1, isal_deflate_hash_base, isal_deflate_hash_crc_01, isal_deflate_hash_crc_01,
            isal_deflate_hash_crc_01, isal_deflate_hash_crc_01)
RT_DISPATCH(isal_deflate_hash_lvl2, isal_deflate_hash_base, isal_deflate_hash_crc_01, isal_deflate_hash_crc_01,
            isal_deflate_hash_crc_01, isal_deflate_hash_crc_01)
RT_DISPATCH(encode_deflate_icf, encode_deflate_icf_base, encode_deflate_icf_base, encode_deflate_icf_base,
            encode_deflate_icf_04, encode_deflate_icf_06)
RT_DISPATCH(gen_icf_map_lh1, gen_icf_map_h1_base, gen_icf_map_h1_base, gen_icf_map_h1_base, gen_icf_map_lh1_04,
            gen_icf_map_lh1_06)
RT_DISPATCH(set_long_icf_fg, set_long_icf_fg_base, set_long_icf_fg_base, set_long_icf_fg_base, set_long_icf_fg_04,
            set_long_icf_fg_06)
RT_DISPATCH(isal_deflate_body, isal_deflate_body_base, isal_deflate_body_01, isal_deflate_body_02,
            isal_deflate_body_04, isal_deflate_body_04)
RT_DISPATCH(isal_deflate_finish, isal_deflate_finish_base, isal_deflate_finish_01, isal_deflate_finish_01,
            isal_deflate_finish_01, isal_deflate_finish_01)
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: isal_code_paths FILE\n");
        return 2;
    }
    std::FILE* f = std::fopen(argv[1], "rb");
    if (!f) {
        std::perror(argv[1]);
        return 1;
    }
    std::vector<unsigned char> in(std::size_t{8} << 20);
    in.resize(std::fread(in.data(), 1, in.size(), f));
    std::fclose(f);
    std::vector<unsigned char> out(in.size() * 2 + 65536);
    const std::uint32_t level_buf_bytes[] = {0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT};
    constexpr std::size_t kUnit = 256 * 1024;
    for (std::uint32_t level = 0; level <= 3; ++level) {
        std::size_t total = 0;
        std::uint64_t hash = 1469598103934665603ull;
        std::unique_ptr<std::uint8_t[]> level_buf(new std::uint8_t[level_buf_bytes[level] + 1]);
        for (std::size_t pos = 0; pos < in.size(); pos += kUnit) {
            const std::size_t n = std::min(kUnit, in.size() - pos);
            isal_zstream zs{};  // zeroed: the init leaves hist_bits unset (see ipc/io/compression.cpp)
            isal_deflate_stateless_init(&zs);
            zs.hist_bits = 0;
            zs.level = level;
            zs.level_buf = level_buf_bytes[level] ? level_buf.get() : nullptr;
            zs.level_buf_size = level_buf_bytes[level];
            zs.end_of_stream = 1;
            zs.flush = NO_FLUSH;
            zs.next_in = in.data() + pos;
            zs.avail_in = static_cast<std::uint32_t>(n);
            zs.next_out = out.data();
            zs.avail_out = static_cast<std::uint32_t>(out.size());
            if (isal_deflate_stateless(&zs) != COMP_OK) {
                std::fprintf(stderr, "isal_deflate_stateless failed at level %u\n", level);
                return 1;
            }
            for (std::uint32_t i = 0; i < zs.total_out; ++i) hash = (hash ^ out[i]) * 1099511628211ull;
            total += zs.total_out;
        }
        std::printf("family %s level %u: %zu bytes, fnv1a %016llx\n", g_family < 0 ? "native" : std::to_string(g_family).c_str(),
                    level, total, static_cast<unsigned long long>(hash));
    }
    std::fprintf(stderr, "(%ld dispatcher calls went through this program)\n", g_calls);
    return 0;
}
