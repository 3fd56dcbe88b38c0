// ProgressLine: the terminal progress line on stderr while a run goes on,
// e.g. "00:00:12  1,234,567 reads  102,880 reads/s", redrawn in place at most
// every 200 ms and erased before the report is printed. Inert when disabled
// (--quiet, or stderr not a terminal), so redirected stderr stays clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ringtrim::app {

class ProgressLine {
public:
    // Enabled when `wanted` and stderr is a terminal.
    explicit ProgressLine(bool wanted);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    bool enabled() const { return enabled_; }
    // `reads` written so far (pairs for paired-end input).
    void update(std::uint64_t reads);
    // Erases the line (idempotent).
    void clear();

    // "00:00:12  1,234,567 reads  102,880 reads/s" (no control characters).
    static std::string format(std::uint64_t reads, double seconds);

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace ringtrim::app
