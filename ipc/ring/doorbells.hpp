// Doorbells: the shared-memory ring's doorbells. Boost.Interprocess message
// queues that carry only 24-byte hints (layout.hpp `Message`: which slot to
// look at), never chunk bytes, between the roles of one ring run (the queue
// design, ipc/queue/, is the transport that moves chunk bytes through
// queues):
//
//   work: parent -> workers   WORK{slot, gen, seq}, STOP
//   done: workers -> writer   DONE{slot, gen, seq}   (also parent, on failure)
//   free: writer -> parent    FREE{slot, seq}
//
// The parent creates them before forking, with unique names
// "rt.<uid>.<pid>.<n>.<rand>.<queue><set>" and permissions 0600, and unlinks
// the names at once: children inherit the mappings, and nothing stays in
// /dev/shm even if every process is killed.
//
// Messages are hints. Authoritative state is the slot table, so every
// operation here is non-blocking or time-bounded and never throws.
//
// Crash isolation. Boost 1.74 queue mutexes are not robust: a process that
// dies holding one wedges that queue for good, and a waiter blocked in the
// queue's condition variable would hang in the mutex re-acquire, which no
// timeout covers. So:
//   * Nobody ever waits inside Boost: receive() polls with try_receive and
//     sleeps on a per-queue futex "bell" (a shared counter every send bumps)
//     with a relative CLOCK_MONOTONIC timeout.
//   * The queues come in `sets` (kQueueSets by default) identical sets, all
//     created before the first fork. A shared epoch word names the set in
//     use. A set is retired for good (never re-opened) when one of its
//     mutexes is found wedged: a lock that times out
//     (BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING, 2000 ms), or the
//     parent seeing that a dead child still owns it (held_by). Every process
//     follows the epoch on its next operation; messages in the old set are
//     lost, which the receivers' rescans of the slot table cover.
//   * When every set is retired the queues are gone but the bells remain:
//     send() only rings, receive() returns false on a ring or the timeout,
//     and the callers rescan the slot table. Slower per chunk, never stuck.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/mapped_region.hpp>

#include "ipc/base/fault.hpp"
#include "ipc/base/status.hpp"
#include "ipc/ring/layout.hpp"

namespace ringtrim::ipc {

enum class QueueId { kWork = 0, kDone = 1, kFree = 2 };

inline constexpr int kQueueCount = 3;
inline constexpr int kQueueSets = 4;  // the set in use plus three spares

class Doorbells final : public FaultQueues {
public:
    // Creates (and unlinks) `sets` sets of the three queues, each queue
    // holding `capacity` messages.
    static Result<std::unique_ptr<Doorbells>> create(int capacity, int sets = kQueueSets);
    ~Doorbells();
    Doorbells(const Doorbells&) = delete;
    Doorbells& operator=(const Doorbells&) = delete;

    // Tries to enqueue on the current set without blocking, then rings the
    // queue's bell. Returns false if the queue is full, wedged or retired; the
    // receiver's rescan covers a dropped doorbell.
    bool send(QueueId q, const Message& m) noexcept;
    // Waits up to `timeout_ms` for a message. Returns false on timeout, on any
    // queue error, or (once every set is retired) on a bell.
    bool receive(QueueId q, Message& m, int timeout_ms) noexcept;
    // The common name prefix ("rt.<uid>.<pid>.<n>.<rand>"); the names are
    // already unlinked.
    const std::string& name_prefix() const { return prefix_; }

    int sets() const { return sets_; }
    // The set in use, shared by every process of the run; sets() when all are
    // retired.
    std::uint32_t epoch() const noexcept;
    // Retires set `epoch` if it is still the one in use. Returns true if this
    // call moved the run to the next set.
    bool retire(std::uint32_t epoch) noexcept;
    // True if a queue of the current set has its mutex locked by thread `tid`
    // (for a dead single-threaded child, its pid). Reads glibc's owner field;
    // always false where that is not available.
    bool held_by(pid_t tid) const noexcept;
    // Test hook (RINGTRIM_FAULT at=queue): locks the work or done queue of
    // the current set and never unlocks it; the caller then dies. Returns
    // false if the mutex cannot be reached.
    bool lock_forever(Fault::Queue q) noexcept override;

private:
    struct Shared;  // epoch and bells, in an anonymous MAP_SHARED page
    enum class Op { kDone, kEmpty, kWedged, kError };

    Doorbells() = default;
    Op try_send(std::uint32_t set, int q, const Message& m) noexcept;
    Op try_receive(std::uint32_t set, int q, Message& m) noexcept;

    std::string prefix_;
    int sets_ = 0;
    Shared* shared_ = nullptr;
    std::unique_ptr<boost::interprocess::message_queue> queues_[kQueueSets][kQueueCount];
    // A second mapping of each queue's memory, to reach its mutex (null when
    // the layout check failed; then only lock timeouts detect a wedge).
    boost::interprocess::mapped_region regions_[kQueueSets][kQueueCount];
    pthread_mutex_t* mutexes_[kQueueSets][kQueueCount] = {};
};

}  // namespace ringtrim::ipc
