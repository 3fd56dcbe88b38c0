// Crash recovery of run_ring (issue #6): dead workers, poison chunks,
// quarantine, writer death, wedged queues, interrupts, progress. Faults come
// from RINGTRIM_FAULT (ipc/roles/fault.hpp), so each path is deterministic.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/run_ring.hpp"
#include "tests/ipc/supervise/toy_run.hpp"

namespace ringtrim::ipc {
namespace {

using Clock = std::chrono::steady_clock;
using toy::LineProducer;
using toy::ScopedFault;

LineProducer producer_for(const std::string& data) {
    LineProducer p;
    p.data = data;
    return p;
}

RunConfig config_for(int workers, std::size_t in_bytes) {
    RunConfig c;
    c.workers = workers;
    c.slot_input_bytes = in_bytes;
    c.outputs = 2;
    return c;
}

bool no_children_left() {
    int status = 0;
    return ::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The common checks of a run that must equal a clean one.
void check_identical(const toy::ToyRun& run, const std::string& data, std::size_t lines) {
    INFO(run.result.error);
    REQUIRE(run.result.ok);
    CHECK(run.result.exit_code == 0);
    CHECK(run.outputs[0] == toy::upper(data));
    CHECK(run.outputs[1] == toy::doubled(data));
    // Stats are merged exactly once per chunk, whoever crashed.
    CHECK(run.result.result_blob == std::to_string(lines) + " " + std::to_string(run.result.chunks));
    CHECK(run.result.records_written == lines);
    CHECK_FALSE(run.consumer_aborted);
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("a worker that dies on a chunk is replaced and the output is identical", "[recovery][crash]") {
    const char* spec = GENERATE("worker:seq=3:sig=KILL:times=1", "worker:seq=3:sig=SEGV:times=1",
                                "worker:seq=3:sig=ABRT:times=1", "worker:seq=3:exit=7:times=1");
    const int workers = GENERATE(1, 3);
    INFO(spec << ", " << workers << " workers");
    ScopedFault fault(spec);
    const std::string data = toy::make_lines(2000, 31);
    const auto run = toy::run_toy(config_for(workers, 1024), producer_for(data));
    check_identical(run, data, 2000);
    CHECK(run.result.worker_crashes == 1);
    CHECK(run.result.retried_chunks == 1);
    CHECK(run.result.quarantined_chunks == 0);
}

TEST_CASE("16 workers on 2 cores survive crashes on several chunks", "[recovery][crash]") {
    ScopedFault fault(
        "worker:seq=1:sig=KILL:times=1,worker:seq=5:sig=SEGV:times=1;worker:seq=9:sig=ABRT:times=1,"
        "worker:seq=20:exit=3:times=1");
    const std::string data = toy::make_lines(6000, 32);
    const auto t0 = Clock::now();
    const auto run = toy::run_toy(config_for(16, 2048), producer_for(data));
    check_identical(run, data, 6000);
    CHECK(run.result.worker_crashes == 4);
    CHECK(run.result.retried_chunks == 4);
    CHECK(seconds_since(t0) < 20);
}

TEST_CASE("a chunk is retried up to max_retries times", "[recovery][crash]") {
    ScopedFault fault("worker:seq=4:sig=KILL:times=3");
    const std::string data = toy::make_lines(1500, 33);
    RunConfig c = config_for(2, 1024);
    c.max_retries = 3;
    const auto run = toy::run_toy(c, producer_for(data));
    check_identical(run, data, 1500);
    CHECK(run.result.worker_crashes == 3);
    CHECK(run.result.retried_chunks == 3);
}

TEST_CASE("a poison chunk fails the run with the input, records and signal", "[recovery][poison]") {
    ScopedFault fault("worker:seq=2:sig=SEGV");
    RunConfig c = config_for(3, 1024);
    c.input_label = "in_1.fq and in_2.fq";
    bool failure_hook = false;
    c.on_failure = [&] { failure_hook = true; };
    const auto run = toy::run_toy(c, producer_for(toy::make_lines(1500, 34)));
    INFO(run.result.error);
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.exit_code == 1);
    CHECK(run.result.input_error);
    CHECK_THAT(run.result.error, Catch::Matches("in_1\\.fq and in_2\\.fq: records [0-9]+ to [0-9]+ crashed 2 worker "
                                                "processes \\(last: killed by signal 11 \\(Segmentation fault\\)\\); "
                                                "rerun with --quarantine FILE to set such records aside"));
    CHECK(failure_hook);
    CHECK(run.consumer_aborted);
    CHECK(run.result.worker_crashes == 2);
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("the poison message names the 1-based record range of the chunk", "[recovery][poison]") {
    ScopedFault fault("worker:seq=1:sig=KILL");
    // Fixed-size lines: with 100-byte slots every chunk holds exactly 10 lines.
    std::string data;
    for (int i = 0; i < 50; ++i) data += "abcdefgh\n";
    RunConfig c = config_for(2, 90);
    c.input_label = "in.fq";
    const auto run = toy::run_toy(c, producer_for(data));
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.error ==
          "in.fq: records 11 to 20 crashed 2 worker processes (last: killed by signal 9 (Killed)); "
          "rerun with --quarantine FILE to set such records aside");
}

TEST_CASE("a quarantined poison chunk is set aside and the run goes on", "[recovery][poison]") {
    ScopedFault fault("worker:seq=4:sig=SEGV");
    const std::string data = toy::make_lines(1500, 35);
    RunConfig c = config_for(3, 1024);
    std::vector<ChunkInput> seen;
    std::vector<std::string> bytes;
    c.quarantine = [&](const ChunkInput& in) {
        seen.push_back(in);
        bytes.emplace_back(in.bytes[0]);
        return Status();
    };
    const auto run = toy::run_toy(c, producer_for(data));
    INFO(run.result.error);
    REQUIRE(run.result.ok);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].seq == 4);
    const std::size_t pos = data.find(bytes[0]);
    REQUIRE(pos != std::string::npos);
    REQUIRE(bytes[0].size() > 0);
    // Whole lines, starting at line first_record.
    CHECK(bytes[0].rfind("line" + std::to_string(seen[0].first_record) + " ", 0) == 0);
    CHECK(std::count(bytes[0].begin(), bytes[0].end(), '\n') == static_cast<long>(seen[0].records));
    const std::string rest = data.substr(0, pos) + data.substr(pos + bytes[0].size());
    CHECK(run.outputs[0] == toy::upper(rest));
    CHECK(run.outputs[1] == toy::doubled(rest));
    CHECK(run.result.quarantined_chunks == 1);
    CHECK(run.result.quarantined_records == seen[0].records);
    CHECK(run.quarantine_log ==
          "4 " + std::to_string(seen[0].first_record) + " " + std::to_string(seen[0].records) + "\n");
    CHECK(run.result.records_written == 1500);  // quarantined records count as committed
    CHECK(run.result.result_blob == "1500 " + std::to_string(run.result.chunks));
    CHECK(toy::our_shm_names().empty());
    CHECK(no_children_left());
}

TEST_CASE("a quarantine callback that fails ends the run with its reason", "[recovery][poison][errors]") {
    ScopedFault fault("worker:seq=1:sig=ABRT");
    RunConfig c = config_for(2, 512);
    c.input_label = "in.fq";
    c.quarantine = [](const ChunkInput&) { return Status::error("cannot write q.fq: No space left on device"); };
    const auto run = toy::run_toy(c, producer_for(toy::make_lines(800, 36)));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("in.fq: records "));
    CHECK_THAT(run.result.error, Catch::EndsWith("(last: killed by signal 6 (Aborted)); cannot set them aside: "
                                                 "cannot write q.fq: No space left on device"));
    CHECK(run.result.quarantined_chunks == 0);
}

