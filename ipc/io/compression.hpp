// Compression formats, their detection, and one-shot block compression.
//
// compress_member() turns one block of bytes into ONE complete, independent
// compressed stream (a gzip member, a bzip2 stream, an xz stream, a zstd
// frame). Streams of the same format concatenate into a valid file that
// gzip -d, bzip2 -d, xz -d, zstd -d, Python's gzip/bz2/lzma modules and
// cutadapt read as the concatenation of the blocks. This is how workers compress their slot's output in parallel and the
// writer only appends bytes.
//
// Everything here is a pure function of its arguments (no file I/O, no
// global state). Codec state (a zlib stream, libdeflate compressors, ISA-L
// level buffers, a zstd context) is kept between calls by a Compressor, owned
// by whoever compresses (a worker, the writer, a CompressedOutput), as
// libdeflate's caller owns each libdeflate_compressor; the free functions
// make one per call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ringtrim::io {

enum class Compression { kNone, kGzip, kBzip2, kXz, kZstd };

// "none", "gzip", "bzip2", "xz", "zstd".
std::string_view compression_name(Compression kind);

// Output format from a file name, as cutadapt (xopen) chooses it: a name ending
// in ".gz" is gzip, ".bz2" bzip2, ".xz" xz, ".zst" zstd, anything else
// (including "-") is uncompressed. Only the end of the name counts, so
// "reads.fastq.gz" is gzip and "reads.gz.txt" is not. Case-sensitive, like
// xopen. (cutadapt 4.2 refuses ".zst"; xopen >= 1.2, and so later cutadapt
// versions, write zstd there, and so does ringtrim.)
Compression compression_from_name(std::string_view path);

// Input format from the first bytes of a file (at least 6 if the file has
// them): gzip 1f 8b, bzip2 "BZh", xz FD 37 7A 58 5A 00, zstd 28 B5 2F FD (a
// frame) or 5? 2A 4D 18 (a skippable frame, which pzstd writes first);
// anything else, including fewer bytes than a magic number, is kNone.
Compression detect_compression(std::string_view head);

// True when `head` begins with a zstd frame or skippable-frame magic number.
bool is_zstd_frame_start(std::string_view head);

// Which deflate implementation gzip work uses.
//   kAuto: for inflate, ISA-L's igzip where it is built in; for deflate, the
//          library gzip_method_for(level) names (table in docs/benchmarks.md).
//   kZlib: zlib only. Tests use it to keep the fallback path covered.
enum class GzipEngine { kAuto, kZlib };

// True when ringtrim_io was built with ISA-L (RINGTRIM_HAVE_ISAL).
bool have_isal() noexcept;

// The deflate libraries a gzip member can be made with. zlib is always built
// in; libdeflate (RINGTRIM_HAVE_LIBDEFLATE) and ISA-L (RINGTRIM_HAVE_ISAL)
// when CMake found them.
enum class GzipBackend { kZlib, kLibdeflate, kIsal };

// "zlib", "libdeflate", "isa-l".
std::string_view gzip_backend_name(GzipBackend backend);

// True when `backend` is built into this ringtrim_io.
bool gzip_backend_available(GzipBackend backend) noexcept;

// A library and a level in that library's own numbering: zlib 0..9,
// libdeflate 0..12, ISA-L 0..3 (ISA-L's level 0 compresses; zlib's and
// libdeflate's level 0 store).
struct GzipMethod {
    GzipBackend backend;
    int level;
    bool operator==(const GzipMethod&) const = default;
};

// How compress_member (kAuto) deflates gzip level `level` (clamped to 0..9):
// the fastest method whose output is no larger than zlib's at that level
// (within 1 %) on the FASTQ files measured with benchmarks/gzip_backends
// (table, command and numbers in docs/benchmarks.md, "gzip backends"):
//
//   gzip level   0             1, 2      3             4             5
//   method       libdeflate 0  ISA-L 1   libdeflate 1  libdeflate 2  libdeflate 3
//   gzip level   6             7, 8, 9
//   method       libdeflate 6  libdeflate 7
//
// Level 0 stores (as zlib's 0 does). ISA-L's level 3 is never used: its bytes
// differ between AVX2 and AVX-512 CPUs (benchmarks/micro/isal_code_paths).
// When the chosen library is not built in, zlib at `level`. A function of the
// level and of the build only, never of the CPU or of the data, so that every
// process of a run makes the same bytes.
GzipMethod gzip_method_for(int level) noexcept;

