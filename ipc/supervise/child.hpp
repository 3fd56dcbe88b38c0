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

#include <cstdint>
#include <functional>
#include <string>

#include "ipc/base/control.hpp"

namespace ringtrim::ipc {

// Forks a child that runs `body` and _exits with its return value. An
// exception escaping `body` is recorded as the run's failure in `control`
// and the child exits 1. The caller flushes stdio (fflush(nullptr)) first.
// Returns the child's pid, or -1 with errno set.
pid_t fork_role(const char* name, ControlBlock& control, const std::function<int()>& body);

// "exited with status 3", "was killed by signal 11 (Segmentation fault)".
std::string describe_wait_status(int status);

// "was killed after holding one chunk for more than S s (--worker-timeout)".
std::string timeout_text(double timeout_s);

// The same without "was": "killed by signal 11 (Segmentation fault)".
std::string describe_crash(int status);

// The run's error for a chunk that crashed `attempts` worker processes:
// "in.fq: records 1001 to 2000 crashed 2 worker processes (last: killed by
// signal 11 (Segmentation fault))" plus "; " + `advice` when not empty.
// `last` describes the last crash (describe_crash(), or timeout_text()).
// `first_record` is 0-based; the message is 1-based and inclusive. Without
// a label the message starts with "records".
std::string poison_message(const std::string& input_label, std::uint64_t first_record, std::uint64_t records,
                           std::uint32_t attempts, const std::string& last, const std::string& advice);

// Raises this process's /proc/self/oom_score_adj by `delta` (clamped to
// 1000), so the kernel's OOM killer prefers it over its parent. Returns
// false if the file cannot be written (ignored by callers: best effort).
bool raise_oom_score(int delta);

}  // namespace ringtrim::ipc
