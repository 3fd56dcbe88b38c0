#include "ipc/ring/writer.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "ipc/base/control.hpp"
#include "ipc/base/fault.hpp"
#include "ipc/base/guard.hpp"
#include "ipc/base/temp_file.hpp"
#include "ipc/ring/prefault.hpp"

namespace ringtrim::ipc {

namespace {

int drain(const SharedRing& ring, Doorbells& queues, Consumer& consumer);

// Frees slot `i` (WRITING, chunk `seq`), advances `committed` and the
// record count, and rings the parent.
void commit(const SharedRing& ring, Doorbells& queues, int i, SlotCtl writing, std::uint64_t seq) {
    ControlBlock& c = ring.control();
    SlotHeader& h = ring.header(i);
    const std::uint64_t records = h.records;
    cas_ctl(h, writing, SlotCtl{SlotState::kFree, 0, writing.gen});
    c.records_written.fetch_add(records, std::memory_order_relaxed);
    c.committed.store(seq + 1, std::memory_order_release);
    Message m;
    m.type = Message::kFree;
    m.slot = static_cast<std::uint32_t>(i);
    m.gen = writing.gen;
    m.seq = seq;
    queues.send(QueueId::kFree, m);
}

}  // namespace

int run_writer(const SharedRing& ring, Doorbells& queues, Consumer& consumer) {
    const int code = drain(ring, queues, consumer);
    if (ring.control().result_ready.load(std::memory_order_acquire) != 1) {
        try {
            consumer.abort();
        } catch (...) {
            // The run has already failed; its first error is what counts.
        }
    }
    return code;
}

namespace {

int drain(const SharedRing& ring, Doorbells& queues, Consumer& consumer) {
    ControlBlock& c = ring.control();
    const auto outputs = static_cast<std::size_t>(ring.plan().outputs);
    std::vector<std::string_view> segments(outputs);
    std::string overflow_buf;
    Prefaulter prefault(ring.slots());
    for (;;) {
        const std::int64_t control = c.control.load(std::memory_order_acquire);
        if (control == kControlAbort) return 0;
        if (parent_gone(c)) return 0;
        const std::uint64_t seq = c.committed.load(std::memory_order_relaxed);
        const std::int64_t placed = placed_chunks(control);
        if (placed >= 0 && seq == static_cast<std::uint64_t>(placed)) {
            if (!store_result(c, ring.result_fd(), consumer)) return 1;
            Message done;  // wakes the parent at once
            done.type = Message::kFree;
            done.seq = seq;
            queues.send(QueueId::kFree, done);
            return 0;
        }

        const int i = ring.slot_of(seq);
        SlotHeader& h = ring.header(i);
        const SlotCtl sc = load_ctl(h);
        if (sc.state != SlotState::kDone || h.seq != seq) {
            Message m;
            queues.receive(QueueId::kDone, m, kWriterWaitMs);  // a doorbell or a timeout
            continue;
        }
        const SlotCtl writing{SlotState::kWriting, 0, sc.gen};
        cas_ctl(h, sc, writing);
        if (h.has_error != 0) {
            record_failure(c, std::string_view(h.err_msg, h.err_len), h.input_error != 0, seq);
            return 1;
        }
        fault_point(Fault::Role::kWriter, seq, c, &queues);
        if (h.quarantined != 0) {
            if (!guarded(c, "Consumer::quarantined", [&] { consumer.quarantined(seq, h.first_record, h.records); }))
                return 1;
            commit(ring, queues, i, writing, seq);
            continue;
        }

        const char* base = ring.output(i);
        std::size_t total = h.stats_len;
        const std::uint64_t* out_len = ring.out_len(i);
        for (std::size_t k = 0; k < outputs; ++k) total += out_len[k];
        if (h.overflow != 0) {
            overflow_buf.resize(total);
            if (!read_all_at(ring.overflow_fd(i), overflow_buf.data(), total, 0)) {
                record_failure(c,
                               "cannot read chunk " + std::to_string(seq) +
                                   " back from its overflow temporary file: " + std::strerror(errno),
                               false, seq);
                return 1;
            }
            base = overflow_buf.data();
        } else {
            prefault.ensure(i, Prefaulter::kOutput, ring.output(i), total, false);
        }
        std::size_t offset = 0;
        for (std::size_t k = 0; k < outputs; ++k) {
            segments[k] = std::string_view(base + offset, out_len[k]);
            offset += out_len[k];
        }
        const std::string_view stats(base + offset, h.stats_len);
        if (!guarded(c, "Consumer::consume", [&] { consumer.consume(seq, segments, stats); })) return 1;
        if (h.overflow != 0) {
            if (::ftruncate(ring.overflow_fd(i), 0) != 0) {
                // Only disk space is lost; the next overflow overwrites from offset 0.
            }
            if (overflow_buf.capacity() > (64u << 20)) std::string().swap(overflow_buf);
        }
        commit(ring, queues, i, writing, seq);
    }
}

}  // namespace

}  // namespace ringtrim::ipc
