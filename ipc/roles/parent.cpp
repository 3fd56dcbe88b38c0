#include "ipc/roles/parent.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <string>

namespace ringtrim::ipc {

ProduceResult produce_chunk(const Producer& producer, char* const buf[2], std::size_t cap, int inputs,
                            ProducedChunk& chunk) {
    ProduceResult r;
    try {
        r = producer(buf, cap, chunk);
    } catch (const std::exception& e) {
        return ProduceResult::fail(e.what(), false);
    } catch (...) {
        return ProduceResult::fail("unknown exception in the chunk producer", false);
    }
    if (r.kind != ProduceResult::kChunk || chunk.large) return r;
    for (int s = 0; s < inputs; ++s)
        if (chunk.len[s] > cap)
            r = ProduceResult::fail("chunk producer reported " + std::to_string(chunk.len[s]) + " bytes for a " +
                                        std::to_string(cap) + "-byte slot",
                                    false);
    return r;
}

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
    ProduceResult r = produce_chunk(producer_, buf, ring_.plan().in_cap, ring_.plan().inputs, chunk);
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
        }
        h.in_spilled = 1;
    }
    if (r.kind == ProduceResult::kEnd) {
        cas_ctl(h, filling, SlotCtl{SlotState::kFree, 0, filling.gen});
        return Step::kEnd;
    }

    h.seq = placed_;
    h.first_record = records_;
    h.first_line = lines_;
    h.records = chunk.records;
    h.encoding = chunk.encoding;
    h.in_len[0] = chunk.len[0];
    h.in_len[1] = ring_.plan().inputs > 1 ? chunk.len[1] : 0;
    h.attempts = 0;
    h.quarantined = 0;
    Message m;
    m.slot = static_cast<std::uint32_t>(i);
    m.gen = filling.gen;
    m.seq = placed_;
    if (r.kind == ProduceResult::kError) {
        // Fail the chunk in place: the writer reports it in seq order, so an
        // earlier chunk's error still wins.
        set_slot_error(h, r.error, r.input_error);
        h.records = 0;
        cas_ctl(h, filling, SlotCtl{SlotState::kDone, 0, filling.gen});
        m.type = Message::kDone;
        queues_.send(QueueId::kDone, m);
        ++placed_;
        failed_ = true;
        return Step::kEnd;
    }
    cas_ctl(h, filling, SlotCtl{SlotState::kReady, 0, filling.gen});
    m.type = Message::kWork;
    queues_.send(QueueId::kWork, m);
    ++placed_;
    records_ += chunk.records;
    lines_ += chunk.lines;
    return Step::kPlaced;
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
