#include "ipc/queue/run_queue.hpp"

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>

#include "tests/ipc/queue/toy_queue.hpp"

namespace ringtrim::ipc {
namespace {

using toy::Faults;
using toy::LineProducer;
using toyq::config_for;
using toyq::no_children_left;
using toyq::producer_for;
using toyq::Transport;

TEST_CASE("run_queue output equals the serial result and run_ring's for any worker count",
          "[run_queue]") {
  const std::string data = toy::make_lines(3000, 7);
  const int workers = GENERATE(1, 2, 4, 16);
  const auto run = toyq::run_toy(config_for(workers, 4096), producer_for(data, 3000));
  const auto ring = toyq::run_toy(config_for(workers, 4096), producer_for(data, 3000), Faults{},
                                  Transport::kRing);
  INFO("workers " << workers << ": " << run.result.error);
  REQUIRE(run.result.ok);
  REQUIRE(ring.result.ok);
  CHECK(run.result.exit_code == 0);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
  CHECK(run.outputs == ring.outputs);
  CHECK(run.result.result_blob == ring.result.result_blob);
  CHECK(run.result.result_blob == "3000 " + std::to_string(run.result.chunks));
  CHECK(run.result.chunks > 10);
  CHECK(run.result.records_written == 3000);
  CHECK_FALSE(run.consumer_aborted);
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_queue sends chunks larger than one message as fragment chains", "[run_queue]") {
  // 256 KiB messages: 700 KiB chunks take 3 input fragments and their
  // ~2 MiB outputs about 9.
  const std::string data = toy::make_lines(60000, 13);
  const int workers = GENERATE(1, 3);
  const std::size_t cap = GENERATE(std::size_t{1000}, std::size_t{300} << 10,
                                   std::size_t{700} << 10);
  const auto run = toyq::run_toy(config_for(workers, cap), producer_for(data));
  INFO("workers " << workers << " cap " << cap << ": " << run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
  CHECK(toy::our_shm_names().empty());
}

TEST_CASE("run_queue with a window of 2 and a large window", "[run_queue]") {
  const std::string data = toy::make_lines(500, 3, 20);
  RunConfig c = config_for(3, 64);
  c.slots = GENERATE(2, 3, 64);
  const auto run = toyq::run_toy(c, producer_for(data));
  INFO("window " << c.slots << ": " << run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
}

TEST_CASE("run_queue carries two input streams and many outputs", "[run_queue]") {
  const std::string data = toy::make_lines(4000, 5);
  const std::size_t cap = GENERATE(std::size_t{1024}, std::size_t{400} << 10);
  RunConfig c = config_for(4, cap, 40);  // segments 3..39 stay empty
  c.inputs = 2;
  const LineProducer p = producer_for(data, 0, 2);
  const auto run = toyq::run_toy(c, p);
  const auto ring = toyq::run_toy(c, p, Faults{}, Transport::kRing);
  INFO(run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[2] == toyq::serial_second_input(p, cap));
  CHECK(run.outputs == ring.outputs);
}

TEST_CASE("run_queue with empty input runs the consumer once", "[run_queue]") {
  const auto run = toyq::run_toy(config_for(2, 1024), producer_for(""));
  INFO(run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.result.chunks == 0);
  CHECK(run.result.result_blob == "0 0");
  CHECK(run.outputs[0].empty());
  CHECK(no_children_left());
}

TEST_CASE("run_queue reports a chunk's error", "[run_queue][errors]") {
  Faults f;
  f.error_seqs = {7};
  const auto run = toyq::run_toy(config_for(4, 1024), producer_for(toy::make_lines(2000, 9)), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.exit_code == 1);
  CHECK(run.result.input_error);
  CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 7 at record"));
  CHECK(run.consumer_aborted);
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_queue reports the lowest failing seq", "[run_queue][errors]") {
  const std::string data = toy::make_lines(3000, 9);
  Faults f;
  f.error_seqs = {5, 6, 7, 8, 9, 10, 11, 12, 30};
  for (int i = 0; i < 5; ++i) {
    const auto run = toyq::run_toy(config_for(8, 512), producer_for(data), f);
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 5 at record"));
  }
}

TEST_CASE("run_queue reports a processor exception", "[run_queue][errors]") {
  Faults f;
  f.throw_seqs = {2};
  const auto run = toyq::run_toy(config_for(2, 512), producer_for(toy::make_lines(500, 1)), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.error == "processor threw");
  CHECK_FALSE(run.result.input_error);
}

TEST_CASE("run_queue reports a producer error after earlier chunks", "[run_queue][errors]") {
  LineProducer p = producer_for(toy::make_lines(500, 1));
  p.fail_at_chunk = 4;
  const auto run = toyq::run_toy(config_for(2, 512), p);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.error == "producer error at chunk 4");
  CHECK(run.result.input_error);
  CHECK(run.consumer_aborted);
}

TEST_CASE("run_queue: a chunk error before a producer error wins", "[run_queue][errors]") {
  LineProducer p = producer_for(toy::make_lines(500, 1));
  p.fail_at_chunk = 4;
  Faults f;
  f.error_seqs = {2};
  const auto run = toyq::run_toy(config_for(2, 512), p, f);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 2 at record"));
}

TEST_CASE("run_queue reports a record larger than a slot", "[run_queue][errors]") {
  std::string data = toy::make_lines(50, 1) + std::string(300, 'x') + "\n";
  const auto run = toyq::run_toy(config_for(2, 128), producer_for(data));
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::Contains("does not fit into a slot"));
}

TEST_CASE("run_queue reports a consumer exception", "[run_queue][errors]") {
  const auto run = toyq::run_toy(config_for(2, 512), producer_for(toy::make_lines(200, 1)), Faults{},
                                 Transport::kQueue, /*fail_consume=*/1);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.error == "disk full (simulated)");
  CHECK(run.consumer_aborted);
  CHECK(no_children_left());
}

TEST_CASE("run_queue: a writer killed by a signal ends the run with a clear error",
          "[run_queue][crash]") {
  const auto run = toyq::run_toy(config_for(2, 512), producer_for(toy::make_lines(200, 1)), Faults{},
                                 Transport::kQueue, /*fail_consume=*/2);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::Matches("writer process [0-9]+ was killed by signal 9.*"));
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_queue: a worker that always crashes on a chunk fails the run promptly",
          "[run_queue][crash]") {
  const int sig = GENERATE(SIGSEGV, SIGKILL);
  const int workers = GENERATE(1, 3);
  const int retries = GENERATE(0, 2);
  Faults f;
  f.crash_seq = 6;
  f.crash_signal = sig;
  RunConfig c = config_for(workers, 512);
  c.max_retries = retries;
  const auto start = std::chrono::steady_clock::now();
  const auto run = toyq::run_toy(c, producer_for(toy::make_lines(2000, 2)), f);
  const auto took = std::chrono::steady_clock::now() - start;
  INFO(run.result.error);
  REQUIRE_FALSE(run.result.ok);
  // "records a to b crashed N worker processes (last: killed by signal S (...))"
  CHECK_THAT(run.result.error, Catch::Contains("crashed " + std::to_string(retries + 1) +
                                               " worker process"));
  CHECK_THAT(run.result.error, Catch::Contains("killed by signal " + std::to_string(sig)));
  CHECK(run.result.input_error);
  CHECK(run.result.worker_crashes == static_cast<std::uint64_t>(retries + 1));
  CHECK(took < std::chrono::seconds(5));
  CHECK(run.consumer_aborted);
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_queue retries the chunk of a killed worker and gives identical output",
          "[run_queue][crash]") {
  const int sig = GENERATE(SIGSEGV, SIGKILL);
  const int workers = GENERATE(1, 4);
  const std::size_t cap = GENERATE(std::size_t{700}, std::size_t{300} << 10);
  const std::size_t lines = cap < 1000 ? 3000 : 20000;  // either way more than 2 chunks
  const std::string data = toy::make_lines(lines, 17);
  const std::string dir = toy::make_temp_dir();
  const std::string marker = dir + "/crashed";
  RunConfig c = config_for(workers, cap);
  c.max_retries = 1;
  const auto run = toyq::run_toy(c, producer_for(data), [=] {
    return toyq::crash_once_processor(1, sig, marker);
  });
  const bool crashed = ::access(marker.c_str(), F_OK) == 0;
  ::unlink(marker.c_str());
  toy::remove_dir(dir);
  INFO(run.result.error);
  REQUIRE(run.result.ok);
  CHECK(crashed);
  CHECK(run.result.worker_crashes == 1);
  CHECK(run.result.retried_chunks == 1);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
  CHECK(run.result.chunks > 2);
  CHECK(run.result.result_blob ==
        std::to_string(lines) + " " + std::to_string(run.result.chunks));
  CHECK(no_children_left());
}

