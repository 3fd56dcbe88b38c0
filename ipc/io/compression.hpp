// Compression formats, their detection, and one-shot block compression.
//
// compress_member() turns one block of bytes into ONE complete, independent
// compressed stream (a gzip member, a bzip2 stream, an xz stream, a zstd
// frame). Streams of the same format concatenate into a valid file that
// gzip -d, bzip2 -d, xz -d, zstd -d, Python's gzip/bz2/lzma modules and
// cutadapt read as the concatenation of the blocks. This is how workers compress their slot's output in parallel and the
// writer only appends bytes.
//
// Everything here is a pure function of its arguments (no file I/O); the
// per-thread compressor state it caches is not shared, so it is safe to call
// from several threads or from forked processes.
#pragma once

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
//   kAuto: ISA-L's igzip where it is built in and useful (inflate always;
//          deflate at level 1 only), zlib otherwise.
//   kZlib: zlib only. Tests use it to keep the fallback path covered.
enum class GzipEngine { kAuto, kZlib };

// True when ringtrim_io was built with ISA-L (RINGTRIM_HAVE_ISAL).
bool have_isal() noexcept;

// Appends to `out` one complete compressed stream holding `data`.
//
//   kGzip:  a gzip member: header 1f 8b 08 00, MTIME 0, XFL (2 at level 9,
//           4 at level 1, else 0), OS 255 ("unknown", as Python's gzip
//           writes), no name, no extra fields; raw deflate; CRC32; ISIZE.
//           Level 0..9 (0 = stored). With kAuto and ISA-L built in, level 1
//           deflates with ISA-L's igzip level 1 (several times faster than
//           zlib -1, similar size); every other level, and kZlib, uses zlib.
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
// every time on a given build and machine. (zlib and zstd output depend only
// on the library version and the parameters; zstd's run-time BMI2 dispatch
// selects differently compiled copies of the same code, so it changes speed,
// not bytes. ISA-L picks code paths by CPU feature, so its level-1 bytes may
// differ between CPU families or ISA-L versions; they still decompress to the
// same data.)
//
// Empty `data` appends NOTHING, so that empty blocks cost no bytes. A file made
// of zero streams is not valid everywhere (an empty .xz file is rejected by
// Python's lzma and xz; an empty .gz by gzip -d; an empty .zst by zstd -d,
// "unexpected end of file"), so whoever finishes a compressed file that
// received no stream must append compress_empty_stream();
// OutputFile::commit() does this itself.
//
// Throws IoError (file "<memory>") only if the compressor fails (out of memory).
void compress_member(std::string_view data, Compression kind, int level, std::string& out,
                     GzipEngine engine = GzipEngine::kAuto);

// Appends one complete stream that decompresses to nothing: a 20-byte gzip
// member, a 14-byte bzip2 stream, a 32-byte xz stream, a 13-byte zstd frame;
// nothing for kNone.
void compress_empty_stream(Compression kind, int level, std::string& out);

// The zstd level ringtrim uses for `level` (--compression-level, default 5;
// -Z sets 1): the number itself, as xopen hands cutadapt's level to zstd,
// clamped to zstd's range (ZSTD_minCLevel()..ZSTD_maxCLevel(), about
// -131072..22). 0 is zstd's "default level", 3. So the default output is
// zstd -5 and -Z gives zstd -1.
int zstd_level(int level) noexcept;

}  // namespace ringtrim::io
