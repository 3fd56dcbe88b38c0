// Stress: the whole multi-process path many times on small inputs, each run
// under a watchdog (fastp's 1-in-1000 deadlock was found this way, PR #704).
#include <catch2/catch.hpp>

#include "tests/ipc/supervise/toy_run.hpp"

namespace ringtrim::ipc {
namespace {

TEST_CASE("run_ring stress: 200 runs give identical output", "[run_ring][stress]") {
    const std::string data = toy::make_lines(300, 21, 30);
    const std::string want0 = toy::upper(data);
    const std::string want1 = toy::doubled(data);
    int failures = 0;
    for (int i = 0; i < 200; ++i) {
        RunConfig c;
        c.workers = 1 + i % 5;
        c.slots = (i % 3 == 0) ? 2 : 0;
        c.slot_input_bytes = 128 + static_cast<std::size_t>(i % 7) * 97;
        c.slot_output_bytes = (i % 4 == 0) ? 64 : 0;  // overflow every chunk
        c.outputs = 2;
        toy::LineProducer p;
        p.data = data;
        p.max_chunk = 400;
        p.rng.seed(static_cast<unsigned>(i));
        const auto run = toy::run_toy(c, p, {}, 0, /*timeout_s=*/20);
        if (!run.result.ok || run.outputs[0] != want0 || run.outputs[1] != want1) {
            ++failures;
            UNSCOPED_INFO("run " << i << ": " << run.result.error);
        }
    }
    CHECK(failures == 0);
    CHECK(toy::our_shm_names().empty());
}

TEST_CASE("run_ring stress: crashes never hang", "[run_ring][stress]") {
    const std::string data = toy::make_lines(400, 22, 30);
    for (int i = 0; i < 40; ++i) {
        RunConfig c;
        c.workers = 1 + i % 4;
        c.slot_input_bytes = 256;
        c.outputs = 2;
        toy::Faults f;
        f.crash_seq = static_cast<std::uint64_t>(i % 9);
        f.crash_signal = (i % 2 == 0) ? SIGKILL : SIGSEGV;
        toy::LineProducer p;
        p.data = data;
        const auto run = toy::run_toy(c, p, f, 0, /*timeout_s=*/20);
        INFO("run " << i << ": " << run.result.error);
        REQUIRE_FALSE(run.result.ok);
        CHECK_THAT(run.result.error, Catch::Contains("crashed 2 worker processes"));
    }
    CHECK(toy::our_shm_names().empty());
}

}  // namespace
}  // namespace ringtrim::ipc