TEST_CASE("a quarantine callback that throws counts as a failure", "[recovery][poison][errors]") {
    ScopedFault fault("worker:seq=0:sig=KILL");
    RunConfig c = config_for(2, 512);
    c.quarantine = [](const ChunkInput&) -> Status { throw std::runtime_error("boom"); };
    const auto run = toy::run_toy(c, producer_for(toy::make_lines(300, 37)));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::EndsWith("cannot set them aside: boom"));
}

TEST_CASE("a killed writer fails the run promptly and on_failure runs after the reap", "[recovery][writer]") {
    ScopedFault fault("writer:seq=2:sig=KILL");
    RunConfig c = config_for(3, 512);
    int failure_calls = 0;
    bool children_reaped_first = false;
    c.on_failure = [&] {
        ++failure_calls;
        children_reaped_first = no_children_left();
    };
    const auto t0 = Clock::now();
    const auto run = toy::run_toy(c, producer_for(toy::make_lines(3000, 38)));
    const double took = seconds_since(t0);
    REQUIRE_FALSE(run.result.ok);
    CHECK(run.result.exit_code == 1);
    CHECK_THAT(run.result.error, Catch::Matches("writer process [0-9]+ was killed by signal 9 \\(Killed\\)"));
    CHECK(failure_calls == 1);
    CHECK(children_reaped_first);
    CHECK_FALSE(run.consumer_aborted);  // a killed writer cannot clean up: on_failure does
    CHECK(took < 3.0);
    CHECK(toy::our_shm_names().empty());
}

