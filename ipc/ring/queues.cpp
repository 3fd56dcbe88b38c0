#include "ipc/ring/queues.hpp"

#include <unistd.h>

#include <atomic>
#include <random>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/interprocess/permissions.hpp>

namespace ringtrim::ipc {

namespace bip = boost::interprocess;

namespace {

std::atomic<unsigned> g_queue_counter{0};
constexpr const char* kQueueNames[3] = {"work", "done", "free"};

}  // namespace

std::unique_ptr<RingQueues> RingQueues::create(int capacity, std::string& error) {
  std::unique_ptr<RingQueues> q(new RingQueues());
  std::random_device rd;
  q->prefix_ = "rt." + std::to_string(::getuid()) + "." + std::to_string(::getpid()) +
               "." + std::to_string(g_queue_counter.fetch_add(1)) + "." +
               std::to_string(rd() & 0xffffff);
  for (int i = 0; i < 3; ++i) {
    const std::string name = q->prefix_ + "." + kQueueNames[i];
    try {
      bip::permissions perm(0600);
      q->queues_[i] = std::make_unique<bip::message_queue>(
          bip::create_only, name.c_str(), static_cast<bip::message_queue::size_type>(capacity),
          sizeof(Message), perm);
    } catch (const std::exception& e) {
      error = "cannot create message queue /dev/shm/" + name + ": " + e.what();
      bip::message_queue::remove(name.c_str());
      return nullptr;
    }
    bip::message_queue::remove(name.c_str());
  }
  return q;
}

RingQueues::~RingQueues() = default;

bool RingQueues::send(QueueId q, const Message& m) noexcept {
  try {
    return queues_[static_cast<int>(q)]->try_send(&m, sizeof m, 0);
  } catch (...) {
    return false;
  }
}

bool RingQueues::receive(QueueId q, Message& m, int timeout_ms) noexcept {
  try {
    bip::message_queue::size_type got = 0;
    unsigned prio = 0;
    const auto deadline = boost::posix_time::microsec_clock::universal_time() +
                          boost::posix_time::milliseconds(timeout_ms);
    if (!queues_[static_cast<int>(q)]->timed_receive(&m, sizeof m, got, prio, deadline))
      return false;
    return got == sizeof m;
  } catch (...) {
    return false;
  }
}

}  // namespace ringtrim::ipc
