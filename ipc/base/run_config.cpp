#include "ipc/base/run_config.hpp"

#include <utility>

#include "ipc/base/chunk.hpp"

namespace ringtrim::ipc {

Status check_run_config(const RunConfig& config) {
    if (config.workers < 1 || config.workers > 1024)
        return Status::error("number of workers must be between 1 and 1024, got " + std::to_string(config.workers));
    if (config.inputs < 1 || config.inputs > kMaxInputs)
        return Status::error("inputs per chunk must be 1 or 2, got " + std::to_string(config.inputs));
    if (config.outputs < 1 || config.outputs > kMaxOutputs)
        return Status::error("outputs per chunk must be between 1 and " + std::to_string(kMaxOutputs) + ", got " +
                             std::to_string(config.outputs));
    if (config.slot_input_bytes < 1) return Status::error("slot input capacity must be at least 1 byte");
    if (config.max_retries < 0 || config.max_retries > kMaxRetriesLimit)
        return Status::error("the number of retries of a crashed chunk must be between 0 and " +
                             std::to_string(kMaxRetriesLimit) + ", got " + std::to_string(config.max_retries));
    return {};
}

Result<int> chunks_in_flight(const RunConfig& config) {
    const int slots = config.slots == 0 ? 2 * config.workers + 2 : config.slots;
    if (slots < 2 || slots > 65536)
        return Status::error("ring size must be between 2 and 65536 slots, got " + std::to_string(slots));
    return slots;
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
