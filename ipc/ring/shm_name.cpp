#include "ipc/ring/shm_name.hpp"

#include <unistd.h>

#include <atomic>
#include <random>

namespace ringtrim::ipc {

std::string unique_shm_prefix() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    return "rt." + std::to_string(::getuid()) + "." + std::to_string(::getpid()) + "." +
           std::to_string(counter.fetch_add(1)) + "." + std::to_string(rd() & 0xffffff);
}

}  // namespace ringtrim::ipc
