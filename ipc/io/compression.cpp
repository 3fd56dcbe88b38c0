#include "ipc/io/compression.hpp"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#ifdef RINGTRIM_HAVE_ISAL
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#endif
#ifdef RINGTRIM_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "ipc/io/error.hpp"

namespace ringtrim::io {
namespace {

constexpr char kMemory[] = "<memory>";
// Largest count handed to a compressor in one call (their counters are 32 bit).
constexpr std::size_t kMaxStep = std::size_t{1} << 30;

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void put_le32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void put_le16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}

std::uint32_t get_le16(const unsigned char* p) { return static_cast<std::uint32_t>(p[0] | p[1] << 8); }

std::uint32_t get_le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint32_t crc32_of(std::string_view data) {
#ifdef RINGTRIM_HAVE_ISAL
    std::uint32_t crc = 0;
    for (std::size_t pos = 0; pos < data.size(); pos += kMaxStep) {
        std::size_t k = std::min(kMaxStep, data.size() - pos);
        crc = crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(data.data() + pos), k);
    }
    return crc;
#else
    return static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const unsigned char*>(data.data()), data.size()));
#endif
}

// The 10-byte gzip member header: no name, no extra fields, MTIME 0, OS 255.
// XFL follows zlib and Python's gzip: 2 = slowest/best (9), 4 = fastest (1).
void put_gzip_header(std::string& out, int level) {
    const char xfl = level == 9 ? 2 : (level == 1 ? 4 : 0);
    const char header[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, xfl, '\xff'};
    out.append(header, sizeof header);
}

// A zlib raw-deflate compressor, kept between calls (deflateReset is much
// cheaper than deflateInit2) and rebuilt when the level changes.
struct ZlibDeflater {
    ZlibDeflater() = default;
    ZlibDeflater(const ZlibDeflater&) = delete;
    ZlibDeflater& operator=(const ZlibDeflater&) = delete;
    z_stream zs{};
    int level = -1;
    ~ZlibDeflater() {
        if (level >= 0) deflateEnd(&zs);
    }
    z_stream& get(int lvl) {
        if (level == lvl) {
            deflateReset(&zs);
            return zs;
        }
        if (level >= 0) deflateEnd(&zs);
        level = -1;
        std::memset(&zs, 0, sizeof zs);
        if (deflateInit2(&zs, lvl, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw IoError(kMemory, "cannot initialize zlib deflate");
        }
        level = lvl;
        return zs;
    }
};

void zlib_deflate_raw(std::string_view data, int level, std::string& out, ZlibDeflater& deflater) {
    z_stream& zs = deflater.get(level);
    std::size_t pos = out.size();
    std::size_t in_pos = 0;
    out.resize(pos + deflateBound(&zs, std::min(data.size(), kMaxStep)) + 64);
    for (;;) {
        std::size_t in_n = std::min(kMaxStep, data.size() - in_pos);
        bool last = in_pos + in_n == data.size();
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_pos));
        zs.avail_in = static_cast<uInt>(in_n);
        int ret;
        do {
            if (out.size() - pos < 4096) out.resize(out.size() + std::max<std::size_t>(out.size() / 2, 65536));
            std::size_t room = std::min(kMaxStep, out.size() - pos);
            zs.next_out = reinterpret_cast<Bytef*>(out.data() + pos);
            zs.avail_out = static_cast<uInt>(room);
            ret = deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
            pos += room - zs.avail_out;
            if (ret == Z_STREAM_ERROR) throw IoError(kMemory, "zlib deflate failed");
        } while (last ? ret != Z_STREAM_END : zs.avail_in > 0);
        in_pos += in_n;
        if (last) break;
    }
    out.resize(pos);
}

#ifdef RINGTRIM_HAVE_LIBDEFLATE
// One libdeflate compressor per level, made on first use (a compressor is
// up to about 1 MiB).
struct LibdeflateCompressors {
    static constexpr int kLevels = 13;  // 0..12
    LibdeflateCompressors() = default;
    LibdeflateCompressors(const LibdeflateCompressors&) = delete;
    LibdeflateCompressors& operator=(const LibdeflateCompressors&) = delete;
    libdeflate_compressor* by_level[kLevels] = {};
    ~LibdeflateCompressors() {
        for (auto* c : by_level) libdeflate_free_compressor(c);
    }
    libdeflate_compressor* get(int level) {
        libdeflate_compressor*& c = by_level[level];
        if (!c) c = libdeflate_alloc_compressor(level);
        if (!c) throw IoError(kMemory, "cannot initialize libdeflate");
        return c;
    }
};

