#include "ipc/queue/run_queue.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ipc/base/control.hpp"
#include "ipc/base/guard.hpp"
#include "ipc/base/temp_file.hpp"
#include "ipc/queue/queue_roles.hpp"
#include "ipc/queue/queue_transport.hpp"
#include "ipc/supervise/child.hpp"
#include "ipc/supervise/shm_sweep.hpp"
#include "ipc/supervise/supervisor.hpp"

namespace ringtrim::ipc {

namespace {

using namespace queue_mode;

// A chunk the parent has placed and keeps until the writer commits it: the
// bytes a resend needs.
struct Retained {
    InputMeta meta;
    std::unique_ptr<char[]> buf[kMaxInputs];
    std::string large[kMaxInputs];  // a chunk larger than in_cap (ProducedChunk::large)
    bool is_large = false;
    std::uint32_t attempts = 0;  // workers that died holding it

    std::string_view input(int s) const {
        return is_large ? std::string_view(large[s]) : std::string_view(buf[s].get(), meta.len[s]);
    }
};

// Checked RunConfig values of a queue run.
struct QueuePlan {
    int workers = 1;
    int inputs = 1;
    int outputs = 1;
    int window = 4;
    std::size_t in_cap = 0;
};

Result<QueuePlan> plan_queue(const RunConfig& config) {
    if (Status checked = check_run_config(config); !checked.ok()) return checked;
    const Result<int> window = chunks_in_flight(config);
    if (!window.ok()) return window.status();
    QueuePlan plan;
    plan.workers = config.workers;
    plan.inputs = config.inputs;
    plan.outputs = config.outputs;
    plan.window = *window;
    plan.in_cap = config.slot_input_bytes;
    return plan;
}

template <typename T>
std::string_view bytes_of(const T& v) {
    return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string records_text(const InputMeta& m) {
    return "records " + std::to_string(m.first_record + 1) + " to " + std::to_string(m.first_record + m.records);
}

// The queue design's half of the parent: produces chunks into parent-local
// copies, sends them as input chains, resends the chunk of a dead worker.
class QueueParent : public ParentTransport {
public:
    QueueParent(const QueuePlan& plan, const SharedState& state, ChunkQueues& queues, int result_fd, Producer producer,
                std::function<Processor()> make_processor, std::function<std::unique_ptr<Consumer>()> make_consumer)
        : plan_(plan),
          state_(state),
          sh_(state.shared()),
          c_(state.control()),
          queues_(queues),
          result_fd_(result_fd),
          producer_(std::move(producer)),
          make_processor_(std::move(make_processor)),
          make_consumer_(std::move(make_consumer)) {
        role_plan_.inputs = plan.inputs;
        role_plan_.outputs = plan.outputs;
    }

    ControlBlock& control() const override { return c_; }
    int result_fd() const override { return result_fd_; }
    pid_t fork_writer() override;
    pid_t fork_worker(int index) override;
    void list_holds(const std::vector<Child>& children, std::vector<Hold>& out) const override;
    WorkerDeath on_worker_death(const Child& dead, const std::string& how, const std::string& last,
                                Supervisor& sup) override;
    bool needs_workers(bool finishing) const override {
        return !finishing && (!eof_ || c_.committed.load(std::memory_order_acquire) < placed_);
    }
    bool step(bool finishing) override;
    std::uint32_t wake_key() override { return sh_.parent_ev.prepare(); }
    void sleep(std::uint32_t key, int timeout_ms) override { sh_.parent_ev.wait(key, timeout_ms); }
    void wake_all() override {
        sh_.token_ev.notify();
        sh_.in_put.notify();
        sh_.out_take.notify();
        sh_.out_put.notify();
    }
    std::uint64_t placed() const override { return placed_; }
    std::uint64_t records_written() const override;

private:
    void produce();
    bool start_next_chain();
    void release_committed();
    void resend_unaccounted(const std::vector<Child>& children, int dead_index);
    // Hands chunk `seq`'s failure (or quarantine) to the writer, in seq order.
    void fail_chunk(std::uint64_t seq, const std::string& message, bool input_error, bool quarantined,
                    const InputMeta& meta);
    char* take_buffer();
    void give_buffer(std::unique_ptr<char[]> b);

    const QueuePlan& plan_;
    const SharedState& state_;
    QueueShared& sh_;
    ControlBlock& c_;
    ChunkQueues& queues_;
    int result_fd_;
    Producer producer_;
    std::function<Processor()> make_processor_;
    std::function<std::unique_ptr<Consumer>()> make_consumer_;
    RolePlan role_plan_;

    std::map<std::uint64_t, Retained> retained_;  // placed, not yet committed
    std::set<std::uint64_t> to_send_;             // chunks waiting for (re)sending
    std::vector<std::unique_ptr<char[]>> pool_;
    ChainSender sender_;
    std::string_view pieces_[1 + kMaxInputs];
    std::uint32_t next_gen_ = 1;
    std::uint64_t placed_ = 0;
    std::uint64_t records_placed_ = 0;
    std::uint64_t lines_placed_ = 0;
    bool eof_ = false;
    bool published_ = false;
};

// One hold per live worker, keyed by pid (a replacement that takes over the
// index and the same chunk starts a new timer).
void QueueParent::list_holds(const std::vector<Child>& children, std::vector<Hold>& out) const {
    for (const Child& ch : children) {
        if (!ch.alive || ch.index < 0) continue;
        out.push_back(Hold{static_cast<std::uint64_t>(ch.pid),
                           state_.worker(ch.index).current.load(std::memory_order_acquire), ch.pid});
    }
}

pid_t QueueParent::fork_writer() {
    return fork_role("ringtrim-writer", c_, [this] {
        std::unique_ptr<Consumer> consumer = make_consumer_();
        return run_queue_writer(state_, queues_, role_plan_, result_fd_, *consumer);
    });
}

pid_t QueueParent::fork_worker(int index) {
    state_.worker(index).current.store(0, std::memory_order_relaxed);
    state_.worker(index).pid.store(0, std::memory_order_relaxed);
    return fork_role("ringtrim-worker", c_, [this, index] {
        Processor processor = make_processor_();
        return run_queue_worker(state_, queues_, index, role_plan_, processor);
    });
}

// A worker died. The chunk it held (WorkerEntry::current: receiving,
// processing or sending) is resent to a new worker, or poisoned. If it held
// the receive token it may also have taken a fragment it never recorded, so
// every chunk in flight that no live worker holds is resent too (the writer
// drops duplicates).
WorkerDeath QueueParent::on_worker_death(const Child& dead, const std::string& how, const std::string& last,
                                         Supervisor& sup) {
    WorkerEntry& e = state_.worker(dead.index);
    const auto pid = static_cast<std::uint32_t>(dead.pid);
    const bool held_token = sh_.token_holder.load(std::memory_order_acquire) == pid;
    const std::uint64_t current = e.current.load(std::memory_order_acquire);
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);

    // A wedged queue cannot be repaired (Boost 1.74): fail rather than hang.
    if (const Status probed = queues_.probe(); !probed.ok()) {
        record_failure(c_, probed.message() + " (" + how + ")", false, kNoSeq);
        return WorkerDeath::kRunFailed;
    }

    bool held = false;
    if (current != 0 && current - 1 >= committed) {
        const std::uint64_t seq = current - 1;
        auto it = retained_.find(seq);
        if (it != retained_.end()) {
            held = true;
            Retained& r = it->second;
            r.attempts += 1;
            sup.set_last_crash(how + " while processing chunk " + std::to_string(seq) + " (" + records_text(r.meta) +
                               ")");
            if (sup.may_retry(r.attempts)) {
                to_send_.insert(seq);
            } else {
                auto fill_input = [&](ChunkInput& in) {
                    in.seq = seq;
                    in.first_line = r.meta.first_line;
                    in.first_record = r.meta.first_record;
                    in.records = r.meta.records;
                    in.encoding = static_cast<ChunkTag>(r.meta.encoding);
                    for (int s = 0; s < plan_.inputs; ++s) in.bytes[s] = r.input(s);
                };
                std::string message;
                const bool set_aside =
                    sup.poison(fill_input, r.meta.first_record, r.meta.records, r.attempts, last, message);
                fail_chunk(seq, message, !set_aside, set_aside, r.meta);
                to_send_.erase(seq);
            }
        }
    }
    if (held_token) resend_unaccounted(sup.children(), dead.index);
    e.current.store(0, std::memory_order_release);
    if (held_token) {
        std::uint32_t expected = pid;
        sh_.token_holder.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
        sh_.token_ev.notify(1);
    }
    return held ? WorkerDeath::kHeldChunk : WorkerDeath::kHeldNothing;
}

void QueueParent::resend_unaccounted(const std::vector<Child>& children, int dead_index) {
    std::set<std::uint64_t> held_by_live;
    for (const Child& ch : children) {
        if (!ch.alive || ch.index < 0 || ch.index == dead_index) continue;
        const std::uint64_t cur = state_.worker(ch.index).current.load(std::memory_order_acquire);
        if (cur != 0) held_by_live.insert(cur - 1);
    }
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
    for (const auto& [seq, r] : retained_)
        if (seq >= committed && held_by_live.count(seq) == 0) to_send_.insert(seq);
}

void QueueParent::fail_chunk(std::uint64_t seq, const std::string& message, bool input_error, bool quarantined,
                             const InputMeta& meta) {
    for (FailedChunk& f : sh_.failed) {
        if (f.seq_plus1.load(std::memory_order_acquire) != 0) continue;
        const std::size_t n = std::min(message.size(), kMaxErrorBytes);
        std::memcpy(f.msg, message.data(), n);
        f.len = static_cast<std::uint32_t>(n);
        f.input_error = input_error ? 1 : 0;
        f.quarantined = quarantined ? 1 : 0;
        f.first_record = meta.first_record;
        f.records = meta.records;
        f.seq_plus1.store(seq + 1, std::memory_order_release);
        sh_.out_put.notify();  // the writer may be waiting for this seq
        return;
    }
    // More failed chunks than the table holds: report this one at once.
    if (quarantined)
        record_failure(c_, "too many chunks set aside at once", false, seq);
    else
        record_failure(c_, message, input_error, seq);
}

char* QueueParent::take_buffer() {
    if (pool_.empty()) return new char[plan_.in_cap];
    char* b = pool_.back().release();
    pool_.pop_back();
    return b;
}

void QueueParent::give_buffer(std::unique_ptr<char[]> b) {
    if (b) pool_.push_back(std::move(b));
}

void QueueParent::produce() {
    Retained r;
    for (int s = 0; s < plan_.inputs; ++s) r.buf[s].reset(take_buffer());
    char* const bufs[2] = {r.buf[0].get(), plan_.inputs > 1 ? r.buf[1].get() : nullptr};
    ProducedChunk chunk;
    ProduceResult res = produce_chunk(producer_, bufs, plan_.in_cap, plan_.inputs, chunk);
    if (res.kind == ProduceResult::kChunk && chunk.large) {
        // Too large for a pooled buffer: keep the producer's own copy.
        r.is_large = true;
        for (int s = 0; s < plan_.inputs; ++s) {
            r.large[s] = std::move(chunk.large_bytes[s]);
            chunk.len[s] = r.large[s].size();
        }
        for (auto& b : r.buf) give_buffer(std::move(b));
    }
    if (res.kind != ProduceResult::kChunk) {
        for (auto& b : r.buf) give_buffer(std::move(b));
        eof_ = true;
        if (res.kind == ProduceResult::kError) {
            // Failed in seq order: an earlier chunk's error still wins.
            InputMeta meta;
            meta.first_record = records_placed_;
            fail_chunk(placed_, res.error, res.input_error, false, meta);
            ++placed_;
        }
        return;
    }
    r.meta.first_record = records_placed_;
    r.meta.first_line = lines_placed_;
    r.meta.records = chunk.records;
    r.meta.encoding = static_cast<std::uint64_t>(chunk.encoding);
    r.meta.len[0] = chunk.len[0];
    r.meta.len[1] = plan_.inputs > 1 ? chunk.len[1] : 0;
    records_placed_ += chunk.records;
    lines_placed_ += chunk.lines;
    retained_.emplace(placed_, std::move(r));
    to_send_.insert(placed_);
    ++placed_;
}

bool QueueParent::start_next_chain() {
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
    while (!to_send_.empty()) {
        const std::uint64_t seq = *to_send_.begin();
        to_send_.erase(to_send_.begin());
        if (seq < committed) continue;
        auto it = retained_.find(seq);
        if (it == retained_.end()) continue;
        const Retained& r = it->second;
        pieces_[0] = bytes_of(r.meta);
        for (int s = 0; s < plan_.inputs; ++s) pieces_[1 + s] = r.input(s);
        sender_.start(seq, next_gen_++, pieces_, 1 + plan_.inputs, queues_.in_message_bytes());
        return true;
    }
    return false;
}

// Frees the copies of committed chunks (not the one whose chain is still
// being sent: its bytes are in use).
void QueueParent::release_committed() {
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
    for (auto it = retained_.begin(); it != retained_.end() && it->first < committed;) {
        if (sender_.active() && sender_.seq() == it->first) {
            ++it;
            continue;
        }
        for (auto& b : it->second.buf) give_buffer(std::move(b));
        it = retained_.erase(it);
    }
    while (pool_.size() > static_cast<std::size_t>(plan_.inputs * plan_.window)) pool_.pop_back();
}

std::uint64_t QueueParent::records_written() const {
    // Every chunk from `committed` on is still retained; the first one's
    // first record is the count of records before it.
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
    auto it = retained_.find(committed);
    return it != retained_.end() ? it->second.meta.first_record : records_placed_;
}

bool QueueParent::step(bool finishing) {
    release_committed();
    bool progressed = false;
    if (!finishing && (sender_.active() || start_next_chain())) {
        const Result<ChunkQueues::Transfer> s = sender_.send_next(queues_, true);
        if (!s.ok()) {
            record_failure(c_, "parent process: " + s.message(), false, kNoSeq);
            return true;  // the supervisor sees control -1 at once
        }
        if (*s == ChunkQueues::Transfer::kDone) {
            sh_.in_put.notify(1);
            progressed = true;
        }
    }
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
    if (!progressed && !eof_ && placed_ - committed < static_cast<std::uint64_t>(plan_.window)) {
        produce();
        progressed = true;
    }
    if (eof_ && !published_) {
        published_ = true;
        std::int64_t expected = kControlRunning;
        const std::int64_t value = placed_ == 0 ? kControlNoChunks : static_cast<std::int64_t>(placed_);
        c_.control.compare_exchange_strong(expected, value, std::memory_order_acq_rel);
        sh_.out_put.notify();  // the writer may be waiting for the count
        sh_.token_ev.notify();
        sh_.in_put.notify();
    }
    return progressed;
}

}  // namespace

RunResult run_queue(const RunConfig& config, Producer producer, std::function<Processor()> make_processor,
                    std::function<std::unique_ptr<Consumer>()> make_consumer) {
    const Result<QueuePlan> planned = plan_queue(config);
    if (!planned.ok()) return failed_run(planned.message());
    const QueuePlan& plan = *planned;
    // Test-only faults: a worker or the writer crashes on a chosen chunk;
    // "at=queue" faults need the ring's queues and do nothing here.
    RunScope scope;
    if (Status loaded = scope.load_faults(); !loaded.ok()) return failed_run(loaded.message());
    sweep_stale_shm();  // names of killed runs (same "rt.<uid>.<pid>." scheme as the ring)
    const std::size_t in_payload = sizeof(InputMeta) + plan.in_cap * static_cast<std::size_t>(plan.inputs);
    const std::size_t out_payload = sizeof(OutputMeta) +
                                    sizeof(std::uint64_t) * static_cast<std::size_t>(plan.outputs) +
                                    (config.slot_output_bytes != 0 ? config.slot_output_bytes : in_payload);
    Result<std::unique_ptr<SharedState>> state = SharedState::create(plan.workers);
    if (!state.ok()) return failed_run(state.message());
    Result<std::unique_ptr<ChunkQueues>> queues =
        ChunkQueues::create(message_bytes_for(in_payload), message_bytes_for(out_payload));
    if (!queues.ok()) return failed_run(queues.message());
    const Result<int> result_fd = open_unlinked_temp(config.fallback_temp_dir);
    if (!result_fd.ok()) return failed_run(result_fd.message());

    scope.start();
    RunResult result;
    {
        QueueParent parent(plan, **state, **queues, *result_fd, std::move(producer), std::move(make_processor),
                           std::move(make_consumer));
        Supervisor sup(config, parent, plan.workers);
        result = sup.run();
    }
    ::close(*result_fd);
    return result;
}

}  // namespace ringtrim::ipc
