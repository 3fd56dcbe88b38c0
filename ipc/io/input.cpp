#include "ipc/io/input.hpp"

#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <utility>

#ifdef RINGTRIM_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "ipc/io/error.hpp"
#include "ipc/io/interrupt.hpp"

namespace ringtrim::io {

namespace detail {
namespace {

constexpr std::size_t kRawBufferBytes = std::size_t{1} << 20;
// Largest count handed to a decompressor in one call (their counters are 32 bit).
constexpr std::size_t kMaxStep = std::size_t{1} << 30;

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

// Buffered reads from a file descriptor. Unconsumed bytes stay at
// [begin_, end_); refill() moves them to the front when the buffer is full.
//
//   buf_:  | consumed | data()...size() | free space |
//          0        begin_            end_          kRawBufferBytes
class RawReader {
public:
    RawReader(int fd, bool owned, std::string name)
        : fd_(fd), owned_(owned), name_(std::move(name)), buf_(new unsigned char[kRawBufferBytes]) {}
    // Bytes in memory, already complete (the caller keeps them alive).
    RawReader(std::string_view bytes, std::string name)
        : fd_(-1),
          owned_(false),
          name_(std::move(name)),
          mem_(reinterpret_cast<const unsigned char*>(bytes.data())),
          end_(bytes.size()),
          eof_(true),
          total_read_(bytes.size()) {}
    ~RawReader() {
        if (owned_ && fd_ >= 0) ::close(fd_);
    }
    RawReader(const RawReader&) = delete;
    RawReader& operator=(const RawReader&) = delete;

    const unsigned char* data() const { return (mem_ != nullptr ? mem_ : buf_.get()) + begin_; }
    std::size_t size() const { return end_ - begin_; }
    void consume(std::size_t k) { begin_ += k; }
    bool eof() const { return eof_; }
    std::size_t total_read() const { return total_read_; }
    int fd() const { return fd_; }

    // One read() that returns data, or sets eof(). Returns true if bytes were
    // added; false at end of file or when the buffer has no free space.
    bool refill() {
        if (eof_) return false;
        if (begin_ == end_) {
            begin_ = end_ = 0;
        } else if (end_ == kRawBufferBytes && begin_ > 0) {
            std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (end_ == kRawBufferBytes) return false;
        std::size_t got = read_some(reinterpret_cast<char*>(buf_.get() + end_), kRawBufferBytes - end_);
        end_ += got;
        return got > 0;
    }

    // Buffers at least k bytes unless the file ends first; returns size() >= k.
    // REQUIRES: k <= kRawBufferBytes
    bool ensure(std::size_t k) {
        while (size() < k && refill()) {
        }
        return size() >= k;
    }

    // One read() straight into dst, bypassing the buffer. 0 means end of file.
    std::size_t read_some(char* dst, std::size_t n) {
        if (eof_) return 0;
        for (;;) {
            ssize_t r = ::read(fd_, dst, std::min(n, kMaxStep));
            if (r < 0) {
                if (errno == EINTR && !InterruptFlag::process().raised()) continue;
                if (errno == EINTR) throw IoError(name_, "interrupted");
                throw IoError(name_, "read error: " + errno_text(errno));
            }
            if (r == 0) eof_ = true;
            total_read_ += static_cast<std::size_t>(r);
            return static_cast<std::size_t>(r);
        }
    }

private:
    int fd_;
    bool owned_;
    std::string name_;
    std::unique_ptr<unsigned char[]> buf_;
    const unsigned char* mem_ = nullptr;  // memory mode: the bytes, instead of buf_
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
    std::size_t total_read_ = 0;
};

// A source of decompressed bytes.
class Decoder {
public:
    Decoder(std::string path, std::string display, std::unique_ptr<RawReader> raw, Compression kind)
        : path_(std::move(path)), display_(std::move(display)), raw_(std::move(raw)), kind_(kind) {
        struct stat st {};
        regular_ = ::fstat(raw_->fd(), &st) == 0 && S_ISREG(st.st_mode);
    }
    virtual ~Decoder() = default;
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    // Stores between 1 and n bytes at out and returns the count; returns 0 only
    // at the end of the data. REQUIRES: n > 0
    virtual std::size_t decode(char* out, std::size_t n) = 0;