void libdeflate_deflate_raw(std::string_view data, int level, std::string& out, LibdeflateCompressors& compressors) {
    libdeflate_compressor* c = compressors.get(std::clamp(level, 0, LibdeflateCompressors::kLevels - 1));
    const std::size_t pos = out.size();
    const std::size_t bound = libdeflate_deflate_compress_bound(c, data.size());
    out.resize(pos + bound);
    const std::size_t n = libdeflate_deflate_compress(c, data.data(), data.size(), out.data() + pos, bound);
    if (n == 0) {  // cannot happen with the bound; fail loudly rather than write a broken member
        out.resize(pos);
        throw IoError(kMemory, "libdeflate compression failed");
    }
    out.resize(pos + n);
}
#endif

#ifdef RINGTRIM_HAVE_ISAL
// The level buffer ISA-L's stateless deflate needs at each level (0: none).
constexpr std::uint32_t kIsalLevelBufBytes[] = {0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT};
// Those buffers, allocated on first use of their level.
using IsalLevelBuffers = std::unique_ptr<std::uint8_t[]>[4];

// ISA-L raw deflate at `level` (0..3) in one stateless call. Returns false
// when ISA-L cannot take the input (over 2 GiB) so the caller falls back to zlib.
bool isal_deflate_raw(std::string_view data, int level, std::string& out, IsalLevelBuffers& level_buf) {
    if (data.size() > (std::size_t{1} << 31)) return false;
    level = std::clamp(level, 0, 3);
    // Stored blocks cost 5 bytes per 64 KiB; leave room for headers as well.
    std::size_t bound = data.size() + 5 * (data.size() / 65535 + 1) + 1024;
    std::size_t pos = out.size();
    out.resize(pos + bound);
    // Zeroed first: isal_deflate_stateless_init (ISA-L 2.30) leaves fields
    // that the stateless deflate reads, hist_bits among them (a garbage value
    // of 1..14 shrinks the match window), so the bytes would depend on what
    // the stack held before; the 80 KiB memset costs microseconds a member.
    isal_zstream zs{};
    isal_deflate_stateless_init(&zs);
    zs.hist_bits = 0;  // the full 32 KiB window
    zs.level = static_cast<std::uint32_t>(level);
    if (kIsalLevelBufBytes[level] > 0) {
        if (!level_buf[level]) level_buf[level].reset(new std::uint8_t[kIsalLevelBufBytes[level]]);
        zs.level_buf = level_buf[level].get();
        zs.level_buf_size = kIsalLevelBufBytes[level];
    }
    zs.gzip_flag = IGZIP_DEFLATE;
    zs.end_of_stream = 1;
    zs.flush = NO_FLUSH;
    zs.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<std::uint32_t>(data.size());
    zs.next_out = reinterpret_cast<std::uint8_t*>(out.data() + pos);
    zs.avail_out = static_cast<std::uint32_t>(bound);
    int ret = isal_deflate_stateless(&zs);
    if (ret != COMP_OK) {
        out.resize(pos);
        return false;
    }
    out.resize(pos + zs.total_out);
    return true;
}
#endif

// The method per gzip level 0..9 (see gzip_method_for; measured with
// benchmarks/gzip_backends, table and command in docs/benchmarks.md).
constexpr GzipMethod kGzipMethods[10] = {
    {GzipBackend::kLibdeflate, 0},  // stored, like zlib's level 0
    {GzipBackend::kIsal, 1},       {GzipBackend::kIsal, 1},       {GzipBackend::kLibdeflate, 1},
    {GzipBackend::kLibdeflate, 2}, {GzipBackend::kLibdeflate, 3}, {GzipBackend::kLibdeflate, 6},
    {GzipBackend::kLibdeflate, 7}, {GzipBackend::kLibdeflate, 7}, {GzipBackend::kLibdeflate, 7},
};

