// The writer role: drains DONE slots strictly in seq order (slot
// committed % slots), hands each chunk's segments and stats blob to the
// caller's Consumer, frees the slot and rings the parent. After the last
// chunk it stores Consumer::finish()'s blob in the ring's result file.
//
// Runs inside the forked writer process. A chunk that carries an error (from
// its worker, from the producer, or from the parent after its worker died)
// becomes the run's failure when the writer reaches it, so the error of the
// lowest failing seq wins: the one a serial run would report.
#pragma once

#include <cstdint>
#include <exception>
#include <limits>
#include <string>

#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/shared_ring.hpp"
#include "ipc/roles/chunk.hpp"

namespace ringtrim::ipc {

inline constexpr int kWriterWaitMs = 100;

// Calls `f` (a Consumer method named `what`), turning an exception into the
// run's recorded failure. Returns false if it threw. Shared by the ring's and
// the queue design's writers.
template <typename F>
bool guarded(ControlBlock& c, const char* what, F&& f) {
    try {
        f();
        return true;
    } catch (const std::exception& e) {
        record_failure(c, e.what(), false, std::numeric_limits<std::uint64_t>::max());
    } catch (...) {
        record_failure(c, std::string("unknown exception in ") + what, false,
                       std::numeric_limits<std::uint64_t>::max());
    }
    return false;
}

// After the last chunk: stores consumer.finish()'s blob in `result_fd` and
// publishes it (ControlBlock::result_len, result_ready). Returns false after
// recording the failure (a finish() exception, a write error). Shared by the
// ring's and the queue design's writers.
bool store_result(ControlBlock& c, int result_fd, Consumer& consumer);

// The writer loop. Returns the process exit code: 0 when the run finished
// (result stored) or was aborted by someone else, 1 when the writer itself
// recorded a failure (chunk error or consumer exception). Calls
// consumer.abort() when it leaves without a stored result.
int run_writer(const SharedRing& ring, Doorbells& queues, Consumer& consumer);

}  // namespace ringtrim::ipc
