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
//     gen+1) up to RunConfig::max_retries times. A chunk that crashes more
//     often is a poison chunk: set aside through RunConfig::quarantine (the
//     writer calls Consumer::quarantined in seq order), or the run fails
//     with poison_message(). Worker deaths that hold no chunk are limited to
//     crash_budget(workers) per run, so a worker that cannot start does not
//     become a fork storm; each chunk's own retries are limited by
//     max_retries.
//   * A worker killed inside a message-queue operation cannot stall the run:
//     the wedged queue set is retired and every role moves to a spare
//     (ring/doorbells.hpp).
//   * Any failure (a chunk's error, a poison chunk, a producer error, a
//     consumer exception, the writer's death, an interrupt) ends the run:
//     every child leaves (or is SIGKILLed after kAbortGraceMs, or
//     kInterruptGraceMs for an interrupt) and is reaped, then
//     RunConfig::on_failure runs, before run_ring returns. Of several
//     failing chunks, the lowest seq's error is reported.
//   * Children die with the parent (PR_SET_PDEATHSIG, and a getppid() check
//     in every wait slice). At startup run_ring removes /dev/shm names of
//     dead runs (shm_sweep.hpp).
//   * No wait is unbounded; nothing is left in /dev/shm or on disk.
//
// Test-only faults: RINGTRIM_FAULT (base/fault.hpp) is read once per call.
//
// REQUIRES: called from a single-threaded context (it forks), with no other
// code of the process reaping our children (waitpid(-1) elsewhere).
#pragma once

#include <functional>
#include <memory>

#include "ipc/base/chunk.hpp"
#include "ipc/base/run_config.hpp"
#include "ipc/supervise/supervisor.hpp"

namespace ringtrim::ipc {

// `make_processor` is called once in each worker process and
// `make_consumer` once in the writer process, both after the fork.
RunResult run_ring(const RunConfig& config, Producer producer, std::function<Processor()> make_processor,
                   std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
