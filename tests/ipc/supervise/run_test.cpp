// One suite for every transport of ipc::run (ring, queue, serial): each
// behaviour is asserted against each transport that has it. Crashes need a
// process to crash, so those cases run on the two forking transports only.
// Transport-specific cases stay beside their transport:
// tests/ipc/queue/run_queue_test.cpp (fragment chains, wedged queues),
// recovery_test.cpp and run_ring_stress_test.cpp (the ring's queue sets and
// RINGTRIM_FAULT).
#include "ipc/run/run.hpp"

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>

#include "tests/ipc/supervise/toy_run.hpp"

namespace ringtrim::ipc {
namespace {

using toy::config_for;
using toy::Faults;
using toy::LineProducer;
using toy::no_children_left;
using toy::producer_for;

#define EVERY_TRANSPORT GENERATE(Transport::kRing, Transport::kQueue, Transport::kSerial)
#define FORKING_TRANSPORT GENERATE(Transport::kRing, Transport::kQueue)

// The run succeeded with the toy pipeline's two outputs of `data`.
void require_toy_output(const toy::ToyRun& run, const std::string& data) {
    REQUIRE(run.result.ok);
    CHECK(run.outputs[0] == toy::upper(data));
    CHECK(run.outputs[1] == toy::doubled(data));
}

TEST_CASE("run: output equals the serial result for any worker count", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(3000, 7);
    const int workers = GENERATE(1, 2, 4, 16);
    const auto run = toy::run_toy(config_for(workers, 4096), t, producer_for(data, 3000));
    INFO(transport_name(t) << ", workers " << workers << ": " << run.result.error);
    REQUIRE(run.result.ok);
    CHECK(run.result.exit_code == 0);
    CHECK(run.outputs[0] == toy::upper(data));
    CHECK(run.outputs[1] == toy::doubled(data));
    CHECK(run.result.result_blob == "3000 " + std::to_string(run.result.chunks));
    CHECK(run.result.chunks > 10);
    CHECK(run.result.records_written == 3000);
    CHECK_FALSE(run.consumer_aborted);
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("run: every transport gives the ring's outputs and result", "[run]") {
    const std::string data = toy::make_lines(3000, 7);
    const int workers = GENERATE(1, 2, 4, 16);
    const auto ring = toy::run_toy(config_for(workers, 4096), Transport::kRing, producer_for(data, 3000));
    REQUIRE(ring.result.ok);
    for (const Transport t : {Transport::kQueue, Transport::kSerial}) {
        const auto run = toy::run_toy(config_for(workers, 4096), t, producer_for(data, 3000));
        INFO(transport_name(t) << ", workers " << workers << ": " << run.result.error);
        REQUIRE(run.result.ok);
        CHECK(run.outputs == ring.outputs);
        CHECK(run.result.result_blob == ring.result.result_blob);
    }
}

TEST_CASE("run: a window of 2 slots, 3 and a large one", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(500, 3, 20);
    RunConfig c = config_for(3, 64);
    c.slots = GENERATE(2, 3, 64);
    const auto run = toy::run_toy(c, t, producer_for(data));
    INFO(transport_name(t) << ", slots " << c.slots << ": " << run.result.error);
    require_toy_output(run, data);
}

TEST_CASE("run: output larger than the slot's output region", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(2000, 11);
    RunConfig c = config_for(4, 2048);
    c.slot_output_bytes = 1024;  // output is ~3x the input: on the ring every chunk overflows
    const auto run = toy::run_toy(c, t, producer_for(data));
    INFO(transport_name(t) << ": " << run.result.error);
    require_toy_output(run, data);
}

TEST_CASE("run: two input streams per chunk and many outputs", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(4000, 5);
    const int workers = GENERATE(2, 4);
    const std::size_t cap = GENERATE(std::size_t{1024}, std::size_t{400} << 10);
    RunConfig c = config_for(workers, cap, 40);  // segments 3..39 stay empty
    c.inputs = 2;
    // The expected third segment: every chunk's bytes reversed, so computed
    // with the producer's own chunking (no varying limit: max_chunk 0).
    const LineProducer p = producer_for(data, 0, 2);
    const auto run = toy::run_toy(c, t, p);
    INFO(transport_name(t) << ", workers " << workers << ", cap " << cap << ": " << run.result.error);
    REQUIRE(run.result.ok);
    CHECK(run.outputs[0] == toy::upper(data));
    CHECK(run.outputs[1] == toy::doubled(data));
    CHECK(run.outputs[2] == toy::serial_second_input(p, cap));
    for (int k = 3; k < 40; ++k) CHECK(run.outputs[static_cast<std::size_t>(k)].empty());
}

TEST_CASE("run: each chunk's encoding reaches its processor unchanged", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    LineProducer lines = producer_for(toy::make_lines(3000, 7), 700);
    std::uint64_t produced = 0;
    Producer producer = [lines, &produced](char* const buf[2], std::size_t cap, ProducedChunk& chunk) mutable {
        ProduceResult r = lines(buf, cap, chunk);
        chunk.encoding = static_cast<ChunkTag>(produced % 3 + 1);
        if (r.kind == ProduceResult::kChunk) ++produced;
        return r;
    };
    auto make = [] {
        return Processor([](const ChunkInput& in, ChunkOutput& out) {
            out.segments[0] = std::to_string(in.seq) + ":" + std::to_string(static_cast<int>(in.encoding)) + "\n";
            std::uint64_t first_and_count[2] = {in.first_record, in.records};  // as FileConsumer checks
            out.stats_blob.assign(reinterpret_cast<const char*>(first_and_count), sizeof first_and_count);
        });
    };
    const auto run = toy::run_toy(config_for(3, 4096), t, producer, make);
    INFO(transport_name(t) << ": " << run.result.error);
    REQUIRE(run.result.ok);
    std::string want;
    for (std::uint64_t k = 0; k < produced; ++k) want += std::to_string(k) + ":" + std::to_string(k % 3 + 1) + "\n";
    CHECK(produced > 10);
    CHECK(run.outputs[0] == want);
}

TEST_CASE("run: empty input runs the consumer once", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    const auto run = toy::run_toy(config_for(2, 1024), t, producer_for(""));
    INFO(transport_name(t) << ": " << run.result.error);
    REQUIRE(run.result.ok);
    CHECK(run.result.chunks == 0);
    CHECK(run.result.result_blob == "0 0");
    CHECK(run.outputs[0].empty());
    CHECK(no_children_left());
}

TEST_CASE("run: the progress callback sees the records written", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(2000, 6);
    RunConfig c = config_for(2, 512);
    std::vector<std::uint64_t> calls;
    c.progress = [&](std::uint64_t n) { calls.push_back(n); };
    const auto run = toy::run_toy(c, t, producer_for(data));
    INFO(transport_name(t));
    REQUIRE(run.result.ok);
    REQUIRE_FALSE(calls.empty());
    CHECK(calls.back() == 2000);
    CHECK(std::is_sorted(calls.begin(), calls.end()));
}

TEST_CASE("run: a caller that ignores SIGCHLD", "[run]") {
    const Transport t = EVERY_TRANSPORT;
    struct sigaction ign {
    }, old{};
    ign.sa_handler = SIG_IGN;
    ::sigaction(SIGCHLD, &ign, &old);
    const std::string data = toy::make_lines(300, 8);
    const auto run = toy::run_toy(config_for(2, 1024), t, producer_for(data));
    struct sigaction now {};
    ::sigaction(SIGCHLD, &old, &now);
    INFO(transport_name(t) << ": " << run.result.error);
    CHECK(now.sa_handler == SIG_IGN);  // restored
    REQUIRE(run.result.ok);
    CHECK(run.outputs[0] == toy::upper(data));
}

TEST_CASE("run: a chunk's error", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    Faults f;
    f.error_seqs = {7};
    const auto run = toy::run_toy(config_for(4, 1024), t, producer_for(toy::make_lines(2000, 9)), f);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.exit_code == 1);
    CHECK(run.result.input_error);
    CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 7 at record"));
    CHECK(run.consumer_aborted);
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("run: the lowest failing seq's error is reported", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(3000, 9);
    Faults f;
    // Later chunks fail too, and with 8 workers they usually fail first.
    f.error_seqs = {5, 6, 7, 8, 9, 10, 11, 12, 30};
    INFO(transport_name(t));
    for (int i = 0; i < 5; ++i) {
        const auto run = toy::run_toy(config_for(8, 512), t, producer_for(data), f);
        REQUIRE_FALSE(run.result.ok);
        CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 5 at record"));
    }
}

TEST_CASE("run: a processor exception", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    Faults f;
    f.throw_seqs = {2};
    const auto run = toy::run_toy(config_for(2, 512), t, producer_for(toy::make_lines(500, 1)), f);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.error == "processor threw");
    CHECK_FALSE(run.result.input_error);
}

TEST_CASE("run: a producer error after earlier chunks", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    LineProducer p = producer_for(toy::make_lines(500, 1));
    p.fail_at_chunk = 4;
    const auto run = toy::run_toy(config_for(2, 512), t, p);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.error == "producer error at chunk 4");
    CHECK(run.result.input_error);
    CHECK(run.consumer_aborted);
}

TEST_CASE("run: a chunk error before a producer error wins", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    LineProducer p = producer_for(toy::make_lines(500, 1));
    p.fail_at_chunk = 4;
    Faults f;
    f.error_seqs = {2};
    const auto run = toy::run_toy(config_for(2, 512), t, p, f);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 2 at record"));
}

TEST_CASE("run: a record larger than a slot", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    std::string data = toy::make_lines(50, 1) + std::string(300, 'x') + "\n";
    const auto run = toy::run_toy(config_for(2, 128), t, producer_for(data));
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::Contains("does not fit into a slot"));
}

