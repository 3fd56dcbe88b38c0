#include "ipc/ring/doorbells.hpp"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace ringtrim::ipc {
namespace {

bool shm_has_prefix(const std::string& prefix) {
    bool found = false;
    if (DIR* d = ::opendir("/dev/shm")) {
        while (dirent* e = ::readdir(d))
            if (std::string(e->d_name).rfind(prefix, 0) == 0) found = true;
        ::closedir(d);
    }
    return found;
}

TEST_CASE("Doorbells leave nothing in /dev/shm", "[queues]") {
    auto made = Doorbells::create(8);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    CHECK_THAT(q->name_prefix(),
               Catch::StartsWith("rt." + std::to_string(::getuid()) + "." + std::to_string(::getpid()) + "."));
    CHECK_FALSE(shm_has_prefix(q->name_prefix()));
    auto made2 = Doorbells::create(8);
    REQUIRE(made2.ok());
    std::unique_ptr<Doorbells> q2 = std::move(*made2);
    CHECK(q2->name_prefix() != q->name_prefix());
}

TEST_CASE("Doorbells deliver messages in order per queue", "[queues]") {
    auto made = Doorbells::create(4);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    for (std::uint64_t s = 0; s < 3; ++s) {
        Message m;
        m.type = Message::kWork;
        m.slot = static_cast<std::uint32_t>(s);
        m.seq = s;
        CHECK(q->send(QueueId::kWork, m));
    }
    Message got;
    CHECK_FALSE(q->receive(QueueId::kDone, got, 1));  // other queues are separate
    for (std::uint64_t s = 0; s < 3; ++s) {
        REQUIRE(q->receive(QueueId::kWork, got, 100));
        CHECK(got.seq == s);
        CHECK(got.type == Message::kWork);
    }
}

TEST_CASE("Doorbells send fails without blocking when full", "[queues][errors]") {
    auto made = Doorbells::create(2);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    Message m;
    CHECK(q->send(QueueId::kFree, m));
    CHECK(q->send(QueueId::kFree, m));
    CHECK_FALSE(q->send(QueueId::kFree, m));
}

TEST_CASE("Doorbells receive times out", "[queues][errors]") {
    auto made = Doorbells::create(2);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    Message m;
    const auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(q->receive(QueueId::kWork, m, 30));
    const auto took = std::chrono::steady_clock::now() - t0;
    CHECK(took >= std::chrono::milliseconds(25));
    CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("Doorbells wake a receiver in another process at once", "[queues]") {
    auto made = Doorbells::create(4);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::usleep(50000);
        Message m;
        m.seq = 42;
        ::_exit(q->send(QueueId::kDone, m) ? 0 : 1);
    }
    Message got;
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(q->receive(QueueId::kDone, got, 2000));
    CHECK(got.seq == 42);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(1000));
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("Doorbells retire a set; messages in it are gone", "[queues]") {
    auto made = Doorbells::create(4, 2);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    CHECK(q->sets() == 2);
    CHECK(q->epoch() == 0);
    Message m;
    m.seq = 1;
    REQUIRE(q->send(QueueId::kWork, m));
    CHECK(q->retire(0));
    CHECK_FALSE(q->retire(0));  // already moved on
    CHECK(q->epoch() == 1);
    Message got;
    CHECK_FALSE(q->receive(QueueId::kWork, got, 10));
    m.seq = 2;
    REQUIRE(q->send(QueueId::kWork, m));
    REQUIRE(q->receive(QueueId::kWork, got, 10));
    CHECK(got.seq == 2);
}

TEST_CASE("Doorbells with every set retired still ring their bells", "[queues]") {
    auto made = Doorbells::create(4, 1);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    REQUIRE(q->retire(0));
    CHECK(q->epoch() == 1);
    CHECK_FALSE(q->retire(1));
    Message m;
    CHECK_FALSE(q->send(QueueId::kDone, m));  // no queue left, only the bell
    std::thread ringer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        q->send(QueueId::kDone, m);
    });
    const auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(q->receive(QueueId::kDone, m, 3000));
    const auto took = std::chrono::steady_clock::now() - t0;
    ringer.join();
    CHECK(took >= std::chrono::milliseconds(40));
    CHECK(took < std::chrono::milliseconds(1500));  // woken by the bell, not the timeout
}

TEST_CASE("Doorbells see a queue mutex held by a dead process and move on", "[queues][errors]") {
    auto made = Doorbells::create(4, 2);
    REQUIRE(made.ok());
    std::unique_ptr<Doorbells> q = std::move(*made);
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Die holding the work queue's mutex, as a worker killed inside a
        // Boost message-queue operation would.
        ::_exit(q->lock_forever(Fault::Queue::kWork) ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK(q->held_by(pid));
    CHECK_FALSE(q->held_by(::getpid()));
    CHECK(q->epoch() == 0);
    // Without the parent's probe, the next operation's lock times out (2 s,
    // BOOST_INTERPROCESS_TIMEOUT_WHEN_LOCKING_DURATION_MS) and retires the set.
    Message m;
    m.seq = 9;
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(q->send(QueueId::kWork, m));
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
    CHECK(q->epoch() == 1);
    CHECK_FALSE(q->held_by(pid));  // the new set is clean
    Message got;
    REQUIRE(q->receive(QueueId::kWork, got, 100));
    CHECK(got.seq == 9);
}

TEST_CASE("Doorbells reject a bad number of sets", "[queues][errors]") {
    CHECK_FALSE(Doorbells::create(4, 0).ok());
    CHECK_THAT(Doorbells::create(4, kQueueSets + 1).message(), Catch::Contains("queue sets"));
}

}  // namespace
}  // namespace ringtrim::ipc
