// Supervisor: the parent of a multi-process run, written once for every
// transport. It forks the writer and the workers, watches them, recovers
// from worker deaths and ends the run; a ParentTransport (the ring's, in
// ring/run_ring.cpp, or the queue design's, in queue/run_queue.cpp)
// does what differs: how a chunk is placed, handed to a worker and
// collected, and what a dead worker held.
//
//   loop:  kill_stalled -> reap (recover, replace) -> interrupt? abort?
//          -> every worker gone with work left? -> progress -> transport.step()
//          -> sleep on the transport's wake-up (at most kParentWaitMs)
//   end:   stop_all (grace, SIGKILL, reap) -> conclude_run -> RunResult
//
// Decided here, the same for every transport: a writer death fails the
// run; a worker death is counted, its chunk retried up to
// RunConfig::max_retries times and then poisoned (set aside through
// RunConfig::quarantine, or the run fails with poison_message()); deaths
// holding no chunk are limited to crash_budget(workers); a worker holding
// one chunk longer than RunConfig::worker_timeout_s is SIGKILLed; progress
// is reported at most every kProgressIntervalMs.
//
// Parent-side only; no object here crosses a process boundary.
// REQUIRES: single-threaded caller, no other code reaping our children.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ipc/base/chunk.hpp"
#include "ipc/base/control.hpp"
#include "ipc/base/fault.hpp"
#include "ipc/base/run_config.hpp"
#include "ipc/base/status.hpp"
#include "ipc/supervise/hold_watch.hpp"

namespace ringtrim::ipc {

// On a failure the parent waits this long for the children to leave by
// themselves (the writer then calls Consumer::abort()), then SIGKILLs them.
inline constexpr int kAbortGraceMs = 2000;
// The same after an interrupt (Ctrl-C, SIGTERM): everything is gone well
// within 2 s.
inline constexpr int kInterruptGraceMs = 1000;
// Longest sleep of the parent loop, and of its last turns once the writer
// has stored the result (only exits are left to see).
inline constexpr int kParentWaitMs = 50;
inline constexpr int kParentExitWaitMs = 2;

// Worker deaths without a chunk tolerated per run: max(3, workers).
inline int crash_budget(int workers) { return workers > 3 ? workers : 3; }

// A forked role process.
struct Child {
    pid_t pid = -1;
    int index = -1;  // worker index (a replacement takes over the index); -1: the writer
    bool alive = true;
    int status = 0;  // waitpid status, once !alive
};

// A worker seen holding a chunk, for --worker-timeout (HoldWatch).
struct Hold {
    std::uint64_t holder = 0;  // HoldWatch key: a slot (ring) or a pid (queue)
    std::uint64_t token = 0;   // changes with every new chunk; 0: holds nothing
    pid_t pid = -1;            // the process to kill when the hold expires
};

// What a worker's death meant, as the transport saw it.
enum class WorkerDeath {
    kHeldChunk,    // its chunk was put back for a retry, or poisoned
    kHeldNothing,  // charged to crash_budget()
    kRunFailed,    // the transport recorded the run's failure (e.g. a wedged queue)
};

class Supervisor;

// The transport's half of the parent. Every call comes from Supervisor::run,
// in the parent, one at a time.
class ParentTransport {
public:
    virtual ~ParentTransport() = default;