TEST_CASE("run: a consumer exception", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    const auto run =
        toy::run_toy(config_for(2, 512), t, producer_for(toy::make_lines(200, 1)), Faults{}, /*fail_consume=*/1);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.error == "disk full (simulated)");
    CHECK(run.consumer_aborted);
    CHECK(no_children_left());
}

TEST_CASE("run: stops when the interrupt flag is raised", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    static volatile std::sig_atomic_t flag = 0;
    flag = 0;
    RunConfig c = config_for(2, 256);
    c.interrupt = &flag;
    // Raise the flag from the producer after a few chunks (the parent polls it).
    struct Interrupting {
        LineProducer inner;
        int n = 0;
        ProduceResult operator()(char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
            if (++n == 10) flag = SIGINT;
            return inner(buf, cap, chunk);
        }
    };
    const std::string dir = toy::make_temp_dir();
    ::alarm(30);
    const auto start = std::chrono::steady_clock::now();
    const RunResult r = run(
        c, t, Interrupting{producer_for(toy::make_lines(5000, 4))}, [] { return toy::make_processor({}); },
        [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 2); });
    const auto took = std::chrono::steady_clock::now() - start;
    ::alarm(0);
    const bool aborted = ::access((dir + "/aborted").c_str(), F_OK) == 0;
    toy::remove_dir(dir);
    INFO(transport_name(t));
    REQUIRE_FALSE(r.ok);
    CHECK(aborted);
    CHECK(r.exit_code == 128 + SIGINT);
    CHECK(r.error == "interrupted by signal 2");
    CHECK(took < std::chrono::seconds(2));
    CHECK(no_children_left());
    CHECK(toy::our_shm_names().empty());
}

