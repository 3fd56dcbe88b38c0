#include "ipc/io/interrupt.hpp"

namespace ringtrim::io {

// Constant-initialised: valid before main and in a signal handler.
constinit InterruptFlag InterruptFlag::process_;

InterruptFlag& InterruptFlag::process() noexcept { return process_; }

}  // namespace ringtrim::io
