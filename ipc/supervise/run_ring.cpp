#include "ipc/supervise/run_ring.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "ipc/ring/queues.hpp"
#include "ipc/roles/fault.hpp"
#include "ipc/roles/parent.hpp"
#include "ipc/roles/worker.hpp"
#include "ipc/roles/writer.hpp"
#include "ipc/supervise/child.hpp"
#include "ipc/supervise/hold_watch.hpp"
#include "ipc/supervise/shm_sweep.hpp"

namespace ringtrim::ipc {

namespace {

constexpr int kParentWaitMs = 50;
constexpr int kParentExitWaitMs = 2;
constexpr int kReapPollMs = 5;
constexpr int kWorkerOomScoreDelta = 500;
constexpr std::uint64_t kNoSeq = std::numeric_limits<std::uint64_t>::max();
constexpr const char* kPoisonAdvice = "rerun with --quarantine FILE to set such records aside";

struct Child {
  pid_t pid = -1;
  bool writer = false;
  bool alive = true;
  int status = 0;
};

class Supervisor {
 public:
  Supervisor(const RingConfig& config, const SharedRing& ring, RingQueues& queues,
             std::function<pid_t()> spawn_worker)
      : config_(config), ring_(ring), queues_(queues), spawn_worker_(std::move(spawn_worker)),
        seen_epoch_(queues.epoch()), watch_(config.worker_timeout_s) {}

  // Kills every worker that has held its chunk longer than
  // RingConfig::worker_timeout_s; reap() then sees it as crashed.
  void kill_stalled() {
    for (int i = 0; i < ring_.slots(); ++i) {
      const SlotCtl sc = load_ctl(ring_.header(i));
      const bool claimed = sc.state == SlotState::kClaimed && sc.owner != 0;
      if (!watch_.expired(static_cast<std::uint64_t>(i), claimed ? sc.pack() : 0)) continue;
      timed_out_.push_back(static_cast<pid_t>(sc.owner));
      ::kill(static_cast<pid_t>(sc.owner), SIGKILL);
    }
  }

  std::vector<Child>& children() { return children_; }
  RunResult& stats() { return stats_; }

  // Reaps every child that has ended, without blocking, and recovers from
  // worker deaths. Then follows a queue set change.
  void reap() {
    // Index loop: recovery appends replacement workers.
    for (std::size_t k = 0; k < children_.size(); ++k) {
      if (!children_[k].alive) continue;
      int status = 0;
      const pid_t r = ::waitpid(children_[k].pid, &status, WNOHANG);
      if (r == children_[k].pid) {
        children_[k].alive = false;
        children_[k].status = status;
        const Child ch = children_[k];
        on_exit(ch);
      }
    }
    const std::uint32_t e = queues_.epoch();
    if (e != seen_epoch_) {
      // The old set's messages are lost: ring every doorbell again.
      stats_.queue_rebuilds += e - seen_epoch_;
      seen_epoch_ = e;
      resend_doorbells();
    }
  }

  int live() const {
    int n = 0;
    for (const Child& ch : children_) n += ch.alive ? 1 : 0;
    return n;
  }
  int live_workers() const {
    int n = 0;
    for (const Child& ch : children_) n += (ch.alive && !ch.writer) ? 1 : 0;
    return n;
  }

  // True if some chunk still needs a worker.
  bool work_pending() const {
    for (int i = 0; i < ring_.slots(); ++i) {
      const SlotState s = load_ctl(ring_.header(i)).state;
      if (s == SlotState::kReady || s == SlotState::kClaimed) return true;
    }
    return false;
  }

  const std::string& last_crash() const { return last_crash_; }

  // Gives the children up to `grace_ms` to leave by themselves (they see
  // control -1 within one wait slice and clean up), then SIGKILLs the rest
  // and reaps everything.
  void stop_all(int grace_ms) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    while (live() > 0 && std::chrono::steady_clock::now() < deadline) {
      Message m;
      queues_.receive(QueueId::kFree, m, kReapPollMs);  // a timed sleep
      for (Child& ch : children_) {
        if (!ch.alive) continue;
        int status = 0;
        if (::waitpid(ch.pid, &status, WNOHANG) == ch.pid) {
          ch.alive = false;
          ch.status = status;
        }
      }
    }
    kill_and_reap_all();
  }