    std::string path_;
    std::string display_;
    std::unique_ptr<RawReader> raw_;
    Compression kind_;
    bool regular_ = false;
    bool at_end_ = false;
};

namespace {

class PlainDecoder final : public Decoder {
public:
    using Decoder::Decoder;
    std::size_t decode(char* out, std::size_t n) override {
        if (raw_->size() > 0) {
            std::size_t k = std::min(n, raw_->size());
            std::memcpy(out, raw_->data(), k);
            raw_->consume(k);
            return k;
        }
        if (n >= kDirectReadBytes) return raw_->read_some(out, n);
        if (!raw_->refill()) return 0;
        return decode(out, n);
    }

private:
    // Requests at least this large skip the buffer and read() into place.
    static constexpr std::size_t kDirectReadBytes = std::size_t{64} << 10;
};

// A format made of self-delimiting streams (gzip members, bzip2 streams, xz
// streams), read one after another to the end of the file:
//
//   [stream][zeros?][stream] ... [zeros?] EOF
//
// Between streams, zero bytes are skipped where the format allows padding;
// anything else must begin with the format's magic number.
class MultiStreamDecoder : public Decoder {
public:
    using Decoder::Decoder;

    std::size_t decode(char* out, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && state_ != State::kDone) {
            if (state_ == State::kBetween) {
                if (!find_next_stream()) {
                    state_ = State::kDone;
                    break;
                }
                start_stream();
                state_ = State::kInStream;
                continue;
            }
            if (raw_->size() == 0) raw_->refill();
            Step s =
                step(raw_->data(), std::min(raw_->size(), kMaxStep), out + produced, std::min(n - produced, kMaxStep));
            raw_->consume(s.consumed);
            produced += s.produced;
            if (s.finished) {
                state_ = State::kBetween;
                continue;
            }
            if (s.consumed == 0 && s.produced == 0) {
                if (raw_->refill()) continue;
                if (raw_->size() == 0 && raw_->eof()) {
                    throw IoError(display_, "truncated " + std::string(format()) + " data: unexpected end of file");
                }
                throw IoError(display_, "corrupt " + std::string(format()) + " data: decompressor made no progress");
            }
        }
        return produced;
    }

protected:
    struct Step {
        std::size_t consumed = 0;
        std::size_t produced = 0;
        bool finished = false;  // the current stream ended (checksums verified)
    };

    virtual std::string_view format() const = 0;
    // The bytes every stream starts with.
    virtual std::string_view magic() const = 0;
    // True when `head` (magic().size() bytes) starts a stream; by default,
    // when it equals magic().
    virtual bool starts_stream(std::string_view head) const { return head == magic(); }
    virtual bool zero_padding_allowed() const = 0;
    // Prepares the decompressor for a new stream.
    virtual void start_stream() = 0;
    // Runs the decompressor once over in[0, in_n) into out[0, out_n).
    virtual Step step(const unsigned char* in, std::size_t in_n, char* out, std::size_t out_n) = 0;

    [[noreturn]] void fail(const std::string& what) const {
        throw IoError(display_, "corrupt " + std::string(format()) + " data: " + what);
    }

private:
    enum class State { kBetween, kInStream, kDone };

    // Skips padding; returns false at a clean end of file, true when the next
    // bytes are the magic number of another stream; throws otherwise.
    bool find_next_stream() {
        for (;;) {
            if (zero_padding_allowed()) {
                const unsigned char* p = raw_->data();
                std::size_t k = 0;
                while (k < raw_->size() && p[k] == 0) ++k;
                raw_->consume(k);
            }
            if (raw_->size() > 0) break;
            if (!raw_->refill()) return false;
        }
        const std::size_t m = magic().size();
        raw_->ensure(m);
        if (raw_->size() < m || !starts_stream(std::string_view(reinterpret_cast<const char*>(raw_->data()), m))) {
            throw IoError(display_, "trailing garbage after " + std::string(format()) + " data");
        }
        return true;
    }

