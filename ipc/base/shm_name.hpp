// Names of the POSIX shared-memory objects a run creates (its Boost message
// queues): "rt.<uid>.<pid>.<n>.<rand>" + a suffix per queue. The uid and
// pid let ipc/supervise/shm_sweep.hpp remove the names of dead runs; <n>
// counts the queue sets of this process, <rand> keeps a reused pid apart.
// The queues are unlinked right after creation, so a name survives only if
// the run is killed inside that window.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/interprocess/ipc/message_queue.hpp>

#include "ipc/base/status.hpp"

namespace ringtrim::ipc {

// A fresh prefix of the shape above; thread-safe.
std::string unique_shm_prefix();

// Creates the message queue `name` (mode 0600, `capacity` messages of up to
// `message_bytes`), runs `before_unlink` (which may map the queue once more)
// and unlinks the name, so nothing is left in /dev/shm whatever happens. An
// error reads "cannot create message queue /dev/shm/NAME: ...".
Result<std::unique_ptr<boost::interprocess::message_queue>> create_unlinked_queue(
    const std::string& name, std::size_t capacity, std::size_t message_bytes,
    const std::function<void()>& before_unlink = {});

}  // namespace ringtrim::ipc
