// RingQueues: the three Boost.Interprocess message queues that carry slot
// doorbells (layout.hpp `Message`) between the roles of one run:
//
//   work: parent -> workers   WORK{slot, gen, seq}, STOP
//   done: workers -> writer   DONE{slot, gen, seq}   (also parent, on failure)
//   free: writer -> parent    FREE{slot, seq}
//
// The parent creates them before forking, with unique names
// "rt.<uid>.<pid>.<n>.<rand>.<queue>" and permissions 0600, and unlinks the
// names at once: children inherit the mappings, and nothing stays in
// /dev/shm even if every process is killed.
//
// Messages are hints. Authoritative state is the slot table, so every
// operation here is non-blocking or time-bounded and never throws: a full or
// wedged queue (Boost 1.74 queue mutexes are not robust against a process
// dying while holding them) only costs a timed wait and a rescan.
#pragma once

#include <memory>
#include <string>

#include <boost/interprocess/ipc/message_queue.hpp>

#include "ipc/ring/layout.hpp"

namespace ringtrim::ipc {

enum class QueueId { kWork = 0, kDone = 1, kFree = 2 };

class RingQueues {
 public:
  // Creates (and unlinks) the queues, each holding `capacity` messages.
  // Returns nullptr and sets `error` on failure.
  static std::unique_ptr<RingQueues> create(int capacity, std::string& error);
  ~RingQueues();
  RingQueues(const RingQueues&) = delete;
  RingQueues& operator=(const RingQueues&) = delete;

  // Tries to enqueue without blocking. Returns false if the queue is full or
  // could not be locked; the receiver's rescan covers a dropped doorbell.
  bool send(QueueId q, const Message& m) noexcept;
  // Waits up to `timeout_ms` for a message. Returns false on timeout or on
  // any queue error.
  bool receive(QueueId q, Message& m, int timeout_ms) noexcept;
  // The common name prefix ("rt.<uid>.<pid>.<n>.<rand>"); the names are
  // already unlinked.
  const std::string& name_prefix() const { return prefix_; }

 private:
  RingQueues() = default;
  std::string prefix_;
  std::unique_ptr<boost::interprocess::message_queue> queues_[3];
};

}  // namespace ringtrim::ipc
