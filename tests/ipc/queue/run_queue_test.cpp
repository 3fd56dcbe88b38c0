// The queue design's own cases; every behaviour it shares with the other
// transports is asserted in tests/ipc/supervise/run_test.cpp.
#include "ipc/queue/run_queue.hpp"

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>

#include "tests/ipc/supervise/toy_run.hpp"

namespace ringtrim::ipc {
namespace {

using toy::config_for;
using toy::Faults;
using toy::LineProducer;
using toy::no_children_left;
using toy::producer_for;

TEST_CASE("run_queue sends chunks larger than one message as fragment chains", "[run_queue]") {
    // 256 KiB messages: 700 KiB chunks take 3 input fragments and their
    // ~2 MiB outputs about 9.
    const std::string data = toy::make_lines(60000, 13);
    const int workers = GENERATE(1, 3);
    const std::size_t cap = GENERATE(std::size_t{1000}, std::size_t{300} << 10, std::size_t{700} << 10);
    const auto run = toy::run_toy(config_for(workers, cap), Transport::kQueue, producer_for(data));
    INFO("workers " << workers << " cap " << cap << ": " << run.result.error);
    REQUIRE(run.result.ok);
    CHECK(run.outputs[0] == toy::upper(data));
    CHECK(run.outputs[1] == toy::doubled(data));
    CHECK(toy::our_shm_names().empty());
}

// SIGKILL from outside at any moment: while a worker waits for the receive
// token, receives a chain (the dead holder may have taken a fragment it
// never recorded: every unaccounted chunk is resent), processes or sends.
// A kill inside a queue operation may wedge that queue (Boost 1.74): then,
// and only then, the run may fail, with the "wedged" error, never hang.
TEST_CASE("run_queue stress: workers SIGKILLed at random moments", "[run_queue][stress]") {
    const std::string data = toy::make_lines(3000, 23, 40);
    std::mt19937 rng(99);
    int ok_runs = 0, wedged = 0;
    std::uint64_t crashes = 0;
    for (int i = 0; i < 30; ++i) {
        RunConfig c = config_for(2 + i % 3, 300 + static_cast<std::size_t>(i % 4) * 200);
        c.max_retries = kMaxRetriesLimit;
        struct Killing {
            LineProducer inner;
            std::mt19937* rng;
            int calls = 0;
            int kills = 0;
            ProduceResult operator()(char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
                if (++calls % 10 == 0 && kills < 3) {
                    const auto pids = toy::children_named("ringtrim-worker");
                    if (!pids.empty()) {
                        ::kill(pids[(*rng)() % pids.size()], SIGKILL);
                        ++kills;
                    }
                }
                return inner(buf, cap, chunk);
            }
        };
        const auto start = std::chrono::steady_clock::now();
        const auto run = toy::run_toy(
            c, Transport::kQueue, Killing{producer_for(data), &rng}, [] { return toy::make_processor({}); }, 0,
            /*timeout_s=*/30);
        const auto took = std::chrono::steady_clock::now() - start;
        INFO("run " << i << ": " << run.result.error);
        CHECK(took < std::chrono::seconds(10));
        crashes += run.result.worker_crashes;
        if (run.result.ok) {
            ++ok_runs;
            CHECK(run.outputs[0] == toy::upper(data));
            CHECK(run.outputs[1] == toy::doubled(data));
        } else {
            ++wedged;
            CHECK_THAT(run.result.error, Catch::Contains("is wedged"));
        }
        CHECK(no_children_left());
    }
    UNSCOPED_INFO("ok " << ok_runs << ", wedged " << wedged << ", crashes " << crashes);
    CHECK(ok_runs >= 15);
    CHECK(crashes >= 30);
    CHECK(toy::our_shm_names().empty());
}

}  // namespace
}  // namespace ringtrim::ipc
