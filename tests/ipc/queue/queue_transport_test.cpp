#include "ipc/queue/queue_transport.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

namespace ringtrim::ipc::queue_mode {
namespace {

// True when a message moved, false when the queue would block; a broken
// queue fails the test with its message.
bool moved(const Result<ChunkQueues::Transfer>& r) {
    INFO(r.message());
    REQUIRE(r.ok());
    return *r == ChunkQueues::Transfer::kDone;
}

TEST_CASE("message_bytes_for rounds up and clamps", "[queue_transport]") {
    CHECK(message_bytes_for(0) == kMinMessageBytes);
    CHECK(message_bytes_for(5000) == 8192);
    CHECK(message_bytes_for(std::size_t{4} << 20) == kMaxMessageBytes);
}

TEST_CASE("shm_has_room reports a full /dev/shm with a hint", "[queue_transport][errors]") {
    CHECK(shm_has_room("/dev/shm", 4096).ok());
    const Status full = shm_has_room("/dev/shm", std::size_t{1} << 62);
    CHECK_FALSE(full.ok());
    CHECK_THAT(full.message(), Catch::Contains("not enough free space in /dev/shm"));
    CHECK_THAT(full.message(), Catch::Contains("--shm-size"));
    CHECK(shm_has_room("/nonexistent-dir", std::size_t{1} << 62).ok());  // cannot ask
}

TEST_CASE("a chain round-trips through a queue in order, fragment by fragment", "[queue_transport]") {
    auto made = ChunkQueues::create(kMinMessageBytes, kMinMessageBytes);
    REQUIRE(made.ok());
    std::unique_ptr<ChunkQueues> q = std::move(*made);
    std::string a(10000, 'a'), b(3, 'b'), c(5000, 'c');
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<char>('a' + i % 26);
    const std::string_view pieces[3] = {a, b, c};
    ChainSender sender;
    sender.start(7, 42, pieces, 3, q->in_message_bytes());
    std::string buf(q->in_message_bytes(), '\0');
    Assembly asm_;
    int fragments = 0;
    while (!sender.done()) {
        REQUIRE(moved(sender.send_next(*q, true)));
        std::size_t n = 0;
        REQUIRE(moved(q->try_receive_in(buf.data(), n)));
        FragmentHeader h;
        std::string_view payload;
        REQUIRE(parse_fragment(buf.data(), n, h, payload));
        CHECK(h.seq == 7);
        CHECK(h.gen == 42);
        if (h.index == 0)
            asm_.begin(h, payload);
        else
            CHECK(asm_.append(h, payload));
        ++fragments;
    }
    CHECK(fragments == 4);  // 15003 bytes in 4064-byte fragments
    REQUIRE(asm_.complete());
    CHECK(asm_.data == a + b + c);
    std::size_t n = 0;
    CHECK_FALSE(moved(q->try_receive_in(buf.data(), n)));
}

TEST_CASE("Assembly drops fragments of another sending or out of order", "[queue_transport]") {
    FragmentHeader h;
    h.seq = 3;
    h.gen = 1;
    h.count = 3;
    h.total = 3;
    Assembly a;
    a.begin(h, "x");
    FragmentHeader other = h;
    other.index = 1;
    other.gen = 2;  // a resent copy of the same chunk
    CHECK_FALSE(a.append(other, "y"));
    other.gen = 1;
    other.index = 2;  // a gap
    CHECK_FALSE(a.append(other, "y"));
    other.index = 1;
    CHECK(a.append(other, "y"));
    CHECK_FALSE(a.complete());
}

TEST_CASE("parse_fragment rejects short and malformed messages", "[queue_transport][errors]") {
    FragmentHeader h;
    std::string_view payload;
    char msg[64] = {};
    CHECK_FALSE(parse_fragment(msg, 10, h, payload));
    CHECK_FALSE(parse_fragment(msg, sizeof msg, h, payload));  // no magic
    FragmentHeader good;
    good.count = 2;
    good.index = 2;  // index out of range
    std::memcpy(msg, &good, sizeof good);
    CHECK_FALSE(parse_fragment(msg, sizeof msg, h, payload));
    good.index = 1;
    std::memcpy(msg, &good, sizeof good);
    REQUIRE(parse_fragment(msg, sizeof msg, h, payload));
    CHECK(payload.size() == sizeof msg - sizeof good);
}

}  // namespace
}  // namespace ringtrim::ipc::queue_mode
