// The caller-supplied callbacks of a ring run and the chunk views they see.
// The ring moves opaque bytes: it never looks inside a chunk.
//
//   Producer  runs in the parent; copies the next chunk's raw bytes into the
//             free slot's input buffers.
//   Processor runs in a worker process (built there by a factory, after the
//             fork); turns one chunk's input bytes into K output segments, a
//             stats blob and optionally an error.
//   Consumer  runs in the writer process (built there, after the fork); sees
//             every chunk's output strictly in seq order, then returns one
//             result blob that travels back to the parent.
//
// Optionally (ring transport only, RunConfig::prepare), a chunk is placed raw
// (ProducedChunk::prepare) and takes two more steps before the Processor:
//
//   Preparer  runs in a worker; turns the slot's raw bytes (say, compressed
//             blocks) into the chunk's bytes, in the same slot
//   Finisher  runs in the parent, strictly in seq order; completes the
//             prepared chunk as a Producer would (say, carries the bytes
//             after the last whole record over to the next chunk)
//
// so that the costly part of reading the input runs in parallel while the
// serial part stays in the parent.
//
// None of these objects crosses a process boundary; only the bytes do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringtrim::ipc {

// What a chunk's bytes are, in the producer's and processor's terms: kAsRead,
// or a value the caller defines (the app: whole gzip members, BGZF blocks).
// The transports carry it from ProducedChunk to ChunkInput without looking
// at it.
enum class ChunkTag : std::uint8_t { kAsRead = 0 };

inline constexpr int kMaxInputs = 2;  // byte streams per chunk (R1, R2)
// Output segments per chunk (demultiplexing: one per barcode file and more).
// The ring keeps their lengths outside its slot headers (SharedRing::out_len),
// so the limit costs nothing per slot.
inline constexpr int kMaxOutputs = 1 << 20;

// What the producer reports for the chunk it was asked to fill, and, with
// only `offset` and `len` set, where a Preparer left a raw chunk's prepared
// bytes (the Finisher is handed those).
struct ProducedChunk {
    std::size_t len[2] = {0, 0};  // bytes written to buf[0], buf[1]
    std::uint64_t records = 0;    // records in the chunk (for first_record)
    std::uint64_t lines = 0;      // lines of buf[0] (for first_line; 0 if unknown)
    // A chunk larger than the slot (one record longer than the capacity, such
    // as a nanopore read): the producer leaves buf alone and hands the bytes
    // over here instead (len[s] == large[s].size()); the transport spills them
    // (the ring to the slot's spill file, the queue design to its own copy).
    bool large = false;
    std::string large_bytes[2];
    ChunkTag encoding = ChunkTag::kAsRead;  // carried to ChunkInput::encoding
    // The chunk's bytes start at buf[s] + offset[s] (a Preparer and the
    // Finisher place them where the prepared bytes lie); always 0 for a
    // Producer.
    std::size_t offset[2] = {0, 0};
    // The bytes are raw: a worker runs the Preparer on them, then the parent
    // the Finisher; records and lines are the Finisher's to set.
    bool prepare = false;
};

struct ProduceResult {
    // kWait: nothing can be placed until the chunks placed for preparing are
    // finished (the Producer needs what their Finisher keeps back); the
    // parent finishes them and asks again. Nothing is placed for that call.
    enum Kind { kChunk, kEnd, kError, kWait };
    Kind kind = kEnd;
    std::string error;        // kError only
    bool input_error = true;  // kError only: the input was at fault
    static ProduceResult chunk() { return {kChunk, {}, false}; }
    static ProduceResult end() { return {kEnd, {}, false}; }
    static ProduceResult fail(std::string message, bool input = true) { return {kError, std::move(message), input}; }
    static ProduceResult wait() { return {kWait, {}, false}; }
};

// Parent: fill buf[i] (capacity `cap` bytes each; buf[1] only when the ring
// has two inputs) with the next chunk and set `chunk`. Return kEnd when the
// input is exhausted (nothing is placed for that call), kError to fail the
// run; the error is reported in seq order, so an earlier chunk's error wins.
// Exceptions count as kError. Called only in the parent, one call at a time.
using Producer = std::function<ProduceResult(char* const buf[2], std::size_t cap, ProducedChunk& chunk)>;

