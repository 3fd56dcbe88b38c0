// run_ring: the whole multi-process run. The calling process becomes the
// parent (reader + supervisor); it forks one writer and `workers` worker
// processes over a shared ring, places chunks from the Producer, watches its
// children and returns when the run ends. See docs/design.md.
//
//   parent ──WORK──> workers ──DONE──> writer ──FREE──> parent
//      └── Producer     └── Processor     └── Consumer
//
// Guarantees:
//   * The Consumer sees every chunk exactly once, in seq order; the output is
//     therefore independent of the worker count and of timing.
//   * Any failure (a chunk's error, a producer error, a consumer exception, a
//     child that crashes or exits early, an interrupt) ends the run: every
//     child leaves (or is SIGKILLed after kAbortGraceMs) and is reaped
//     before run_ring returns. Of several failing chunks, the lowest seq's
//     error is reported.
//   * No wait is unbounded; nothing is left in /dev/shm or on disk.
//
// REQUIRES: called from a single-threaded context (it forks), with no other
// code of the process reaping our children (waitpid(-1) elsewhere).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ipc/ring/shared_ring.hpp"
#include "ipc/roles/chunk.hpp"

namespace ringtrim::ipc {

// On a failure the parent waits this long for the children to leave by
// themselves (the writer then calls Consumer::abort()), then SIGKILLs them.
inline constexpr int kAbortGraceMs = 2000;

struct RunResult {
  bool ok = false;
  std::string error;          // set when !ok; no "ringtrim: error:" prefix
  bool input_error = false;   // the error blames the input
  // 0 ok; 1 any failure; 128 + signal when RingConfig::interrupt fired.
  int exit_code = 1;
  std::string result_blob;    // Consumer::finish()'s blob, when ok
  std::uint64_t chunks = 0;   // chunks placed
};

// `make_processor` is called once in each worker process and
// `make_consumer` once in the writer process, both after the fork.
RunResult run_ring(const RingConfig& config, Producer producer,
                   std::function<Processor()> make_processor,
                   std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