  void kill_and_reap_all() {
    for (Child& ch : children_)
      if (ch.alive) ::kill(ch.pid, SIGKILL);
    for (Child& ch : children_) {
      if (!ch.alive) continue;
      int status = 0;
      while (::waitpid(ch.pid, &status, 0) < 0 && errno == EINTR) {
      }
      ch.alive = false;
      ch.status = status;
    }
  }

 private:
  bool finished() const {
    ControlBlock& c = ring_.control();
    return c.result_ready.load(std::memory_order_acquire) == 1 ||
           c.control.load(std::memory_order_acquire) == kControlAbort;
  }

  void on_exit(const Child& ch) {
    ControlBlock& c = ring_.control();
    const bool clean = WIFEXITED(ch.status) && WEXITSTATUS(ch.status) == 0;
    if (ch.writer) {
      if (clean && finished()) return;  // finished, or left after an abort
      if (c.error_state.load(std::memory_order_acquire) != 0) return;  // it reported
      record_failure(c, "writer process " + std::to_string(ch.pid) + " " +
                            describe_wait_status(ch.status),
                     false, kNoSeq);
      return;
    }
    if (clean) return;
    if (finished()) return;  // all output is out, or the run is over anyway
    ++stats_.worker_crashes;
    const bool timed_out = std::count(timed_out_.begin(), timed_out_.end(), ch.pid) != 0;
    const std::string how = "worker process " + std::to_string(ch.pid) + " " +
                            (timed_out ? timeout_text(watch_.timeout_s()) : describe_wait_status(ch.status));
    last_crash_ = how;
    // A worker killed inside a queue operation leaves that queue's mutex
    // locked for good: move every role to the next queue set at once.
    if (queues_.held_by(ch.pid)) queues_.retire(queues_.epoch());

    bool held = false;
    for (int i = 0; i < ring_.slots(); ++i) {
      SlotHeader& h = ring_.header(i);
      const SlotCtl sc = load_ctl(h);
      if (sc.state != SlotState::kClaimed || sc.owner != static_cast<std::uint32_t>(ch.pid))
        continue;
      held = true;
      recover_slot(i, h, sc, timed_out ? timeout_text(watch_.timeout_s()) : describe_crash(ch.status));
    }
    if (!held && ++slotless_deaths_ > crash_budget(ring_.plan().workers)) {
      record_failure(c, how + "; " + std::to_string(slotless_deaths_) +
                            " worker processes died without holding a chunk, giving up",
                     false, kNoSeq);
      return;
    }
    if (c.control.load(std::memory_order_acquire) == kControlAbort) return;
    resend_doorbells();  // covers a WORK doorbell the dead worker took
    std::fflush(nullptr);
    const pid_t pid = spawn_worker_();
    if (pid < 0) {
      record_failure(c, how + "; cannot start a replacement: " + std::strerror(errno), false,
                     kNoSeq);
      return;
    }
    children_.push_back(Child{pid, false});
  }

  // Slot `i` was CLAIMED (as `sc`) by a worker that ended as `last` says.
  void recover_slot(int i, SlotHeader& h, SlotCtl sc, const std::string& last) {
    h.attempts += 1;
    Message m;
    m.slot = static_cast<std::uint32_t>(i);
    m.seq = h.seq;
    if (h.attempts <= static_cast<std::uint32_t>(config_.max_retries)) {
      ++stats_.retried_chunks;
      const SlotCtl ready{SlotState::kReady, 0, sc.gen + 1};
      cas_ctl(h, sc, ready);
      m.type = Message::kWork;
      m.gen = ready.gen;
      queues_.send(QueueId::kWork, m);
      return;
    }
    // Poison. The input bytes are intact (the Processor only reads them).
    std::string message;
    bool set_aside = false;
    if (config_.quarantine) {
      ChunkInput in;
      in.seq = h.seq;
      in.first_record = h.first_record;
      in.records = h.records;
      std::string spilled[kMaxInputs];
      if (!slot_input(ring_, i, spilled, in.bytes)) in.records = 0;
      std::string why;
      try {
        set_aside = config_.quarantine(in, why);
      } catch (const std::exception& e) {
        why = e.what();
      } catch (...) {
        why = "unknown exception";
      }
      if (!set_aside)
        message = poison_message(config_.input_label, h.first_record, h.records, h.attempts,
                                 last,
                                 "cannot set them aside" + (why.empty() ? "" : ": " + why));
    } else {
      message = poison_message(config_.input_label, h.first_record, h.records, h.attempts,
                               last, kPoisonAdvice);
    }
    if (set_aside) {
      ++stats_.quarantined_chunks;
      stats_.quarantined_records += h.records;
      h.quarantined = 1;
      h.has_error = 0;
      h.input_error = 0;
      h.err_len = 0;
      h.overflow = 0;
      h.stats_len = 0;
      std::fill_n(ring_.out_len(i), ring_.plan().outputs, 0);
    } else {
      last_crash_ = message;
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
      Message m;
      m.type = Message::kWork;
      m.slot = static_cast<std::uint32_t>(i);
      m.gen = sc.gen;
      m.seq = h.seq;
      queues_.send(QueueId::kWork, m);
    }
    Message wake;
    wake.type = Message::kDone;
    wake.seq = ring_.control().committed.load(std::memory_order_acquire);
    queues_.send(QueueId::kDone, wake);
  }

