// run: one entry point for a whole run, whichever transport carries the
// chunks. Every transport takes the same RunConfig and callbacks
// (base/chunk.hpp), gives the Consumer every chunk exactly once in seq
// order, reports the lowest failing seq's error and returns the same
// RunResult, so the output does not depend on the transport:
//
//   Transport::kRing    forked workers and writer over the shared-memory
//                       ring (ring/run_ring.hpp; --ipc shm, the default)
//   Transport::kQueue   the same processes, chunks copied through message
//                       queues (queue/run_queue.hpp; --ipc queue)
//   Transport::kSerial  this process alone (serial/run_serial.hpp; -j 1)
//
// The two forking transports share their parent (supervise/supervisor.hpp).
#pragma once

#include <functional>
#include <memory>

#include "ipc/base/chunk.hpp"
#include "ipc/base/run_config.hpp"

namespace ringtrim::ipc {

enum class Transport { kRing, kQueue, kSerial };

// "ring", "queue", "serial".
const char* transport_name(Transport t);

// REQUIRES (kRing, kQueue): called from a single-threaded context (they
// fork), with no other code of the process reaping our children.
RunResult run(const RunConfig& config, Transport transport, Producer producer,
              std::function<Processor()> make_processor, std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