// What a gzip member may say about itself: ringtrim's record outputs are
// compressed one unit of whole records per member, and each such member
// carries a gzip extra subfield "RT" (RFC 1952 FEXTRA; readers that do not
// know it skip it, as they skip BGZF's "BC"):
//
//   header:  1f 8b 08 FLG=04 MTIME=0 XFL OS=ff  XLEN=20
//   extra:   'R' 'T' SLEN=16  member_bytes:u32 data_bytes:u32 lines:u32 flags:u32   (little-endian)
//
// member_bytes is the whole member (header to ISIZE), data_bytes its
// uncompressed size, lines the newlines in the data, flags bit 0 set when
// the data ends with a newline. A reader can then find the next member, and
// how many FASTQ records this one holds, without inflating it
// (GzipMemberReader, input.hpp). A member whose sizes do not fit 32 bits
// gets the plain header.
struct MemberNote {
    std::uint64_t lines = 0;
    bool ends_with_newline = false;
};

// The RT subfield of a gzip member header, parsed. False when `head` (the
// member's first bytes, at least kGzipRtHeaderBytes of them to be sure) does
// not start a gzip member with an RT subfield.
struct RtField {
    std::uint32_t member_bytes = 0;
    std::uint32_t data_bytes = 0;
    std::uint32_t lines = 0;
    std::uint32_t flags = 0;
};
inline constexpr std::size_t kGzipRtHeaderBytes = 32;
bool parse_rt_field(std::string_view head, RtField& field);

// A BGZF block (bgzip; the SAM/BAM format specification, section 4.1): a
// gzip member whose extra field holds a 'BC' subfield (SLEN 2) with the
// member's size less one, so that blocks can be found without inflating:
//
//   1f 8b 08 FLG(FEXTRA set) MTIME XFL OS XLEN  [..]['B' 'C' 02 00 BSIZE:u16][..]  deflate  CRC32 ISIZE
//
// parse_bgzf_header() reads the header (the member's first bytes; at least
// kBgzfHeaderBytes, more when XLEN says so) and returns the member's size,
// or 0 when `head` does not start a gzip member with a BC subfield (or is
// too short to tell). Blocks are at most 65536 bytes and inflate to at most
// 65536 bytes (bgzip writes at most 65280).
inline constexpr std::size_t kBgzfHeaderBytes = 18;
inline constexpr std::size_t kBgzfMaxBlockBytes = 65536;
std::size_t parse_bgzf_header(std::string_view head);

// Appends one gzip member holding `data`, deflated with `method`; header and
// trailer as compress_member's for gzip level `header_level` (XFL); with
// `note`, the RT subfield (above). For benchmarks and tests (a Compressor's
// gzip_member_with keeps the codec state); compress_member calls it with
// gzip_method_for().
// ISA-L takes at most 2 GiB in one call: above that, zlib at `header_level`
// deflates instead (a function of the size, so still deterministic).
// Throws IoError if method.backend is not built in (gzip_backend_available).
void gzip_member_with(std::string_view data, GzipMethod method, int header_level, std::string& out,
                      const MemberNote* note = nullptr);