TEST_CASE("run_queue: a chunk error before a crashed chunk wins", "[run_queue][crash]") {
  Faults f;
  f.crash_seq = 9;
  f.error_seqs = {3};
  const auto run = toyq::run_toy(config_for(3, 512), producer_for(toy::make_lines(2000, 2)), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 3 at record"));
}

TEST_CASE("run_queue sets a poison chunk aside through the quarantine callback",
          "[run_queue][crash]") {
  const std::string data = toy::make_lines(1000, 4);
  Faults f;
  f.crash_seq = 3;
  RunConfig c = config_for(2, 512);
  c.max_retries = 1;
  std::uint64_t seen_first = 0, seen_records = 0;
  std::size_t seen_bytes = 0;
  c.quarantine = [&](const ChunkInput& in, std::string&) {
    seen_first = in.first_record;
    seen_records = in.records;
    seen_bytes = in.bytes[0].size();
    return true;
  };
  ::alarm(30);
  const RunResult r = run_queue(
      c, producer_for(data), [f] { return toy::make_processor(f); },
      []() -> std::unique_ptr<Consumer> { return std::make_unique<toyq::OrderConsumer>(); });
  ::alarm(0);
  INFO(r.error);
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

TEST_CASE("run_queue stops when the interrupt flag is raised", "[run_queue][errors]") {
  static volatile std::sig_atomic_t flag = 0;
  flag = 0;
  RunConfig c = config_for(2, 256);
  c.interrupt = &flag;
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
  const RunResult r = run_queue(
      c, Interrupting{producer_for(toy::make_lines(5000, 4))},
      [] { return toy::make_processor({}); },
      [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 2); });
  const auto took = std::chrono::steady_clock::now() - start;
  ::alarm(0);
  const bool aborted = ::access((dir + "/aborted").c_str(), F_OK) == 0;
  toy::remove_dir(dir);
  REQUIRE_FALSE(r.ok);
  CHECK(aborted);
  CHECK(r.exit_code == 128 + SIGINT);
  CHECK(r.error == "interrupted by signal 2");
  CHECK(took < std::chrono::seconds(2));
  CHECK(no_children_left());
  CHECK(toy::our_shm_names().empty());
}

TEST_CASE("run_queue calls the progress callback with the records written", "[run_queue]") {
  const std::string data = toy::make_lines(2000, 6);
  RunConfig c = config_for(2, 512);
  std::vector<std::uint64_t> calls;
  c.progress = [&](std::uint64_t n) { calls.push_back(n); };
  const auto run = toyq::run_toy(c, producer_for(data));
  REQUIRE(run.result.ok);
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.back() == 2000);
  CHECK(std::is_sorted(calls.begin(), calls.end()));
}