    State state_ = State::kBetween;
};

class ZlibGzipDecoder final : public MultiStreamDecoder {
public:
    ZlibGzipDecoder(std::string path, std::string display, std::unique_ptr<RawReader> raw)
        : MultiStreamDecoder(std::move(path), std::move(display), std::move(raw), Compression::kGzip) {
        std::memset(&zs_, 0, sizeof zs_);
        if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) throw IoError(display_, "out of memory");
    }
    ~ZlibGzipDecoder() override { inflateEnd(&zs_); }

protected:
    std::string_view format() const override { return "gzip"; }
    std::string_view magic() const override { return "\x1f\x8b"; }
    bool zero_padding_allowed() const override { return true; }
    void start_stream() override { inflateReset(&zs_); }
    Step step(const unsigned char* in, std::size_t in_n, char* out, std::size_t out_n) override {
        zs_.next_in = const_cast<unsigned char*>(in);
        zs_.avail_in = static_cast<uInt>(in_n);
        zs_.next_out = reinterpret_cast<unsigned char*>(out);
        zs_.avail_out = static_cast<uInt>(out_n);
        int ret = inflate(&zs_, Z_NO_FLUSH);
        Step s;
        s.consumed = in_n - zs_.avail_in;
        s.produced = out_n - zs_.avail_out;
        switch (ret) {
            case Z_STREAM_END: s.finished = true; break;
            case Z_OK:
            case Z_BUF_ERROR: break;
            case Z_MEM_ERROR: throw IoError(display_, "out of memory while decompressing");
            default: {
                std::string msg = zs_.msg ? zs_.msg : "invalid data";
                if (msg == "incorrect data check") msg = "CRC32 mismatch";
                if (msg == "incorrect length check") msg = "ISIZE (length) mismatch";
                fail(msg);
            }
        }
        return s;
    }

private:
    z_stream zs_;
};

#ifdef RINGTRIM_HAVE_ISAL
class IsalGzipDecoder final : public MultiStreamDecoder {
public:
    IsalGzipDecoder(std::string path, std::string display, std::unique_ptr<RawReader> raw)
        : MultiStreamDecoder(std::move(path), std::move(display), std::move(raw), Compression::kGzip),
          state_(new inflate_state) {
        isal_inflate_init(state_.get());
    }

protected:
    std::string_view format() const override { return "gzip"; }
    std::string_view magic() const override { return "\x1f\x8b"; }
    bool zero_padding_allowed() const override { return true; }
    void start_stream() override {
        isal_inflate_reset(state_.get());
        state_->crc_flag = ISAL_GZIP;
        state_->hist_bits = 0;
    }
    Step step(const unsigned char* in, std::size_t in_n, char* out, std::size_t out_n) override {
        inflate_state* st = state_.get();
        st->next_in = const_cast<unsigned char*>(in);
        st->avail_in = static_cast<std::uint32_t>(in_n);
        st->next_out = reinterpret_cast<unsigned char*>(out);
        st->avail_out = static_cast<std::uint32_t>(out_n);
        int ret = isal_inflate(st);
        Step s;
        s.consumed = in_n - st->avail_in;
        s.produced = out_n - st->avail_out;
        switch (ret) {
            case ISAL_DECOMP_OK:
            case ISAL_END_INPUT:
            case ISAL_OUT_OVERFLOW: break;
            case ISAL_INCORRECT_CHECKSUM: fail("CRC32 or ISIZE (length) mismatch");
            case ISAL_INVALID_WRAPPER: fail("invalid gzip header");
            case ISAL_UNSUPPORTED_METHOD: fail("unsupported compression method");
            case ISAL_NEED_DICT: fail("deflate stream needs a preset dictionary");
            default: fail("invalid deflate data");
        }
        s.finished = st->block_state == ISAL_BLOCK_FINISH;
        return s;
    }

private:
    std::unique_ptr<inflate_state> state_;
};
#endif

class Bzip2Decoder final : public MultiStreamDecoder {
public:
    Bzip2Decoder(std::string path, std::string display, std::unique_ptr<RawReader> raw)
        : MultiStreamDecoder(std::move(path), std::move(display), std::move(raw), Compression::kBzip2) {}
    ~Bzip2Decoder() override { end(); }

protected:
    std::string_view format() const override { return "bzip2"; }
    std::string_view magic() const override { return "BZh"; }
    bool zero_padding_allowed() const override { return false; }
    void start_stream() override {
        end();
        std::memset(&bz_, 0, sizeof bz_);
        if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK) throw IoError(display_, "out of memory");
        active_ = true;
    }
    Step step(const unsigned char* in, std::size_t in_n, char* out, std::size_t out_n) override {
        bz_.next_in = reinterpret_cast<char*>(const_cast<unsigned char*>(in));
        bz_.avail_in = static_cast<unsigned>(in_n);
        bz_.next_out = out;
        bz_.avail_out = static_cast<unsigned>(out_n);
        int ret = BZ2_bzDecompress(&bz_);
        Step s;
        s.consumed = in_n - bz_.avail_in;
        s.produced = out_n - bz_.avail_out;
        switch (ret) {
            case BZ_OK: break;
            case BZ_STREAM_END: s.finished = true; break;
            case BZ_DATA_ERROR: fail("invalid block or CRC mismatch");
            case BZ_DATA_ERROR_MAGIC: fail("bad stream header");
            case BZ_MEM_ERROR: throw IoError(display_, "out of memory while decompressing");
            default: fail("decompressor error " + std::to_string(ret));
        }
        return s;
    }

private:
    void end() {
        if (active_) BZ2_bzDecompressEnd(&bz_);
        active_ = false;
    }
    bz_stream bz_{};
    bool active_ = false;
};

class XzDecoder final : public MultiStreamDecoder {
public:
    XzDecoder(std::string path, std::string display, std::unique_ptr<RawReader> raw)
        : MultiStreamDecoder(std::move(path), std::move(display), std::move(raw), Compression::kXz) {}
    ~XzDecoder() override { lzma_end(&xz_); }

protected:
    std::string_view format() const override { return "xz"; }
    std::string_view magic() const override {
        return std::string_view("\xFD\x37\x7A\x58\x5A\x00", 6);  // "\xFD" "7zXZ\0"
    }
    // The xz format pads between and after streams with zero bytes (in
    // multiples of four; we accept any count, like skipping gzip padding).
    bool zero_padding_allowed() const override { return true; }
    void start_stream() override {
        if (lzma_stream_decoder(&xz_, UINT64_MAX, 0) != LZMA_OK) throw IoError(display_, "out of memory");
    }
    Step step(const unsigned char* in, std::size_t in_n, char* out, std::size_t out_n) override {
        xz_.next_in = in;
        xz_.avail_in = in_n;
        xz_.next_out = reinterpret_cast<std::uint8_t*>(out);
        xz_.avail_out = out_n;
        lzma_ret ret = lzma_code(&xz_, LZMA_RUN);
        Step s;
        s.consumed = in_n - xz_.avail_in;
        s.produced = out_n - xz_.avail_out;
        switch (ret) {
            case LZMA_OK:
            case LZMA_BUF_ERROR: break;
            case LZMA_STREAM_END: s.finished = true; break;
            case LZMA_MEM_ERROR: throw IoError(display_, "out of memory while decompressing");
            case LZMA_FORMAT_ERROR: fail("bad stream header");
            case LZMA_OPTIONS_ERROR: fail("unsupported options");
            case LZMA_DATA_ERROR: fail("invalid data or check mismatch");
            default: fail("decompressor error " + std::to_string(static_cast<int>(ret)));
        }
        return s;
    }

private:
    lzma_stream xz_ = LZMA_STREAM_INIT;
};

// zstd frames, skippable frames (skipped) included, one after another. Each
// frame's content checksum is verified when the frame has one. Frames whose
// window exceeds zstd's default decoding limit (128 MiB, as the zstd tool
// without --memory) are refused with a message saying so.
class ZstdDecoder final : public MultiStreamDecoder {
public:
    ZstdDecoder(std::string path, std::string display, std::unique_ptr<RawReader> raw)
        : MultiStreamDecoder(std::move(path), std::move(display), std::move(raw), Compression::kZstd),
          dctx_(ZSTD_createDCtx()) {
        if (!dctx_) throw IoError(display_, "out of memory");
    }
    ~ZstdDecoder() override { ZSTD_freeDCtx(dctx_); }

protected:
    std::string_view format() const override { return "zstd"; }
    std::string_view magic() const override { return "\x28\xB5\x2F\xFD"; }
    bool starts_stream(std::string_view head) const override { return is_zstd_frame_start(head); }
    bool zero_padding_allowed() const override { return false; }
    void start_stream() override { ZSTD_DCtx_reset(dctx_, ZSTD_reset_session_only); }
    Step step(const unsigned char* in, std::size_t in_n, char* out, std::size_t out_n) override {
        ZSTD_inBuffer input{in, in_n, 0};
        ZSTD_outBuffer output{out, out_n, 0};
        const std::size_t ret = ZSTD_decompressStream(dctx_, &output, &input);
        if (ZSTD_isError(ret)) {
            switch (ZSTD_getErrorCode(ret)) {
                case ZSTD_error_memory_allocation: throw IoError(display_, "out of memory while decompressing");
                case ZSTD_error_frameParameter_windowTooLarge:
                    throw IoError(display_,
                                  "zstd frame needs a window over 128 MiB (made with zstd --long?); "
                                  "decompress it with zstd -d --memory=2048MB first");
                default: fail(ZSTD_getErrorName(ret));
            }
        }
        Step s;
        s.consumed = input.pos;
        s.produced = output.pos;
        // 0: a frame (skippable or not) is complete and fully flushed.
        s.finished = ret == 0;
        return s;
    }

private:
    ZSTD_DCtx* dctx_;
};

// The decoder for what `raw` holds; `known`: the format, whatever the next
// bytes are (a gzip file read on from a member boundary).
std::unique_ptr<Decoder> make_decoder(const std::string& path, const std::string& display,
                                      std::unique_ptr<RawReader> raw, GzipEngine engine,
                                      std::optional<Compression> known = std::nullopt) {
    raw->ensure(6);
    Compression kind = known ? *known
                             : detect_compression(std::string_view(reinterpret_cast<const char*>(raw->data()),
                                                                   std::min<std::size_t>(raw->size(), 6)));
    switch (kind) {
        case Compression::kGzip:
#ifdef RINGTRIM_HAVE_ISAL
            if (engine == GzipEngine::kAuto) {
                return std::make_unique<IsalGzipDecoder>(path, display, std::move(raw));
            }
#endif
            (void)engine;
            return std::make_unique<ZlibGzipDecoder>(path, display, std::move(raw));
        case Compression::kBzip2: return std::make_unique<Bzip2Decoder>(path, display, std::move(raw));
        case Compression::kXz: return std::make_unique<XzDecoder>(path, display, std::move(raw));
        case Compression::kZstd: return std::make_unique<ZstdDecoder>(path, display, std::move(raw));
        case Compression::kNone: break;
    }
    return std::make_unique<PlainDecoder>(path, display, std::move(raw), Compression::kNone);
}

std::unique_ptr<RawReader> open_raw(const std::string& path) {
    bool is_stdin = path == "-";
    std::string display = is_stdin ? "<stdin>" : path;
    int fd = 0;
    if (!is_stdin) {
        do {
            fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        } while (fd < 0 && errno == EINTR && !InterruptFlag::process().raised());
        if (fd < 0 && errno == EINTR) throw IoError(display, "interrupted");
        if (fd < 0) throw IoError(display, "cannot open: " + errno_text(errno));
    }
    return std::make_unique<RawReader>(fd, !is_stdin, display);
}

std::unique_ptr<Decoder> open_decoder(const std::string& path, GzipEngine engine) {
    return make_decoder(path, path == "-" ? "<stdin>" : path, open_raw(path), engine);
}

}  // namespace
}  // namespace detail