void bzip2_stream(std::string_view data, std::string& out) {
    bz_stream bz{};
    if (BZ2_bzCompressInit(&bz, 9, 0, 0) != BZ_OK) throw IoError(kMemory, "cannot initialize bzip2");
    std::size_t pos = out.size();
    out.resize(pos + data.size() + data.size() / 100 + 1024);
    std::size_t in_pos = 0;
    int ret;
    do {
        std::size_t in_n = std::min(kMaxStep, data.size() - in_pos);
        bool last = in_pos + in_n == data.size();
        bz.next_in = const_cast<char*>(data.data() + in_pos);
        bz.avail_in = static_cast<unsigned>(in_n);
        if (out.size() - pos < 4096) out.resize(out.size() + std::max<std::size_t>(out.size() / 2, 65536));
        std::size_t room = std::min(kMaxStep, out.size() - pos);
        bz.next_out = out.data() + pos;
        bz.avail_out = static_cast<unsigned>(room);
        ret = BZ2_bzCompress(&bz, last ? BZ_FINISH : BZ_RUN);
        pos += room - bz.avail_out;
        in_pos += in_n - bz.avail_in;
        if (ret < 0) {
            BZ2_bzCompressEnd(&bz);
            throw IoError(kMemory, "bzip2 compression failed");
        }
    } while (ret != BZ_STREAM_END);
    BZ2_bzCompressEnd(&bz);
    out.resize(pos);
}

void xz_stream(std::string_view data, int level, std::string& out) {
    std::size_t pos = out.size();
    std::size_t bound = lzma_stream_buffer_bound(data.size());
    out.resize(pos + bound);
    std::size_t out_pos = 0;
    lzma_ret ret = lzma_easy_buffer_encode(static_cast<std::uint32_t>(level), LZMA_CHECK_CRC64, nullptr,
                                           reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                                           reinterpret_cast<std::uint8_t*>(out.data() + pos), &out_pos, bound);
    if (ret != LZMA_OK) {
        out.resize(pos);
        throw IoError(kMemory, "xz compression failed (error " + std::to_string(static_cast<int>(ret)) + ")");
    }
    out.resize(pos + out_pos);
}

// A zstd compression context, kept between calls (a context is several MiB
// at the higher levels). ZSTD_compress2 starts a new frame with the
// parameters set here, whatever the previous call left.
struct ZstdCompressor {
    ZSTD_CCtx* cctx = nullptr;
    ZstdCompressor() = default;
    ZstdCompressor(const ZstdCompressor&) = delete;
    ZstdCompressor& operator=(const ZstdCompressor&) = delete;
    ~ZstdCompressor() { ZSTD_freeCCtx(cctx); }
    ZSTD_CCtx* get(int level) {
        if (!cctx) cctx = ZSTD_createCCtx();
        if (!cctx) throw IoError(kMemory, "cannot initialize zstd compression");
        ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
        return cctx;
    }
};

void zstd_frame(std::string_view data, int level, std::string& out, ZstdCompressor& compressor) {
    ZSTD_CCtx* cctx = compressor.get(zstd_level(level));
    const std::size_t pos = out.size();
    const std::size_t bound = ZSTD_compressBound(data.size());
    out.resize(pos + bound);
    const std::size_t n = ZSTD_compress2(cctx, out.data() + pos, bound, data.data(), data.size());
    if (ZSTD_isError(n)) {
        out.resize(pos);
        throw IoError(kMemory, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
    }
    out.resize(pos + n);
}

}  // namespace

// The state of every codec a Compressor may use, each made on first use.
struct detail::Codecs {
    ZlibDeflater zlib;
#ifdef RINGTRIM_HAVE_LIBDEFLATE
    LibdeflateCompressors libdeflate;
#endif
#ifdef RINGTRIM_HAVE_ISAL
    IsalLevelBuffers isal_level_buf;
#endif
    ZstdCompressor zstd;
};

