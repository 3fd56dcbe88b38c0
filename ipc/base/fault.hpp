// Test-only fault injection: the RINGTRIM_FAULT environment variable makes a
// worker or the writer crash, hang or die holding a queue lock on a chosen
// chunk, so every recovery path can be tested deterministically. Inert unless
// set: RunScope (supervise/supervisor.hpp) parses it once per run, in the
// parent before forking, and the roles test one pointer per chunk. Grammar
// (docs/reliability.md):
//
//   RINGTRIM_FAULT = fault { ("," | ";") fault }          at most kMaxFaults
//   fault          = role ":" "seq=" N { ":" option }
//   role           = "worker" | "writer"
//   option         = "sig=" (NAME | NUMBER)   NAME: SEGV, KILL, ABRT, BUS, ILL, FPE, TERM, ...
//                  | "times=" N               fire at most N times per run (default: every time)
//                  | "exit=" N                _exit(N) instead of a signal
//                  | "hang"                   sleep forever (only SIGKILL ends it)
//                  | "at=" ("queue" | "work" | "done")
//                                             worker only: lock that message queue's mutex,
//                                             then die (default sig=KILL, times=1)
//
// A worker fires after claiming chunk `seq`, before the Processor runs; the
// writer fires before Consumer::consume() of chunk `seq`. The `times`
// counters live in the ControlBlock, so "times=1" means once per run.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/base/control.hpp"
#include "ipc/base/status.hpp"

namespace ringtrim::ipc {

struct Fault {
    enum class Role { kWorker, kWriter };
    enum class Action { kSignal, kExit, kHang, kQueueLock };
    enum class Queue { kWork, kDone };  // the ring's doorbell queues an at= fault locks
    Role role = Role::kWorker;
    std::uint64_t seq = 0;
    Action action = Action::kSignal;
    int signal = 9;              // kSignal, kQueueLock
    int exit_code = 1;           // kExit
    Queue queue = Queue::kWork;  // kQueueLock: at=queue|work, at=done
    std::uint32_t times = 0;     // 0: every time
};

struct FaultPlan {
    std::vector<Fault> faults;
};

// Parses the grammar above; an error quotes the bad entry and says why.
Result<FaultPlan> parse_faults(std::string_view text);

// The message queues an "at=" fault locks, as the transport that has them
// offers them (the ring's doorbells, ring/doorbells.hpp).
class FaultQueues {
public:
    // Locks queue `q`'s mutex and never unlocks it; false if it cannot be
    // reached.
    virtual bool lock_forever(Fault::Queue q) noexcept = 0;

protected:
    ~FaultQueues() = default;
};

namespace detail {
extern const FaultPlan* g_active_faults;
void fire_faults(const FaultPlan& plan, Fault::Role role, std::uint64_t seq, ControlBlock& c, FaultQueues* queues);
}  // namespace detail

// The plan the roles consult; null when RINGTRIM_FAULT is unset. Set by
// RunScope in the parent before forking (children inherit it) and cleared
// when the run ends. `plan` must outlive the run.
inline const FaultPlan* active_faults() { return detail::g_active_faults; }
inline void set_active_faults(const FaultPlan* plan) { detail::g_active_faults = plan; }

// Called by a role about to handle chunk `seq`. Costs one pointer test when
// no fault is set; a matching fault does not return (except an exhausted
// `times`, or an "at=" fault with no `queues` or an unreachable mutex).
inline void fault_point(Fault::Role role, std::uint64_t seq, ControlBlock& c, FaultQueues* queues) {
    if (detail::g_active_faults != nullptr) detail::fire_faults(*detail::g_active_faults, role, seq, c, queues);
}

}  // namespace ringtrim::ipc
