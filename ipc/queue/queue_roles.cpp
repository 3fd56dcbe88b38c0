#include "ipc/queue/queue_roles.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ipc/base/control.hpp"
#include "ipc/base/fault.hpp"
#include "ipc/base/guard.hpp"

namespace ringtrim::ipc::queue_mode {

namespace {

template <typename T>
std::string_view bytes_of(const T& v) {
    return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

// Wakes every role, so that each notices the end of the run at once.
void wake_everyone(QueueShared& sh) {
    sh.token_ev.notify();
    sh.in_put.notify();
    sh.out_take.notify();
    sh.out_put.notify();
    sh.parent_ev.notify();
}

std::string pid_text() { return std::to_string(::getpid()); }

// Receives fragments (as the token holder) until one input chain is
// complete. Returns 1 complete, 0 the run is over, -1 a broken queue
// (recorded).
int receive_chain(QueueShared& sh, ChunkQueues& q, WorkerEntry& me, std::string& recv, Assembly& in) {
    ControlBlock& c = sh.control;
    in.count = 0;
    for (;;) {
        if (c.control.load(std::memory_order_acquire) == kControlAbort) return 0;
        const std::uint32_t key = sh.in_put.prepare();
        std::size_t n = 0;
        const Result<ChunkQueues::Transfer> s = q.try_receive_in(recv.data(), n);
        if (!s.ok()) {
            record_failure(c, "worker process " + pid_text() + ": " + s.message(), false, kNoSeq);
            return -1;
        }
        if (*s == ChunkQueues::Transfer::kWouldBlock) {
            if (run_is_over(c)) return 0;
            sh.in_put.wait(key, kChildWaitMs);
            continue;
        }
        sh.parent_ev.notify();  // q_in has room again
        FragmentHeader h;
        std::string_view payload;
        if (!parse_fragment(recv.data(), n, h, payload)) continue;
        if (h.index == 0) {
            me.gen.store(h.gen, std::memory_order_relaxed);
            me.current.store(h.seq + 1, std::memory_order_release);
            in.begin(h, payload);
        } else if (!in.append(h, payload)) {
            continue;  // the rest of a chain whose receiver died: it is resent whole
        }
        if (in.complete()) return 1;
    }
}

// Runs the processor on a complete input chain; fills `out`.
void process_chain(const Assembly& in, const RolePlan& plan, const Processor& processor, ChunkOutput& out) {
    const auto outputs = static_cast<std::size_t>(plan.outputs);
    out.clear(outputs);
    InputMeta meta;
    if (in.data.size() < sizeof meta) {
        out.error = "malformed input message for chunk " + std::to_string(in.seq);
        return;
    }
    std::memcpy(&meta, in.data.data(), sizeof meta);
    if (sizeof meta + meta.len[0] + meta.len[1] != in.data.size()) {
        out.error = "malformed input message for chunk " + std::to_string(in.seq);
        return;
    }
    ChunkInput ci;
    ci.seq = in.seq;
    ci.first_record = meta.first_record;
    ci.first_line = meta.first_line;
    ci.records = meta.records;
    ci.encoding = static_cast<ChunkTag>(meta.encoding);
    ci.bytes[0] = std::string_view(in.data.data() + sizeof meta, meta.len[0]);
    if (plan.inputs > 1) ci.bytes[1] = std::string_view(in.data.data() + sizeof meta + meta.len[0], meta.len[1]);
    run_processor(processor, ci, out, outputs);
}

// Sends `out` as the output chain of {seq, gen}. Returns false when the run
// is over or the queue broke (recorded).
bool send_output(QueueShared& sh, ChunkQueues& q, const RolePlan& plan, std::uint64_t seq, std::uint32_t gen,
                 const ChunkOutput& out, ChainSender& sender, std::vector<std::uint64_t>& seg_len,
                 std::vector<std::string_view>& pieces) {
    ControlBlock& c = sh.control;
    OutputMeta meta;
    meta.outputs = static_cast<std::uint32_t>(plan.outputs);
    seg_len.assign(static_cast<std::size_t>(plan.outputs), 0);
    pieces.clear();
    pieces.push_back(bytes_of(meta));
    if (out.error) {
        meta.has_error = 1;
        meta.input_error = out.input_error ? 1 : 0;
        meta.error_len = out.error->size();
        pieces.emplace_back(reinterpret_cast<const char*>(seg_len.data()), seg_len.size() * sizeof(std::uint64_t));
        pieces.emplace_back(*out.error);
    } else {
        for (std::size_t k = 0; k < seg_len.size(); ++k) seg_len[k] = out.segments[k].size();
        meta.stats_len = out.stats_blob.size();
        pieces.emplace_back(reinterpret_cast<const char*>(seg_len.data()), seg_len.size() * sizeof(std::uint64_t));
        for (const std::string& s : out.segments) pieces.emplace_back(s);
        pieces.emplace_back(out.stats_blob);
    }
    sender.start(seq, gen, pieces.data(), static_cast<int>(pieces.size()), q.out_message_bytes());
    while (!sender.done()) {
        if (c.control.load(std::memory_order_acquire) == kControlAbort) return false;
        const std::uint32_t key = sh.out_take.prepare();
        const Result<ChunkQueues::Transfer> s = sender.send_next(q, false);
        if (!s.ok()) {
            record_failure(c, "worker process " + pid_text() + ": " + s.message(), false, kNoSeq);
            return false;
        }
        if (*s == ChunkQueues::Transfer::kDone)
            sh.out_put.notify(1);
        else
            sh.out_take.wait(key, kChildWaitMs);
    }
    return true;
}

// The parent's failure for chunk `seq`, if it recorded one.
const FailedChunk* failed_chunk(const QueueShared& sh, std::uint64_t seq) {
    for (const FailedChunk& f : sh.failed)
        if (f.seq_plus1.load(std::memory_order_acquire) == seq + 1) return &f;
    return nullptr;
}

int drain(const SharedState& state, ChunkQueues& q, const RolePlan& plan, int result_fd, Consumer& consumer) {
    QueueShared& sh = state.shared();
    ControlBlock& c = sh.control;
    const auto outputs = static_cast<std::size_t>(plan.outputs);
    std::vector<std::string_view> segments(outputs);
    std::map<std::uint64_t, std::string> ready;  // complete chunks, seq >= committed
    std::map<std::pair<std::uint64_t, std::uint32_t>, Assembly> partial;
    // Buffers of consumed chunks, reused for new chains: fresh multi-MiB
    // allocations would page-fault on every chunk.
    std::vector<std::string> spare;
    std::string recv(q.out_message_bytes(), '\0');
    for (;;) {
        const std::uint32_t key = sh.out_put.prepare();
        const std::int64_t control = c.control.load(std::memory_order_acquire);
        if (control == kControlAbort) return 0;
        const std::uint64_t seq = c.committed.load(std::memory_order_relaxed);
        const std::int64_t placed = placed_chunks(control);
        if (placed >= 0 && seq == static_cast<std::uint64_t>(placed)) {
            return store_result(c, result_fd, consumer) ? 0 : 1;
        }

        if (auto it = ready.find(seq); it != ready.end()) {
            const std::string& data = it->second;
            OutputMeta meta;
            const std::size_t head = sizeof meta + outputs * sizeof(std::uint64_t);
            bool ok = data.size() >= head;
            std::vector<std::uint64_t> seg_len(outputs);
            if (ok) {
                std::memcpy(&meta, data.data(), sizeof meta);
                std::memcpy(seg_len.data(), data.data() + sizeof meta, outputs * sizeof(std::uint64_t));
                std::uint64_t total = head + meta.stats_len + meta.error_len;
                for (std::uint64_t l : seg_len) total += l;
                ok = meta.outputs == outputs && total == data.size();
            }
            if (!ok) {
                record_failure(c, "malformed output message for chunk " + std::to_string(seq), false, seq);
                return 1;
            }
            if (meta.has_error != 0) {
                record_failure(c, std::string_view(data.data() + head, meta.error_len), meta.input_error != 0, seq);
                return 1;
            }
            std::size_t offset = head;
            for (std::size_t k = 0; k < outputs; ++k) {
                segments[k] = std::string_view(data.data() + offset, seg_len[k]);
                offset += seg_len[k];
            }
            const std::string_view stats(data.data() + offset, meta.stats_len);
            fault_point(Fault::Role::kWriter, seq, c, nullptr);  // test-only
            if (!guarded(c, "Consumer::consume", [&] { consumer.consume(seq, segments, stats); })) return 1;
            if (spare.size() < 8) spare.push_back(std::move(it->second));
            ready.erase(it);
            c.committed.store(seq + 1, std::memory_order_release);
            sh.parent_ev.notify();
            while (!partial.empty() && partial.begin()->first.first <= seq) partial.erase(partial.begin());
            continue;
        }
        if (const FailedChunk* f = failed_chunk(sh, seq)) {
            if (f->quarantined == 0) {
                record_failure(c, std::string_view(f->msg, f->len), f->input_error != 0, seq);
                return 1;
            }
            if (!guarded(c, "Consumer::quarantined", [&] { consumer.quarantined(seq, f->first_record, f->records); }))
                return 1;
            c.committed.store(seq + 1, std::memory_order_release);
            sh.parent_ev.notify();
            continue;
        }

        std::size_t n = 0;
        const Result<ChunkQueues::Transfer> s = q.try_receive_out(recv.data(), n);
        if (!s.ok()) {
            record_failure(c, "writer process " + pid_text() + ": " + s.message(), false, kNoSeq);
            return 1;
        }
        if (*s == ChunkQueues::Transfer::kWouldBlock) {
            sh.out_put.wait(key, kChildWaitMs);
            continue;
        }
        sh.out_take.notify();  // q_out has room again
        FragmentHeader h;
        std::string_view payload;
        if (!parse_fragment(recv.data(), n, h, payload)) continue;
        if (h.seq < seq || ready.count(h.seq) != 0) continue;  // a duplicate of a resent chunk
        const auto k = std::make_pair(h.seq, h.gen);
        Assembly* a = nullptr;
        if (h.index == 0) {
            a = &partial[k];
            if (a->data.capacity() < h.total && !spare.empty()) {
                a->data = std::move(spare.back());
                spare.pop_back();
            }
            a->begin(h, payload);
        } else {
            auto it = partial.find(k);
            if (it == partial.end()) continue;
            if (!it->second.append(h, payload)) {
                partial.erase(it);
                continue;
            }
            a = &it->second;
        }
        if (a->complete()) {
            const std::uint64_t done_seq = h.seq;
            ready.emplace(done_seq, std::move(a->data));
            auto lo = partial.lower_bound(std::make_pair(done_seq, std::uint32_t{0}));
            while (lo != partial.end() && lo->first.first == done_seq) lo = partial.erase(lo);
        }
    }
}

}  // namespace

bool run_is_over(const ControlBlock& c) {
    const std::int64_t control = c.control.load(std::memory_order_acquire);
    if (control == kControlAbort) return true;
    if (c.result_ready.load(std::memory_order_acquire) == 1) return true;
    if (c.parent_pid != 0 && ::getppid() != c.parent_pid) return true;  // the parent is gone
    const std::int64_t placed = placed_chunks(control);
    return placed >= 0 && c.committed.load(std::memory_order_acquire) >= static_cast<std::uint64_t>(placed);
}

int run_queue_worker(const SharedState& state, ChunkQueues& queues, int index, const RolePlan& plan,
                     const Processor& processor) {
    QueueShared& sh = state.shared();
    ControlBlock& c = sh.control;
    WorkerEntry& me = state.worker(index);
    const auto self = static_cast<std::uint32_t>(::getpid());
    me.current.store(0, std::memory_order_relaxed);
    me.pid.store(self, std::memory_order_release);
    std::string recv(queues.in_message_bytes(), '\0');
    Assembly in;
    ChunkOutput out;
    ChainSender sender;
    std::vector<std::uint64_t> seg_len;
    std::vector<std::string_view> pieces;
    for (;;) {
        if (run_is_over(c)) return 0;
        const std::uint32_t key = sh.token_ev.prepare();
        std::uint32_t free_token = 0;
        if (!sh.token_holder.compare_exchange_strong(free_token, self, std::memory_order_acq_rel)) {
            sh.token_ev.wait(key, kChildWaitMs);
            continue;
        }
        const int got = receive_chain(sh, queues, me, recv, in);
        sh.token_holder.store(0, std::memory_order_release);
        sh.token_ev.notify(1);
        if (got < 0) return 1;
        if (got == 0) {
            me.current.store(0, std::memory_order_release);
            continue;
        }
        fault_point(Fault::Role::kWorker, in.seq, c, nullptr);  // test-only; no-op unless RINGTRIM_FAULT
        process_chain(in, plan, processor, out);
        const bool sent = send_output(sh, queues, plan, in.seq, in.gen, out, sender, seg_len, pieces);
        me.current.store(0, std::memory_order_release);
        if (!sent) return c.control.load(std::memory_order_acquire) == kControlAbort ? 0 : 1;
        if (in.data.capacity() > (64u << 20)) std::string().swap(in.data);
    }
}

int run_queue_writer(const SharedState& state, ChunkQueues& queues, const RolePlan& plan, int result_fd,
                     Consumer& consumer) {
    const int code = drain(state, queues, plan, result_fd, consumer);
    if (state.control().result_ready.load(std::memory_order_acquire) != 1) {
        try {
            consumer.abort();
        } catch (...) {
            // The run has already failed; its first error is what counts.
        }
    }
    wake_everyone(state.shared());
    return code;
}

}  // namespace ringtrim::ipc::queue_mode
