// The parent's placing role: asks the caller's Producer for the next chunk
// and copies it into the FREE slot seq % slots, then sends WORK. At the end
// of input it publishes the chunk count in the control word and sends STOP
// to every worker. Chunks placed raw (ProducedChunk::prepare) come back
// PREPARED from a worker and are finished here, in seq order, by the
// caller's Finisher before they become READY.
//
// Runs in the parent process only, single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

#include "ipc/base/chunk.hpp"
#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/prefault.hpp"
#include "ipc/ring/shared_ring.hpp"

namespace ringtrim::ipc {

class Placer {
public:
    enum class Step {
        kPlaced,  // one chunk placed (or failed in place by a producer error)
        kNoSlot,  // the next slot is not FREE yet: wait for a FREE doorbell
        kEnd,     // input exhausted (or the producer failed): nothing more to place
    };

    // `finisher` (may be null: no chunk may be placed raw) must outlive this.
    Placer(const SharedRing& ring, Doorbells& queues, Producer producer, const Finisher* finisher = nullptr)
        : ring_(ring), queues_(queues), producer_(std::move(producer)), finisher_(finisher), prefault_(ring.slots()) {}

    // Places at most one chunk. After kEnd, and once pending() is 0, call
    // finish().
    Step place_next();
    // Finishes the raw chunks that are PREPARED, in seq order, as far as the
    // next one in line is; true if it finished (or failed) any.
    bool finish_prepared();
    // Chunks placed raw and not finished yet.
    std::size_t pending() const { return pending_.size(); }
    // Publishes the count in the control word (unless the run is aborted) and
    // sends one STOP per worker.
    void finish(int workers);
    std::uint64_t placed() const { return placed_; }

private:
    // The chunk in FILLING slot `i` (ctl `filling`) is complete as `chunk`
    // says, or failed as `r` says: spill it if large, fill the header, and
    // make it READY (or DONE with the error).
    void complete(int i, SlotHeader& h, SlotCtl filling, ProducedChunk& chunk, ProduceResult r);

    const SharedRing& ring_;
    Doorbells& queues_;
    Producer producer_;
    const Finisher* finisher_;
    Prefaulter prefault_;
    std::deque<std::uint64_t> pending_;  // seqs placed raw, not finished yet
    std::uint64_t placed_ = 0;
    std::uint64_t records_ = 0;
    std::uint64_t lines_ = 0;
    bool failed_ = false;
};

}  // namespace ringtrim::ipc