namespace {

void deflate_raw(std::string_view data, GzipMethod method, [[maybe_unused]] int header_level, std::string& out,
                 detail::Codecs& codecs) {
    switch (method.backend) {
        case GzipBackend::kZlib: zlib_deflate_raw(data, std::clamp(method.level, 0, 9), out, codecs.zlib); return;
        case GzipBackend::kLibdeflate:
#ifdef RINGTRIM_HAVE_LIBDEFLATE
            libdeflate_deflate_raw(data, method.level, out, codecs.libdeflate);
            return;
#else
            break;
#endif
        case GzipBackend::kIsal:
#ifdef RINGTRIM_HAVE_ISAL
            if (!isal_deflate_raw(data, method.level, out, codecs.isal_level_buf))
                zlib_deflate_raw(data, header_level, out, codecs.zlib);
            return;
#else
            break;
#endif
    }
    throw IoError(kMemory, std::string(gzip_backend_name(method.backend)) + " is not built into ringtrim");
}

}  // namespace

Compressor::Compressor() : codecs_(std::make_unique<detail::Codecs>()) {}
Compressor::~Compressor() = default;
Compressor::Compressor(Compressor&&) noexcept = default;
Compressor& Compressor::operator=(Compressor&&) noexcept = default;

void Compressor::compress_stream(std::string_view data, Compression kind, int level, std::string& out,
                                 GzipEngine engine, const MemberNote* note) {
    const int level09 = std::clamp(level, 0, 9);
    switch (kind) {
        case Compression::kNone: out.append(data); return;
        case Compression::kGzip: {
            const GzipMethod method =
                engine == GzipEngine::kZlib ? GzipMethod{GzipBackend::kZlib, level09} : gzip_method_for(level09);
            gzip_member_with(data, method, level09, out, note);
            return;
        }
        case Compression::kBzip2: bzip2_stream(data, out); return;
        case Compression::kXz: xz_stream(data, level09, out); return;
        case Compression::kZstd: zstd_frame(data, level, out, codecs_->zstd); return;
    }
}

std::string_view compression_name(Compression kind) {
    switch (kind) {
        case Compression::kNone: return "none";
        case Compression::kGzip: return "gzip";
        case Compression::kBzip2: return "bzip2";
        case Compression::kXz: return "xz";
        case Compression::kZstd: return "zstd";
    }
    return "none";
}

Compression compression_from_name(std::string_view path) {
    if (ends_with(path, ".gz")) return Compression::kGzip;
    if (ends_with(path, ".bz2")) return Compression::kBzip2;
    if (ends_with(path, ".xz")) return Compression::kXz;
    if (ends_with(path, ".zst")) return Compression::kZstd;
    return Compression::kNone;
}

Compression detect_compression(std::string_view head) {
    if (head.size() >= 2 && head.substr(0, 2) == "\x1f\x8b") return Compression::kGzip;
    if (head.size() >= 3 && head.substr(0, 3) == "BZh") return Compression::kBzip2;
    if (head.size() >= 6 && head.substr(0, 6) == std::string_view("\xFD\x37\x7A\x58\x5A\x00", 6))
        return Compression::kXz;
    if (is_zstd_frame_start(head)) return Compression::kZstd;
    return Compression::kNone;
}

bool is_zstd_frame_start(std::string_view head) {
    if (head.size() < 4) return false;
    if (head.substr(0, 4) == "\x28\xB5\x2F\xFD") return true;
    // Skippable frames: magic 0x184D2A50..0x184D2A5F, little endian.
    return (static_cast<unsigned char>(head[0]) & 0xF0) == 0x50 && head.substr(1, 3) == "\x2A\x4D\x18";
}

int zstd_level(int level) noexcept { return std::clamp(level, ZSTD_minCLevel(), ZSTD_maxCLevel()); }

bool have_isal() noexcept { return gzip_backend_available(GzipBackend::kIsal); }

std::string_view gzip_backend_name(GzipBackend backend) {
    switch (backend) {
        case GzipBackend::kZlib: return "zlib";
        case GzipBackend::kLibdeflate: return "libdeflate";
        case GzipBackend::kIsal: return "isa-l";
    }
    return "zlib";
}

bool gzip_backend_available(GzipBackend backend) noexcept {
    switch (backend) {
        case GzipBackend::kZlib: return true;
#ifdef RINGTRIM_HAVE_LIBDEFLATE
        case GzipBackend::kLibdeflate: return true;
#endif
#ifdef RINGTRIM_HAVE_ISAL
        case GzipBackend::kIsal: return true;
#endif
        default: return false;
    }
}

