#include "ipc/ring/parent.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <string>

#include "ipc/base/guard.hpp"
#include "ipc/base/temp_file.hpp"

namespace ringtrim::ipc {

Placer::Step Placer::place_next() {
    if (failed_) return Step::kEnd;
    const int i = ring_.slot_of(placed_);
    SlotHeader& h = ring_.header(i);
    const SlotCtl free_ctl = load_ctl(h);
    if (free_ctl.state != SlotState::kFree) return Step::kNoSlot;
    const SlotCtl filling{SlotState::kFilling, 0, free_ctl.gen + 1};
    cas_ctl(h, free_ctl, filling);  // only the parent moves a FREE slot

    char* const buf[2] = {ring_.input(i, 0), ring_.plan().inputs > 1 ? ring_.input(i, 1) : nullptr};
    // The producer may fill the whole input area; beyond kParentPrefaultBytes
    // (a --buffer-size far above the default) pages fault in as they are
    // used, so that a small input does not make a large slot resident.
    for (int s = 0; s < ring_.plan().inputs; ++s)
        prefault_.ensure(i, static_cast<Prefaulter::Area>(s), buf[s],
                         std::min(ring_.plan().in_cap, kParentPrefaultBytes), true);
    ProducedChunk chunk;
    ProduceResult r = produce_chunk(producer_, buf, ring_.plan().in_cap, ring_.plan().inputs, chunk, true);
    if (r.kind == ProduceResult::kWait && pending_.empty())
        r = ProduceResult::fail("chunk producer waits for raw chunks, but none is placed", false);
    if (r.kind == ProduceResult::kEnd || r.kind == ProduceResult::kWait) {
        cas_ctl(h, filling, SlotCtl{SlotState::kFree, 0, filling.gen});
        return r.kind == ProduceResult::kEnd ? Step::kEnd : Step::kNoSlot;
    }
    if (r.kind == ProduceResult::kChunk && chunk.prepare && (finisher_ == nullptr || chunk.large))
        r = ProduceResult::fail(chunk.large ? "chunk producer placed a large chunk raw"
                                            : "chunk producer placed a raw chunk, but nothing finishes it",
                                false);
    if (r.kind == ProduceResult::kChunk && !chunk.prepare && !pending_.empty())
        r = ProduceResult::fail("chunk producer placed a chunk while raw chunks wait to be finished", false);
    h.seq = placed_;
    h.attempts = 0;
    h.quarantined = 0;
    h.prepare = 0;
    if (r.kind == ProduceResult::kChunk && chunk.prepare) {
        h.prepare = 1;
        h.records = 0;
        h.encoding = static_cast<std::uint32_t>(chunk.encoding);
        h.in_spilled = 0;
        for (int s = 0; s < kMaxInputs; ++s) {
            h.in_off[s] = 0;
            h.in_len[s] = s < ring_.plan().inputs ? chunk.len[s] : 0;
        }
        pending_.push_back(placed_);
        ++placed_;
        cas_ctl(h, filling, SlotCtl{SlotState::kReady, 0, filling.gen});
        queues_.send(QueueId::kWork, Message::of(Message::kWork, i, filling.gen, h.seq));
        return Step::kPlaced;
    }
    ++placed_;
    complete(i, h, filling, chunk, std::move(r));
    return failed_ ? Step::kEnd : Step::kPlaced;
}

bool Placer::finish_prepared() {
    bool did = false;
    while (!pending_.empty()) {
        const std::uint64_t seq = pending_.front();
        const int i = ring_.slot_of(seq);
        SlotHeader& h = ring_.header(i);
        const SlotCtl sc = load_ctl(h);
        if (h.seq != seq) break;
        if (sc.state == SlotState::kDone) {
            // Failed while being prepared (an error, or a poison chunk): the
            // writer reports it in seq order; nothing after it is finished.
            failed_ = true;
            pending_.clear();
            return true;
        }
        if (sc.state != SlotState::kPrepared) break;
        const SlotCtl filling{SlotState::kFilling, 0, sc.gen};
        cas_ctl(h, sc, filling);  // only the parent moves a PREPARED slot
        pending_.pop_front();
        char* const buf[2] = {ring_.input(i, 0), ring_.plan().inputs > 1 ? ring_.input(i, 1) : nullptr};
        ProducedChunk prepared;
        for (int s = 0; s < ring_.plan().inputs; ++s) {
            prepared.offset[s] = h.prep_off[s];
            prepared.len[s] = h.prep_len[s];
        }
        ProducedChunk chunk;
        ProduceResult r;
        if (Status thrown =
                call_guarded("finisher", [&] { r = (*finisher_)(seq, buf, ring_.plan().in_cap, prepared, chunk); });
            !thrown.ok())
            r = ProduceResult::fail(thrown.message(), false);
        if (r.kind == ProduceResult::kChunk && !chunk.large)
            for (int s = 0; s < ring_.plan().inputs; ++s)
                if (chunk.offset[s] > ring_.plan().in_cap || chunk.len[s] > ring_.plan().in_cap - chunk.offset[s])
                    r = ProduceResult::fail("chunk finisher placed bytes beyond the slot", false);
        if (r.kind == ProduceResult::kEnd || r.kind == ProduceResult::kWait || chunk.prepare)
            r = ProduceResult::fail("chunk finisher left a raw chunk unfinished", false);
        h.prepare = 0;
        complete(i, h, filling, chunk, std::move(r));
        did = true;
    }
    return did;
}

void Placer::complete(int i, SlotHeader& h, SlotCtl filling, ProducedChunk& chunk, ProduceResult r) {
    h.in_spilled = 0;
    if (r.kind == ProduceResult::kChunk && chunk.large) {
        // Too large for the slot: the input goes to the slot's spill file.
        std::uint64_t offset = 0;
        for (int s = 0; s < ring_.plan().inputs && r.kind == ProduceResult::kChunk; ++s) {
            const std::string& b = chunk.large_bytes[s];
            if (!write_all_at(ring_.spill_fd(i), b.data(), b.size(), offset))
                r = ProduceResult::fail(
                    std::string("cannot write a large chunk to its spill file: ") + std::strerror(errno), false);
            offset += b.size();
            chunk.len[s] = b.size();
            chunk.offset[s] = 0;
        }
        h.in_spilled = 1;
    }
    h.first_record = records_;
    h.first_line = lines_;
    h.records = chunk.records;
    h.encoding = static_cast<std::uint32_t>(chunk.encoding);
    for (int s = 0; s < kMaxInputs; ++s) {
        const bool used = s < ring_.plan().inputs;
        h.in_off[s] = used ? chunk.offset[s] : 0;
        h.in_len[s] = used ? chunk.len[s] : 0;
    }
    if (r.kind == ProduceResult::kError) {
        // Fail the chunk in place: the writer reports it in seq order, so an
        // earlier chunk's error still wins.
        set_slot_error(h, r.error, r.input_error);
        h.records = 0;
        cas_ctl(h, filling, SlotCtl{SlotState::kDone, 0, filling.gen});
        queues_.send(QueueId::kDone, Message::of(Message::kDone, i, filling.gen, h.seq));
        failed_ = true;
        // Raw chunks after this one are never finished (the writer stops
        // here); those before it still are.
        while (!pending_.empty() && pending_.back() > h.seq) pending_.pop_back();
        return;
    }
    cas_ctl(h, filling, SlotCtl{SlotState::kReady, 0, filling.gen});
    queues_.send(QueueId::kWork, Message::of(Message::kWork, i, filling.gen, h.seq));
    records_ += chunk.records;
    lines_ += chunk.lines;
}

void Placer::finish(int workers) {
    std::int64_t expected = kControlRunning;
    const std::int64_t value = placed_ == 0 ? kControlNoChunks : static_cast<std::int64_t>(placed_);
    ring_.control().control.compare_exchange_strong(expected, value, std::memory_order_acq_rel);
    Message stop;
    stop.type = Message::kStop;
    for (int w = 0; w < workers; ++w) queues_.send(QueueId::kWork, stop);
    Message wake;  // the writer may be waiting for a doorbell
    wake.type = Message::kDone;
    wake.seq = placed_;
    queues_.send(QueueId::kDone, wake);
}

}  // namespace ringtrim::ipc