TEST_CASE("run: a bad configuration is rejected without forking", "[run][errors]") {
    const Transport t = EVERY_TRANSPORT;
    RunConfig c;
    c.workers = 0;
    const RunResult r = run(
        c, t, [](char* const*, std::size_t, ProducedChunk&) { return ProduceResult::end(); },
        [] { return Processor(); }, [] { return std::unique_ptr<Consumer>(); });
    INFO(transport_name(t));
    REQUIRE_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("number of workers"));
    CHECK(no_children_left());
}

TEST_CASE("run stress: 100 small runs give identical output in bounded time", "[run][stress]") {
    const Transport t = EVERY_TRANSPORT;
    const std::string data = toy::make_lines(300, 21, 30);
    const std::string want0 = toy::upper(data);
    const std::string want1 = toy::doubled(data);
    int failures = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i) {
        RunConfig c = config_for(1 + i % 5, 128 + static_cast<std::size_t>(i % 7) * 97);
        c.slots = (i % 3 == 0) ? 2 : 0;
        LineProducer p = producer_for(data, 400);
        p.rng.seed(static_cast<unsigned>(i));
        const auto run = toy::run_toy(c, t, p, Faults{}, 0, /*timeout_s=*/20);
        if (!run.result.ok || run.outputs[0] != want0 || run.outputs[1] != want1) {
            ++failures;
            UNSCOPED_INFO("run " << i << ": " << run.result.error);
        }
    }
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(transport_name(t));
    CHECK(failures == 0);
    CHECK(took < std::chrono::seconds(30));
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