GzipMethod gzip_method_for(int level) noexcept {
    level = std::clamp(level, 0, 9);
    const GzipMethod m = kGzipMethods[level];
    return gzip_backend_available(m.backend) ? m : GzipMethod{GzipBackend::kZlib, level};
}

bool parse_rt_field(std::string_view head, RtField& field) {
    if (head.size() < kGzipRtHeaderBytes) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(head.data());
    // The exact header gzip_member_with writes: FLG = FEXTRA only, one subfield.
    if (p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || p[3] != 0x04) return false;
    if (get_le16(p + 10) != 20 || p[12] != 'R' || p[13] != 'T' || get_le16(p + 14) != 16) return false;
    field.member_bytes = get_le32(p + 16);
    field.data_bytes = get_le32(p + 20);
    field.lines = get_le32(p + 24);
    field.flags = get_le32(p + 28);
    return field.member_bytes >= kGzipRtHeaderBytes + 8;
}

std::size_t parse_bgzf_header(std::string_view head) {
    if (head.size() < 12) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(head.data());
    if (p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || (p[3] & 0x04) == 0) return 0;
    const std::size_t xlen = get_le16(p + 10);
    if (head.size() < 12 + xlen) return 0;
    for (std::size_t k = 12; k + 4 <= 12 + xlen;) {
        const std::size_t slen = get_le16(p + k + 2);
        if (k + 4 + slen > 12 + xlen) return 0;
        if (p[k] == 'B' && p[k + 1] == 'C' && slen == 2) {
            const std::size_t member = get_le16(p + k + 4) + std::size_t{1};
            return member >= 12 + xlen + 8 ? member : 0;  // header, trailer
        }
        k += 4 + slen;
    }
    return 0;
}

void Compressor::gzip_member_with(std::string_view data, GzipMethod method, int header_level, std::string& out,
                                  const MemberNote* note) {
    header_level = std::clamp(header_level, 0, 9);
    const std::size_t start = out.size();
    const bool rt = note != nullptr && data.size() <= UINT32_MAX && note->lines <= UINT32_MAX;
    put_gzip_header(out, header_level);
    if (rt) {
        out[start + 3] = 0x04;  // FLG: FEXTRA
        put_le16(out, 20);      // XLEN
        out += "RT";
        put_le16(out, 16);  // SLEN
        put_le32(out, 0);   // member_bytes, set below
        put_le32(out, static_cast<std::uint32_t>(data.size()));
        put_le32(out, static_cast<std::uint32_t>(note->lines));
        put_le32(out, note->ends_with_newline ? 1 : 0);
    }
    deflate_raw(data, method, header_level, out, *codecs_);
    put_le32(out, crc32_of(data));
    put_le32(out, static_cast<std::uint32_t>(data.size() & 0xffffffffu));
    if (rt) {
        const std::size_t member = out.size() - start;
        if (member > UINT32_MAX) {
            // Too large to say: the plain header instead.
            std::string plain;
            put_gzip_header(plain, header_level);
            out.replace(start, kGzipRtHeaderBytes, plain);
        } else {
            std::string size;
            put_le32(size, static_cast<std::uint32_t>(member));
            out.replace(start + 16, 4, size);
        }
    }
}

void Compressor::compress_member(std::string_view data, Compression kind, int level, std::string& out,
                                 GzipEngine engine, const MemberNote* note) {
    if (data.empty()) return;
    compress_stream(data, kind, level, out, engine, note);
}

void gzip_member_with(std::string_view data, GzipMethod method, int header_level, std::string& out,
                      const MemberNote* note) {
    Compressor().gzip_member_with(data, method, header_level, out, note);
}

void compress_member(std::string_view data, Compression kind, int level, std::string& out, GzipEngine engine,
                     const MemberNote* note) {
    Compressor().compress_member(data, kind, level, out, engine, note);
}

void compress_empty_stream(Compression kind, int level, std::string& out) {
    Compressor().compress_stream(std::string_view(), kind, level, out, GzipEngine::kZlib, nullptr);
}

}  // namespace ringtrim::io
