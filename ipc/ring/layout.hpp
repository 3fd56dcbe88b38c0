// The fixed memory plan of the shared ring: one control block
// (base/control.hpp) followed by `nslots` slot headers and the slots' data
// regions.
//
// Everything here lives in one anonymous MAP_SHARED region that the parent
// maps before the first fork, so these types DO cross processes: they hold
// only trivially copyable fields and lock-free atomics, never pointers.
// Nothing is allocated from the region at run time.
//
//   region:  [ControlBlock][SlotHeader 0 .. n-1][out_len: n x outputs u64]
//            [slot 0 data][slot 1 data]...
//   slot i data (page aligned):
//            [input 0: in_cap][input 1: in_cap (paired only)][output: out_cap]
//
// Ownership of a slot follows its state (see docs/design.md for the diagram):
//
//   FREE --parent--> FILLING --parent--> READY --worker--> CLAIMED(pid)
//     ^                 |  ^               ^                  |
//     |                 |  |               +------------------+ parent: pid died,
//     |                 |  |                                  |   attempts <= max (gen+1)
//     |                 |  +--parent, in seq order-- PREPARED <-+ worker: prepared (raw chunk)
//     |                 | parent: producer error              | worker: output or error;
//     |                 v                                     v parent: pid died and
//     |               DONE <----------------------------------+   attempts > max (poison:
//     |                 | writer: seq == committed                error or quarantined)
//     +----writer--- WRITING
//
// A chunk placed raw (ProducedChunk::prepare, `prepare` set in the header)
// goes round twice: its first claim runs the Preparer and ends in PREPARED;
// the parent then finishes it (FILLING again, same generation), clears
// `prepare` and makes it READY for the Processor.
// Only the process named on an arrow may perform that transition, and it
// does so with one CAS on `SlotHeader::ctl`, which packs the state, the
// owner pid and a generation number. The plain fields of a header belong to
// whoever holds the slot in its current state; they are published by the
// release store of the next state and read after an acquire load.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "ipc/base/chunk.hpp"
#include "ipc/base/control.hpp"

namespace ringtrim::ipc {

enum class SlotState : std::uint8_t {
    kFree = 0,      // empty; only the parent may take it
    kFilling = 1,   // the parent copies input bytes in
    kReady = 2,     // input complete, waiting for a worker
    kClaimed = 3,   // a worker (owner pid) processes it
    kDone = 4,      // output (or an error) complete, waiting for the writer
    kWriting = 5,   // the writer hands it to the consumer
    kPrepared = 6,  // a raw chunk is prepared, waiting for the parent to finish it
};

const char* slot_state_name(SlotState s);

// The packed `ctl` word: state:8 | owner pid:24 | generation:32.
// Linux pid_max is at most 2^22, so a pid always fits in 24 bits.
struct SlotCtl {
    SlotState state = SlotState::kFree;
    std::uint32_t owner = 0;  // pid of the claiming worker, or 0
    std::uint32_t gen = 0;    // bumped every time the parent fills the slot

    static SlotCtl unpack(std::uint64_t v) {
        return SlotCtl{static_cast<SlotState>(v & 0xff), static_cast<std::uint32_t>((v >> 8) & 0xffffff),
                       static_cast<std::uint32_t>(v >> 32)};
    }
    std::uint64_t pack() const {
        return static_cast<std::uint64_t>(state) | (static_cast<std::uint64_t>(owner & 0xffffff) << 8) |
               (static_cast<std::uint64_t>(gen) << 32);
    }
    friend bool operator==(const SlotCtl&, const SlotCtl&) = default;
};

// One slot's header; see the file comment for who writes which field.
struct alignas(64) SlotHeader {
    std::atomic<std::uint64_t> ctl{0};

    // Written by the parent in FILLING.
    std::uint64_t seq = 0;
    std::uint64_t first_record = 0;
    std::uint64_t first_line = 0;  // of input 0, for error messages
    std::uint64_t records = 0;
    std::uint64_t in_len[kMaxInputs] = {0, 0};
    // Input s starts at offset in_off[s] of its area (not when spilled).
    std::uint64_t in_off[kMaxInputs] = {0, 0};
    // 1: the input is raw, for the Preparer (ProducedChunk::prepare).
    std::uint32_t prepare = 0;
    // Written by the worker that moves the slot to PREPARED: where the
    // prepared bytes of input s lie (the Preparer's ProducedChunk). Separate
    // from in_off and in_len, so that a worker dying on the way leaves the
    // raw input described for the retry.
    std::uint64_t prep_off[kMaxInputs] = {0, 0};
    std::uint64_t prep_len[kMaxInputs] = {0, 0};
    // 1: the input is larger than the slot and lies in the slot's spill file
    // (SharedRing::spill_fd), input 0 at offset 0, input 1 right after it.
    std::uint32_t in_spilled = 0;
    std::uint32_t encoding = 0;  // ProducedChunk::encoding
    // Worker deaths while holding this chunk: 0 when the parent fills the
    // slot, +1 by the parent each time the owner of CLAIMED dies.
    std::uint32_t attempts = 0;
    // 1: the parent set the chunk aside after repeated crashes (quarantine);
    // it moves to DONE with no output and the writer calls
    // Consumer::quarantined() instead of consume(). 0 when filled.
    std::uint32_t quarantined = 0;

    // Written by the worker in CLAIMED (or by the parent when it fails the
    // chunk itself: producer error, poison chunk), with the segment lengths in
    // SharedRing::out_len(slot) (meaningless when has_error is set).
    std::uint64_t stats_len = 0;
    std::uint32_t overflow = 0;     // 1: output is in the slot's overflow file
    std::uint32_t has_error = 0;    // 1: the chunk failed; see err_*
    std::uint32_t input_error = 0;  // 1: the input was at fault
    std::uint32_t err_len = 0;
    char err_msg[kMaxErrorBytes];
};

// The doorbell message carried by every queue. Queues are hints only: the
// receiver re-checks the slot's ctl word, so lost, stale or duplicate
// messages are harmless.
struct Message {
    // kPrepared goes to the parent's queue (QueueId::kFree), as kFree does.
    enum Type : std::uint32_t { kWork = 1, kDone = 2, kFree = 3, kStop = 4, kPrepared = 5 };
    std::uint32_t type = 0;
    std::uint32_t slot = 0;
    std::uint32_t gen = 0;
    std::uint32_t pad = 0;
    std::uint64_t seq = 0;

    static Message of(Type type, int slot, std::uint32_t gen, std::uint64_t seq) {
        Message m;
        m.type = type;
        m.slot = static_cast<std::uint32_t>(slot);
        m.gen = gen;
        m.seq = seq;
        return m;
    }
};
static_assert(sizeof(Message) == 24);

}  // namespace ringtrim::ipc
