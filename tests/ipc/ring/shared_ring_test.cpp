#include "ipc/ring/shared_ring.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "ipc/base/control.hpp"
#include "ipc/base/temp_file.hpp"

namespace ringtrim::ipc {
namespace {

TEST_CASE("SlotCtl packs state, owner and generation into one word", "[ring]") {
    const SlotCtl c{SlotState::kClaimed, 4194303, 0xfedcba98};
    CHECK(SlotCtl::unpack(c.pack()) == c);
    CHECK(SlotCtl::unpack(0) == SlotCtl{});
    CHECK(SlotCtl::unpack(SlotCtl{SlotState::kDone, 1, 0}.pack()).state == SlotState::kDone);
}

TEST_CASE("placed_chunks decodes the control word", "[ring]") {
    CHECK(placed_chunks(kControlRunning) == -1);
    CHECK(placed_chunks(kControlAbort) == -1);
    CHECK(placed_chunks(7) == 7);
    CHECK(placed_chunks(kControlNoChunks) == 0);
}

TEST_CASE("plan_ring derives slots and output capacity", "[ring]") {
    RunConfig c;
    c.workers = 4;
    c.inputs = 2;
    c.slot_input_bytes = 1000;
    Result<RingPlan> planned = plan_ring(c);
    REQUIRE(planned.ok());
    RingPlan p = *planned;
    CHECK(p.slots == 10);
    CHECK(p.out_cap == 2000);
    CHECK(p.slot_stride % 4096 == 0);
    CHECK(p.slot_stride >= 3000);
    CHECK(p.total_bytes == p.data_offset + 10 * p.slot_stride);
    c.slots = 3;
    c.slot_output_bytes = 77;
    planned = plan_ring(c);
    REQUIRE(planned.ok());
    p = *planned;
    CHECK(p.slots == 3);
    CHECK(p.out_cap == 77);
}

TEST_CASE("plan_ring rejects out-of-range fields", "[ring][errors]") {
    RunConfig c;
    c.workers = 0;
    CHECK_THAT(plan_ring(c).message(), Catch::Contains("workers"));
    c = RunConfig{};
    c.inputs = 3;
    CHECK_FALSE(plan_ring(c).ok());
    c = RunConfig{};
    c.outputs = kMaxOutputs + 1;
    CHECK_FALSE(plan_ring(c).ok());
    c = RunConfig{};
    c.slots = 1;
    CHECK_THAT(plan_ring(c).message(), Catch::Contains("ring size"));
    c = RunConfig{};
    c.max_retries = -1;
    CHECK_THAT(plan_ring(c).message(), Catch::Contains("retries"));
    c.max_retries = kMaxRetriesLimit + 1;
    CHECK_FALSE(plan_ring(c).ok());
}

TEST_CASE("RunConfig retries a crashed chunk once by default", "[ring]") {
    RunConfig c;
    CHECK(c.max_retries == 1);
    CHECK(plan_ring(c).ok());
    c.max_retries = 0;
    CHECK(plan_ring(c).ok());
    c.max_retries = kMaxRetriesLimit;
    CHECK(plan_ring(c).ok());
}

// The ring `c` asks for; the test fails with the message if it cannot be made.
std::unique_ptr<SharedRing> make_ring(const RunConfig& c) {
    const Result<RingPlan> planned = plan_ring(c);
    INFO(planned.message());
    REQUIRE(planned.ok());
    Result<std::unique_ptr<SharedRing>> made = SharedRing::create(*planned);
    INFO(made.message());
    REQUIRE(made.ok());
    return std::move(*made);
}

TEST_CASE("SharedRing regions do not overlap and start FREE", "[ring]") {
    RunConfig c;
    c.workers = 1;
    c.inputs = 2;
    c.slot_input_bytes = 5000;
    const std::unique_ptr<SharedRing> ring = make_ring(c);
    const RingPlan& p = ring->plan();
    for (int i = 0; i < ring->slots(); ++i) {
        CHECK(load_ctl(ring->header(i)).state == SlotState::kFree);
        std::memset(ring->input(i, 0), 'a' + i, p.in_cap);
        std::memset(ring->input(i, 1), 'A' + i, p.in_cap);
        std::memset(ring->output(i), '0' + i, p.out_cap);
    }
    for (int i = 0; i < ring->slots(); ++i) {
        CHECK(ring->input(i, 0)[p.in_cap - 1] == 'a' + i);
        CHECK(ring->input(i, 1)[0] == 'A' + i);
        CHECK(ring->output(i)[p.out_cap - 1] == '0' + i);
    }
    CHECK(ring->control().control.load() == kControlRunning);
    CHECK(ring->slot_of(13) == 13 % ring->slots());
}

TEST_CASE("cas_ctl moves a slot only from the expected state", "[ring]") {
    RunConfig c;
    const std::unique_ptr<SharedRing> ring = make_ring(c);
    SlotHeader& h = ring->header(0);
    CHECK(cas_ctl(h, SlotCtl{}, SlotCtl{SlotState::kReady, 0, 1}));
    CHECK_FALSE(cas_ctl(h, SlotCtl{SlotState::kReady, 0, 2}, SlotCtl{SlotState::kClaimed, 5, 2}));
    CHECK(cas_ctl(h, SlotCtl{SlotState::kReady, 0, 1}, SlotCtl{SlotState::kClaimed, 5, 1}));
    CHECK(load_ctl(h) == SlotCtl{SlotState::kClaimed, 5, 1});
}

TEST_CASE("record_failure keeps the first message and aborts", "[ring][errors]") {
    ControlBlock c;
    CHECK(record_failure(c, "first", true, 3));
    CHECK_FALSE(record_failure(c, "second", false, 1));
    CHECK(c.control.load() == kControlAbort);
    CHECK(std::string(c.error_msg, c.error_len) == "first");
    CHECK(c.error_input == 1);
    CHECK(c.error_seq == 3);
}

TEST_CASE("set_slot_error cuts long messages", "[ring][errors]") {
    SlotHeader h;
    h.stats_len = 9;
    set_slot_error(h, std::string(kMaxErrorBytes + 100, 'e'), true);
    CHECK(h.err_len == kMaxErrorBytes);
    CHECK(h.has_error == 1);
    CHECK(h.input_error == 1);
    CHECK(h.stats_len == 0);
}

TEST_CASE("unlinked temp files round-trip data at an offset", "[ring]") {
    const Result<int> opened = open_unlinked_temp();
    REQUIRE(opened.ok());
    const int fd = *opened;
    const std::string data(100000, 'q');
    REQUIRE(write_all_at(fd, data.data(), data.size(), 10));
    std::string back(data.size(), '\0');
    REQUIRE(read_all_at(fd, back.data(), back.size(), 10));
    CHECK(back == data);
    char extra;
    CHECK_FALSE(read_all_at(fd, &extra, 1, 10 + data.size()));  // end of file
    ::close(fd);
}

}  // namespace
}  // namespace ringtrim::ipc
