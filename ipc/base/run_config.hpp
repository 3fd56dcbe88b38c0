// RunConfig and RunResult: what a caller asks of one run (sizes, recovery
// policy, callbacks) and what it gets back, whichever transport carries the
// chunks (run/run.hpp: the shared-memory ring, message queues, or this
// process alone). Plain values owned by the caller; the callbacks run in the
// parent only and never cross a process boundary.
#pragma once

#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ipc/base/status.hpp"

namespace ringtrim::ipc {

struct ChunkInput;    // base/chunk.hpp
struct PrepareSteps;  // base/chunk.hpp

// How a run is sized, and its recovery policy and callbacks; the same for
// every transport. Zero means "derive from the other fields".
struct RunConfig {
    int workers = 1;                         // worker processes, >= 1
    int slots = 0;                           // ring slots, or chunks in flight; 0: 2 * workers + 2
    std::size_t slot_input_bytes = 4 << 20;  // capacity of each input stream
    std::size_t slot_output_bytes = 0;       // 0: inputs * slot_input_bytes
    int inputs = 1;                          // byte streams per chunk: 1 or 2
    int outputs = 1;                         // segments per chunk: 1..kMaxOutputs
    // Polled by the parent; when it becomes non-zero (e.g. set by a SIGINT
    // handler to the signal number) the run aborts with exit code 128 + value.
    const volatile std::sig_atomic_t* interrupt = nullptr;
    // A chunk whose worker dies (any signal, or a non-zero exit) is handed to
    // a freshly forked worker up to this many times (0..15); one
    // more crash makes it a poison chunk (see `quarantine`).
    int max_retries = 1;
    // A worker that holds one chunk longer than this (stopped, livelocked) is
    // SIGKILLed by the parent and handled as a crashed worker (retry, then
    // poison). 0: no limit.
    double worker_timeout_s = 0;
    // Called in the parent for a poison chunk, with the chunk's raw input
    // bytes. Returning ok sets the chunk aside: it is committed without
    // output (the writer calls Consumer::quarantined() in seq order) and the
    // run goes on. Returning an error (its message says why it could not) or
    // leaving this unset fails the run with a message naming input_label, the
    // records, the attempts and the last signal. Exceptions count as errors.
    std::function<Status(const ChunkInput& chunk)> quarantine;
    // Names the input in poison messages, e.g. "in_1.fq and in_2.fq".
    std::string input_label;
    // Called in the parent after every child is reaped when the run fails
    // (not on success), e.g. to remove temporary outputs a dead writer left.
    // Exceptions are ignored.
    std::function<void()> on_failure;
    // Called in the parent loop, at most every kProgressIntervalMs and once
    // more at the end of a successful run, with the number of records the
    // writer has committed so far. Never called when unset.
    std::function<void(std::uint64_t records_written)> progress;
    // Where temporary files go when TMPDIR, /tmp, /var/tmp and /dev/shm all
    // refuse them (see open_unlinked_temp); "" for none.
    std::string fallback_temp_dir;
    // The steps of chunks the Producer places raw (ProducedChunk::prepare);
    // only the ring transport prepares, the others fail such a chunk.
    // Null: no chunk is placed raw.
    std::shared_ptr<const PrepareSteps> prepare;
};

inline constexpr int kMaxRetriesLimit = 15;
inline constexpr int kProgressIntervalMs = 100;

// Checks the fields every transport uses (workers, inputs, outputs, chunk
// capacity, retries): an error names the first that is out of range.
Status check_run_config(const RunConfig& config);

// How many chunks a forking transport holds at once (the ring's slots, the
// queue design's window): RunConfig::slots, or 2 * workers + 2; an error
// outside 2..65536.
Result<int> chunks_in_flight(const RunConfig& config);

struct RunResult {
    bool ok = false;
    std::string error;         // set when !ok; no "ringtrim: error:" prefix
    bool input_error = false;  // the error blames the input
    // 0 ok; 1 any failure; 128 + signal when RunConfig::interrupt fired.
    int exit_code = 1;
    std::string result_blob;   // Consumer::finish()'s blob, when ok
    std::uint64_t chunks = 0;  // chunks placed

    // Crash recovery, filled whether or not the run succeeded.
    std::uint64_t worker_crashes = 0;       // worker processes that died
    std::uint64_t retried_chunks = 0;       // chunk attempts handed to a new worker
    std::uint64_t quarantined_chunks = 0;   // poison chunks set aside
    std::uint64_t quarantined_records = 0;  // their records
    std::uint32_t queue_rebuilds = 0;       // wedged queue sets retired
    std::uint64_t records_written = 0;      // records of committed chunks
};

// An early failure: a RunResult with `error` and exit code 1.
RunResult failed_run(std::string error);

// Calls RunConfig::progress (when set) at most every kProgressIntervalMs,
// and once more when forced at the end unless the count did not change.
// Exceptions from the callback are ignored. Parent-side, one per run.
class ProgressThrottle {
public:
    explicit ProgressThrottle(const RunConfig& config) : config_(config) {}
    // `records_written`: records of the chunks committed so far.
    void report(std::uint64_t records_written, bool force);
    bool wanted() const { return static_cast<bool>(config_.progress); }

private:
    const RunConfig& config_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    std::uint64_t last_reported_ = UINT64_MAX;
};

}  // namespace ringtrim::ipc
