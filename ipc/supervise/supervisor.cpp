#include "ipc/supervise/supervisor.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

#include "ipc/base/control.hpp"
#include "ipc/base/temp_file.hpp"
#include "ipc/supervise/child.hpp"

namespace ringtrim::ipc {

namespace {

constexpr int kReapPollMs = 5;
constexpr const char* kPoisonAdvice = "rerun with --quarantine FILE to set such records aside";

}  // namespace

bool Supervisor::may_retry(std::uint32_t attempts) {
    if (attempts > static_cast<std::uint32_t>(config_.max_retries)) return false;
    ++stats_.retried_chunks;
    return true;
}

bool Supervisor::poison(const std::function<void(ChunkInput&)>& fill_input, std::uint64_t first_record,
                        std::uint64_t records, std::uint32_t attempts, const std::string& last, std::string& message) {
    bool set_aside = false;
    if (config_.quarantine) {
        ChunkInput in;
        fill_input(in);
        std::string why;
        try {
            const Status kept = config_.quarantine(in);
            set_aside = kept.ok();
            why = kept.message();
        } catch (const std::exception& e) {
            why = e.what();
        } catch (...) {
            why = "unknown exception";
        }
        if (!set_aside)
            message = poison_message(config_.input_label, first_record, records, attempts, last,
                                     "cannot set them aside" + (why.empty() ? "" : ": " + why));
    } else {
        message = poison_message(config_.input_label, first_record, records, attempts, last, kPoisonAdvice);
    }
    if (set_aside) {
        ++stats_.quarantined_chunks;
        stats_.quarantined_records += records;
    } else {
        last_crash_ = message;
    }
    return set_aside;
}

pid_t Supervisor::fork_worker(int index) {
    std::fflush(nullptr);
    const pid_t pid = transport_.fork_worker(index);
    if (pid >= 0) children_.push_back(Child{pid, index});
    return pid;
}

// Kills every worker that has held its chunk longer than
// RunConfig::worker_timeout_s; reap() then sees it as crashed.
void Supervisor::kill_stalled() {
    holds_.clear();
    transport_.list_holds(children_, holds_);
    for (const Hold& h : holds_) {
        if (!watch_.expired(h.holder, h.token)) continue;
        timed_out_.push_back(h.pid);
        ::kill(h.pid, SIGKILL);
    }
}

// Reaps every child that has ended, without blocking, and recovers from
// worker deaths.
void Supervisor::reap() {
    // Index loop: recovery appends replacement workers.
    for (std::size_t k = 0; k < children_.size(); ++k) {
        if (!children_[k].alive) continue;
        int status = 0;
        if (::waitpid(children_[k].pid, &status, WNOHANG) == children_[k].pid) {
            children_[k].alive = false;
            children_[k].status = status;
            const Child ch = children_[k];
            on_exit(ch);
        }
    }
    transport_.after_reap(stats_);
}

bool Supervisor::finished() const {
    const ControlBlock& c = transport_.control();
    return c.result_ready.load(std::memory_order_acquire) == 1 ||
           c.control.load(std::memory_order_acquire) == kControlAbort;
}

void Supervisor::on_exit(const Child& ch) {
    ControlBlock& c = transport_.control();
    const bool clean = WIFEXITED(ch.status) && WEXITSTATUS(ch.status) == 0;
    if (ch.index < 0) {
        if (clean && finished()) return;                                 // finished, or left after an abort
        if (c.error_state.load(std::memory_order_acquire) != 0) return;  // it reported
        record_failure(c, "writer process " + std::to_string(ch.pid) + " " + describe_wait_status(ch.status), false,
                       kNoSeq);
        return;
    }
    if (clean || finished()) return;  // all output is out, or the run is over anyway
    ++stats_.worker_crashes;
    const bool timed_out = std::count(timed_out_.begin(), timed_out_.end(), ch.pid) != 0;
    const std::string how = "worker process " + std::to_string(ch.pid) + " " +
                            (timed_out ? timeout_text(watch_.timeout_s()) : describe_wait_status(ch.status));
    last_crash_ = how;
    const WorkerDeath death = transport_.on_worker_death(
        ch, how, timed_out ? timeout_text(watch_.timeout_s()) : describe_crash(ch.status), *this);
    if (death == WorkerDeath::kRunFailed) return;
    if (death == WorkerDeath::kHeldNothing && ++slotless_deaths_ > crash_budget(workers_)) {
        record_failure(
            c,
            how + "; " + std::to_string(slotless_deaths_) + " worker processes died without holding a chunk, giving up",
            false, kNoSeq);
        return;
    }
    if (c.control.load(std::memory_order_acquire) == kControlAbort) return;
    if (fork_worker(ch.index) < 0)
        record_failure(c, how + "; cannot start a replacement: " + std::strerror(errno), false, kNoSeq);
}

int Supervisor::live() const {
    int n = 0;
    for (const Child& ch : children_) n += ch.alive ? 1 : 0;
    return n;
}

int Supervisor::live_workers() const {
    int n = 0;
    for (const Child& ch : children_) n += (ch.alive && ch.index >= 0) ? 1 : 0;
    return n;
}

// Gives the children up to `grace_ms` to leave by themselves (they see
// control -1 within one wait slice and clean up), then SIGKILLs the rest
// and reaps everything.
void Supervisor::stop_all(int grace_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    while (live() > 0 && std::chrono::steady_clock::now() < deadline) {
        const std::uint32_t key = transport_.wake_key();
        for (Child& ch : children_) {
            if (!ch.alive) continue;
            int status = 0;
            if (::waitpid(ch.pid, &status, WNOHANG) == ch.pid) {
                ch.alive = false;
                ch.status = status;
            }
        }
        if (live() > 0) transport_.sleep(key, kReapPollMs);  // a timed sleep
    }
    kill_and_reap_all();
}

void Supervisor::kill_and_reap_all() {
    for (Child& ch : children_)
        if (ch.alive) ::kill(ch.pid, SIGKILL);
    for (Child& ch : children_) {
        if (!ch.alive) continue;
        int status = 0;
        while (::waitpid(ch.pid, &status, 0) < 0 && errno == EINTR) {
        }
        ch.alive = false;
        ch.status = status;
    }
}

void Supervisor::report_progress(bool force) {
    // records_written() may scan the transport's state: only when wanted.
    if (progress_.wanted()) progress_.report(transport_.records_written(), force);
}

RunResult Supervisor::run() {
    ControlBlock& c = transport_.control();
    c.parent_pid = static_cast<std::int32_t>(::getpid());
    std::fflush(nullptr);
    bool fork_failed = false;
    {
        const pid_t pid = transport_.fork_writer();
        if (pid < 0)
            fork_failed = true;
        else
            children_.push_back(Child{pid, -1});
    }
    for (int w = 0; w < workers_ && !fork_failed; ++w) fork_failed = fork_worker(w) < 0;
    if (fork_failed) record_failure(c, std::string("cannot start a process: ") + std::strerror(errno), false, kNoSeq);

    int interrupted = 0;
    for (;;) {
        const std::uint32_t key = transport_.wake_key();
        kill_stalled();
        reap();
        if (config_.interrupt != nullptr && *config_.interrupt != 0 && interrupted == 0) {
            interrupted = static_cast<int>(*config_.interrupt);
            record_failure(c, "interrupted by signal " + std::to_string(interrupted), false, kNoSeq);
        }
        if (c.control.load(std::memory_order_acquire) == kControlAbort) break;
        if (live() == 0) break;
        const bool finishing = c.result_ready.load(std::memory_order_acquire) == 1;
        // With every worker gone, a chunk still waiting would wait for ever.
        if (live_workers() == 0 && transport_.needs_workers(finishing)) {
            record_failure(c, last_crash_.empty() ? "all worker processes exited early" : last_crash_, false, kNoSeq);
            break;
        }
        report_progress(false);
        if (transport_.step(finishing)) continue;
        // A wake-up or a timed sleep; short once only exits are left to see.
        const bool exiting = c.result_ready.load(std::memory_order_acquire) == 1;
        transport_.sleep(key, exiting ? kParentExitWaitMs : kParentWaitMs);
    }
    const bool aborted = c.control.load(std::memory_order_acquire) == kControlAbort;
    if (aborted) transport_.wake_all();
    stop_all(!aborted ? 0 : interrupted != 0 ? kInterruptGraceMs : kAbortGraceMs);
    reap();  // every child is already reaped; the transport sees the last changes

    RunResult result = stats_;
    result.chunks = transport_.placed();
    result.records_written = transport_.records_written();
    const bool aborted_now = c.control.load(std::memory_order_acquire) == kControlAbort;
    if (conclude_run(c, transport_.result_fd(), aborted_now, interrupted, config_, result)) report_progress(true);
    return result;
}

Status RunScope::load_faults() {
    const char* f = std::getenv("RINGTRIM_FAULT");
    if (f == nullptr || *f == '\0') return {};
    Result<FaultPlan> plan = parse_faults(f);
    if (!plan.ok()) return Status::error("RINGTRIM_FAULT: " + plan.message());
    faults_ = std::move(*plan);
    return {};
}

void RunScope::start() {
    struct sigaction dfl_chld {};
    dfl_chld.sa_handler = SIG_DFL;
    sigemptyset(&dfl_chld.sa_mask);
    ::sigaction(SIGCHLD, &dfl_chld, &old_chld_);
    set_active_faults(faults_.faults.empty() ? nullptr : &faults_);
    started_ = true;
}

RunScope::~RunScope() {
    if (!started_) return;
    ::sigaction(SIGCHLD, &old_chld_, nullptr);
    set_active_faults(nullptr);
}

bool conclude_run(const ControlBlock& c, int result_fd, bool aborted, int interrupted, const RunConfig& config,
                  RunResult& result) {
    const std::uint32_t es = c.error_state.load(std::memory_order_acquire);
    if (es == 2) {
        result.error.assign(c.error_msg, c.error_len);
        result.input_error = c.error_input != 0;
    } else if (es == 1) {
        result.error = "a process failed while reporting its error";
    } else if (aborted) {
        result.error = "the run was aborted";
    } else if (c.result_ready.load(std::memory_order_acquire) != 1) {
        result.error = "the writer process ended without a result";
    } else {
        result.result_blob.resize(c.result_len.load());
        if (read_all_at(result_fd, result.result_blob.data(), result.result_blob.size(), 0)) {
            result.ok = true;
            result.exit_code = 0;
            return true;
        }
        result.error = std::string("cannot read the run's result back: ") + std::strerror(errno);
    }
    result.exit_code = interrupted != 0 ? 128 + interrupted : 1;
    if (config.on_failure) {
        try {
            config.on_failure();
        } catch (...) {
            // The run has failed already; its first error is what counts.
        }
    }
    return false;
}

}  // namespace ringtrim::ipc
