#include "ipc/supervise/child.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <exception>
#include <limits>

#include "ipc/ring/shared_ring.hpp"

namespace ringtrim::ipc {

pid_t fork_role(const char* name, ControlBlock& control, const std::function<int()>& body) {
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;

  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  ::prctl(PR_SET_NAME, name, 0, 0, 0);
  sigset_t block;
  sigemptyset(&block);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&block, s);
  ::sigprocmask(SIG_BLOCK, &block, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  for (int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::signal(s, SIG_DFL);

  int code = 1;
  try {
    code = body();
  } catch (const std::exception& e) {
    record_failure(control, std::string(name) + ": " + e.what(), false,
                   std::numeric_limits<std::uint64_t>::max());
  } catch (...) {
    record_failure(control, std::string(name) + ": unknown exception", false,
                   std::numeric_limits<std::uint64_t>::max());
  }
  ::_exit(code);
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* text = ::strsignal(sig);
    return "was killed by signal " + std::to_string(sig) + " (" +
           (text != nullptr ? text : "unknown") + ")";
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace ringtrim::ipc
