#include "ipc/supervise/child.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <catch2/catch.hpp>

namespace ringtrim::ipc {
namespace {

int status_of(int sig, int code) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (sig != 0) {
            ::signal(sig, SIG_DFL);
            ::raise(sig);
        }
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

TEST_CASE("describe_crash names the signal or the exit status", "[child]") {
    CHECK(describe_crash(status_of(SIGKILL, 0)) == "killed by signal 9 (Killed)");
    CHECK(describe_crash(status_of(SIGSEGV, 0)) == "killed by signal 11 (Segmentation fault)");
    CHECK(describe_crash(status_of(0, 3)) == "exited with status 3");
    CHECK(describe_wait_status(status_of(SIGKILL, 0)) == "was killed by signal 9 (Killed)");
}

TEST_CASE("poison_message names the input, the 1-based records and the crash", "[child]") {
    const int segv = status_of(SIGSEGV, 0);
    CHECK(poison_message("in.fq", 1000, 1000, 2, describe_crash(segv), "rerun with --quarantine FILE") ==
          "in.fq: records 1001 to 2000 crashed 2 worker processes (last: killed by signal 11 "
          "(Segmentation fault)); rerun with --quarantine FILE");
    CHECK(poison_message("", 0, 1, 1, describe_crash(status_of(0, 4)), "") ==
          "record 1 crashed 1 worker process (last: exited with status 4)");
}

TEST_CASE("raise_oom_score raises this process's score", "[child]") {
    const pid_t pid = ::fork();
    if (pid == 0) {
        FILE* f = std::fopen("/proc/self/oom_score_adj", "r");
        int before = 0;
        if (f == nullptr || std::fscanf(f, "%d", &before) != 1) ::_exit(2);
        std::fclose(f);
        if (!raise_oom_score(100)) ::_exit(3);
        f = std::fopen("/proc/self/oom_score_adj", "r");
        int after = 0;
        if (f == nullptr || std::fscanf(f, "%d", &after) != 1) ::_exit(4);
        std::fclose(f);
        ::_exit(after == std::min(1000, before + 100) ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace ringtrim::ipc
