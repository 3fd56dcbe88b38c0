// Tests of ipc/supervise/shm_sweep: only our own names of dead runs go.
// Runs on a scratch directory, never on /dev/shm.
#include "ipc/supervise/shm_sweep.hpp"

#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <string>

namespace {

std::string scratch_dir() {
    char tmpl[] = "/tmp/ringtrim-sweep-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    return tmpl;
}

std::set<std::string> names_in(const std::string& dir) {
    std::set<std::string> out;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d))
            if (e->d_name[0] != '.') out.insert(e->d_name);
        ::closedir(d);
    }
    return out;
}

// The pid of a process that has exited and been reaped.
long dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

}  // namespace

TEST_CASE("sweep removes our names of dead runs and keeps everything else") {
    const std::string dir = scratch_dir();
    const std::string uid = std::to_string(::getuid());
    const std::string dead = std::to_string(dead_pid());
    const std::string alive = std::to_string(::getpid());
    const std::string stale1 = "rt." + uid + "." + dead + ".1.abc.in0";
    const std::string stale2 = "rt." + uid + "." + dead + ".2.abc.done3";
    const std::string live = "rt." + uid + "." + alive + ".1.abc.in0";
    const std::string other_user = "rt." + std::to_string(::getuid() + 1) + "." + dead + ".1.abc.in0";
    const std::string malformed = "rt." + uid + ".x.1";
    const std::string unrelated = "sem.something";
    for (const auto& name : {stale1, stale2, live, other_user, malformed, unrelated})
        std::ofstream(dir + "/" + name) << "x";
    // A directory of a dead run's shape is not a queue: kept.
    const std::string not_a_file = "rt." + uid + "." + dead + ".9.abc.in0";
    REQUIRE(::mkdir((dir + "/" + not_a_file).c_str(), 0700) == 0);

    CHECK(ringtrim::ipc::sweep_stale_shm(dir) == 2);
    CHECK(names_in(dir) == std::set<std::string>{live, other_user, malformed, unrelated, not_a_file});

    CHECK(ringtrim::ipc::sweep_stale_shm(dir) == 0);
    for (const auto& name : names_in(dir)) {
        std::remove((dir + "/" + name).c_str());
        ::rmdir((dir + "/" + name).c_str());
    }
    ::rmdir(dir.c_str());
}

TEST_CASE("sweep of a missing directory removes nothing and does not fail") {
    CHECK(ringtrim::ipc::sweep_stale_shm("/nonexistent/ringtrim-sweep") == 0);
}