TEST_CASE("on_failure is not called for a successful run", "[recovery]") {
    RunConfig c = config_for(2, 512);
    bool called = false;
    c.on_failure = [&] { called = true; };
    const std::string data = toy::make_lines(300, 39);
    const auto run = toy::run_toy(c, producer_for(data));
    REQUIRE(run.result.ok);
    CHECK_FALSE(called);
}

TEST_CASE("a worker killed while holding a queue lock does not stall the run", "[recovery][queue]") {
    const char* spec = GENERATE("worker:seq=2:at=queue", "worker:seq=2:at=done");
    INFO(spec);
    ScopedFault fault(spec);
    const std::string data = toy::make_lines(3000, 40);
    const auto t0 = Clock::now();
    const auto run = toy::run_toy(config_for(3, 1024), producer_for(data));
    const double took = seconds_since(t0);
    check_identical(run, data, 3000);
    CHECK(run.result.worker_crashes == 1);
    CHECK(run.result.queue_rebuilds == 1);
    CHECK(took < 10.0);
}

TEST_CASE("the run completes on doorbells alone once every queue set is wedged", "[recovery][queue]") {
    ScopedFault fault(
        "worker:seq=1:at=queue,worker:seq=3:at=done,worker:seq=5:at=queue,worker:seq=7:at=queue,"
        "worker:seq=9:at=queue");
    const std::string data = toy::make_lines(3000, 41);
    const auto t0 = Clock::now();
    const auto run = toy::run_toy(config_for(3, 1024), producer_for(data));
    const double took = seconds_since(t0);
    check_identical(run, data, 3000);
    CHECK(run.result.queue_rebuilds == static_cast<std::uint32_t>(kQueueSets));
    CHECK(took < 30.0);
}

TEST_CASE("workers that die before taking a chunk are limited by the crash budget", "[recovery][errors]") {
    RunConfig c = config_for(2, 512);
    const std::string dir = toy::make_temp_dir();
    const auto t0 = Clock::now();
    ::alarm(30);
    const RunResult r = run_ring(
        c, producer_for(toy::make_lines(300, 42)),
        []() -> Processor {
            ::raise(SIGKILL);  // every worker dies at startup
            return {};
        },
        [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 2); });
    ::alarm(0);
    toy::remove_dir(dir);
    REQUIRE_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("worker processes died without holding a chunk"));
    CHECK(r.worker_crashes == static_cast<std::uint64_t>(crash_budget(2) + 1));
    CHECK(seconds_since(t0) < 10);
    CHECK(no_children_left());
}

