#include "ipc/base/shm_name.hpp"

#include <unistd.h>

#include <boost/interprocess/permissions.hpp>

#include <atomic>
#include <random>

namespace ringtrim::ipc {

std::string unique_shm_prefix() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    return "rt." + std::to_string(::getuid()) + "." + std::to_string(::getpid()) + "." +
           std::to_string(counter.fetch_add(1)) + "." + std::to_string(rd() & 0xffffff);
}

Result<std::unique_ptr<boost::interprocess::message_queue>> create_unlinked_queue(
    const std::string& name, std::size_t capacity, std::size_t message_bytes,
    const std::function<void()>& before_unlink) {
    namespace bip = boost::interprocess;
    std::unique_ptr<bip::message_queue> queue;
    try {
        bip::permissions perm(0600);
        queue = std::make_unique<bip::message_queue>(bip::create_only, name.c_str(),
                                                     static_cast<bip::message_queue::size_type>(capacity),
                                                     static_cast<bip::message_queue::size_type>(message_bytes), perm);
        if (before_unlink) before_unlink();
    } catch (const std::exception& e) {
        bip::message_queue::remove(name.c_str());
        return Status::error("cannot create message queue /dev/shm/" + name + ": " + e.what());
    }
    bip::message_queue::remove(name.c_str());
    return queue;
}

}  // namespace ringtrim::ipc
