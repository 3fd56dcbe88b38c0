// InputFile: a file or standard input, decompressed on the fly.
//
// The format is taken from the content's magic bytes, never from the name:
// "in1_sequence.txt.gz" and "reads.fastq" are both read by what they hold
// (see detect_compression()). Standard input ("-") is detected the same way.
//
//   gzip   every member to the end of the input (cat a.gz b.gz, bgzip/BGZF
//          files and their empty EOF blocks); CRC32 and ISIZE are checked per
//          member. Zero bytes between or after members are skipped, as
//          Python's gzip module (and so cutadapt) skips them; any other byte
//          after a member that does not start a new member is an error
//          ("trailing garbage"), as it is for Python's gzip.
//   bzip2  every stream to the end; anything after a stream that does not
//          start with "BZh" is an error. (Python's bz2 silently ignores such
//          trailing garbage; we refuse it: malformed input is a hard error.)
//   xz     every stream to the end, with the stream padding the xz format
//          allows; anything else after a stream is an error (Python's lzma
//          ignores it).
//   zstd   every frame to the end; skippable frames (pzstd writes one
//          first) are skipped; content checksums are checked where a frame
//          has one; anything after a frame that does not start another frame
//          is an error (zero bytes too: the format has no padding). Frames
//          needing a window over 128 MiB (zstd --long=28 and up) are refused,
//          as the zstd tool refuses them without --memory.
//
// An InputFile owns its file descriptor (except for standard input, which it
// reads but never closes) and its buffers; it is movable, not copyable, and is
// used by one thread at a time. It must not be shared across fork(): each
// process opens its own.
//
// Errors: every method throws IoError naming the file: cannot open
// ("cannot open: No such file or directory"), read errors, truncated streams
// ("truncated gzip data: unexpected end of file"), corrupt data, CRC or size
// mismatches, trailing garbage.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "ipc/io/compression.hpp"

namespace ringtrim::io {

namespace detail {
class Decoder;
class RawReader;
}  // namespace detail

class InputFile {
public:
    // Opens `path` ("-": standard input) and reads up to 6 bytes to detect the
    // compression. `engine` chooses the gzip inflater (tests force kZlib).
    explicit InputFile(const std::string& path, GzipEngine engine = GzipEngine::kAuto);
    ~InputFile();
    InputFile(InputFile&&) noexcept;
    InputFile& operator=(InputFile&&) noexcept;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    // Reads decompressed bytes into buf[0, n).
    // Return value: the number of bytes stored. It is n unless the end of the
    // data was reached, in which case it is less than n (possibly 0) and every
    // later call returns 0. Short reads of the underlying file are retried,
    // so the bytes returned by a sequence of calls depend only on the input
    // and on the n's passed, never on how the kernel split the reads.
    std::size_t read_full(char* buf, std::size_t n);

    // True once read_full() has returned less than it was asked for.
    bool at_end() const noexcept;

    // True when the input is a regular file (not a pipe, terminal, ...).
    bool is_regular_file() const noexcept;

    // The path as given ("-" for standard input).
    const std::string& path() const noexcept;
    // The name used in messages: the path, or "<stdin>" for "-".
    const std::string& display_name() const noexcept;

    // The format detected from the magic bytes.
    Compression compression() const noexcept;

    // Number of compressed bytes read from the file so far.
    std::size_t raw_bytes_read() const noexcept;

    // Reads `bytes` (which must outlive the InputFile) as a file named
    // `display` in messages: the format from the magic bytes, every check
    // and every error message as for a file. Workers inflate the gzip
    // members a GzipMemberReader handed over this way.
    static InputFile from_memory(std::string_view bytes, const std::string& display,
                                 GzipEngine engine = GzipEngine::kAuto);

private:
    friend class GzipMemberReader;
    explicit InputFile(std::unique_ptr<detail::Decoder> decoder);
    std::unique_ptr<detail::Decoder> decoder_;
};

// Reads a gzip file member by member WITHOUT inflating, for as long as its
// members say their size and lines in an RT extra subfield (the members
// ringtrim writes, compression.hpp), or their size in a BGZF 'BC' subfield,
// so that the parent can place whole members into the ring and workers
// inflate them in parallel. Then rest()
// goes on from the first member that does not say (any other gzip member,
// or members whose records the caller cannot use) with an ordinary
// decoding InputFile.
//
//   file:  [RT member][RT member][0-padding][RT member][other member][...]
//          |<-------- peek()/take() ------------------>|<-- rest() ----->
//
// Errors throw IoError naming the file: cannot open, read errors,
// "truncated gzip data: unexpected end of file" when a member is cut short.
// Everything else about a member (deflate data, CRC32, ISIZE, its lines) is
// checked by whoever inflates it.
class GzipMemberReader {
public:
    // `path` as for InputFile ("-": standard input).
    explicit GzipMemberReader(const std::string& path, GzipEngine engine = GzipEngine::kAuto);
    ~GzipMemberReader();
    GzipMemberReader(const GzipMemberReader&) = delete;
    GzipMemberReader& operator=(const GzipMemberReader&) = delete;

    // True with `field` set when the next member has an RT subfield; false at
    // the end of the input or before anything else. Zero padding between
    // members is skipped, as gzip and Python's gzip skip it.
    bool peek(RtField& field);
    // True with the sizes set when the next member is a BGZF block
    // (parse_bgzf_header); false at the end of the input or before anything
    // else. A block cut short by the end of the file still says true (with
    // data_bytes 0): take() then fails naming the file.
    struct BgzfBlock {
        std::size_t member_bytes = 0;
        std::size_t data_bytes = 0;  // its ISIZE
    };
    bool peek_bgzf(BgzfBlock& block);
    // Copies the next `n` bytes (the member peek() described:
    // field.member_bytes) to dst; reads of 64 KiB and more go straight there.
    void take(char* dst, std::size_t n);
    // True when nothing but zero padding is left.
    bool at_end();
    // The rest of the input, decoded, from the member peek() stopped at.
    // REQUIRES: !at_end(); the reader is not used afterwards.
    InputFile rest() &&;
    const std::string& display_name() const noexcept { return display_; }

private:
    std::unique_ptr<detail::RawReader> raw_;
    std::string path_;
    std::string display_;
    GzipEngine engine_;
};

}  // namespace ringtrim::io