TEST_CASE("an interrupt ends a run whose worker hangs within 2 seconds", "[recovery][signals]") {
    ScopedFault fault("worker:seq=1:hang");
    static volatile std::sig_atomic_t flag = 0;
    flag = 0;
    RunConfig c = config_for(2, 256);
    c.interrupt = &flag;
    bool failure_hook = false;
    c.on_failure = [&] { failure_hook = true; };
    // Raise the flag from the producer once the hanging chunk is out.
    static Clock::time_point raised;
    struct Interrupting {
        LineProducer inner;
        int n = 0;
        ProduceResult operator()(char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
            if (++n == 4) {
                ::usleep(200000);  // let a worker take chunk 1 and hang
                raised = Clock::now();
                flag = SIGTERM;
            }
            return inner(buf, cap, chunk);
        }
    };
    const std::string dir = toy::make_temp_dir();
    ::alarm(30);
    const RunResult r = run_ring(
        c, Interrupting{producer_for(toy::make_lines(5000, 43))}, [] { return toy::make_processor({}); },
        [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 2); });
    ::alarm(0);
    const double took = seconds_since(raised);
    const bool aborted = ::access((dir + "/aborted").c_str(), F_OK) == 0;
    toy::remove_dir(dir);
    REQUIRE_FALSE(r.ok);
    CHECK(r.exit_code == 128 + SIGTERM);
    CHECK(took < 2.0);
    CHECK(aborted);  // the writer removed its outputs
    CHECK(failure_hook);
    CHECK(no_children_left());
    CHECK(toy::our_shm_names().empty());
}

TEST_CASE("progress reports committed records at most every 100 ms", "[recovery][progress]") {
    const std::string data = toy::make_lines(4000, 44);
    RunConfig c = config_for(2, 256);
    std::vector<std::uint64_t> values;
    std::vector<Clock::time_point> times;
    c.progress = [&](std::uint64_t n) {
        values.push_back(n);
        times.push_back(Clock::now());
    };
    // Slow the run down so that several reports happen.
    struct Slow {
        LineProducer inner;
        ProduceResult operator()(char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
            ::usleep(3000);
            return inner(buf, cap, chunk);
        }
    };
    const std::string dir = toy::make_temp_dir();
    const RunResult r = run_ring(
        c, Slow{producer_for(data)}, [] { return toy::make_processor({}); },
        [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 2); });
    toy::remove_dir(dir);
    REQUIRE(r.ok);
    REQUIRE(values.size() >= 3);
    CHECK(values.back() == 4000);
    for (std::size_t i = 1; i < values.size(); ++i) {
        CHECK(values[i] >= values[i - 1]);
        if (i + 1 < values.size())  // the last call is the final count, not rate limited
            CHECK(times[i] - times[i - 1] >= std::chrono::milliseconds(kProgressIntervalMs));
    }
}

TEST_CASE("workers raise their OOM score above the parent's", "[recovery]") {
    auto read_adj = [](const std::string& path) {
        std::ifstream in(path);
        int v = 0;
        in >> v;
        return v;
    };
    const int mine = read_adj("/proc/self/oom_score_adj");
    RunConfig c = config_for(2, 512);
    c.outputs = 1;
    const std::string dir = toy::make_temp_dir();
    const RunResult r = run_ring(
        c, producer_for(toy::make_lines(50, 45)),
        [read_adj]() -> Processor {
            return [read_adj](const ChunkInput& in, ChunkOutput& out) {
                out.segments[0] = std::to_string(read_adj("/proc/self/oom_score_adj")) + "\n";
                std::uint64_t fc[2] = {in.first_record, in.records};
                out.stats_blob.assign(reinterpret_cast<const char*>(fc), sizeof fc);
            };
        },
        [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 1); });
    const std::string out = toy::read_file(dir + "/out0");
    toy::remove_dir(dir);
    REQUIRE(r.ok);
    REQUIRE_FALSE(out.empty());
    CHECK(out.substr(0, out.find('\n')) == std::to_string(std::min(1000, mine + 500)));
}

TEST_CASE("a malformed RINGTRIM_FAULT fails the run before forking", "[recovery][errors]") {
    ScopedFault fault("worker:sig=KILL");
    const auto run = toy::run_toy(config_for(2, 512), producer_for(toy::make_lines(10, 46)));
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("RINGTRIM_FAULT: "));
    CHECK_THAT(run.result.error, Catch::Contains("seq= is required"));
    CHECK(no_children_left());
}

}  // namespace
}  // namespace ringtrim::ipc
