// Forking a role process and describing how it ended.
//
// A child made by fork_role: dies with its parent (PR_SET_PDEATHSIG SIGKILL,
// plus a getppid() check for the race before prctl), carries the process
// name `name` (PR_SET_NAME, e.g. "ringtrim-worker"), blocks SIGINT, SIGTERM,
// SIGHUP and SIGQUIT (the parent alone handles them), ignores SIGPIPE,
// restores the default action for fatal signals (so a crash ends the process
// instead of running inherited handlers), and leaves only through _exit, so
// the parent's atexit handlers and stdio buffers never run twice.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "ipc/ring/layout.hpp"

namespace ringtrim::ipc {

// Forks a child that runs `body` and _exits with its return value. An
// exception escaping `body` is recorded as the run's failure in `control`
// and the child exits 1. The caller flushes stdio (fflush(nullptr)) first.
// Returns the child's pid, or -1 with errno set.
pid_t fork_role(const char* name, ControlBlock& control, const std::function<int()>& body);

// "exited with status 3", "was killed by signal 11 (Segmentation fault)".
std::string describe_wait_status(int status);

}  // namespace ringtrim::ipc