// ---- Crashes: the forking transports ----

TEST_CASE("run: a writer killed by a signal ends the run with a clear error", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    const auto run =
        toy::run_toy(config_for(2, 512), t, producer_for(toy::make_lines(200, 1)), Faults{}, /*fail_consume=*/2);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::Matches("writer process [0-9]+ was killed by signal 9.*"));
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("run: a chunk that kills every worker ends the run with a clear error", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    const int sig = GENERATE(SIGSEGV, SIGKILL);
    const int workers = GENERATE(1, 3);
    const int retries = GENERATE(0, 1, 2);
    Faults f;
    f.crash_seq = 6;
    f.crash_signal = sig;
    RunConfig c = config_for(workers, 512);
    c.max_retries = retries;
    c.input_label = "in.txt";
    const auto start = std::chrono::steady_clock::now();
    const auto run = toy::run_toy(c, t, producer_for(toy::make_lines(2000, 2)), f);
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(transport_name(t) << ", retries " << retries << ": " << run.result.error);
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.exit_code == 1);
    // The chunk is tried 1 + max_retries times.
    const int tries = retries + 1;
    CHECK_THAT(
        run.result.error,
        Catch::Matches("in\\.txt: records [0-9]+ to [0-9]+ crashed " + std::to_string(tries) +
                       (tries == 1 ? " worker process" : " worker processes") + " \\(last: killed by signal " +
                       std::to_string(sig) + " \\(.*\\)\\); rerun with --quarantine FILE to set such records aside"));
    CHECK(run.result.input_error);
    CHECK(run.result.worker_crashes == static_cast<std::uint64_t>(tries));
    CHECK(run.result.retried_chunks == static_cast<std::uint64_t>(retries));
    CHECK(took < std::chrono::seconds(5));
    CHECK(run.consumer_aborted);  // the writer left by itself and cleaned up
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("run: with max_retries 0 the first crash makes a poison chunk", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    Faults f;
    f.crash_seq = 2;
    RunConfig c = config_for(2, 512);
    c.max_retries = 0;
    const auto run = toy::run_toy(c, t, producer_for(toy::make_lines(500, 2)), f);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("records "));
    CHECK_THAT(run.result.error, Catch::Contains("crashed 1 worker process (last: killed by signal 11"));
    CHECK(run.result.retried_chunks == 0);
}

TEST_CASE("run: a chunk error before a crashed chunk wins", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    Faults f;
    f.crash_seq = 9;
    f.error_seqs = {3};
    RunConfig c = config_for(3, 512);
    c.max_retries = GENERATE(0, 1);
    const auto run = toy::run_toy(c, t, producer_for(toy::make_lines(2000, 2)), f);
    INFO(transport_name(t));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 3 at record"));
}

TEST_CASE("run: the chunk of a killed worker is retried and the output is identical", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    const int sig = GENERATE(SIGSEGV, SIGKILL);
    const int workers = GENERATE(1, 4);
    const std::size_t cap = GENERATE(std::size_t{700}, std::size_t{300} << 10);
    const std::size_t lines = cap < 1000 ? 3000 : 20000;  // either way more than 2 chunks
    const std::string data = toy::make_lines(lines, 17);
    const std::string dir = toy::make_temp_dir();
    const std::string marker = dir + "/crashed";
    RunConfig c = config_for(workers, cap);
    c.max_retries = 1;
    const auto run = toy::run_toy(c, t, producer_for(data), [=] { return toy::crash_once_processor(1, sig, marker); });
    const bool crashed = ::access(marker.c_str(), F_OK) == 0;
    ::unlink(marker.c_str());
    toy::remove_dir(dir);
    INFO(transport_name(t) << ": " << run.result.error);
    REQUIRE(run.result.ok);
    CHECK(crashed);
    CHECK(run.result.worker_crashes == 1);
    CHECK(run.result.retried_chunks == 1);
    CHECK(run.outputs[0] == toy::upper(data));
    CHECK(run.outputs[1] == toy::doubled(data));
    CHECK(run.result.chunks > 2);
    CHECK(run.result.result_blob == std::to_string(lines) + " " + std::to_string(run.result.chunks));
    CHECK(no_children_left());
}

