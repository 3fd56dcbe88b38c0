#include "ipc/base/run_config.hpp"

#include <utility>

#include "ipc/base/chunk.hpp"

namespace ringtrim::ipc {

bool check_run_config(const RunConfig& config, std::string& error) {
    if (config.workers < 1 || config.workers > 1024) {
        error = "number of workers must be between 1 and 1024, got " + std::to_string(config.workers);
        return false;
    }
    if (config.inputs < 1 || config.inputs > kMaxInputs) {
        error = "inputs per chunk must be 1 or 2, got " + std::to_string(config.inputs);
        return false;
    }
    if (config.outputs < 1 || config.outputs > kMaxOutputs) {
        error = "outputs per chunk must be between 1 and " + std::to_string(kMaxOutputs) + ", got " +
                std::to_string(config.outputs);
        return false;
    }
    if (config.slot_input_bytes < 1) {
        error = "slot input capacity must be at least 1 byte";
        return false;
    }
    if (config.max_retries < 0 || config.max_retries > kMaxRetriesLimit) {
        error = "the number of retries of a crashed chunk must be between 0 and " + std::to_string(kMaxRetriesLimit) +
                ", got " + std::to_string(config.max_retries);
        return false;
    }
    return true;
}

RunResult failed_run(std::string error) {
    RunResult r;
    r.error = std::move(error);
    return r;
}

void ProgressThrottle::report(std::uint64_t records_written, bool force) {
    if (!config_.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(kProgressIntervalMs)) return;
    last_ = now;
    if (force && records_written == last_reported_) return;
    last_reported_ = records_written;
    try {
        config_.progress(records_written);
    } catch (...) {
        // A progress display must not end the run.
    }
    // The interval counts from the end of this report, so two reports are
    // kProgressIntervalMs apart as the callback sees them, however long it took.
    last_ = std::chrono::steady_clock::now();
}

}  // namespace ringtrim::ipc
