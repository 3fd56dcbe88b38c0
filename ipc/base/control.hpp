// ControlBlock: the run-wide block every process of a forking transport
// shares (the ring's region starts with it, the queue design's shared state
// holds one), the control word's values, and the run's failure record.
//
// It DOES cross processes: it lives in anonymous MAP_SHARED memory mapped
// before the first fork, so it holds only trivially copyable fields and
// lock-free atomics, never pointers.
//
//   control    0 running | -1 abort (anyone) | N > 0 chunks placed (parent,
//              once, CAS from 0) | kControlNoChunks
//   committed  the next seq the writer will consume (writer only)
//   error_*    the run's failure: the first record_failure() wins
//   result_*   the writer's Consumer::finish() blob (in a temporary file)
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringtrim::ipc {

inline constexpr std::size_t kMaxErrorBytes = 4000;  // longer messages are cut
inline constexpr int kMaxFaults = 8;                 // RINGTRIM_FAULT entries (base/fault.hpp)
// The `seq` of a failure that belongs to no chunk (record_failure).
inline constexpr std::uint64_t kNoSeq = UINT64_MAX;

// Values of ControlBlock::control besides "N > 0 chunks placed".
inline constexpr std::int64_t kControlRunning = 0;
inline constexpr std::int64_t kControlAbort = -1;
// The run placed zero chunks (N would be 0, which reads as "running").
inline constexpr std::int64_t kControlNoChunks = INT64_MAX;

// The number of chunks placed, or -1 while the parent is still placing
// (control 0) or the run is aborted (control -1).
inline std::int64_t placed_chunks(std::int64_t control) {
    if (control == kControlNoChunks) return 0;
    return control > 0 ? control : -1;
}

struct alignas(64) ControlBlock {
    // 0 running, -1 abort (anyone may set it), N > 0 all N chunks are placed
    // (only the parent sets it, once, with a CAS from 0).
    std::atomic<std::int64_t> control{kControlRunning};
    // The next seq the writer will consume; written only by the writer.
    alignas(64) std::atomic<std::uint64_t> committed{0};

    // The run's failure, first writer wins: error_state 0 none, 1 being
    // written, 2 complete. Whoever moves it 0 -> 1 fills the fields below,
    // stores 2, then sets control to -1.
    alignas(64) std::atomic<std::uint32_t> error_state{0};
    std::uint32_t error_input = 0;  // 1: the input was at fault
    std::uint64_t error_seq = 0;    // chunk seq, or kNoSeq if no chunk
    std::uint32_t error_len = 0;
    char error_msg[kMaxErrorBytes];

    // The writer's finish() blob, stored in the result file; its length here.
    std::atomic<std::uint64_t> result_len{0};
    std::atomic<std::uint32_t> result_ready{0};

    // The parent's pid, set before the first fork. A child whose getppid()
    // differs has lost its parent and leaves (backs up PR_SET_PDEATHSIG).
    // 0: no check (roles run in-process by tests).
    std::int32_t parent_pid = 0;

    // Records of the chunks the writer has committed (quarantined ones
    // included); written only by the writer, read by the parent for progress.
    alignas(64) std::atomic<std::uint64_t> records_written{0};

    // How often each RINGTRIM_FAULT entry has fired in this run (its `times`).
    std::atomic<std::uint32_t> fault_fired[kMaxFaults] = {};
};

static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<std::int64_t>::is_always_lock_free);
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// Records the run's failure (first caller wins) and sets control to -1.
// `seq` is the failing chunk or kNoSeq. Returns true if this call's message
// was recorded.
bool record_failure(ControlBlock& c, std::string_view message, bool input_error, std::uint64_t seq);

// True if the run's parent (ControlBlock::parent_pid, when set) is no
// longer this process's parent: the child is orphaned and must leave.
bool parent_gone(const ControlBlock& c);

}  // namespace ringtrim::ipc