TEST_CASE("run: a poison chunk is set aside through the quarantine callback", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    const std::string data = toy::make_lines(1000, 4);
    Faults f;
    f.crash_seq = 3;
    RunConfig c = config_for(2, 512);
    c.max_retries = 1;
    std::uint64_t seen_first = 0, seen_records = 0;
    std::size_t seen_bytes = 0;
    c.quarantine = [&](const ChunkInput& in) {
        seen_first = in.first_record;
        seen_records = in.records;
        seen_bytes = in.bytes[0].size();
        return Status();
    };
    ::alarm(30);
    const RunResult r = run(
        c, t, producer_for(data), [f] { return toy::make_processor(f); },
        []() -> std::unique_ptr<Consumer> { return std::make_unique<toy::OrderConsumer>(); });
    ::alarm(0);
    INFO(transport_name(t) << ": " << r.error);
    REQUIRE(r.ok);
    CHECK(seen_bytes > 0);
    CHECK(r.quarantined_chunks == 1);
    CHECK(r.quarantined_records == seen_records);
    CHECK(r.worker_crashes == 2);
    CHECK(r.retried_chunks == 1);
    CHECK_THAT(r.result_blob, Catch::StartsWith("C0 C1 C2 Q3:" + std::to_string(seen_first) + ":" +
                                                std::to_string(seen_records) + " C4 C5 "));
    CHECK(no_children_left());
}

TEST_CASE("run: the children leave when the parent is SIGKILLed", "[run][crash]") {
    const Transport t = FORKING_TRANSPORT;
    INFO(transport_name(t));
    const pid_t parent = ::fork();
    REQUIRE(parent >= 0);
    if (parent == 0) {
        // The run's parent: a producer that never ends (slowly).
        RunConfig c = config_for(3, 256);
        Producer endless = [](char* const buf[2], std::size_t, ProducedChunk& chunk) {
            ::usleep(2000);
            std::memcpy(buf[0], "line\n", 5);
            chunk.len[0] = 5;
            chunk.records = 1;
            return ProduceResult::chunk();
        };
        run(
            c, t, endless, [] { return toy::make_processor({}); },
            [] { return std::unique_ptr<Consumer>(new toy::OrderConsumer()); });
        ::_exit(0);
    }
    std::vector<pid_t> roles;
    for (int i = 0; i < 200 && roles.size() < 4; ++i) {
        ::usleep(10000);
        roles = toy::children_named("ringtrim-worker", parent);
        for (pid_t w : toy::children_named("ringtrim-writer", parent)) roles.push_back(w);
    }
    REQUIRE(roles.size() == 4);
    ::kill(parent, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(parent, &status, 0) == parent);
    // PR_SET_PDEATHSIG (and the getppid() check in every wait slice).
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
        ::usleep(10000);
        gone = true;
        for (pid_t p : roles) gone = gone && ::kill(p, 0) != 0;
    }
    CHECK(gone);
    CHECK(no_children_left());
}

TEST_CASE("run stress: crashes at random chunks never hang and retries are exact", "[run][stress]") {
    const Transport t = FORKING_TRANSPORT;
    const std::string data = toy::make_lines(400, 22, 30);
    const std::string dir = toy::make_temp_dir();
    for (int i = 0; i < 30; ++i) {
        RunConfig c = config_for(1 + i % 4, 200 + static_cast<std::size_t>(i % 5) * 50);
        c.max_retries = 1;
        const std::string marker = dir + "/m" + std::to_string(i);
        const auto seq = static_cast<std::uint64_t>(i % 9);
        const int sig = (i % 2 == 0) ? SIGKILL : SIGSEGV;
        const auto run = toy::run_toy(
            c, t, producer_for(data), [=] { return toy::crash_once_processor(seq, sig, marker); }, 0,
            /*timeout_s=*/20);
        INFO(transport_name(t) << ", run " << i << ": " << run.result.error);
        REQUIRE(run.result.ok);
        CHECK(run.outputs[0] == toy::upper(data));
        CHECK(run.outputs[1] == toy::doubled(data));
        ::unlink(marker.c_str());
    }
    toy::remove_dir(dir);
    CHECK(toy::our_shm_names().empty());
}

}  // namespace
}  // namespace ringtrim::ipc
