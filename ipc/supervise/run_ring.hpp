// run_ring: the whole multi-process run. The calling process becomes the
// parent (reader + supervisor); it forks one writer and `workers` worker
// processes over a shared ring, places chunks from the Producer, watches its
// children and returns when the run ends. See docs/design.md.
//
//   parent ──WORK──> workers ──DONE──> writer ──FREE──> parent
//      └── Producer     └── Processor     └── Consumer
//
// Guarantees (docs/reliability.md lists the test of each):
//   * The Consumer sees every chunk exactly once, in seq order; the output is
//     therefore independent of the worker count, of timing and of crashes.
//   * A worker that dies (any signal, or a non-zero exit) is replaced by a
//     newly forked one; every chunk it held goes back to READY (attempts+1,
//     gen+1) up to RingConfig::max_retries times. A chunk that crashes more
//     often is a poison chunk: set aside through RingConfig::quarantine (the
//     writer calls Consumer::quarantined in seq order), or the run fails
//     with poison_message(). Worker deaths that hold no chunk are limited to
//     crash_budget(workers) per run, so a worker that cannot start does not
//     become a fork storm; each chunk's own retries are limited by
//     max_retries.
//   * A worker killed inside a message-queue operation cannot stall the run:
//     the wedged queue set is retired and every role moves to a spare
//     (ring/queues.hpp).
//   * Any failure (a chunk's error, a poison chunk, a producer error, a
//     consumer exception, the writer's death, an interrupt) ends the run:
//     every child leaves (or is SIGKILLed after kAbortGraceMs, or
//     kInterruptGraceMs for an interrupt) and is reaped, then
//     RingConfig::on_failure runs, before run_ring returns. Of several
//     failing chunks, the lowest seq's error is reported.
//   * Children die with the parent (PR_SET_PDEATHSIG, and a getppid() check
//     in every wait slice). At startup run_ring removes /dev/shm names of
//     dead runs (shm_sweep.hpp).
//   * No wait is unbounded; nothing is left in /dev/shm or on disk.
//
// Test-only faults: RINGTRIM_FAULT (roles/fault.hpp) is read once per call.
//
// REQUIRES: called from a single-threaded context (it forks), with no other
// code of the process reaping our children (waitpid(-1) elsewhere).
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ipc/ring/shared_ring.hpp"
#include "ipc/roles/chunk.hpp"
#include "ipc/roles/fault.hpp"

namespace ringtrim::ipc {

// On a failure the parent waits this long for the children to leave by
// themselves (the writer then calls Consumer::abort()), then SIGKILLs them.
inline constexpr int kAbortGraceMs = 2000;
// The same after an interrupt (Ctrl-C, SIGTERM): everything is gone well
// within 2 s.
inline constexpr int kInterruptGraceMs = 1000;

// Worker deaths without a chunk tolerated per run: max(3, workers).
inline int crash_budget(int workers) { return workers > 3 ? workers : 3; }

struct RunResult {
  bool ok = false;
  std::string error;          // set when !ok; no "ringtrim: error:" prefix
  bool input_error = false;   // the error blames the input
  // 0 ok; 1 any failure; 128 + signal when RingConfig::interrupt fired.
  int exit_code = 1;
  std::string result_blob;    // Consumer::finish()'s blob, when ok
  std::uint64_t chunks = 0;   // chunks placed

  // Crash recovery, filled whether or not the run succeeded.
  std::uint64_t worker_crashes = 0;       // worker processes that died
  std::uint64_t retried_chunks = 0;       // chunk attempts handed to a new worker
  std::uint64_t quarantined_chunks = 0;   // poison chunks set aside
  std::uint64_t quarantined_records = 0;  // their records
  std::uint32_t queue_rebuilds = 0;       // wedged queue sets retired
  std::uint64_t records_written = 0;      // records of committed chunks
};

// An early failure: a RunResult with `error` and exit code 1.
RunResult failed_run(std::string error);

// The parent's process-wide settings for one run, shared by run_ring and
// run_queue. load_faults() reads RINGTRIM_FAULT (test-only, roles/fault.hpp);
// start() restores the default SIGCHLD action for the run (with SIGCHLD
// ignored the kernel reaps children itself and waitpid cannot tell how they
// ended) and activates the fault plan, which forked children inherit. The
// destructor undoes both.
class RunScope {
 public:
  RunScope() = default;
  ~RunScope();
  RunScope(const RunScope&) = delete;
  RunScope& operator=(const RunScope&) = delete;

  // False, with `error` set, when RINGTRIM_FAULT is set but malformed.
  bool load_faults(std::string& error);
  void start();

 private:
  FaultPlan faults_;
  struct sigaction old_chld_ {};
  bool started_ = false;
};

// The end of a run once every child is reaped, shared by run_ring and
// run_queue: fills `result` from the control block (the first recorded
// error, an abort, a missing result) or reads the writer's result blob from
// `result_fd`. On failure sets exit_code (128 + `interrupted` after an
// interrupt, else 1) and calls config.on_failure. Returns result.ok.
bool conclude_run(const ControlBlock& c, int result_fd, bool aborted, int interrupted,
                  const RingConfig& config, RunResult& result);

// `make_processor` is called once in each worker process and
// `make_consumer` once in the writer process, both after the fork.
RunResult run_ring(const RingConfig& config, Producer producer,
                   std::function<Processor()> make_processor,
                   std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
