#include "ipc/base/fault.hpp"

#include <csignal>

#include <catch2/catch.hpp>

namespace ringtrim::ipc {
namespace {

TEST_CASE("parse_faults reads a worker signal fault", "[fault]") {
    const Result<FaultPlan> parsed = parse_faults("worker:seq=3:sig=SEGV");
    REQUIRE(parsed.ok());
    const FaultPlan& plan = *parsed;
    REQUIRE(plan.faults.size() == 1);
    const Fault& f = plan.faults[0];
    CHECK(f.role == Fault::Role::kWorker);
    CHECK(f.seq == 3);
    CHECK(f.action == Fault::Action::kSignal);
    CHECK(f.signal == SIGSEGV);
    CHECK(f.times == 0);
}

TEST_CASE("parse_faults reads every option", "[fault]") {
    const Result<FaultPlan> parsed = parse_faults(
        "worker:seq=3:sig=KILL:times=1,writer:seq=2:sig=SIGABRT;worker:seq=1:hang,"
        "worker:seq=2:at=queue,worker:seq=4:at=done:times=2,worker:seq=5:exit=3,"
        "worker:seq=6:sig=7");
    REQUIRE(parsed.ok());
    const FaultPlan& plan = *parsed;
    REQUIRE(plan.faults.size() == 7);
    CHECK(plan.faults[0].times == 1);
    CHECK(plan.faults[0].signal == SIGKILL);
    CHECK(plan.faults[1].role == Fault::Role::kWriter);
    CHECK(plan.faults[1].signal == SIGABRT);
    CHECK(plan.faults[2].action == Fault::Action::kHang);
    CHECK(plan.faults[3].action == Fault::Action::kQueueLock);
    CHECK(plan.faults[3].queue == Fault::Queue::kWork);
    CHECK(plan.faults[3].signal == SIGKILL);
    CHECK(plan.faults[3].times == 1);  // at= fires once unless told otherwise
    CHECK(plan.faults[4].queue == Fault::Queue::kDone);
    CHECK(plan.faults[4].times == 2);
    CHECK(plan.faults[5].action == Fault::Action::kExit);
    CHECK(plan.faults[5].exit_code == 3);
    CHECK(plan.faults[6].signal == 7);
}

TEST_CASE("parse_faults rejects malformed entries", "[fault][errors]") {
    const char* bad = GENERATE("", "boss:seq=1", "worker", "worker:sig=KILL", "worker:seq=x", "worker:seq=1:sig=NOPE",
                               "worker:seq=1:times=0", "worker:seq=1:frobnicate", "writer:seq=1:at=queue",
                               "worker:seq=1:at=free", "worker:seq=1:hang:exit=2", "worker:seq=1:exit=300",
                               "worker:seq=0,worker:seq=1,worker:seq=2,worker:seq=3,worker:seq=4,"
                               "worker:seq=5,worker:seq=6,worker:seq=7,worker:seq=8");
    INFO(bad);
    const Result<FaultPlan> parsed = parse_faults(bad);
    CHECK_FALSE(parsed.ok());
    CHECK_FALSE(parsed.message().empty());
}

TEST_CASE("no fault plan is active by default", "[fault]") {
    CHECK(active_faults() == nullptr);
    ControlBlock c;
    fault_point(Fault::Role::kWorker, 0, c, nullptr);  // inert: returns
    SUCCEED();
}

TEST_CASE("a fault with times fires only that often and only on its seq", "[fault]") {
    const Result<FaultPlan> parsed = parse_faults("worker:seq=2:exit=5:times=1");
    REQUIRE(parsed.ok());
    const FaultPlan& plan = *parsed;
    ControlBlock c;
    c.fault_fired[0].store(1);  // already fired once
    set_active_faults(&plan);
    fault_point(Fault::Role::kWorker, 2, c, nullptr);  // exhausted: returns
    fault_point(Fault::Role::kWorker, 3, c, nullptr);  // other seq
    fault_point(Fault::Role::kWriter, 2, c, nullptr);  // other role
    set_active_faults(nullptr);
    CHECK(c.fault_fired[0].load() == 2);
}

}  // namespace
}  // namespace ringtrim::ipc
