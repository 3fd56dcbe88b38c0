#include "ipc/ring/writer.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "ipc/base/temp_file.hpp"
#include "tests/ipc/roles/ring_fixture.hpp"

namespace ringtrim::ipc {
namespace {

using testing::RingFixture;

struct Recorder : Consumer {
    std::string log;
    bool throw_in_consume = false;
    bool aborted = false;
    void abort() override { aborted = true; }
    void consume(std::uint64_t seq, const std::vector<std::string_view>& segs, std::string_view stats) override {
        if (throw_in_consume) throw std::runtime_error("write failed: No space left on device");
        log += std::to_string(seq) + ":" + std::string(segs[0]) + "|" + std::string(segs[1]) + "|" +
               std::string(stats) + ";";
    }
    std::string finish() override { return "total"; }
};

std::string result_of(RingFixture& f) {
    const ControlBlock& c = f.ring->control();
    std::string blob(c.result_len.load(), '\0');
    REQUIRE(read_all_at(f.ring->result_fd(), blob.data(), blob.size(), 0));
    return blob;
}

TEST_CASE("writer consumes slots in seq order and frees them", "[writer]") {
    RingFixture f(4);
    f.make_done(2, "c", "C", "s2");  // finished out of order
    f.make_done(0, "a", "A", "s0");
    f.make_done(1, "b", "B", "s1");
    f.ring->control().control.store(3);
    Recorder r;
    CHECK(run_writer(*f.ring, *f.queues, r) == 0);
    CHECK(r.log == "0:a|A|s0;1:b|B|s1;2:c|C|s2;");
    CHECK(f.ring->control().committed.load() == 3);
    CHECK(f.state(0) == SlotState::kFree);
    CHECK(f.state(2) == SlotState::kFree);
    CHECK(f.ring->control().result_ready.load() == 1);
    CHECK(result_of(f) == "total");
    CHECK_FALSE(r.aborted);
    Message m;
    REQUIRE(f.queues->receive(QueueId::kFree, m, 10));
    CHECK(m.type == Message::kFree);
    CHECK(m.seq == 0);
}

TEST_CASE("writer reads overflowed output back from the slot's file", "[writer]") {
    RingFixture f(2);
    SlotHeader& h = f.ring->header(0);
    const std::string all = "seg0seg1stats";
    REQUIRE(write_all_at(f.ring->overflow_fd(0), all.data(), all.size(), 0));
    h.seq = 0;
    f.ring->out_len(0)[0] = 4;
    f.ring->out_len(0)[1] = 4;
    h.stats_len = 5;
    h.overflow = 1;
    h.ctl.store(SlotCtl{SlotState::kDone, 0, 1}.pack());
    f.ring->control().control.store(1);
    Recorder r;
    CHECK(run_writer(*f.ring, *f.queues, r) == 0);
    CHECK(r.log == "0:seg0|seg1|stats;");
}

TEST_CASE("writer with no chunks still finishes", "[writer]") {
    RingFixture f(2);
    f.ring->control().control.store(kControlNoChunks);
    Recorder r;
    CHECK(run_writer(*f.ring, *f.queues, r) == 0);
    CHECK(r.log.empty());
    CHECK(result_of(f) == "total");
}

TEST_CASE("writer reports a failed chunk only after the chunks before it", "[writer][errors]") {
    RingFixture f(4);
    f.make_done(0, "a", "A", "");
    SlotHeader& h = f.ring->header(1);
    h.seq = 1;
    set_slot_error(h, "record 5: bad", true);
    h.ctl.store(SlotCtl{SlotState::kDone, 0, 1}.pack());
    f.ring->control().control.store(2);
    Recorder r;
    CHECK(run_writer(*f.ring, *f.queues, r) == 1);
    CHECK(r.log == "0:a|A|;");
    const ControlBlock& c = f.ring->control();
    CHECK(c.control.load() == kControlAbort);
    CHECK(std::string(c.error_msg, c.error_len) == "record 5: bad");
    CHECK(c.error_input == 1);
    CHECK(c.error_seq == 1);
    CHECK(r.aborted);
}

TEST_CASE("writer records a consumer exception", "[writer][errors]") {
    RingFixture f(2);
    f.make_done(0, "a", "A", "");
    f.ring->control().control.store(1);
    Recorder r;
    r.throw_in_consume = true;
    CHECK(run_writer(*f.ring, *f.queues, r) == 1);
    const ControlBlock& c = f.ring->control();
    CHECK(std::string(c.error_msg, c.error_len) == "write failed: No space left on device");
    CHECK(c.control.load() == kControlAbort);
}

TEST_CASE("writer leaves when the run is aborted", "[writer][errors]") {
    RingFixture f(2);
    f.ring->control().control.store(kControlAbort);
    Recorder r;
    CHECK(run_writer(*f.ring, *f.queues, r) == 0);
    CHECK(f.ring->control().result_ready.load() == 0);
    CHECK(r.aborted);
}

}  // namespace
}  // namespace ringtrim::ipc
