// Unit tests of queue mode's roles (issue #13): run_queue_worker,
// run_queue_writer and run_is_over, each alone. The test plays the parent
// (and, for the worker, the writer) by hand over a SharedState and
// ChunkQueues made as run_queue makes them; the role runs in a thread, and
// every wait on it is bounded (kRoleDeadline, after which the test aborts
// the run so that the role leaves).
#include "ipc/queue/queue_roles.hpp"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ipc/base/temp_file.hpp"

namespace ringtrim::ipc::queue_mode {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRoleDeadline = std::chrono::seconds(5);

template <typename T>
std::string_view bytes_of(const T& v) {
    return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

// True when a message moved, false when the queue would block; a broken
// queue fails the test with its message.
bool moved(const Result<ChunkQueues::Transfer>& r) {
    INFO(r.message());
    REQUIRE(r.ok());
    return *r == ChunkQueues::Transfer::kDone;
}

// The shared region and both queues, sized as run_queue sizes them for small
// chunks (4 KiB messages: a chain over 4064 bytes takes several fragments).
// A role runs in `role`; the destructor aborts the run if it is still there.
struct QueueFixture {
    std::unique_ptr<SharedState> state;
    std::unique_ptr<ChunkQueues> queues;
    RolePlan plan;
    std::thread role;
    std::atomic<bool> role_done{false};
    int role_code = -1;

    explicit QueueFixture(int outputs = 2) {
        plan.inputs = 1;
        plan.outputs = outputs;
        auto shared = SharedState::create(2);
        REQUIRE(shared.ok());
        state = std::move(*shared);
        auto made = ChunkQueues::create(kMinMessageBytes, kMinMessageBytes);
        REQUIRE(made.ok());
        queues = std::move(*made);
    }
    ~QueueFixture() {
        if (role.joinable()) {
            abort_run();
            join_role();
        }
    }
    QueueShared& sh() const { return state->shared(); }
    ControlBlock& control() const { return state->control(); }

    // The writer's part at the end: chunks 0..n-1 placed and committed.
    void all_committed(std::int64_t n) {
        control().control.store(n);
        control().committed.store(static_cast<std::uint64_t>(n));
    }

    void abort_run() {
        control().control.store(kControlAbort);
        sh().token_ev.notify();
        sh().in_put.notify();
        sh().out_put.notify();
        sh().out_take.notify();
    }

    void start_worker(int index, Processor processor) {
        role = std::thread([this, index, processor] {
            role_code = run_queue_worker(*state, *queues, index, plan, processor);
            role_done.store(true);
        });
    }
    void start_writer(Consumer& consumer, int result_fd) {
        role = std::thread([this, &consumer, result_fd] {
            role_code = run_queue_writer(*state, *queues, plan, result_fd, consumer);
            role_done.store(true);
        });
    }
    // True if the role left by itself within the deadline; else aborts the
    // run (so that it leaves) and returns false.
    bool role_leaves() {
        const auto end = Clock::now() + kRoleDeadline;
        while (!role_done.load() && Clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const bool left = role_done.load();
        if (!left) abort_run();
        join_role();
        return left;
    }
    // Joins the role, which must leave within the deadline once the run is
    // aborted; a role that does not would hang the test, so it ends here.
    void join_role() {
        const auto end = Clock::now() + kRoleDeadline;
        while (!role_done.load() && Clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (!role_done.load()) {
            std::fprintf(stderr, "queue_roles_test: the role did not leave an aborted run within the deadline\n");
            std::_Exit(1);
        }
        role.join();
    }

    // The parent's part: sends one input chain {seq, gen} of input bytes `r1`.
    void send_input(std::uint64_t seq, std::uint32_t gen, const std::string& r1, std::uint64_t first_record = 0,
                    std::uint64_t records = 1) {
        InputMeta meta;
        meta.first_record = first_record;
        meta.records = records;
        meta.len[0] = r1.size();
        const std::string_view pieces[2] = {bytes_of(meta), r1};
        ChainSender sender;
        sender.start(seq, gen, pieces, 2, queues->in_message_bytes());
        while (!sender.done()) {
            REQUIRE(moved(sender.send_next(*queues, true)));
            sh().in_put.notify();
        }
    }
    // One raw fragment into q_in (a stray).
    void send_in_fragment(const FragmentHeader& h, std::string_view payload) {
        std::string msg(bytes_of(h));
        msg += payload;
        REQUIRE(moved(queues->try_send_in(msg.data(), msg.size())));
        sh().in_put.notify();
    }

    // A worker's part: sends the output chain {seq, gen} with segments
    // `segs` and `stats`, or an error if `error` is not empty.
    void send_output(std::uint64_t seq, std::uint32_t gen, const std::vector<std::string>& segs,
                     const std::string& stats, const std::string& error_text = "", bool input_error = false) {
        OutputMeta meta;
        meta.outputs = static_cast<std::uint32_t>(plan.outputs);
        std::vector<std::uint64_t> seg_len(static_cast<std::size_t>(plan.outputs), 0);
        std::vector<std::string_view> pieces;
        if (!error_text.empty()) {
            meta.has_error = 1;
            meta.input_error = input_error ? 1 : 0;
            meta.error_len = error_text.size();
        } else {
            for (std::size_t k = 0; k < segs.size(); ++k) seg_len[k] = segs[k].size();
            meta.stats_len = stats.size();
        }
        pieces.push_back(bytes_of(meta));
        pieces.emplace_back(reinterpret_cast<const char*>(seg_len.data()), seg_len.size() * sizeof(std::uint64_t));
        if (!error_text.empty()) {
            pieces.emplace_back(error_text);
        } else {
            for (const std::string& s : segs) pieces.emplace_back(s);
            pieces.emplace_back(stats);
        }
        ChainSender sender;
        sender.start(seq, gen, pieces.data(), static_cast<int>(pieces.size()), queues->out_message_bytes());
        while (!sender.done()) {
            REQUIRE(moved(sender.send_next(*queues, false)));
            sh().out_put.notify();
        }
    }
};

// One output chain as the writer would read it.
struct Output {
    std::uint64_t seq = 0;
    std::uint32_t gen = 0;
    OutputMeta meta;
    std::vector<std::string> segs;
    std::string stats;
    std::string error;
};

// The writer's part: receives fragments from q_out until one output chain is
// complete (within the deadline). Fragments must come in order.
bool receive_output(QueueFixture& f, Output& out) {
    std::string buf(f.queues->out_message_bytes(), '\0');
    Assembly a;
    const auto end = Clock::now() + kRoleDeadline;
    while (!a.complete()) {
        if (Clock::now() >= end) return false;
        std::size_t n = 0;
        if (!moved(f.queues->try_receive_out(buf.data(), n))) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        f.sh().out_take.notify();
        FragmentHeader h;
        std::string_view payload;
        REQUIRE(parse_fragment(buf.data(), n, h, payload));
        if (h.index == 0)
            a.begin(h, payload);
        else
            REQUIRE(a.append(h, payload));
    }
    out.seq = a.seq;
    out.gen = a.gen;
    const std::size_t outputs = static_cast<std::size_t>(f.plan.outputs);
    REQUIRE(a.data.size() >= sizeof out.meta + outputs * sizeof(std::uint64_t));
    std::memcpy(&out.meta, a.data.data(), sizeof out.meta);
    std::vector<std::uint64_t> seg_len(outputs);
    std::memcpy(seg_len.data(), a.data.data() + sizeof out.meta, outputs * sizeof(std::uint64_t));
    std::size_t off = sizeof out.meta + outputs * sizeof(std::uint64_t);
    out.segs.clear();
    for (std::uint64_t l : seg_len) {
        REQUIRE(off + l <= a.data.size());
        out.segs.emplace_back(a.data.data() + off, l);
        off += l;
    }
    REQUIRE(off + out.meta.stats_len + out.meta.error_len == a.data.size());
    out.stats.assign(a.data.data() + off, out.meta.stats_len);
    out.error.assign(a.data.data() + off + out.meta.stats_len, out.meta.error_len);
    return true;
}

// True if q_out stays empty for `ms` milliseconds.
bool no_output_for(QueueFixture& f, int ms) {
    std::string buf(f.queues->out_message_bytes(), '\0');
    const auto end = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < end) {
        std::size_t n = 0;
        const Result<ChunkQueues::Transfer> r = f.queues->try_receive_out(buf.data(), n);
        if (!r.ok() || *r != ChunkQueues::Transfer::kWouldBlock) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

template <typename F>
bool eventually(F&& cond) {
    const auto end = Clock::now() + kRoleDeadline;
    while (!cond()) {
        if (Clock::now() >= end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

// seg0 = input, seg1 = input + "!", stats = "n=<records>@<first_record>".
void echo(const ChunkInput& in, ChunkOutput& out) {
    out.segments[0] = std::string(in.bytes[0]);
    out.segments[1] = std::string(in.bytes[0]) + "!";
    out.stats_blob = "n=" + std::to_string(in.records) + "@" + std::to_string(in.first_record);
}

std::string pattern(std::size_t n, char base) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(base + static_cast<char>(i % 26));
    return s;
}

// ---- worker ----

TEST_CASE("queue worker reassembles a multi-fragment chain and sends its output with the same seq and gen",
          "[queue_roles][worker]") {
    QueueFixture f;
    const std::string r1 = pattern(10000, 'a');  // 3 fragments of 4064 bytes
    // Fragment 0 alone first: the worker publishes {seq, gen} from it on.
    InputMeta meta;
    meta.first_record = 40;
    meta.records = 5;
    meta.len[0] = r1.size();
    const std::string payload = std::string(bytes_of(meta)) + r1;
    const std::size_t per = f.queues->in_message_bytes() - sizeof(FragmentHeader);
    REQUIRE(payload.size() > 2 * per);
    FragmentHeader h;
    h.seq = 3;
    h.gen = 77;
    h.count = 3;
    h.total = payload.size();
    f.start_worker(1, echo);
    f.send_in_fragment(h, std::string_view(payload).substr(0, per));
    WorkerEntry& me = f.state->worker(1);
    CHECK(eventually([&] { return me.current.load() == 4; }));
    CHECK(me.gen.load() == 77);
    CHECK(me.pid.load() == static_cast<std::uint32_t>(::getpid()));
    CHECK(f.sh().token_holder.load() == static_cast<std::uint32_t>(::getpid()));  // holds the receive token
    CHECK(no_output_for(f, 20));                                                  // incomplete: nothing sent yet
    h.index = 1;
    f.send_in_fragment(h, std::string_view(payload).substr(per, per));
    h.index = 2;
    f.send_in_fragment(h, std::string_view(payload).substr(2 * per));

    Output out;
    REQUIRE(receive_output(f, out));
    CHECK(out.seq == 3);
    CHECK(out.gen == 77);
    CHECK(out.meta.has_error == 0);
    CHECK(out.meta.outputs == 2);
    REQUIRE(out.segs.size() == 2);
    CHECK(out.segs[0] == r1);
    CHECK(out.segs[1] == r1 + "!");
    CHECK(out.stats == "n=5@40");
    // Its WorkerEntry is cleared while the run goes on (the worker waits for
    // the next chain).
    CHECK(eventually([&] { return me.current.load() == 0; }));
    CHECK(f.control().control.load() == kControlRunning);

    f.all_committed(4);  // chunks 0..3 placed
    CHECK(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(f.sh().token_holder.load() == 0);
}

TEST_CASE("queue worker drops stray fragments of unknown chains and of another sending", "[queue_roles][worker]") {
    QueueFixture f;
    // Before any chain: the tail of a chain whose receiver died.
    FragmentHeader stray;
    stray.seq = 9;
    stray.gen = 5;
    stray.index = 1;
    stray.count = 2;
    stray.total = 8;
    f.send_in_fragment(stray, "STRAY");
    // A chain of seq 0 gen 2, with a fragment of seq 0 gen 1 (an earlier
    // sending) between its fragments.
    const std::string r1 = pattern(5000, 'A');  // 2 fragments
    InputMeta meta;
    meta.records = 1;
    meta.len[0] = r1.size();
    const std::string payload = std::string(bytes_of(meta)) + r1;
    const std::size_t per = f.queues->in_message_bytes() - sizeof(FragmentHeader);
    FragmentHeader h;
    h.seq = 0;
    h.gen = 2;
    h.count = 2;
    h.total = payload.size();
    f.send_in_fragment(h, std::string_view(payload).substr(0, per));
    FragmentHeader old = h;
    old.gen = 1;
    old.index = 1;
    f.send_in_fragment(old, std::string(payload.size() - per, 'X'));
    h.index = 1;
    f.send_in_fragment(h, std::string_view(payload).substr(per));

    f.start_worker(0, echo);
    Output out;
    REQUIRE(receive_output(f, out));
    CHECK(out.seq == 0);
    CHECK(out.gen == 2);
    CHECK(out.meta.has_error == 0);
    REQUIRE(out.segs.size() == 2);
    CHECK(out.segs[0] == r1);
    CHECK(no_output_for(f, 20));  // nothing for the strays
    f.all_committed(1);
    CHECK(f.role_leaves());
    CHECK(f.role_code == 0);
}

TEST_CASE("queue worker sends a Processor error in its output", "[queue_roles][worker][errors]") {
    QueueFixture f;
    f.send_input(0, 1, "good\n");
    f.send_input(1, 1, "bad\n", 7, 1);
    f.send_input(2, 1, "throw\n");
    f.start_worker(0, [](const ChunkInput& in, ChunkOutput& out) {
        if (in.bytes[0] == "bad\n") {
            out.error = "record " + std::to_string(in.first_record + 1) + ": bad";
            out.input_error = true;
            return;
        }
        if (in.bytes[0] == "throw\n") throw std::runtime_error("processor blew up");
        echo(in, out);
    });
    Output out;
    REQUIRE(receive_output(f, out));
    CHECK(out.seq == 0);
    CHECK(out.meta.has_error == 0);
    REQUIRE(receive_output(f, out));
    CHECK(out.seq == 1);
    CHECK(out.meta.has_error == 1);
    CHECK(out.meta.input_error == 1);
    CHECK(out.error == "record 8: bad");
    CHECK(out.stats.empty());
    REQUIRE(receive_output(f, out));
    CHECK(out.seq == 2);
    CHECK(out.meta.has_error == 1);
    CHECK(out.meta.input_error == 0);
    CHECK(out.error == "processor blew up");
    // The worker itself goes on: the writer ends the run.
    CHECK(f.control().control.load() == kControlRunning);
    f.all_committed(3);
    CHECK(f.role_leaves());
    CHECK(f.role_code == 0);
}

TEST_CASE("queue worker leaves at once when the run is already over", "[queue_roles][worker]") {
    QueueFixture f;
    f.send_input(0, 1, "never\n");
    f.all_committed(1);
    f.start_worker(0, echo);
    CHECK(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(no_output_for(f, 5));
    CHECK(f.sh().token_holder.load() == 0);
}

TEST_CASE("queue worker waiting for input leaves when every chunk is committed", "[queue_roles][worker]") {
    QueueFixture f;
    f.start_worker(0, echo);
    CHECK(eventually([&] { return f.sh().token_holder.load() != 0; }));  // waiting in q_in
    f.all_committed(2);
    CHECK(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(f.sh().token_holder.load() == 0);  // released
}

TEST_CASE("queue worker leaves when the run is aborted, with or without the token", "[queue_roles][worker][errors]") {
    QueueFixture f;
    SECTION("waiting in q_in") {
        f.start_worker(0, echo);
        CHECK(eventually([&] { return f.sh().token_holder.load() != 0; }));
    }
    SECTION("waiting for the token") {
        f.sh().token_holder.store(1);  // another worker holds it
        f.start_worker(0, echo);
        CHECK(eventually([&] { return f.state->worker(0).pid.load() != 0; }));
    }
    f.control().control.store(kControlAbort);
    CHECK(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(no_output_for(f, 5));
}

// ---- writer ----

struct Recorder : Consumer {
    std::string log;
    bool aborted = false;
    void abort() override { aborted = true; }
    void consume(std::uint64_t seq, const std::vector<std::string_view>& segs, std::string_view stats) override {
        log += std::to_string(seq) + ":" + std::string(segs[0]) + "|" + std::string(segs[1]) + "|" +
               std::string(stats) + ";";
    }
    std::string finish() override { return "total=" + std::to_string(log.size()); }
};

struct ResultFile {
    int fd = -1;
    ResultFile() {
        const Result<int> opened = open_unlinked_temp();
        REQUIRE(opened.ok());
        fd = *opened;
    }
    ~ResultFile() { ::close(fd); }
    std::string read(const ControlBlock& c) const {
        std::string blob(c.result_len.load(), '\0');
        REQUIRE(read_all_at(fd, blob.data(), blob.size(), 0));
        return blob;
    }
};

TEST_CASE("queue writer hands chunks to the Consumer in seq order when they arrive out of order",
          "[queue_roles][writer]") {
    QueueFixture f;
    ResultFile result;
    const std::string big = pattern(9000, 'a');  // several fragments
    f.send_output(2, 1, {"c", "C"}, "s2");
    f.send_output(1, 4, {big, "B"}, "s1");
    f.send_output(0, 1, {"a", "A"}, "s0");
    f.control().control.store(3);
    Recorder r;
    f.start_writer(r, result.fd);
    REQUIRE(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(r.log == "0:a|A|s0;1:" + big + "|B|s1;2:c|C|s2;");
    CHECK(f.control().committed.load() == 3);
    CHECK_FALSE(r.aborted);
    // The result blob is in result_fd.
    CHECK(f.control().result_ready.load() == 1);
    CHECK(result.read(f.control()) == "total=" + std::to_string(r.log.size()));
}

TEST_CASE("queue writer reassembles interleaved fragments of two chunks", "[queue_roles][writer]") {
    QueueFixture f;
    ResultFile result;
    // Fragments of seq 1 and seq 0 alternate in q_out, as two workers send them.
    const std::string x = pattern(6000, 'a'), y = pattern(6000, 'A');
    OutputMeta meta;
    meta.outputs = 2;
    meta.stats_len = 0;
    const std::uint64_t len0[2] = {x.size(), 1}, len1[2] = {y.size(), 1};
    const std::string c0 = std::string(bytes_of(meta)) + std::string(bytes_of(len0)) + x + "0";
    const std::string c1 = std::string(bytes_of(meta)) + std::string(bytes_of(len1)) + y + "1";
    const std::string_view p0[1] = {c0}, p1[1] = {c1};
    ChainSender s0, s1;
    s0.start(0, 1, p0, 1, f.queues->out_message_bytes());
    s1.start(1, 1, p1, 1, f.queues->out_message_bytes());
    while (!s0.done() || !s1.done()) {
        if (!s1.done()) REQUIRE(moved(s1.send_next(*f.queues, false)));
        if (!s0.done()) REQUIRE(moved(s0.send_next(*f.queues, false)));
    }
    f.control().control.store(2);
    Recorder r;
    f.start_writer(r, result.fd);
    REQUIRE(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(r.log == "0:" + x + "|0|;1:" + y + "|1|;");
}

TEST_CASE("queue writer drops a duplicate of a resent chunk", "[queue_roles][writer]") {
    QueueFixture f;
    ResultFile result;
    // seq 1 is resent (gen 2) while its first sending (gen 1) already waits;
    // seq 0 is resent after the writer may have consumed it.
    f.send_output(1, 1, {"b", "B"}, "first");
    f.send_output(1, 2, {"b2", "B2"}, "second");
    f.send_output(0, 1, {"a", "A"}, "");
    f.send_output(0, 3, {"a3", "A3"}, "");
    f.send_output(2, 1, {"c", "C"}, "");
    f.control().control.store(3);
    Recorder r;
    f.start_writer(r, result.fd);
    REQUIRE(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(r.log == "0:a|A|;1:b|B|first;2:c|C|;");
    CHECK(f.control().committed.load() == 3);
}

TEST_CASE("queue writer ends the run in seq order at a chunk that carries an error", "[queue_roles][writer][errors]") {
    QueueFixture f;
    ResultFile result;
    f.send_output(2, 1, {"c", "C"}, "");
    f.send_output(1, 1, {}, "", "record 5: bad", /*input_error=*/true);
    f.send_output(0, 1, {"a", "A"}, "");
    f.control().control.store(3);
    Recorder r;
    f.start_writer(r, result.fd);
    REQUIRE(f.role_leaves());
    CHECK(f.role_code == 1);
    CHECK(r.log == "0:a|A|;");  // the chunk before it is written, the one after it is not
    const ControlBlock& c = f.control();
    CHECK(c.control.load() == kControlAbort);
    CHECK(std::string(c.error_msg, c.error_len) == "record 5: bad");
    CHECK(c.error_input == 1);
    CHECK(c.error_seq == 1);
    CHECK(c.committed.load() == 1);
    CHECK(c.result_ready.load() == 0);
    CHECK(r.aborted);
}

TEST_CASE("queue writer with no chunks still writes the result", "[queue_roles][writer]") {
    QueueFixture f;
    ResultFile result;
    f.control().control.store(kControlNoChunks);
    Recorder r;
    f.start_writer(r, result.fd);
    REQUIRE(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(r.log.empty());
    CHECK(f.control().result_ready.load() == 1);
    CHECK(result.read(f.control()) == "total=0");
}

TEST_CASE("queue writer leaves an aborted run without a result", "[queue_roles][writer][errors]") {
    QueueFixture f;
    ResultFile result;
    f.send_output(0, 1, {"a", "A"}, "");
    Recorder r;
    f.start_writer(r, result.fd);
    CHECK(eventually([&] { return f.control().committed.load() == 1; }));  // consumed, waits for more
    CHECK(f.control().result_ready.load() == 0);
    f.control().control.store(kControlAbort);
    f.sh().out_put.notify();
    REQUIRE(f.role_leaves());
    CHECK(f.role_code == 0);
    CHECK(r.log == "0:a|A|;");
    CHECK(r.aborted);
    CHECK(f.control().result_ready.load() == 0);
}

// ---- run_is_over ----

TEST_CASE("run_is_over: aborted, all committed, not yet", "[queue_roles]") {
    ControlBlock c;               // parent_pid 0: no parent check
    CHECK_FALSE(run_is_over(c));  // running, nothing placed yet
    c.control.store(kControlAbort);
    CHECK(run_is_over(c));
    c.control.store(3);
    c.committed.store(2);
    CHECK_FALSE(run_is_over(c));  // placed, one still to commit
    c.committed.store(3);
    CHECK(run_is_over(c));
    c.control.store(kControlRunning);
    CHECK_FALSE(run_is_over(c));  // committed 3 but still placing
    c.control.store(kControlNoChunks);
    c.committed.store(0);
    CHECK(run_is_over(c));
    c.control.store(kControlRunning);
    c.result_ready.store(1);
    CHECK(run_is_over(c));  // the writer finished
}

}  // namespace
}  // namespace ringtrim::ipc::queue_mode
