#include "ipc/base/control.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace ringtrim::ipc {

bool record_failure(ControlBlock& c, std::string_view message, bool input_error, std::uint64_t seq) {
    std::uint32_t expected = 0;
    bool mine = c.error_state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel);
    if (mine) {
        const std::size_t n = std::min(message.size(), kMaxErrorBytes);
        std::memcpy(c.error_msg, message.data(), n);
        c.error_len = static_cast<std::uint32_t>(n);
        c.error_input = input_error ? 1 : 0;
        c.error_seq = seq;
        c.error_state.store(2, std::memory_order_release);
    }
    c.control.store(kControlAbort, std::memory_order_release);
    return mine;
}

bool parent_gone(const ControlBlock& c) { return c.parent_pid != 0 && ::getppid() != c.parent_pid; }

}  // namespace ringtrim::ipc
