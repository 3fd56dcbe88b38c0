#include "ipc/ring/run_ring.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/parent.hpp"
#include "ipc/ring/worker.hpp"
#include "ipc/ring/writer.hpp"
#include "ipc/supervise/child.hpp"
#include "ipc/supervise/shm_sweep.hpp"
#include "ipc/supervise/supervisor.hpp"

namespace ringtrim::ipc {

namespace {

constexpr int kWorkerOomScoreDelta = 500;

// The ring's half of the parent: places chunks into slots seq % slots
// (Placer), rings doorbells, and puts the slots of a dead worker back.
class RingParent : public ParentTransport {
public:
    RingParent(const SharedRing& ring, Doorbells& queues, Producer producer, std::function<Processor()> make_processor,
               std::function<std::unique_ptr<Consumer>()> make_consumer, std::shared_ptr<const PrepareSteps> prepare,
               std::string input_label)
        : ring_(ring),
          queues_(queues),
          prepare_(std::move(prepare)),
          placer_(ring, queues, std::move(producer), prepare_ ? &prepare_->finisher : nullptr),
          make_processor_(std::move(make_processor)),
          make_consumer_(std::move(make_consumer)),
          seen_epoch_(queues.epoch()),
          input_label_(std::move(input_label)) {}

    ControlBlock& control() const override { return ring_.control(); }
    int result_fd() const override { return ring_.result_fd(); }

    pid_t fork_writer() override {
        return fork_role("ringtrim-writer", ring_.control(), [this] {
            std::unique_ptr<Consumer> consumer = make_consumer_();
            return run_writer(ring_, queues_, *consumer);
        });
    }

    pid_t fork_worker(int) override {
        return fork_role("ringtrim-worker", ring_.control(), [this] {
            raise_oom_score(kWorkerOomScoreDelta);
            Processor processor = make_processor_();
            Preparer preparer = prepare_ ? prepare_->make_preparer() : Preparer();
            return run_worker(ring_, queues_, processor, static_cast<std::uint32_t>(::getpid()),
                              preparer ? &preparer : nullptr);
        });
    }

    // One hold per slot: a CLAIMED slot is held by its owner.
    void list_holds(const std::vector<Child>&, std::vector<Hold>& out) const override {
        for (int i = 0; i < ring_.slots(); ++i) {
            const SlotCtl sc = load_ctl(ring_.header(i));
            const bool claimed = sc.state == SlotState::kClaimed && sc.owner != 0;
            out.push_back(Hold{static_cast<std::uint64_t>(i), claimed ? sc.pack() : 0, static_cast<pid_t>(sc.owner)});
        }
    }

    // Every slot CLAIMED by the dead worker goes back to READY or is poisoned.
    WorkerDeath on_worker_death(const Child& dead, const std::string&, const std::string& last,
                                Supervisor& sup) override {
        // A worker killed inside a queue operation leaves that queue's mutex
        // locked for good: move every role to the next queue set at once.
        if (queues_.held_by(dead.pid)) queues_.retire(queues_.epoch());
        bool held = false;
        for (int i = 0; i < ring_.slots(); ++i) {
            SlotHeader& h = ring_.header(i);
            const SlotCtl sc = load_ctl(h);
            if (sc.state != SlotState::kClaimed || sc.owner != static_cast<std::uint32_t>(dead.pid)) continue;
            held = true;
            recover_slot(i, h, sc, last, sup);
        }
        resend_doorbells();  // covers a WORK doorbell the dead worker took
        return held ? WorkerDeath::kHeldChunk : WorkerDeath::kHeldNothing;
    }

    // Follows a queue set change: the old set's messages are lost, so every
    // doorbell is rung again.
    void after_reap(RunResult& stats) override {
        const std::uint32_t e = queues_.epoch();
        if (e == seen_epoch_) return;
        stats.queue_rebuilds += e - seen_epoch_;
        seen_epoch_ = e;
        resend_doorbells();
    }

    bool needs_workers(bool) const override {
        if (!eof_ || placer_.pending() > 0) return true;
        for (int i = 0; i < ring_.slots(); ++i) {
            const SlotState s = load_ctl(ring_.header(i)).state;
            if (s == SlotState::kReady || s == SlotState::kClaimed) return true;
        }
        return false;
    }

    // Finishes what is PREPARED, places the next chunk, and once the input
    // is exhausted and no raw chunk waits, publishes the count (not before:
    // workers leave once the count is out and nothing is READY).
    bool step(bool) override {
        bool did = placer_.finish_prepared();
        if (!eof_) {
            const Placer::Step step = placer_.place_next();
            if (step == Placer::Step::kEnd) eof_ = true;
            // kNoSlot: wait for a FREE or PREPARED doorbell.
            if (step != Placer::Step::kNoSlot) did = true;
        }
        if (eof_ && !stopped_ && placer_.pending() == 0) {
            stopped_ = true;
            placer_.finish(ring_.plan().workers);
            did = true;
        }
        return did;
    }

