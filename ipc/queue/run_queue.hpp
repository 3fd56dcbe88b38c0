// run_queue: the queue design (--ipc queue, issue #7). Same parent
// (supervise/supervisor.hpp: forking, crash recovery, poison and quarantine,
// --worker-timeout, progress, the end of the run), same forked workers and
// writer, same Producer / Processor / Consumer and chunking as run_ring; only
// the transport differs: the chunk bytes are COPIED through two
// Boost.Interprocess message queues instead of staying in a shared ring. See
// docs/design.md and ipc/queue/queue_transport.hpp.
//
//   parent ──input chains──> q_in ──> workers ──output chains──> q_out ──> writer
//   Producer (parent-local       Processor        Consumer (in seq order,
//   buffers, kept until          (one chain at     bounded reorder map)
//   the writer commits them)     a time each)
//
// A chunk larger than one message travels as a chain of fragments
// {seq, gen, index, count}; receivers reassemble. The parent keeps at most
// `window` chunks in flight (placed but not yet consumed; RunConfig::slots,
// or 2 * workers + 2), and keeps a copy of each of them, so that a chunk
// whose worker died can be resent.
//
// Guarantees: those of run_ring (ring/run_ring.hpp), except that a
// worker SIGKILLed inside a queue operation can leave that queue's mutex
// locked for ever (Boost 1.74 mutexes are not robust) and there are no spare
// queues to move to: the parent's probe after the death (or the next lock
// attempt of any role) times out after 2000 ms and the run fails with
// "message queue q_in is wedged: ..." instead of hanging. All sleeps are
// futex waits of at most 100 ms.
//
// What a dead worker held: its WorkerEntry names the chunk it was receiving,
// processing or sending; that chunk is resent from the parent's copy (or
// poisoned, by the supervisor's rules). If it held the receive token it may
// have taken a fragment it never recorded, so every chunk in flight that no
// live worker holds is resent as well (the writer drops duplicates).
//
// RINGTRIM_FAULT (base/fault.hpp) is read once per call as in run_ring;
// worker and writer faults fire at the same chunks, "at=queue" faults need
// the ring's doorbell queues and do nothing here.
//
// Limits: messages are at most kMaxMessageBytes (256 KiB); each queue holds
// up to 4 MiB of messages (at least 4, at most 64 messages), so a run needs
// about 8 MiB of free /dev/shm, checked with statvfs before creating the
// queues. Parent memory: window * inputs * slot_input_bytes.
//
// REQUIRES: called from a single-threaded context (it forks), with no other
// code of the process reaping our children (waitpid(-1) elsewhere).
#pragma once

#include <functional>
#include <memory>

#include "ipc/base/chunk.hpp"
#include "ipc/base/run_config.hpp"

namespace ringtrim::ipc {

// `make_processor` is called once in each worker process (and in each
// replacement worker) and `make_consumer` once in the writer process, both
// after the fork. RunConfig::slot_output_bytes only sizes the output
// messages (outputs of any size travel as chains).
RunResult run_queue(const RunConfig& config, Producer producer, std::function<Processor()> make_processor,
                    std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