// Appends to `out` one complete compressed stream holding `data`.
//
//   kGzip:  a gzip member: header 1f 8b 08 00, MTIME 0, XFL (2 at level 9,
//           4 at level 1, else 0), OS 255 ("unknown", as Python's gzip
//           writes), no name, no extra field unless `note` is given (then
//           FLG 04 and the RT subfield above); raw deflate; CRC32; ISIZE.
//           `note` is ignored by the other formats.
//           Level 0..9. With kAuto the deflate library and its level come
//           from gzip_method_for(level); with kZlib, zlib at `level`
//           (0 = stored).
//   kBzip2: a bzip2 stream with 900k blocks ("BZh9"); `level` is ignored, as
//           cutadapt ignores --compression-level for .bz2 (xopen uses 9).
//   kXz:    an xz stream, preset `level`, CRC64 check (Python's lzma default).
//   kZstd:  one zstd frame with the content size and an XXH64 checksum in
//           it (as the zstd tool writes), single-threaded, zstd level
//           zstd_level(level) (see there).
//   kNone:  appends `data` unchanged.
// For gzip and xz `level` is clamped to 0..9.
//
// Deterministic: the same data, kind, level and engine give the same bytes
// every time on a given build and machine. Across machines: zlib, libdeflate
// and zstd output depend only on the library version and the parameters
// (libdeflate's and zstd's CPU-specific code computes checksums, fills tables
// or is a differently compiled copy of the same C, so it changes speed, not
// bytes). ISA-L picks hand-written assembly per CPU feature: at levels 0..2,
// which ringtrim uses at gzip levels 1 and 2, every x86-64 implementation
// (SSE4.2, AVX, AVX2, AVX-512) gives the same bytes, but its plain-C fallback
// (x86-64 CPUs without SSE4.2) hashes differently and gives other, equally
// valid bytes; measured with isal_code_paths, see docs/benchmarks.md. Other
// architectures (ISA-L has aarch64 assembly) were not measured. Every process of a run runs on the same machine, so the
// bytes never depend on -j, chunk or ring size.
//
// Empty `data` appends NOTHING, so that empty blocks cost no bytes. A file made
// of zero streams is not valid everywhere (an empty .xz file is rejected by
// Python's lzma and xz; an empty .gz by gzip -d; an empty .zst by zstd -d,
// "unexpected end of file"), so whoever finishes a compressed file that
// received no stream must append compress_empty_stream();
// OutputFile::commit() does this itself.
//
// Throws IoError (file "<memory>") only if the compressor fails (out of memory).
// Makes a Compressor for the call; whoever compresses many members holds
// one (below) and calls its compress_member.
void compress_member(std::string_view data, Compression kind, int level, std::string& out,
                     GzipEngine engine = GzipEngine::kAuto, const MemberNote* note = nullptr);

// Appends one complete stream that decompresses to nothing: a 20-byte gzip
// member, a 14-byte bzip2 stream, a 32-byte xz stream, a 13-byte zstd frame;
// nothing for kNone.
void compress_empty_stream(Compression kind, int level, std::string& out);

// The zstd level ringtrim uses for `level` (--compression-level, default 5;
// -Z sets 1): the number itself, as xopen (under later cutadapt versions)
// passes the level on, clamped to zstd's range (ZSTD_minCLevel() ..
// ZSTD_maxCLevel(), about -131072..22). 0 is zstd's "default level", 3. So
// the default output is zstd -5 and -Z gives zstd -1.
int zstd_level(int level) noexcept;

namespace detail {
struct Codecs;
}  // namespace detail

// Compressor: the codec state behind compress_member and gzip_member_with,
// kept from one call to the next (deflateReset instead of deflateInit2, one
// libdeflate compressor per level, ISA-L's level buffers, one zstd context),
// each part made on its first use. Owned by the object that compresses: a
// worker's or the writer's compression units share one (apps'
// ChunkWorker/OutputWriter), a CompressedOutput holds its own. The bytes
// are those of the free functions: the state changes speed, never output.
// Movable, not copyable; one thread at a time. A forked child makes its own
// (the role factories run after the fork).
class Compressor {
public:
    Compressor();
    ~Compressor();
    Compressor(Compressor&&) noexcept;
    Compressor& operator=(Compressor&&) noexcept;
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;

    // As the free compress_member and gzip_member_with above.
    void compress_member(std::string_view data, Compression kind, int level, std::string& out,
                         GzipEngine engine = GzipEngine::kAuto, const MemberNote* note = nullptr);
    void gzip_member_with(std::string_view data, GzipMethod method, int header_level, std::string& out,
                          const MemberNote* note = nullptr);

private:
    friend void compress_empty_stream(Compression kind, int level, std::string& out);
    // compress_member without the empty-data rule.
    void compress_stream(std::string_view data, Compression kind, int level, std::string& out, GzipEngine engine,
                         const MemberNote* note);

    std::unique_ptr<detail::Codecs> codecs_;
};

}  // namespace ringtrim::io
