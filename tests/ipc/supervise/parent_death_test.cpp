// The parent of a run is SIGKILLed: every child must follow within 2 s
// (PR_SET_PDEATHSIG plus the getppid() check), nothing may stay in /dev/shm,
// and the next run's sweeper removes names a dead run left.
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "ipc/ring/run_ring.hpp"
#include "ipc/supervise/shm_sweep.hpp"
#include "tests/ipc/supervise/toy_run.hpp"

namespace ringtrim::ipc {
namespace {

using Clock = std::chrono::steady_clock;

// Pids whose parent is `ppid` (from /proc/<pid>/stat).
std::vector<pid_t> children_of(pid_t ppid) {
    std::vector<pid_t> found;
    if (DIR* d = ::opendir("/proc")) {
        while (dirent* e = ::readdir(d)) {
            const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
            if (pid <= 0) continue;
            std::ifstream in("/proc/" + std::string(e->d_name) + "/stat");
            std::string line;
            if (!std::getline(in, line)) continue;
            const std::size_t close = line.rfind(')');
            if (close == std::string::npos) continue;
            std::istringstream rest(line.substr(close + 2));
            char state = 0;
            long parent = 0;
            rest >> state >> parent;
            if (parent == ppid) found.push_back(pid);
        }
        ::closedir(d);
    }
    return found;
}

// Gone, or a zombie waiting for whoever adopted it.
bool process_gone(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return true;
    const std::size_t close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

bool shm_name_exists(const std::string& name) { return ::access(("/dev/shm/" + name).c_str(), F_OK) == 0; }

bool make_shm_name(const std::string& name) {
    const int fd = ::shm_open(("/" + name).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

// A dead pid: a child that has exited and been reaped.
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

TEST_CASE("children of a SIGKILLed parent are gone within 2 seconds", "[parent_death]") {
    toy::ScopedFault fault("worker:seq=1:hang");  // the run cannot finish by itself
    std::fflush(nullptr);
    const pid_t sub = ::fork();
    REQUIRE(sub >= 0);
    if (sub == 0) {
        RunConfig c;
        c.workers = 3;
        c.slot_input_bytes = 256;
        c.outputs = 2;
        toy::LineProducer p;
        p.data = toy::make_lines(5000, 50);
        toy::run_toy(c, p, {}, 0, 60);
        ::_exit(0);
    }
    // Wait for the writer and the three workers.
    std::vector<pid_t> kids;
    const auto t0 = Clock::now();
    while (Clock::now() - t0 < std::chrono::seconds(5)) {
        kids = children_of(sub);
        if (kids.size() >= 4) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(kids.size() >= 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // mid-run
    kids = children_of(sub);
    REQUIRE(::kill(sub, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(sub, &status, 0) == sub);
    const auto killed = Clock::now();
    bool all_gone = false;
    while (Clock::now() - killed < std::chrono::seconds(2)) {
        all_gone = true;
        for (pid_t k : kids) all_gone = all_gone && process_gone(k);
        if (all_gone) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(all_gone);
    // Nothing of the dead run in /dev/shm.
    const std::string prefix = "rt." + std::to_string(::getuid()) + "." + std::to_string(sub) + ".";
    bool leftover = false;
    if (DIR* d = ::opendir("/dev/shm")) {
        while (dirent* e = ::readdir(d))
            if (std::string(e->d_name).rfind(prefix, 0) == 0) leftover = true;
        ::closedir(d);
    }
    CHECK_FALSE(leftover);
}

TEST_CASE("sweep_stale_shm removes names of dead pids only", "[parent_death][sweep]") {
    const std::string uid = std::to_string(::getuid());
    const std::string stale = "rt." + uid + "." + std::to_string(dead_pid()) + ".0.123.work0";
    const std::string live = "rt." + uid + "." + std::to_string(::getpid()) + ".77.123.work0";
    const std::string other = "rt." + std::to_string(::getuid() + 1) + "." + std::to_string(dead_pid()) + ".0.1.work0";
    const std::string unrelated = "rtx." + uid + "." + std::to_string(dead_pid()) + ".0.1";
    REQUIRE(make_shm_name(stale));
    REQUIRE(make_shm_name(live));
    REQUIRE(make_shm_name(other));
    REQUIRE(make_shm_name(unrelated));
    CHECK(sweep_stale_shm() >= 1);
    CHECK_FALSE(shm_name_exists(stale));
    CHECK(shm_name_exists(live));
    CHECK(shm_name_exists(other));      // the uid in the name is not ours
    CHECK(shm_name_exists(unrelated));  // not our naming scheme
    for (const auto& n : {live, other, unrelated}) ::shm_unlink(("/" + n).c_str());
}

TEST_CASE("run_ring sweeps stale names at startup", "[parent_death][sweep]") {
    const std::string stale = "rt." + std::to_string(::getuid()) + "." + std::to_string(dead_pid()) + ".3.456.done2";
    REQUIRE(make_shm_name(stale));
    RunConfig c;
    c.workers = 1;
    c.slot_input_bytes = 256;
    c.outputs = 2;
    toy::LineProducer p;
    p.data = toy::make_lines(20, 51);
    const auto run = toy::run_toy(c, p);
    REQUIRE(run.result.ok);
    CHECK_FALSE(shm_name_exists(stale));
}

TEST_CASE("sweep_stale_shm ignores a missing directory", "[parent_death][sweep][errors]") {
    CHECK(sweep_stale_shm("/nonexistent-ringtrim-dir") == 0);
}

}  // namespace
}  // namespace ringtrim::ipc
