// The transport of queue mode (run_queue): two Boost.Interprocess message
// queues that carry the chunk bytes themselves, a small anonymous shared
// region with the run's ControlBlock and bookkeeping, and process-shared
// event counts (raw futexes) that every waiting role sleeps on.
//
//   parent ──{FragmentHeader, InputMeta?, R1, R2 bytes}──> q_in  ──> workers (one at a time: token)
//   workers ─{FragmentHeader, OutputMeta?, segments, stats, error}─> q_out ──> writer
//
// A chunk's payload (an "input chain" or an "output chain") is cut into
// fragments of at most `message_bytes - sizeof(FragmentHeader)` bytes; every
// fragment carries {seq, gen, index, count, total}. `gen` is unique per
// sending of a chunk (a resent chunk gets a new gen), so receivers never mix
// two sendings of one seq.
//
//   input chain:  [InputMeta][R1: len[0] bytes][R2: len[1] bytes]
//   output chain: [OutputMeta][u64 seg_len[outputs]][segment 0]..[segment K-1][stats][error]
//
// Everything in QueueShared DOES cross processes (it lives in a MAP_SHARED
// anonymous mapping made before the first fork): trivially copyable fields
// and lock-free atomics only, no pointers.
//
// Waiting: no role ever blocks inside a Boost queue. Boost 1.74's queue
// condition variables break when a waiter is killed (glibc keeps the dead
// waiter's group reference, and a later notify can block for ever), so all
// queue operations here are try_send/try_receive (which only take the queue
// mutex, with the 2000 ms BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING
// bound), and sleeping is done on an EventCount: a futex word that the other
// side bumps after each operation. A dead waiter on a futex holds nothing.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/mapped_region.hpp>

#include "ipc/base/chunk.hpp"
#include "ipc/base/control.hpp"
#include "ipc/base/status.hpp"

namespace ringtrim::ipc::queue_mode {

// Largest message of either queue. Smaller chunks use smaller messages.
inline constexpr std::size_t kMaxMessageBytes = 256 << 10;
inline constexpr std::size_t kMinMessageBytes = 4 << 10;
// Bytes of /dev/shm each queue may take (capacity = this / message size,
// clamped to [kMinQueueMessages, kMaxQueueMessages]).
inline constexpr std::size_t kQueueBudgetBytes = 4 << 20;
inline constexpr std::size_t kMinQueueMessages = 4;
inline constexpr std::size_t kMaxQueueMessages = 64;
// Parent-failed chunks (producer error, dead worker) waiting for the writer.
inline constexpr int kMaxFailedChunks = 8;
// Longest single wait of a worker or the writer (the parent's is
// supervise/supervisor.hpp kParentWaitMs).
inline constexpr int kChildWaitMs = 100;

inline constexpr std::uint32_t kFragmentMagic = 0x52544651;  // "RTFQ"

struct FragmentHeader {
    std::uint32_t magic = kFragmentMagic;
    std::uint32_t index = 0;  // 0 .. count-1
    std::uint32_t count = 0;  // fragments in the chain, >= 1
    std::uint32_t gen = 0;    // unique per sending of the chunk
    std::uint64_t seq = 0;
    std::uint64_t total = 0;  // payload bytes of the whole chain
};
static_assert(sizeof(FragmentHeader) == 32);

struct InputMeta {
    std::uint64_t first_record = 0;
    std::uint64_t first_line = 0;
    std::uint64_t records = 0;
    std::uint64_t len[kMaxInputs] = {0, 0};
    std::uint64_t encoding = 0;  // ProducedChunk::encoding
};

struct OutputMeta {
    std::uint32_t has_error = 0;
    std::uint32_t input_error = 0;
    std::uint64_t stats_len = 0;
    std::uint64_t error_len = 0;
    std::uint32_t outputs = 0;
    std::uint32_t pad = 0;
    // followed by std::uint64_t seg_len[outputs]
};

// A process-shared event count on a futex word. Waiters take a key, re-check
// their condition, then wait(key): they return at once if notify() ran in
// between, else after a notify or the timeout. notify() makes a syscall only
// when someone waits.
struct alignas(64) EventCount {
    std::atomic<std::uint32_t> seq{0};
    std::atomic<std::uint32_t> waiters{0};

