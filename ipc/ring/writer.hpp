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

#include "ipc/base/chunk.hpp"
#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/shared_ring.hpp"

namespace ringtrim::ipc {

inline constexpr int kWriterWaitMs = 100;

// The writer loop. Returns the process exit code: 0 when the run finished
// (result stored) or was aborted by someone else, 1 when the writer itself
// recorded a failure (chunk error or consumer exception). Calls
// consumer.abort() when it leaves without a stored result.
int run_writer(const SharedRing& ring, Doorbells& queues, Consumer& consumer);

}  // namespace ringtrim::ipc
