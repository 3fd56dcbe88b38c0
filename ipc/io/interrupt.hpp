// InterruptFlag: this process's interrupt flag, the one object that says a
// signal asked the run to stop.
//
// A signal handler can reach only static storage, so the process has exactly
// one, owned here, in ringtrim_io (the lowest layer that reads it): zero
// before main, never destroyed, and the only state ringtrim_io keeps. Who
// uses it:
//
//   writes  the app's signal handler (apps/ringtrim/interrupt.cpp), once:
//           the number of the first interrupting signal
//   reads   ringtrim_io's blocking calls: an open(), read() or write() that
//           returns EINTR while the flag is raised throws IoError(FILE,
//           "interrupted") instead of retrying (with it down, EINTR is
//           retried); ipc::run through RunConfig::interrupt = &word(),
//           which the app passes explicitly
//
// Until the app installs its handlers nothing raises it, so a test or a
// program that installs none sees EINTR retried, as before. A forked child
// inherits its value; the children block the interrupting signals.
#pragma once

#include <csignal>

namespace ringtrim::io {

class InterruptFlag {
public:
    // The process's flag. Async-signal-safe.
    static InterruptFlag& process() noexcept;

    // Async-signal-safe: for the app's signal handler.
    void raise(int sig) noexcept { signal_ = sig; }
    // 0, or the signal that raised the flag.
    int signal() const noexcept { return signal_; }
    bool raised() const noexcept { return signal_ != 0; }
    // The flag as ipc::RunConfig::interrupt reads it.
    const volatile std::sig_atomic_t& word() const noexcept { return signal_; }

    InterruptFlag(const InterruptFlag&) = delete;
    InterruptFlag& operator=(const InterruptFlag&) = delete;

private:
    constexpr InterruptFlag() = default;
    static InterruptFlag process_;  // constant-initialised (interrupt.cpp)
    volatile std::sig_atomic_t signal_ = 0;
};

}  // namespace ringtrim::io
