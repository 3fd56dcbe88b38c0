// The parent's placing role: asks the caller's Producer for the next chunk
// and copies it into the FREE slot seq % slots, then sends WORK. At the end
// of input it publishes the chunk count in the control word and sends STOP
// to every worker.
//
// Runs in the parent process only, single-threaded.
#pragma once

#include <cstdint>

#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/prefault.hpp"
#include "ipc/ring/shared_ring.hpp"
#include "ipc/roles/chunk.hpp"

namespace ringtrim::ipc {

// Asks `producer` for the next chunk, into buf[0..inputs-1] of `cap` bytes
// each. Shared by every transport: an exception becomes kError (not blamed
// on the input), and a chunk that claims more than `cap` bytes of a buffer
// becomes kError ("chunk producer reported N bytes for a M-byte slot"). A
// large chunk (ProducedChunk::large) is the caller's to place.
ProduceResult produce_chunk(const Producer& producer, char* const buf[2], std::size_t cap, int inputs,
                            ProducedChunk& chunk);

class Placer {
public:
    enum class Step {
        kPlaced,  // one chunk placed (or failed in place by a producer error)
        kNoSlot,  // the next slot is not FREE yet: wait for a FREE doorbell
        kEnd,     // input exhausted (or the producer failed): nothing more to place
    };

    Placer(const SharedRing& ring, Doorbells& queues, Producer producer)
        : ring_(ring), queues_(queues), producer_(std::move(producer)), prefault_(ring.slots()) {}

    // Places at most one chunk. After kEnd, call finish().
    Step place_next();
    // Publishes the count in the control word (unless the run is aborted) and
    // sends one STOP per worker.
    void finish(int workers);
    std::uint64_t placed() const { return placed_; }

private:
    const SharedRing& ring_;
    Doorbells& queues_;
    Producer producer_;
    Prefaulter prefault_;
    std::uint64_t placed_ = 0;
    std::uint64_t records_ = 0;
    std::uint64_t lines_ = 0;
    bool failed_ = false;
};

}  // namespace ringtrim::ipc