  const RingConfig& config_;
  const SharedRing& ring_;
  RingQueues& queues_;
  std::function<pid_t()> spawn_worker_;
  std::vector<Child> children_;
  std::string last_crash_;
  std::uint32_t seen_epoch_ = 0;
  int slotless_deaths_ = 0;
  RunResult stats_;
  HoldWatch watch_;
  std::vector<pid_t> timed_out_;  // workers killed by kill_stalled()
};

}  // namespace

RunResult failed_run(std::string error) {
  RunResult r;
  r.error = std::move(error);
  return r;
}

bool RunScope::load_faults(std::string& error) {
  const char* f = std::getenv("RINGTRIM_FAULT");
  if (f == nullptr || *f == '\0') return true;
  if (parse_faults(f, faults_, error)) return true;
  error = "RINGTRIM_FAULT: " + error;
  return false;
}

void RunScope::start() {
  struct sigaction dfl_chld {};
  dfl_chld.sa_handler = SIG_DFL;
  sigemptyset(&dfl_chld.sa_mask);
  ::sigaction(SIGCHLD, &dfl_chld, &old_chld_);
  set_active_faults(faults_.faults.empty() ? nullptr : &faults_);
  started_ = true;
}

RunScope::~RunScope() {
  if (!started_) return;
  ::sigaction(SIGCHLD, &old_chld_, nullptr);
  set_active_faults(nullptr);
}

