// The worker and writer roles of queue mode (run_queue). Each runs in its
// own forked process over the inherited SharedState and ChunkQueues.
//
// Worker w:
//   1. take the receive token (CAS token_holder 0 -> pid; else sleep on
//      token_ev): only the holder receives from q_in, so one chain's
//      fragments all reach one worker;
//   2. receive fragments until one input chain is complete (publishing
//      {seq, gen} in WorkerEntry w from fragment 0 on), drop strays;
//   3. release the token, run the Processor, send the output chain to q_out;
//   4. clear WorkerEntry w.
//
// Writer: receives output fragments from every worker, reassembles them per
// {seq, gen}, keeps complete chunks in a map bounded by the parent's window
// and hands them to the Consumer strictly in seq order; a chunk that the
// parent failed (FailedChunk) or whose output carries an error ends the run
// in seq order. Duplicates (a resent chunk) are dropped.
#pragma once

#include <cstddef>

#include "ipc/base/chunk.hpp"
#include "ipc/queue/queue_transport.hpp"

namespace ringtrim::ipc::queue_mode {

struct RolePlan {
    int inputs = 1;
    int outputs = 1;
};

// Returns the process exit code.
int run_queue_worker(const SharedState& state, ChunkQueues& queues, int index, const RolePlan& plan,
                     const Processor& processor);
int run_queue_writer(const SharedState& state, ChunkQueues& queues, const RolePlan& plan, int result_fd,
                     Consumer& consumer);

// True when the run is over for a worker: aborted, or every placed chunk is
// committed.
bool run_is_over(const ControlBlock& c);

}  // namespace ringtrim::ipc::queue_mode