InputFile::InputFile(const std::string& path, GzipEngine engine) : decoder_(detail::open_decoder(path, engine)) {}
InputFile::InputFile(std::unique_ptr<detail::Decoder> decoder) : decoder_(std::move(decoder)) {}

InputFile InputFile::from_memory(std::string_view bytes, const std::string& display, GzipEngine engine) {
    return InputFile(
        detail::make_decoder(display, display, std::make_unique<detail::RawReader>(bytes, display), engine));
}

GzipMemberReader::GzipMemberReader(const std::string& path, GzipEngine engine)
    : raw_(detail::open_raw(path)), path_(path), display_(path == "-" ? "<stdin>" : path), engine_(engine) {}
GzipMemberReader::~GzipMemberReader() = default;

bool GzipMemberReader::at_end() {
    for (;;) {  // zero bytes between members are padding (as for the decoder)
        const unsigned char* p = raw_->data();
        std::size_t k = 0;
        while (k < raw_->size() && p[k] == 0) ++k;
        raw_->consume(k);
        if (raw_->size() > 0) return false;
        if (!raw_->refill()) return true;
    }
}

bool GzipMemberReader::peek(RtField& field) {
    if (at_end()) return false;
    raw_->ensure(kGzipRtHeaderBytes);
    return parse_rt_field(std::string_view(reinterpret_cast<const char*>(raw_->data()), raw_->size()), field);
}

