// run_serial: the third transport, with no process at all. The calling
// process runs Producer, Processor and Consumer one chunk after the other
// (-j 1 without --quarantine or --worker-timeout), through the same
// callbacks and with the same errors, in the same seq order as run_ring and
// run_queue, so the bytes written do not depend on the transport.
//
//   Producer -> Processor -> Consumer::consume, chunk by chunk; then finish()
//
// What differs: nothing can crash alone, so RunConfig::max_retries,
// worker_timeout_s and quarantine are not used (a caller that needs them
// asks for a worker process: run_ring with one worker); `workers` and
// `slots` are not used either. The first failing chunk ends the run, which
// is the error the other transports report too (the lowest seq's).
// RunConfig::interrupt is checked after each chunk is produced; a producer,
// consumer or factory failure while it is set is reported as the interrupt
// (an interrupted read or write is not the input's fault), exit code
// 128 + signal. Consumer::abort() runs on every failure, then
// RunConfig::on_failure.
//
// REQUIRES: the callbacks may be called on this thread; nothing is forked.
#pragma once

#include <functional>
#include <memory>

#include "ipc/base/chunk.hpp"
#include "ipc/base/run_config.hpp"

namespace ringtrim::ipc {

// `make_processor` and `make_consumer` are each called once, first.
RunResult run_serial(const RunConfig& config, Producer producer, std::function<Processor()> make_processor,
                     std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
