#include "ipc/ring/parent.hpp"

#include <catch2/catch.hpp>
#include <cstring>

#include "tests/ipc/roles/ring_fixture.hpp"

namespace ringtrim::ipc {
namespace {

using testing::RingFixture;

// Produces `n` chunks "chunk<k>" of 2 records each, then ends (or fails).
Producer counting(int n, bool fail_at_end = false) {
    return [n, fail_at_end, k = 0](char* const buf[2], std::size_t, ProducedChunk& chunk) mutable {
        if (k == n) return fail_at_end ? ProduceResult::fail("truncated input") : ProduceResult::end();
        const std::string s = "chunk" + std::to_string(k++);
        std::memcpy(buf[0], s.data(), s.size());
        chunk.len[0] = s.size();
        chunk.records = 2;
        return ProduceResult::chunk();
    };
}

TEST_CASE("Placer fills slot seq % slots, numbers records and sends WORK", "[parent]") {
    RingFixture f(2);
    Placer p(*f.ring, *f.queues, counting(3));
    CHECK(p.place_next() == Placer::Step::kPlaced);
    CHECK(p.place_next() == Placer::Step::kPlaced);
    CHECK(p.place_next() == Placer::Step::kNoSlot);  // ring full: backpressure
    const SlotHeader& h1 = f.ring->header(1);
    CHECK(h1.seq == 1);
    CHECK(h1.first_record == 2);
    CHECK(std::string(f.ring->input(1, 0), h1.in_len[0]) == "chunk1");
    CHECK(f.state(0) == SlotState::kReady);
    // The writer frees slot 0; chunk 2 goes there.
    SlotHeader& h0 = f.ring->header(0);
    h0.ctl.store(SlotCtl{SlotState::kFree, 0, load_ctl(h0).gen}.pack());
    CHECK(p.place_next() == Placer::Step::kPlaced);
    CHECK(h0.seq == 2);
    CHECK(h0.first_record == 4);
    CHECK(p.place_next() == Placer::Step::kNoSlot);
    Message m;
    for (std::uint64_t s = 0; s < 3; ++s) {
        REQUIRE(f.queues->receive(QueueId::kWork, m, 10));
        CHECK(m.type == Message::kWork);
        CHECK(m.seq == s);
    }
}

TEST_CASE("Placer publishes the chunk count and stops every worker", "[parent]") {
    RingFixture f(4);
    Placer p(*f.ring, *f.queues, counting(2));
    CHECK(p.place_next() == Placer::Step::kPlaced);
    CHECK(p.place_next() == Placer::Step::kPlaced);
    CHECK(p.place_next() == Placer::Step::kEnd);
    CHECK(f.state(2) == SlotState::kFree);  // the slot it tried stays FREE
    p.finish(3);
    CHECK(f.ring->control().control.load() == 2);
    int stops = 0;
    Message m;
    while (f.queues->receive(QueueId::kWork, m, 1)) stops += m.type == Message::kStop ? 1 : 0;
    CHECK(stops == 3);
}

TEST_CASE("Placer with empty input publishes zero chunks", "[parent]") {
    RingFixture f(2);
    Placer p(*f.ring, *f.queues, counting(0));
    CHECK(p.place_next() == Placer::Step::kEnd);
    p.finish(1);
    CHECK(f.ring->control().control.load() == kControlNoChunks);
}

TEST_CASE("Placer fails a producer error in place, in seq order", "[parent][errors]") {
    RingFixture f(4);
    Placer p(*f.ring, *f.queues, counting(1, /*fail_at_end=*/true));
    CHECK(p.place_next() == Placer::Step::kPlaced);
    CHECK(p.place_next() == Placer::Step::kEnd);
    CHECK(p.place_next() == Placer::Step::kEnd);
    CHECK(p.placed() == 2);
    const SlotHeader& h = f.ring->header(1);
    CHECK(f.state(1) == SlotState::kDone);
    CHECK(h.has_error == 1);
    CHECK(h.input_error == 1);
    CHECK(std::string(h.err_msg, h.err_len) == "truncated input");
    CHECK(f.ring->control().control.load() == kControlRunning);  // the writer decides
    p.finish(1);
    CHECK(f.ring->control().control.load() == 2);
}

TEST_CASE("Placer turns an oversized length into an error", "[parent][errors]") {
    RingFixture f(2, 2, 16);
    Placer p(*f.ring, *f.queues, [](char* const*, std::size_t cap, ProducedChunk& chunk) {
        chunk.len[0] = cap + 1;
        return ProduceResult::chunk();
    });
    CHECK(p.place_next() == Placer::Step::kEnd);
    const SlotHeader& h = f.ring->header(0);
    CHECK(h.has_error == 1);
    CHECK_THAT(std::string(h.err_msg, h.err_len), Catch::Contains("17 bytes for a 16-byte slot"));
}

}  // namespace
}  // namespace ringtrim::ipc