    // The parent sleeps on the free queue's doorbell (FREE and PREPARED).
    std::uint32_t wake_key() override { return 0; }
    void sleep(std::uint32_t, int timeout_ms) override {
        Message m;
        queues_.receive(QueueId::kFree, m, timeout_ms);
    }

    std::uint64_t placed() const override { return placer_.placed(); }
    std::uint64_t records_written() const override {
        return ring_.control().records_written.load(std::memory_order_acquire);
    }

private:
    // Slot `i` was CLAIMED (as `sc`) by a worker that ended as `last` says.
    void recover_slot(int i, SlotHeader& h, SlotCtl sc, const std::string& last, Supervisor& sup) {
        h.attempts += 1;
        Message m;
        m.slot = static_cast<std::uint32_t>(i);
        m.seq = h.seq;
        if (sup.may_retry(h.attempts)) {
            const SlotCtl ready{SlotState::kReady, 0, sc.gen + 1};
            cas_ctl(h, sc, ready);
            m.type = Message::kWork;
            m.gen = ready.gen;
            queues_.send(QueueId::kWork, m);
            return;
        }
        if (h.prepare != 0) {
            // A raw chunk: its records are not known yet, so it cannot be
            // set aside; the run fails naming the chunk.
            set_slot_error(h,
                           (input_label_.empty() ? std::string() : input_label_ + ": ") + "chunk " +
                               std::to_string(h.seq + 1) + " of the input crashed " + std::to_string(h.attempts) +
                               " worker processes while being prepared (last: " + last + ")",
                           true);
            cas_ctl(h, sc, SlotCtl{SlotState::kDone, 0, sc.gen});
            m.type = Message::kDone;
            m.gen = sc.gen;
            queues_.send(QueueId::kDone, m);
            return;
        }
        // Poison. The input bytes are intact (the Processor only reads them).
        std::string spilled[kMaxInputs];
        auto fill_input = [&](ChunkInput& in) {
            in.seq = h.seq;
            in.first_record = h.first_record;
            in.records = h.records;
            in.encoding = static_cast<ChunkTag>(h.encoding);
            if (!slot_input(ring_, i, spilled, in.bytes)) in.records = 0;
        };
        std::string message;
        if (sup.poison(fill_input, h.first_record, h.records, h.attempts, last, message)) {
            h.quarantined = 1;
            h.has_error = 0;
            h.input_error = 0;
            h.err_len = 0;
            h.overflow = 0;
            h.stats_len = 0;
            std::fill_n(ring_.out_len(i), ring_.plan().outputs, 0);
        } else {
            set_slot_error(h, message, true);
        }
        // The writer reports (or skips) it in seq order.
        cas_ctl(h, sc, SlotCtl{SlotState::kDone, 0, sc.gen});
        m.type = Message::kDone;
        m.gen = sc.gen;
        queues_.send(QueueId::kDone, m);
    }

    // Rings WORK for every READY slot and DONE for the writer; duplicates are
    // harmless (receivers check the slot's generation).
    void resend_doorbells() {
        for (int i = 0; i < ring_.slots(); ++i) {
            SlotHeader& h = ring_.header(i);
            const SlotCtl sc = load_ctl(h);
            if (sc.state != SlotState::kReady) continue;
            queues_.send(QueueId::kWork, Message::of(Message::kWork, i, sc.gen, h.seq));
        }
        Message wake;
        wake.type = Message::kDone;
        wake.seq = ring_.control().committed.load(std::memory_order_acquire);
        queues_.send(QueueId::kDone, wake);
    }

    const SharedRing& ring_;
    Doorbells& queues_;
    std::shared_ptr<const PrepareSteps> prepare_;
    Placer placer_;
    std::function<Processor()> make_processor_;
    std::function<std::unique_ptr<Consumer>()> make_consumer_;
    std::uint32_t seen_epoch_ = 0;
    bool eof_ = false;
    bool stopped_ = false;  // Placer::finish() was called
    std::string input_label_;
};

}  // namespace

RunResult run_ring(const RunConfig& config, Producer producer, std::function<Processor()> make_processor,
                   std::function<std::unique_ptr<Consumer>()> make_consumer) {
    const Result<RingPlan> planned = plan_ring(config);
    if (!planned.ok()) return failed_run(planned.message());
    const RingPlan& plan = *planned;
    RunScope scope;
    if (Status loaded = scope.load_faults(); !loaded.ok()) return failed_run(loaded.message());
    sweep_stale_shm();
    Result<std::unique_ptr<SharedRing>> ring = SharedRing::create(plan);
    if (!ring.ok()) return failed_run(ring.message());
    Result<std::unique_ptr<Doorbells>> queues = Doorbells::create(2 * plan.slots + plan.workers + 4);
    if (!queues.ok()) return failed_run(queues.message());

    scope.start();
    RingParent parent(**ring, **queues, std::move(producer), std::move(make_processor), std::move(make_consumer),
                      config.prepare, config.input_label);
    Supervisor sup(config, parent, plan.workers);
    return sup.run();
}

}  // namespace ringtrim::ipc
