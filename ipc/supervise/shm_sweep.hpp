// Removing stale shared-memory names left by dead runs.
//
// A run's message queues are named "rt.<uid>.<pid>.<n>.<rand>.<queue><set>"
// (base/shm_name.hpp) and unlinked right after creation, so a name survives
// only if the run was killed inside that window. run_ring calls
// sweep_stale_shm() at startup: it removes every "rt.<uid>.<pid>.*" entry
// whose uid is ours (in the name and as the file's owner) and whose pid no
// longer exists. Entries of live processes and of other users are kept.
#pragma once

#include <string>

namespace ringtrim::ipc {

// Returns how many names were removed from `dir` (normally /dev/shm).
// Never fails: unreadable directories and races with other sweepers are
// ignored.
int sweep_stale_shm(const std::string& dir = "/dev/shm");

}  // namespace ringtrim::ipc
