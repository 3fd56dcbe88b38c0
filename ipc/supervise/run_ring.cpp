#include "ipc/supervise/run_ring.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "ipc/ring/queues.hpp"
#include "ipc/roles/parent.hpp"
#include "ipc/roles/worker.hpp"
#include "ipc/roles/writer.hpp"
#include "ipc/supervise/child.hpp"

namespace ringtrim::ipc {

namespace {

constexpr int kParentWaitMs = 50;
constexpr int kParentExitWaitMs = 2;
constexpr int kReapPollMs = 5;
constexpr std::uint64_t kNoSeq = std::numeric_limits<std::uint64_t>::max();

struct Child {
  pid_t pid = -1;
  bool writer = false;
  bool alive = true;
  int status = 0;
};

class Supervisor {
 public:
  Supervisor(const SharedRing& ring, RingQueues& queues) : ring_(ring), queues_(queues) {}

  std::vector<Child>& children() { return children_; }

  // Reaps every child that has ended, without blocking.
  void reap() {
    for (Child& ch : children_) {
      if (!ch.alive) continue;
      int status = 0;
      const pid_t r = ::waitpid(ch.pid, &status, WNOHANG);
      if (r == ch.pid) {
        ch.alive = false;
        ch.status = status;
        on_exit(ch);
      }
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
  void on_exit(const Child& ch) {
    ControlBlock& c = ring_.control();
    const bool clean = WIFEXITED(ch.status) && WEXITSTATUS(ch.status) == 0;
    if (ch.writer) {
      if (clean && (c.result_ready.load(std::memory_order_acquire) == 1 ||
                    c.control.load(std::memory_order_acquire) == kControlAbort))
        return;  // finished, or left after an abort
      if (c.error_state.load(std::memory_order_acquire) != 0) return;  // it reported
      record_failure(c, "writer process " + std::to_string(ch.pid) + " " +
                            describe_wait_status(ch.status),
                     false, kNoSeq);
      return;
    }
    if (clean) return;
    if (c.result_ready.load(std::memory_order_acquire) == 1) return;  // all output is out
    // A worker died: fail the chunk it held, in place, so that the writer
    // reports it in seq order (a lower chunk's error still wins).
    const std::string how = "worker process " + std::to_string(ch.pid) + " " +
                            describe_wait_status(ch.status);
    bool held = false;
    for (int i = 0; i < ring_.slots(); ++i) {
      SlotHeader& h = ring_.header(i);
      const SlotCtl sc = load_ctl(h);
      if (sc.state != SlotState::kClaimed || sc.owner != static_cast<std::uint32_t>(ch.pid))
        continue;
      held = true;
      last_crash_ = how + " while processing chunk " + std::to_string(h.seq) + " (records " +
                    std::to_string(h.first_record + 1) + " to " +
                    std::to_string(h.first_record + h.records) + ")";
      set_slot_error(h, last_crash_, false);
      cas_ctl(h, sc, SlotCtl{SlotState::kDone, 0, sc.gen});
      Message m;
      m.type = Message::kDone;
      m.slot = static_cast<std::uint32_t>(i);
      m.gen = sc.gen;
      m.seq = h.seq;
      queues_.send(QueueId::kDone, m);
    }
    if (!held) {
      if (c.error_state.load(std::memory_order_acquire) != 0) return;  // it reported
      last_crash_ = how;
      record_failure(c, how, false, kNoSeq);
    }
  }

  const SharedRing& ring_;
  RingQueues& queues_;
  std::vector<Child> children_;
  std::string last_crash_;
};

RunResult fail_early(std::string error) {
  RunResult r;
  r.error = std::move(error);
  return r;
}

}  // namespace

RunResult run_ring(const RingConfig& config, Producer producer,
                   std::function<Processor()> make_processor,
                   std::function<std::unique_ptr<Consumer>()> make_consumer) {
  RingPlan plan;
  std::string error;
  if (!plan_ring(config, plan, error)) return fail_early(error);
  std::unique_ptr<SharedRing> ring = SharedRing::create(plan, error);
  if (!ring) return fail_early(error);
  std::unique_ptr<RingQueues> queues = RingQueues::create(2 * plan.slots + plan.workers + 4, error);
  if (!queues) return fail_early(error);
  ControlBlock& c = ring->control();
  Supervisor sup(*ring, *queues);
  // With SIGCHLD ignored the kernel reaps our children itself and waitpid
  // cannot tell how they ended; restore the default for the run.
  struct sigaction old_chld;
  struct sigaction dfl_chld {};
  dfl_chld.sa_handler = SIG_DFL;
  sigemptyset(&dfl_chld.sa_mask);
  ::sigaction(SIGCHLD, &dfl_chld, &old_chld);

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
    const pid_t pid = fork_role("ringtrim-worker", c, [&] {
      Processor processor = make_processor();
      return run_worker(*ring, *queues, processor, static_cast<std::uint32_t>(::getpid()));
    });
    if (pid < 0) fork_failed = true;
    else sup.children().push_back(Child{pid, false});
  }
  if (fork_failed)
    record_failure(c, std::string("cannot start a process: ") + std::strerror(errno), false,
                   kNoSeq);

  Placer placer(*ring, *queues, std::move(producer));
  bool eof = false;
  int interrupted = 0;
  for (;;) {
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
  sup.stop_all(c.control.load(std::memory_order_acquire) == kControlAbort ? kAbortGraceMs : 0);
  ::sigaction(SIGCHLD, &old_chld, nullptr);

  RunResult result;
  result.chunks = placer.placed();
  const std::uint32_t es = c.error_state.load(std::memory_order_acquire);
  if (es == 2) {
    result.error.assign(c.error_msg, c.error_len);
    result.input_error = c.error_input != 0;
  } else if (es == 1) {
    result.error = "a process failed while reporting its error";
  } else if (c.control.load() == kControlAbort) {
    result.error = "the run was aborted";
  } else if (c.result_ready.load(std::memory_order_acquire) != 1) {
    result.error = "the writer process ended without a result";
  } else {
    result.result_blob.resize(c.result_len.load());
    if (!read_all_at(ring->result_fd(), result.result_blob.data(), result.result_blob.size(),
                     0)) {
      result.error = std::string("cannot read the run's result back: ") + std::strerror(errno);
    } else {
      result.ok = true;
      result.exit_code = 0;
      return result;
    }
  }
  result.exit_code = interrupted != 0 ? 128 + interrupted : 1;
  return result;
}

}  // namespace ringtrim::ipc
