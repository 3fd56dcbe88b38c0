// Names of the POSIX shared-memory objects a run creates (its Boost message
// queues): "rt.<uid>.<pid>.<n>.<rand>" + a suffix per queue. The uid and
// pid let ipc/supervise/shm_sweep.hpp remove the names of dead runs; <n>
// counts the queue sets of this process, <rand> keeps a reused pid apart.
// The queues are unlinked right after creation, so a name survives only if
// the run is killed inside that window.
#pragma once

#include <string>

namespace ringtrim::ipc {

// A fresh prefix of the shape above; thread-safe.
std::string unique_shm_prefix();

}  // namespace ringtrim::ipc