RunResult run_ring(const RingConfig& config, Producer producer,
                   std::function<Processor()> make_processor,
                   std::function<std::unique_ptr<Consumer>()> make_consumer) {
  RingPlan plan;
  std::string error;
  if (!plan_ring(config, plan, error)) return failed_run(error);
  RunScope scope;
  if (!scope.load_faults(error)) return failed_run(error);
  sweep_stale_shm();
  std::unique_ptr<SharedRing> ring = SharedRing::create(plan, error);
  if (!ring) return failed_run(error);
  std::unique_ptr<RingQueues> queues = RingQueues::create(2 * plan.slots + plan.workers + 4, error);
  if (!queues) return failed_run(error);
  ControlBlock& c = ring->control();
  c.parent_pid = static_cast<std::int32_t>(::getpid());

  scope.start();

  auto spawn_worker = [&]() -> pid_t {
    return fork_role("ringtrim-worker", c, [&] {
      raise_oom_score(kWorkerOomScoreDelta);
      Processor processor = make_processor();
      return run_worker(*ring, *queues, processor, static_cast<std::uint32_t>(::getpid()));
    });
  };
  Supervisor sup(config, *ring, *queues, spawn_worker);

  std::fflush(nullptr);
  bool fork_failed = false;
  {
    const pid_t pid = fork_role("ringtrim-writer", c, [&] {
      std::unique_ptr<Consumer> consumer = make_consumer();
      return run_writer(*ring, *queues, *consumer);
    });
    if (pid < 0) fork_failed = true;
    else sup.children().push_back(Child{pid, true});
  }
  for (int w = 0; w < plan.workers && !fork_failed; ++w) {
    const pid_t pid = spawn_worker();
    if (pid < 0) fork_failed = true;
    else sup.children().push_back(Child{pid, false});
  }
  if (fork_failed)
    record_failure(c, std::string("cannot start a process: ") + std::strerror(errno), false,
                   kNoSeq);

  using Clock = std::chrono::steady_clock;
  auto last_progress = Clock::now();
  std::uint64_t last_reported = std::numeric_limits<std::uint64_t>::max();
  auto report_progress = [&](bool force) {
    if (!config.progress) return;
    const auto now = Clock::now();
    if (!force && now - last_progress < std::chrono::milliseconds(kProgressIntervalMs)) return;
    last_progress = now;
    const std::uint64_t n = c.records_written.load(std::memory_order_relaxed);
    if (force && n == last_reported) return;
    last_reported = n;
    try {
      config.progress(n);
    } catch (...) {
      // A progress display must not end the run.
    }
  };

  Placer placer(*ring, *queues, std::move(producer));
  bool eof = false;
  int interrupted = 0;
  for (;;) {
    sup.kill_stalled();
    sup.reap();
    if (config.interrupt != nullptr && *config.interrupt != 0 && interrupted == 0) {
      interrupted = static_cast<int>(*config.interrupt);
      record_failure(c, "interrupted by signal " + std::to_string(interrupted), false, kNoSeq);
    }
    if (c.control.load(std::memory_order_acquire) == kControlAbort) break;
    if (sup.live() == 0) break;
    // With every worker dead, a chunk still waiting would wait forever.
    if (sup.live_workers() == 0 && (!eof || sup.work_pending())) {
      record_failure(c, sup.last_crash().empty() ? "all worker processes exited early"
                                                 : sup.last_crash(),
                     false, kNoSeq);
      break;
    }
    report_progress(false);
    Message m;
    if (!eof) {
      const Placer::Step step = placer.place_next();
      if (step == Placer::Step::kPlaced) continue;
      if (step == Placer::Step::kEnd) {
        eof = true;
        placer.finish(plan.workers);
        continue;
      }
    }
    // A doorbell or a timed sleep; short once only exits are left to see.
    const bool finishing = c.result_ready.load(std::memory_order_acquire) == 1;
    queues->receive(QueueId::kFree, m, finishing ? kParentExitWaitMs : kParentWaitMs);
  }
  const bool aborted = c.control.load(std::memory_order_acquire) == kControlAbort;
  sup.stop_all(!aborted ? 0 : interrupted != 0 ? kInterruptGraceMs : kAbortGraceMs);
  sup.reap();  // counts a last queue set change; every child is already reaped

  RunResult result = sup.stats();
  result.chunks = placer.placed();
  result.records_written = c.records_written.load(std::memory_order_acquire);
  const bool aborted_now = c.control.load(std::memory_order_acquire) == kControlAbort;
  if (conclude_run(c, ring->result_fd(), aborted_now, interrupted, config, result))
    report_progress(true);
  return result;
}

bool conclude_run(const ControlBlock& c, int result_fd, bool aborted, int interrupted,
                  const RingConfig& config, RunResult& result) {
  const std::uint32_t es = c.error_state.load(std::memory_order_acquire);
  if (es == 2) {
    result.error.assign(c.error_msg, c.error_len);
    result.input_error = c.error_input != 0;
  } else if (es == 1) {
    result.error = "a process failed while reporting its error";
  } else if (aborted) {
    result.error = "the run was aborted";
  } else if (c.result_ready.load(std::memory_order_acquire) != 1) {
    result.error = "the writer process ended without a result";
  } else {
    result.result_blob.resize(c.result_len.load());
    if (read_all_at(result_fd, result.result_blob.data(), result.result_blob.size(), 0)) {
      result.ok = true;
      result.exit_code = 0;
      return true;
    }
    result.error = std::string("cannot read the run's result back: ") + std::strerror(errno);
  }
  result.exit_code = interrupted != 0 ? 128 + interrupted : 1;
  if (config.on_failure) {
    try {
      config.on_failure();
    } catch (...) {
      // The run has failed already; its first error is what counts.
    }
  }
  return false;
}

}  // namespace ringtrim::ipc
