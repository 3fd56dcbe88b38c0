#include "ipc/ring/queues.hpp"

#include <dirent.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>

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

TEST_CASE("RingQueues leave nothing in /dev/shm", "[queues]") {
  std::string err;
  auto q = RingQueues::create(8, err);
  REQUIRE(q);
  CHECK_THAT(q->name_prefix(),
             Catch::StartsWith("rt." + std::to_string(::getuid()) + "." +
                               std::to_string(::getpid()) + "."));
  CHECK_FALSE(shm_has_prefix(q->name_prefix()));
  auto q2 = RingQueues::create(8, err);
  REQUIRE(q2);
  CHECK(q2->name_prefix() != q->name_prefix());
}

TEST_CASE("RingQueues deliver messages in order per queue", "[queues]") {
  std::string err;
  auto q = RingQueues::create(4, err);
  REQUIRE(q);
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

TEST_CASE("RingQueues send fails without blocking when full", "[queues][errors]") {
  std::string err;
  auto q = RingQueues::create(2, err);
  REQUIRE(q);
  Message m;
  CHECK(q->send(QueueId::kFree, m));
  CHECK(q->send(QueueId::kFree, m));
  CHECK_FALSE(q->send(QueueId::kFree, m));
}

TEST_CASE("RingQueues receive times out", "[queues][errors]") {
  std::string err;
  auto q = RingQueues::create(2, err);
  REQUIRE(q);
  Message m;
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(q->receive(QueueId::kWork, m, 30));
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took >= std::chrono::milliseconds(25));
  CHECK(took < std::chrono::seconds(2));
}

}  // namespace
}  // namespace ringtrim::ipc