TEST_CASE("run_queue's children leave when the parent is SIGKILLed", "[run_queue][crash]") {
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
    run_queue(
        c, endless, [] { return toy::make_processor({}); },
        [] { return std::unique_ptr<Consumer>(new toyq::OrderConsumer()); });
    ::_exit(0);
  }
  std::vector<pid_t> roles;
  for (int i = 0; i < 200 && roles.size() < 4; ++i) {
    ::usleep(10000);
    roles = toyq::children_named("ringtrim-worker", parent);
    for (pid_t w : toyq::children_named("ringtrim-writer", parent)) roles.push_back(w);
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

TEST_CASE("run_queue rejects a bad configuration without forking", "[run_queue][errors]") {
  RunConfig c;
  c.workers = 0;
  const RunResult r = run_queue(
      c, [](char* const*, std::size_t, ProducedChunk&) { return ProduceResult::end(); },
      [] { return Processor(); }, [] { return std::unique_ptr<Consumer>(); });
  REQUIRE_FALSE(r.ok);
  CHECK_THAT(r.error, Catch::Contains("number of workers"));
  CHECK(no_children_left());
}

TEST_CASE("run_queue stress: 100 small runs give identical output in bounded time",
          "[run_queue][stress]") {
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
    const auto run = toyq::run_toy(c, p, Faults{}, Transport::kQueue, 0, /*timeout_s=*/20);
    if (!run.result.ok || run.outputs[0] != want0 || run.outputs[1] != want1) {
      ++failures;
      UNSCOPED_INFO("run " << i << ": " << run.result.error);
    }
  }
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(failures == 0);
  CHECK(took < std::chrono::seconds(30));
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
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
          const auto pids = toyq::children_named("ringtrim-worker");
          if (!pids.empty()) {
            ::kill(pids[(*rng)() % pids.size()], SIGKILL);
            ++kills;
          }
        }
        return inner(buf, cap, chunk);
      }
    };
    const auto start = std::chrono::steady_clock::now();
    const auto run = toyq::run_toy(c, Killing{producer_for(data), &rng},
                                   [] { return toy::make_processor({}); }, Transport::kQueue, 0,
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

TEST_CASE("run_queue stress: crashes at random chunks never hang and retries are exact",
          "[run_queue][stress]") {
  const std::string data = toy::make_lines(400, 22, 30);
  const std::string dir = toy::make_temp_dir();
  for (int i = 0; i < 30; ++i) {
    RunConfig c = config_for(1 + i % 4, 200 + static_cast<std::size_t>(i % 5) * 50);
    c.max_retries = 1;
    const std::string marker = dir + "/m" + std::to_string(i);
    const auto seq = static_cast<std::uint64_t>(i % 9);
    const int sig = (i % 2 == 0) ? SIGKILL : SIGSEGV;
    const auto run = toyq::run_toy(
        c, producer_for(data), [=] { return toyq::crash_once_processor(seq, sig, marker); },
        Transport::kQueue, 0, /*timeout_s=*/20);
    INFO("run " << i << ": " << run.result.error);
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
