// run_queue: the queue-based twin of run_ring (--ipc queue, issue #7). Same
// parent, same forked workers and writer, same Producer / Processor /
// Consumer, same chunking; only the transport differs: the chunk bytes are
// COPIED through two Boost.Interprocess message queues instead of staying in
// a shared ring. See docs/design.md and ipc/queue/queue_transport.hpp.
//
//   parent ──input chains──> q_in ──> workers ──output chains──> q_out ──> writer
//   Producer (parent-local       Processor        Consumer (in seq order,
//   buffers, kept until          (one chain at     bounded reorder map)
//   the writer commits them)     a time each)
//
// A chunk larger than one message travels as a chain of fragments
// {seq, gen, index, count}; receivers reassemble. The parent keeps at most
// `window` chunks in flight (placed but not yet consumed; RingConfig::slots,
// or 2 * workers + 2), and keeps a copy of each of them, so that a chunk
// whose worker died can be resent.
//
// Guarantees (as run_ring):
//   * The Consumer sees every chunk exactly once, in seq order; the output is
//     independent of the worker count, of timing, and of worker crashes that
//     were retried.
//   * Any failure (a chunk's error, a producer error, a consumer exception, a
//     child that crashes or exits early, an interrupt) ends the run: every
//     child leaves (or is SIGKILLed after kAbortGraceMs) and is reaped before
//     run_queue returns. Of several failing chunks, the lowest seq's error is
//     reported; exit code 128 + signal for an interrupt.
//   * No wait is unbounded (all sleeps are futex waits of at most 100 ms, all
//     queue locks time out after 2000 ms); nothing is left in /dev/shm (the
//     queues are unlinked right after creation, and stale names of killed
//     runs are swept at startup, as run_ring does).
//
// Worker crashes: a worker that dies (a signal, or a non-zero exit without a
// recorded error) is replaced by a freshly forked one. The chunk it held
// (WorkerEntry: receiving, processing or sending it) is resent from the
// parent's copy, up to RingConfig::max_retries times; one more crash makes it
// a poison chunk: set aside through RingConfig::quarantine (the writer calls
// Consumer::quarantined in seq order) or the run fails, in seq order, with
// poison_message() ("records a to b crashed N worker processes (last: killed
// by signal 9 (Killed)); ..."). If the dead worker held the receive token it
// may have taken a fragment it never recorded, so every chunk in flight that
// no live worker holds is resent as well (the writer drops duplicates).
// Deaths without a chunk are limited to crash_budget(workers). A worker
// SIGKILLed inside a queue operation can leave that queue's mutex locked for
// ever (Boost 1.74 mutexes are not robust): the parent's probe (or the next
// lock attempt of any role) times out after 2000 ms and the run fails with
// "message queue q_in is wedged: ..." instead of hanging; queue mode has no
// spare queues to move to (the ring has). A writer crash always fails the
// run. RingConfig::progress and on_failure are honoured as in run_ring;
// RINGTRIM_FAULT is not (it targets the ring's queues).
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

#include "ipc/ring/shared_ring.hpp"
#include "ipc/roles/chunk.hpp"
#include "ipc/supervise/run_ring.hpp"

namespace ringtrim::ipc {

// `make_processor` is called once in each worker process (and in each
// replacement worker) and `make_consumer` once in the writer process, both
// after the fork. RingConfig::slot_output_bytes is ignored (outputs of any
// size travel as chains).
RunResult run_queue(const RingConfig& config, Producer producer,
                    std::function<Processor()> make_processor,
                    std::function<std::unique_ptr<Consumer>()> make_consumer);

}  // namespace ringtrim::ipc
