#include "ipc/ring/worker.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <string>

#include "ipc/base/fault.hpp"
#include "ipc/base/guard.hpp"
#include "ipc/base/temp_file.hpp"

namespace ringtrim::ipc {

bool claim_slot(const SharedRing& ring, int i, std::uint32_t gen, std::uint32_t self) {
    SlotHeader& h = ring.header(i);
    return cas_ctl(h, SlotCtl{SlotState::kReady, 0, gen}, SlotCtl{SlotState::kClaimed, self, gen});
}

int claim_lowest_ready(const SharedRing& ring, std::uint32_t self) {
    for (;;) {
        int best = -1;
        std::uint64_t best_seq = std::numeric_limits<std::uint64_t>::max();
        SlotCtl best_ctl;
        for (int i = 0; i < ring.slots(); ++i) {
            const SlotCtl c = load_ctl(ring.header(i));
            if (c.state != SlotState::kReady) continue;
            const std::uint64_t seq = ring.header(i).seq;  // published by the READY store
            if (seq < best_seq) {
                best = i;
                best_seq = seq;
                best_ctl = c;
            }
        }
        if (best < 0) return -1;
        if (claim_slot(ring, best, best_ctl.gen, self)) return best;
        // Another worker won that slot; look again.
    }
}

namespace {

// Copies the chunk's output into the slot region, or into the slot's
// overflow file when it does not fit.
Status store_output(const SharedRing& ring, int i, SlotHeader& h, const ChunkOutput& out, Prefaulter& prefault) {
    std::size_t total = out.stats_blob.size();
    for (const auto& s : out.segments) total += s.size();
    const bool overflow = total > ring.plan().out_cap;
    char* dst = ring.output(i);
    if (!overflow) prefault.ensure(i, Prefaulter::kOutput, dst, total, true);
    std::uint64_t offset = 0;
    auto put = [&](const std::string& s) {
        if (overflow) {
            if (!write_all_at(ring.overflow_fd(i), s.data(), s.size(), offset)) return false;
        } else if (!s.empty()) {
            std::memcpy(dst + offset, s.data(), s.size());
        }
        offset += s.size();
        return true;
    };
    for (std::size_t k = 0; k < out.segments.size(); ++k) {
        if (!put(out.segments[k]))
            return Status::error(std::string("cannot write chunk output to the overflow temporary file: ") +
                                 std::strerror(errno));
        ring.out_len(i)[k] = out.segments[k].size();
    }
    if (!put(out.stats_blob))
        return Status::error(std::string("cannot write chunk output to the overflow temporary file: ") +
                             std::strerror(errno));
    h.stats_len = out.stats_blob.size();
    h.overflow = overflow ? 1 : 0;
    h.has_error = 0;
    h.input_error = 0;
    h.err_len = 0;
    return {};
}

// Runs `preparer` on the raw chunk in the claimed slot `i`: kChunk with
// `prepared` set, or kError (also for prepared bytes that overlap the raw
// ones or leave the slot).
ProduceResult prepare_chunk(const SharedRing& ring, int i, const SlotHeader& h, const Preparer* preparer,
                            Prefaulter& prefault, ProducedChunk& prepared) {
    if (preparer == nullptr) return ProduceResult::fail("a raw chunk reached a worker that cannot prepare it", false);
    const std::size_t cap = ring.plan().in_cap;
    char* buf[2] = {nullptr, nullptr};
    ChunkInput raw;
    raw.seq = h.seq;
    raw.encoding = static_cast<ChunkTag>(h.encoding);
    for (int s = 0; s < ring.plan().inputs; ++s) {
        buf[s] = ring.input(i, s);
        prefault.ensure(i, static_cast<Prefaulter::Area>(s), buf[s], cap, true);
        raw.bytes[s] = std::string_view(buf[s], h.in_len[s]);
    }
    ProduceResult r;
    if (Status thrown = call_guarded("preparer", [&] { r = (*preparer)(raw, buf, cap, prepared); }); !thrown.ok())
        return ProduceResult::fail(thrown.message(), false);
    if (r.kind == ProduceResult::kError) return r;
    if (r.kind != ProduceResult::kChunk) return ProduceResult::fail("chunk preparer returned no chunk", false);
    for (int s = 0; s < ring.plan().inputs; ++s)
        if (prepared.offset[s] < h.in_len[s] || prepared.offset[s] > cap || prepared.len[s] > cap - prepared.offset[s])
            return ProduceResult::fail("chunk preparer placed bytes over the raw ones or beyond the slot", false);
    return r;
}

}  // namespace

void process_slot(const SharedRing& ring, Doorbells& queues, int i, std::uint32_t self, const Processor& processor,
                  ChunkOutput& out, Prefaulter& prefault, const Preparer* preparer) {
    SlotHeader& h = ring.header(i);
    const SlotCtl claimed = load_ctl(h);
    if (claimed.state != SlotState::kClaimed || claimed.owner != self) return;  // not ours
    fault_point(Fault::Role::kWorker, h.seq, ring.control(), &queues);
    if (h.prepare != 0) {
        ProducedChunk prepared;
        const ProduceResult r = prepare_chunk(ring, i, h, preparer, prefault, prepared);
        const std::uint64_t seq = h.seq;
        if (r.kind == ProduceResult::kError) {
            set_slot_error(h, r.error, r.input_error);
            cas_ctl(h, claimed, SlotCtl{SlotState::kDone, 0, claimed.gen});
            queues.send(QueueId::kDone, Message::of(Message::kDone, i, claimed.gen, seq));
        } else {
            for (int s = 0; s < kMaxInputs; ++s) {
                h.prep_off[s] = prepared.offset[s];
                h.prep_len[s] = prepared.len[s];
            }
            cas_ctl(h, claimed, SlotCtl{SlotState::kPrepared, 0, claimed.gen});
        }
        // Either way the parent has to look (a failed chunk stops its finishing).
        queues.send(QueueId::kFree, Message::of(Message::kPrepared, i, claimed.gen, seq));
        return;
    }
    ChunkInput in;
    in.seq = h.seq;
    in.first_record = h.first_record;
    in.first_line = h.first_line;
    in.encoding = static_cast<ChunkTag>(h.encoding);
    in.records = h.records;
    static std::string spilled[kMaxInputs];  // a large chunk's input (one per process)
    if (slot_input(ring, i, spilled, in.bytes)) {
        if (h.in_spilled == 0)
            for (int s = 0; s < ring.plan().inputs; ++s)
                prefault.ensure(i, static_cast<Prefaulter::Area>(s), ring.input(i, s), h.in_off[s] + in.bytes[s].size(),
                                false);
        run_processor(processor, in, out, static_cast<std::size_t>(ring.plan().outputs));
    } else {
        out.error = std::string("cannot read a large chunk back from its spill file: ") + std::strerror(errno);
        out.input_error = false;
    }
    if (out.error) {
        set_slot_error(h, *out.error, out.input_error);
    } else {
        const Status stored = store_output(ring, i, h, out, prefault);
        if (!stored.ok()) set_slot_error(h, stored.message(), false);
    }
    cas_ctl(h, claimed, SlotCtl{SlotState::kDone, 0, claimed.gen});
    queues.send(QueueId::kDone, Message::of(Message::kDone, i, claimed.gen, in.seq));
}

int run_worker(const SharedRing& ring, Doorbells& queues, const Processor& processor, std::uint32_t self,
               const Preparer* preparer) {
    ControlBlock& c = ring.control();
    ChunkOutput out;
    Prefaulter prefault(ring.slots());
    bool stopping = false;
    for (;;) {
        if (c.control.load(std::memory_order_acquire) == kControlAbort) return 0;
        if (parent_gone(c)) return 0;
        Message m;
        const bool got = queues.receive(QueueId::kWork, m, kWorkerWaitMs);
        if (got && m.type == Message::kStop) stopping = true;
        int slot = -1;
        if (got && m.type == Message::kWork && m.slot < static_cast<std::uint32_t>(ring.slots()) &&
            claim_slot(ring, static_cast<int>(m.slot), m.gen, self))
            slot = static_cast<int>(m.slot);
        // A timed-out wait or a STOP: the slot table is the truth, rescan it
        // (covers doorbells that were dropped or taken by a worker that died).
        if (slot < 0 && (!got || stopping)) slot = claim_lowest_ready(ring, self);
        if (slot >= 0) {
            process_slot(ring, queues, slot, self, processor, out, prefault, preparer);
            continue;
        }
        if (stopping) return 0;
        if (!got && placed_chunks(c.control.load(std::memory_order_acquire)) >= 0) return 0;
    }
}

}  // namespace ringtrim::ipc
