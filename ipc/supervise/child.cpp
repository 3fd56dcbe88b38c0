#include "ipc/supervise/child.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>

#include "ipc/base/control.hpp"

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
        record_failure(control, std::string(name) + ": " + e.what(), false, kNoSeq);
    } catch (...) {
        record_failure(control, std::string(name) + ": unknown exception", false, kNoSeq);
    }
    ::_exit(code);
}

std::string timeout_text(double timeout_s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", timeout_s);
    return std::string("was killed after holding one chunk for more than ") + buf + " s (--worker-timeout)";
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* text = ::strsignal(sig);
        return "was killed by signal " + std::to_string(sig) + " (" + (text != nullptr ? text : "unknown") + ")";
    }
    return "ended with wait status " + std::to_string(status);
}

std::string describe_crash(int status) {
    std::string s = describe_wait_status(status);
    if (s.rfind("was ", 0) == 0) s.erase(0, 4);
    return s;
}

std::string poison_message(const std::string& input_label, std::uint64_t first_record, std::uint64_t records,
                           std::uint32_t attempts, const std::string& last, const std::string& advice) {
    std::string s = input_label.empty() ? std::string() : input_label + ": ";
    if (records == 1)
        s += "record " + std::to_string(first_record + 1);
    else
        s += "records " + std::to_string(first_record + 1) + " to " + std::to_string(first_record + records);
    s += " crashed " + std::to_string(attempts) + " worker process" + (attempts == 1 ? "" : "es") + " (last: " + last +
         ")";
    if (!advice.empty()) s += "; " + advice;
    return s;
}

bool raise_oom_score(int delta) {
    const int fd = ::open("/proc/self/oom_score_adj", O_RDWR | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[32] = {};
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    int current = n > 0 ? std::atoi(buf) : 0;
    const int want = std::min(1000, current + delta);
    const std::string text = std::to_string(want) + "\n";
    const bool ok = ::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return ok;
}

}  // namespace ringtrim::ipc