// A worker's read-only view of one chunk. The views point into the slot and
// are valid only during the Processor call.
struct ChunkInput {
    std::uint64_t seq = 0;           // 0, 1, 2, ... in input order
    std::uint64_t first_record = 0;  // absolute index of the chunk's first record
    std::uint64_t first_line = 0;    // absolute index of the first line of bytes[0]
    std::uint64_t records = 0;
    std::string_view bytes[2];
    ChunkTag encoding = ChunkTag::kAsRead;  // ProducedChunk::encoding
};

// What a worker produces for one chunk. The worker reuses one ChunkOutput for
// all its chunks: it is cleared (capacity kept) before each call, with
// `segments` resized to the ring's output count.
struct ChunkOutput {
    std::vector<std::string> segments;  // one per output stream
    std::string stats_blob;             // opaque, handed to the consumer
    std::optional<std::string> error;   // set: the chunk failed
    bool input_error = false;           // with error: the input was at fault

    void clear(std::size_t outputs) {
        segments.resize(outputs);
        for (auto& s : segments) s.clear();
        stats_blob.clear();
        error.reset();
        input_error = false;
    }
};

// Worker: process one chunk. Exceptions count as a (non-input) error.
using Processor = std::function<void(const ChunkInput&, ChunkOutput&)>;

// Worker: prepare the raw chunk `raw` (raw.bytes[s] are the first bytes of
// buf[s], which holds `cap` bytes). It writes the prepared bytes after the
// raw ones and never changes the raw bytes, so that a retry after a crash
// sees them intact, sets prepared.offset[s] and prepared.len[s] (the
// prepared bytes of input s lie at buf[s] + offset[s], len[s] bytes long) and
// returns kChunk, or kError to fail the chunk. Exceptions count as a
// (non-input) error.
using Preparer =
    std::function<ProduceResult(const ChunkInput& raw, char* const buf[2], std::size_t cap, ProducedChunk& prepared)>;

// Parent: finish the prepared chunk `seq` (strictly in seq order): buf[s]
// (capacity `cap`) holds the prepared bytes where `prepared` (offset, len)
// says, and the raw bytes before them may be overwritten. Sets `chunk` as a Producer does, with the chunk's bytes
// at buf[s] + chunk.offset[s] (or as a large chunk); kError fails the chunk
// in place. Exceptions count as kError (not blamed on the input).
using Finisher = std::function<ProduceResult(std::uint64_t seq, char* const buf[2], std::size_t cap,
                                             const ProducedChunk& prepared, ProducedChunk& chunk)>;

// The two steps of a prepared chunk; both set or neither.
struct PrepareSteps {
    std::function<Preparer()> make_preparer;  // called in each worker, after the fork
    Finisher finisher;
};

// Writer: consume chunks in seq order. `segments` and `stats_blob` are valid
// only during the call. An exception from either method fails the run with
// its what() text.
class Consumer {
public:
    virtual ~Consumer() = default;
    virtual void consume(std::uint64_t seq, const std::vector<std::string_view>& segments,
                         std::string_view stats_blob) = 0;
    // Called once after the last chunk; the returned blob reaches the parent
    // as RunResult::result_blob.
    virtual std::string finish() = 0;
    // Called instead of finish() when the writer leaves a failed or aborted
    // run (its own failure included), e.g. to remove temporary outputs.
    // Exceptions are ignored. Not called if the writer is killed (then
    // RunConfig::on_failure runs in the parent): the parent waits up to
    // kAbortGraceMs for the roles to leave by themselves first.
    virtual void abort() {}
    // Called instead of consume(), in seq order, for a chunk the parent set
    // aside after it crashed workers repeatedly (RunConfig::quarantine
    // returned true): records first_record + 1 .. first_record + records
    // (1-based) have no output. An exception fails the run like consume()'s.
    virtual void quarantined(std::uint64_t seq, std::uint64_t first_record, std::uint64_t records) {
        (void)seq;
        (void)first_record;
        (void)records;
    }
};

}  // namespace ringtrim::ipc