    virtual ControlBlock& control() const = 0;
    // The unlinked file the writer stores Consumer::finish()'s blob in.
    virtual int result_fd() const = 0;
    // fork_role() a writer / the worker with `index`; the pid, or -1 (errno).
    // The supervisor has flushed stdio.
    virtual pid_t fork_writer() = 0;
    virtual pid_t fork_worker(int index) = 0;
    // Appends what each worker holds now (children: the child table).
    virtual void list_holds(const std::vector<Child>& children, std::vector<Hold>& out) const = 0;
    // Worker `dead` ended uncleanly (a signal, a non-zero exit, a kill by
    // kill_stalled). `how` is "worker process PID was killed by ...", `last`
    // the same without the pid (for poison_message). Hands its chunk back
    // (Supervisor::may_retry) or poisons it (Supervisor::poison).
    virtual WorkerDeath on_worker_death(const Child& dead, const std::string& how, const std::string& last,
                                        Supervisor& sup) = 0;
    // After each reap pass (ring: follow a queue set change).
    virtual void after_reap(RunResult& stats) { (void)stats; }
    // True while some chunk still needs a worker (with every worker gone the
    // run could not end). `finishing`: the writer has stored the result.
    virtual bool needs_workers(bool finishing) const = 0;
    // One move of placing or sending; false when nothing could be done now
    // (the supervisor then sleeps).
    virtual bool step(bool finishing) = 0;
    // Sleeping: take a key, re-check, then sleep(key): returns at once if the
    // transport was woken since the key was taken, else on a wake-up or after
    // `timeout_ms`.
    virtual std::uint32_t wake_key() = 0;
    virtual void sleep(std::uint32_t key, int timeout_ms) = 0;
    // After an abort: wake every role so it sees control -1 at once.
    virtual void wake_all() {}
    virtual std::uint64_t placed() const = 0;
    // Records of the chunks the writer has committed (quarantined included).
    virtual std::uint64_t records_written() const = 0;
};

class Supervisor {
public:
    Supervisor(const RunConfig& config, ParentTransport& transport, int workers)
        : config_(config),
          transport_(transport),
          workers_(workers),
          watch_(config.worker_timeout_s),
          progress_(config) {}
    Supervisor(const Supervisor&) = delete;
    Supervisor& operator=(const Supervisor&) = delete;

    // The whole parent side of the run: forks, supervises, stops and reaps
    // every child, concludes. Returns with no child left.
    RunResult run();

    // ---- for ParentTransport::on_worker_death ----
    const RunConfig& config() const { return config_; }
    const std::vector<Child>& children() const { return children_; }
    // A chunk's worker died for the `attempts`-th time: true (counted as a
    // retry) when it may go to another worker.
    bool may_retry(std::uint32_t attempts);
    // A poison chunk: hands its input (`fill_input` fills it, called only
    // when RunConfig::quarantine is set) to RunConfig::quarantine. True when
    // set aside (counted); else `message` is the chunk's error, naming the
    // records, the attempts and `last`.
    bool poison(const std::function<void(ChunkInput&)>& fill_input, std::uint64_t first_record, std::uint64_t records,
                std::uint32_t attempts, const std::string& last, std::string& message);
    // What the run reports if every worker is gone ("worker process ...").
    void set_last_crash(std::string text) { last_crash_ = std::move(text); }

private:
    pid_t fork_worker(int index);
    void kill_stalled();
    void reap();
    void on_exit(const Child& ch);
    bool finished() const;
    int live() const;
    int live_workers() const;
    void stop_all(int grace_ms);
    void kill_and_reap_all();
    void report_progress(bool force);

    const RunConfig& config_;
    ParentTransport& transport_;
    int workers_;
    std::vector<Child> children_;
    std::string last_crash_;
    int slotless_deaths_ = 0;
    RunResult stats_;
    HoldWatch watch_;
    std::vector<Hold> holds_;       // scratch of kill_stalled()
    std::vector<pid_t> timed_out_;  // workers killed by kill_stalled()
    ProgressThrottle progress_;
};

// The parent's process-wide settings for one run. load_faults() reads
// RINGTRIM_FAULT (test-only, base/fault.hpp); start() restores the default
// SIGCHLD action for the run (with SIGCHLD ignored the kernel reaps children
// itself and waitpid cannot tell how they ended) and activates the fault
// plan, which forked children inherit. The destructor undoes both.
class RunScope {
public:
    RunScope() = default;
    ~RunScope();
    RunScope(const RunScope&) = delete;
    RunScope& operator=(const RunScope&) = delete;

    // An error when RINGTRIM_FAULT is set but malformed.
    Status load_faults();
    void start();

private:
    FaultPlan faults_;
    struct sigaction old_chld_ {};
    bool started_ = false;
};

// The end of a run once every child is reaped: fills `result` from the
// control block (the first recorded error, an abort, a missing result) or
// reads the writer's result blob from `result_fd`. On failure sets exit_code
// (128 + `interrupted` after an interrupt, else 1) and calls
// config.on_failure. Returns result.ok.
bool conclude_run(const ControlBlock& c, int result_fd, bool aborted, int interrupted, const RunConfig& config,
                  RunResult& result);

}  // namespace ringtrim::ipc