bool GzipMemberReader::peek_bgzf(BgzfBlock& block) {
    if (at_end()) return false;
    // The fixed header, then as much of the extra field as XLEN says.
    raw_->ensure(kBgzfHeaderBytes);
    if (raw_->size() >= 12) raw_->ensure(12 + (raw_->data()[10] | std::size_t{raw_->data()[11]} << 8));
    const std::size_t member =
        parse_bgzf_header(std::string_view(reinterpret_cast<const char*>(raw_->data()), raw_->size()));
    if (member == 0) return false;
    block.member_bytes = member;
    block.data_bytes = 0;
    if (raw_->ensure(member)) {
        const unsigned char* isize = raw_->data() + member - 4;
        block.data_bytes =
            isize[0] | std::size_t{isize[1]} << 8 | std::size_t{isize[2]} << 16 | std::size_t{isize[3]} << 24;
    }
    return true;
}

void GzipMemberReader::take(char* dst, std::size_t n) {
    std::size_t k = std::min(n, raw_->size());
    std::memcpy(dst, raw_->data(), k);
    raw_->consume(k);
    while (k < n) {
        const std::size_t got = raw_->read_some(dst + k, n - k);
        if (got == 0) throw IoError(display_, "truncated gzip data: unexpected end of file");
        k += got;
    }
}

InputFile GzipMemberReader::rest() && {
    return InputFile(detail::make_decoder(path_, display_, std::move(raw_), engine_, Compression::kGzip));
}
InputFile::~InputFile() = default;
InputFile::InputFile(InputFile&&) noexcept = default;
InputFile& InputFile::operator=(InputFile&&) noexcept = default;

std::size_t InputFile::read_full(char* buf, std::size_t n) {
    detail::Decoder& d = *decoder_;
    std::size_t got = 0;
    while (got < n && !d.at_end_) {
        std::size_t k = d.decode(buf + got, n - got);
        if (k == 0) d.at_end_ = true;
        got += k;
    }
    return got;
}

bool InputFile::at_end() const noexcept { return decoder_->at_end_; }
bool InputFile::is_regular_file() const noexcept { return decoder_->regular_; }
const std::string& InputFile::path() const noexcept { return decoder_->path_; }
const std::string& InputFile::display_name() const noexcept { return decoder_->display_; }
Compression InputFile::compression() const noexcept { return decoder_->kind_; }
std::size_t InputFile::raw_bytes_read() const noexcept { return decoder_->raw_->total_read(); }

}  // namespace ringtrim::io
