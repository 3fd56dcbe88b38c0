// The worker role: claims READY slots, runs the caller's Processor on the
// slot's input bytes and writes the result back into the same slot (or its
// overflow file), then marks the slot DONE and rings the writer.
//
// Runs inside a forked worker process; `ring` and `queues` are that
// process's copies of the parent's objects. Never blocks for longer than one
// wait slice without re-checking the control word.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ipc/base/chunk.hpp"
#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/prefault.hpp"
#include "ipc/ring/shared_ring.hpp"

namespace ringtrim::ipc {

inline constexpr int kWorkerWaitMs = 100;

// Claims slot `i` for `self` if it is READY with generation `gen`.
bool claim_slot(const SharedRing& ring, int i, std::uint32_t gen, std::uint32_t self);
// Claims the READY slot with the lowest seq, or returns -1 if none is READY.
int claim_lowest_ready(const SharedRing& ring, std::uint32_t self);

// Processes the slot `i` that `self` has claimed: runs `processor`, stores
// the output or the error, moves the slot to DONE and sends DONE to the
// writer. A raw chunk (SlotHeader::prepare) runs `preparer` instead (null:
// the chunk fails) and moves to PREPARED with a PREPARED message to the
// parent, or to DONE with its error. `out` is the worker's reusable scratch.
// `prefault` maps the slot's input and output ranges for this process.
void process_slot(const SharedRing& ring, Doorbells& queues, int i, std::uint32_t self, const Processor& processor,
                  ChunkOutput& out, Prefaulter& prefault, const Preparer* preparer = nullptr);

// The worker loop. Returns when the run is aborted, when the parent is gone,
// or when all chunks are placed and no slot is READY (after a STOP message or
// a timed-out wait). A worker that dies holding a slot loses nothing: the
// parent puts the slot back to READY (run_ring.hpp), and the Processor must
// therefore leave the input bytes unmodified.
// Returns the process exit code (0).
int run_worker(const SharedRing& ring, Doorbells& queues, const Processor& processor, std::uint32_t self,
               const Preparer* preparer = nullptr);

}  // namespace ringtrim::ipc
