#include "ipc/ring/worker.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>

#include "ipc/base/temp_file.hpp"
#include "tests/ipc/roles/ring_fixture.hpp"

namespace ringtrim::ipc {
namespace {

using testing::RingFixture;

// seg0 = input, seg1 = input + "!", stats = "n=<records>".
void echo(const ChunkInput& in, ChunkOutput& out) {
    out.segments[0] = std::string(in.bytes[0]);
    out.segments[1] = std::string(in.bytes[0]) + "!";
    out.stats_blob = "n=" + std::to_string(in.records);
}

void send_work(RingFixture& f, std::uint64_t seq) {
    Message m;
    m.type = Message::kWork;
    m.slot = static_cast<std::uint32_t>(f.ring->slot_of(seq));
    m.gen = 1;
    m.seq = seq;
    REQUIRE(f.queues->send(QueueId::kWork, m));
}

void finish_placing(RingFixture& f, std::int64_t chunks) {
    f.ring->control().control.store(chunks);
    Message stop;
    stop.type = Message::kStop;
    REQUIRE(f.queues->send(QueueId::kWork, stop));
}

std::string output_of(RingFixture& f, std::uint64_t seq) {
    const int i = f.ring->slot_of(seq);
    const SlotHeader& h = f.ring->header(i);
    return std::string(f.ring->output(i), f.ring->out_len(i)[0] + f.ring->out_len(i)[1] + h.stats_len);
}

TEST_CASE("worker processes a slot into its output region and rings the writer", "[worker]") {
    RingFixture f;
    f.make_ready(0, "abc\n", 0, 1);
    f.make_ready(1, "de\n", 1, 1);
    send_work(f, 0);
    send_work(f, 1);
    finish_placing(f, 2);
    CHECK(run_worker(*f.ring, *f.queues, echo, f.self()) == 0);
    CHECK(f.state(0) == SlotState::kDone);
    CHECK(f.state(1) == SlotState::kDone);
    CHECK(output_of(f, 0) == "abc\nabc\n!n=1");
    CHECK(output_of(f, 1) == "de\nde\n!n=1");
    Message m;
    REQUIRE(f.queues->receive(QueueId::kDone, m, 10));
    CHECK(m.type == Message::kDone);
    CHECK(m.seq == 0);
    REQUIRE(f.queues->receive(QueueId::kDone, m, 10));
    CHECK(m.seq == 1);
}

TEST_CASE("worker writes output larger than the slot to the overflow file", "[worker]") {
    RingFixture f(4, 2, 256, /*out_cap=*/5);
    f.make_ready(0, "abcdef\n");
    send_work(f, 0);
    finish_placing(f, 1);
    run_worker(*f.ring, *f.queues, echo, f.self());
    const SlotHeader& h = f.ring->header(0);
    REQUIRE(h.overflow == 1);
    REQUIRE(h.has_error == 0);
    std::string back(f.ring->out_len(0)[0] + f.ring->out_len(0)[1] + h.stats_len, '\0');
    REQUIRE(read_all_at(f.ring->overflow_fd(0), back.data(), back.size(), 0));
    CHECK(back == "abcdef\nabcdef\n!n=1");
}

TEST_CASE("worker finds a READY slot whose doorbell was lost", "[worker]") {
    RingFixture f;
    f.make_ready(0, "x\n");
    f.ring->control().control.store(1);  // placed, but no WORK and no STOP sent
    const auto t0 = std::chrono::steady_clock::now();
    run_worker(*f.ring, *f.queues, echo, f.self());
    CHECK(f.state(0) == SlotState::kDone);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("claim_lowest_ready takes the lowest seq", "[worker]") {
    RingFixture f(4);
    f.make_ready(2, "b\n");
    f.make_ready(1, "a\n");
    CHECK(claim_lowest_ready(*f.ring, 77) == 1);
    CHECK(load_ctl(f.ring->header(1)) == SlotCtl{SlotState::kClaimed, 77, 1});
    CHECK(claim_lowest_ready(*f.ring, 77) == 2);
    CHECK(claim_lowest_ready(*f.ring, 77) == -1);
}

TEST_CASE("worker drops a stale doorbell", "[worker]") {
    RingFixture f;
    f.make_ready(0, "x\n");
    CHECK_FALSE(claim_slot(*f.ring, 0, /*gen=*/2, f.self()));
    CHECK(f.state(0) == SlotState::kReady);
}

TEST_CASE("worker stores a processor error in the slot", "[worker][errors]") {
    RingFixture f;
    f.make_ready(0, "x\n");
    send_work(f, 0);
    finish_placing(f, 1);
    run_worker(
        *f.ring, *f.queues,
        [](const ChunkInput&, ChunkOutput& out) {
            out.error = "record 1: bad";
            out.input_error = true;
        },
        f.self());
    const SlotHeader& h = f.ring->header(0);
    CHECK(f.state(0) == SlotState::kDone);
    CHECK(h.has_error == 1);
    CHECK(h.input_error == 1);
    CHECK(std::string(h.err_msg, h.err_len) == "record 1: bad");
}

TEST_CASE("worker turns a processor exception into an error", "[worker][errors]") {
    RingFixture f;
    f.make_ready(0, "x\n");
    send_work(f, 0);
    finish_placing(f, 1);
    run_worker(
        *f.ring, *f.queues, [](const ChunkInput&, ChunkOutput&) { throw std::runtime_error("boom"); }, f.self());
    const SlotHeader& h = f.ring->header(0);
    CHECK(h.has_error == 1);
    CHECK(h.input_error == 0);
    CHECK(std::string(h.err_msg, h.err_len) == "boom");
}

TEST_CASE("worker rejects a wrong segment count", "[worker][errors]") {
    RingFixture f;
    f.make_ready(0, "x\n");
    send_work(f, 0);
    finish_placing(f, 1);
    run_worker(
        *f.ring, *f.queues, [](const ChunkInput&, ChunkOutput& out) { out.segments.resize(5); }, f.self());
    const SlotHeader& h = f.ring->header(0);
    CHECK(h.has_error == 1);
    CHECK_THAT(std::string(h.err_msg, h.err_len), Catch::Contains("5 output segments"));
}

TEST_CASE("worker leaves at once when the run is aborted", "[worker][errors]") {
    RingFixture f;
    f.make_ready(0, "x\n");
    send_work(f, 0);
    f.ring->control().control.store(kControlAbort);
    run_worker(*f.ring, *f.queues, echo, f.self());
    CHECK(f.state(0) == SlotState::kReady);
}

}  // namespace
}  // namespace ringtrim::ipc