    std::uint32_t prepare() const { return seq.load(std::memory_order_seq_cst); }
    void wait(std::uint32_t key, int timeout_ms);
    void notify(int how_many = 1 << 30);
};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// What one worker process (by index; a replacement reuses the index) is
// doing, for the parent's crash recovery.
struct alignas(64) WorkerEntry {
    std::atomic<std::uint32_t> pid{0};
    std::atomic<std::uint32_t> gen{0};      // gen of the chain in `current`
    std::atomic<std::uint64_t> current{0};  // seq + 1 being received/processed/sent, 0 none
};

// A chunk that the parent failed (producer error, poison chunk) or set aside
// (quarantine) itself; the writer reports it, or calls
// Consumer::quarantined(), when it reaches that seq, so a lower seq's error
// still wins.
struct FailedChunk {
    std::atomic<std::uint64_t> seq_plus1{0};  // 0: entry empty; stored last
    std::uint32_t input_error = 0;
    std::uint32_t quarantined = 0;  // 1: no error, commit without output
    std::uint64_t first_record = 0;
    std::uint64_t records = 0;
    std::uint32_t len = 0;
    char msg[kMaxErrorBytes];
};

struct alignas(64) QueueShared {
    ControlBlock control;
    EventCount in_put;     // a fragment was put into q_in (the token holder waits)
    EventCount parent_ev;  // q_in has room, a chunk was committed, the writer finished
    EventCount out_put;    // a fragment was put into q_out, or a chunk failed (the writer waits)
    EventCount out_take;   // q_out has room (workers with output wait), or the run ends
    EventCount token_ev;   // the receive token was released, or the run ends
    alignas(64) std::atomic<std::uint32_t> token_holder{0};  // pid receiving from q_in, 0 free
    FailedChunk failed[kMaxFailedChunks];
    // WorkerEntry workers[] follows (see SharedState).
};

// The anonymous MAP_SHARED region holding QueueShared and the worker table.
class SharedState {
public:
    static Result<std::unique_ptr<SharedState>> create(int workers);
    QueueShared& shared() const { return *shared_; }
    ControlBlock& control() const { return shared_->control; }
    WorkerEntry& worker(int i) const { return entries_[i]; }

private:
    SharedState() = default;
    boost::interprocess::mapped_region region_;
    QueueShared* shared_ = nullptr;
    WorkerEntry* entries_ = nullptr;
};

// The two message queues. Created (0600) and unlinked at once by the
// parent before forking; children use the inherited mappings.
class ChunkQueues {
public:
    // What a try moved: the message, or nothing (the queue is full, or empty).
    enum class Transfer { kDone, kWouldBlock };

    // Checks /dev/shm's free space first.
    static Result<std::unique_ptr<ChunkQueues>> create(std::size_t in_message_bytes, std::size_t out_message_bytes);
    ~ChunkQueues();

    std::size_t in_message_bytes() const { return in_bytes_; }
    std::size_t out_message_bytes() const { return out_bytes_; }
    const std::string& name_prefix() const { return prefix_; }

    // Non-blocking. An error: the queue mutex could not be taken within the
    // lock timeout (a process died holding it: "... is wedged ...") or
    // another queue error; the queue is broken for good. A receive sets `n`
    // to the message's size.
    Result<Transfer> try_send_in(const void* data, std::size_t n);
    Result<Transfer> try_receive_in(void* buf, std::size_t& n);
    Result<Transfer> try_send_out(const void* data, std::size_t n);
    Result<Transfer> try_receive_out(void* buf, std::size_t& n);
    // Takes each queue's lock once (bounded by the lock timeout); an error
    // if a queue is wedged.
    Status probe();

private:
    ChunkQueues() = default;
    std::string prefix_;
    std::size_t in_bytes_ = 0, out_bytes_ = 0;
    std::unique_ptr<boost::interprocess::message_queue> in_, out_;
};

// An error that says how to get more if the file system at `dir` (normally
// /dev/shm) has fewer than `need` bytes free; ok if it cannot be asked
// (queue creation then reports its own error).
Status shm_has_room(const char* dir, std::size_t need);

// The message size for chains of up to `payload` bytes: header + payload
// rounded up to 4 KiB, within [kMinMessageBytes, kMaxMessageBytes].
std::size_t message_bytes_for(std::size_t payload);

// Cuts a payload given as pieces into fragments and sends them, in order,
// one try_send at a time. Not thread-safe; one object per chain.
class ChainSender {
public:
    ChainSender() = default;
    // REQUIRES: the pieces stay valid until done().
    void start(std::uint64_t seq, std::uint32_t gen, const std::string_view* pieces, int npieces,
               std::size_t message_bytes);
    bool active() const { return active_; }
    std::uint64_t seq() const { return header_.seq; }
    // Builds (once) and tries to send the next fragment. kDone when one was
    // sent; done() is then true after the last one.
    Result<ChunkQueues::Transfer> send_next(ChunkQueues& q, bool to_in);
    bool done() const { return !active_; }

private:
    bool active_ = false;
    bool staged_ = false;
    FragmentHeader header_;
    const std::string_view* pieces_ = nullptr;
    int npieces_ = 0;
    int piece_ = 0;
    std::size_t piece_off_ = 0;
    std::size_t payload_per_msg_ = 0;
    std::size_t staged_len_ = 0;
    std::string stage_;
};

// Collects one chain's fragments. add() returns true when the chain is
// complete; data() then holds the whole payload.
struct Assembly {
    std::uint64_t seq = 0;
    std::uint32_t gen = 0;
    std::uint32_t next = 0;
    std::uint32_t count = 0;
    std::string data;

    // Starts a chain from its fragment 0.
    void begin(const FragmentHeader& h, std::string_view payload);
    // Appends the fragment if it is the next of this chain; returns false if
    // it does not belong (the caller drops it).
    bool append(const FragmentHeader& h, std::string_view payload);
    bool complete() const { return count != 0 && next == count; }
};

// Reads a fragment header; false if the message is too short or malformed.
bool parse_fragment(const char* msg, std::size_t n, FragmentHeader& h, std::string_view& payload);

}  // namespace ringtrim::ipc::queue_mode
