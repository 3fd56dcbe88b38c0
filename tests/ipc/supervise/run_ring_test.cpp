#include "ipc/supervise/run_ring.hpp"

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/ipc/supervise/toy_ring.hpp"

namespace ringtrim::ipc {
namespace {

using toy::Faults;
using toy::LineProducer;

LineProducer producer_for(const std::string& data, std::size_t max_chunk = 0, int inputs = 1) {
  LineProducer p;
  p.data = data;
  p.max_chunk = max_chunk;
  p.inputs = inputs;
  return p;
}

RunConfig config_for(int workers, std::size_t in_bytes, int outputs = 2) {
  RunConfig c;
  c.workers = workers;
  c.slot_input_bytes = in_bytes;
  c.outputs = outputs;
  return c;
}

// No zombie children of ours are left: waitpid finds nothing to reap.
bool no_children_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

TEST_CASE("run_ring output equals the serial result for any worker count", "[run_ring]") {
  const std::string data = toy::make_lines(3000, 7);
  const int workers = GENERATE(1, 2, 4, 16);
  const auto run = toy::run_toy(config_for(workers, 4096), producer_for(data, 3000));
  INFO("workers " << workers << ": " << run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.result.exit_code == 0);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
  CHECK(run.result.result_blob == "3000 " + std::to_string(run.result.chunks));
  CHECK(run.result.chunks > 10);
  CHECK_FALSE(run.consumer_aborted);
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_ring with tiny slots and many slots", "[run_ring]") {
  const std::string data = toy::make_lines(500, 3, 20);
  RunConfig c = config_for(3, 64);
  c.slots = GENERATE(2, 3, 64);
  const auto run = toy::run_toy(c, producer_for(data));
  INFO("slots " << c.slots << ": " << run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
}

TEST_CASE("run_ring takes the overflow path when output exceeds the slot", "[run_ring]") {
  const std::string data = toy::make_lines(2000, 11);
  RunConfig c = config_for(4, 2048);
  c.slot_output_bytes = 1024;  // output is ~3x the input: every chunk overflows
  const auto run = toy::run_toy(c, producer_for(data));
  INFO(run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[1] == toy::doubled(data));
}

TEST_CASE("run_ring carries two input streams per chunk", "[run_ring]") {
  const std::string data = toy::make_lines(800, 5);
  RunConfig c = config_for(2, 1024, 3);
  c.inputs = 2;
  LineProducer p = producer_for(data, 0, 2);
  // The expected third segment: every chunk's bytes reversed, so compute it
  // with the same chunking as the producer (no varying limit: max_chunk 0).
  std::string expected;
  {
    LineProducer serial = p;
    std::string b0(1024, '\0'), b1(1024, '\0');
    char* const bufs[2] = {b0.data(), b1.data()};
    for (;;) {
      ProducedChunk chunk;
      if (serial(bufs, 1024, chunk).kind != ProduceResult::kChunk) break;
      expected.append(b1.data(), chunk.len[1]);
    }
  }
  const auto run = toy::run_toy(c, p);
  INFO(run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
  CHECK(run.outputs[2] == expected);
}

TEST_CASE("run_ring with empty input runs the consumer once", "[run_ring]") {
  const auto run = toy::run_toy(config_for(2, 1024), producer_for(""));
  INFO(run.result.error);
  REQUIRE(run.result.ok);
  CHECK(run.result.chunks == 0);
  CHECK(run.result.result_blob == "0 0");
  CHECK(run.outputs[0].empty());
}

TEST_CASE("run_ring reports a chunk's error", "[run_ring][errors]") {
  const std::string data = toy::make_lines(2000, 9);
  Faults f;
  f.error_seqs = {7};
  const auto run = toy::run_toy(config_for(4, 1024), producer_for(data), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.exit_code == 1);
  CHECK(run.result.input_error);
  CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 7 at record"));
  CHECK(run.consumer_aborted);
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_ring reports the lowest failing seq", "[run_ring][errors]") {
  const std::string data = toy::make_lines(3000, 9);
  Faults f;
  // Later chunks fail too, and with 8 workers they usually fail first.
  f.error_seqs = {5, 6, 7, 8, 9, 10, 11, 12, 30};
  for (int i = 0; i < 5; ++i) {
    const auto run = toy::run_toy(config_for(8, 512), producer_for(data), f);
    REQUIRE_FALSE(run.result.ok);
    CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 5 at record"));
  }
}

TEST_CASE("run_ring reports a processor exception", "[run_ring][errors]") {
  Faults f;
  f.throw_seqs = {2};
  const auto run = toy::run_toy(config_for(2, 512), producer_for(toy::make_lines(500, 1)), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.error == "processor threw");
  CHECK_FALSE(run.result.input_error);
}

TEST_CASE("run_ring reports a producer error after earlier chunks", "[run_ring][errors]") {
  LineProducer p = producer_for(toy::make_lines(500, 1));
  p.fail_at_chunk = 4;
  const auto run = toy::run_toy(config_for(2, 512), p);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.error == "producer error at chunk 4");
  CHECK(run.result.input_error);
}

TEST_CASE("a chunk error before a producer error wins", "[run_ring][errors]") {
  LineProducer p = producer_for(toy::make_lines(500, 1));
  p.fail_at_chunk = 4;
  Faults f;
  f.error_seqs = {2};
  const auto run = toy::run_toy(config_for(2, 512), p, f);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 2 at record"));
}

TEST_CASE("run_ring reports a record larger than a slot", "[run_ring][errors]") {
  std::string data = toy::make_lines(50, 1) + std::string(300, 'x') + "\n";
  const auto run = toy::run_toy(config_for(2, 128), producer_for(data));
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::Contains("does not fit into a slot"));
}

TEST_CASE("run_ring reports a consumer exception", "[run_ring][errors]") {
  const auto run = toy::run_toy(config_for(2, 512), producer_for(toy::make_lines(200, 1)), {},
                                /*fail_consume=*/1);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.error == "disk full (simulated)");
  CHECK(run.consumer_aborted);
  CHECK(no_children_left());
}

TEST_CASE("a writer killed by a signal ends the run with a clear error", "[run_ring][crash]") {
  const auto run = toy::run_toy(config_for(2, 512), producer_for(toy::make_lines(200, 1)), {},
                                /*fail_consume=*/2);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::Matches("writer process [0-9]+ was killed by signal 9.*"));
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("run_ring works when the caller ignores SIGCHLD", "[run_ring]") {
  struct sigaction ign {}, old {};
  ign.sa_handler = SIG_IGN;
  ::sigaction(SIGCHLD, &ign, &old);
  const std::string data = toy::make_lines(300, 8);
  const auto run = toy::run_toy(config_for(2, 1024), producer_for(data));
  struct sigaction now {};
  ::sigaction(SIGCHLD, &old, &now);
  CHECK(now.sa_handler == SIG_IGN);  // restored
  REQUIRE(run.result.ok);
  CHECK(run.outputs[0] == toy::upper(data));
}

TEST_CASE("a chunk that kills every worker ends the run with a clear error",
          "[run_ring][crash]") {
  const int sig = GENERATE(SIGSEGV, SIGKILL);
  const int workers = GENERATE(1, 3);
  Faults f;
  f.crash_seq = 6;
  f.crash_signal = sig;
  RunConfig c = config_for(workers, 512);
  c.input_label = "in.txt";
  const auto start = std::chrono::steady_clock::now();
  const auto run = toy::run_toy(c, producer_for(toy::make_lines(2000, 2)), f);
  const auto took = std::chrono::steady_clock::now() - start;
  INFO(run.result.error);
  REQUIRE_FALSE(run.result.ok);
  CHECK(run.result.exit_code == 1);
  // max_retries is 1 by default: the chunk is tried twice.
  CHECK_THAT(run.result.error,
             Catch::Matches("in\\.txt: records [0-9]+ to [0-9]+ crashed 2 worker processes "
                            "\\(last: killed by signal " + std::to_string(sig) +
                            " \\(.*\\)\\); rerun with --quarantine FILE to set such records aside"));
  CHECK(run.result.worker_crashes == 2);
  CHECK(run.result.retried_chunks == 1);
  CHECK(took < std::chrono::seconds(5));
  CHECK(run.consumer_aborted);  // the writer left by itself and cleaned up
  CHECK(toy::our_shm_names().empty());
  CHECK(no_children_left());
}

TEST_CASE("with max_retries 0 the first crash makes a poison chunk", "[run_ring][crash]") {
  Faults f;
  f.crash_seq = 2;
  RunConfig c = config_for(2, 512);
  c.max_retries = 0;
  const auto run = toy::run_toy(c, producer_for(toy::make_lines(500, 2)), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::StartsWith("records "));
  CHECK_THAT(run.result.error, Catch::Contains("crashed 1 worker process (last: killed by signal 11"));
  CHECK(run.result.retried_chunks == 0);
}

TEST_CASE("a chunk error before a crashed chunk wins", "[run_ring][crash]") {
  Faults f;
  f.crash_seq = 9;
  f.error_seqs = {3};
  const auto run = toy::run_toy(config_for(3, 512), producer_for(toy::make_lines(2000, 2)), f);
  REQUIRE_FALSE(run.result.ok);
  CHECK_THAT(run.result.error, Catch::StartsWith("bad chunk 3 at record"));
}

TEST_CASE("run_ring stops when the interrupt flag is raised", "[run_ring][errors]") {
  static volatile std::sig_atomic_t flag = 0;
  flag = 0;
  RunConfig c = config_for(2, 256);
  c.interrupt = &flag;
  LineProducer p = producer_for(toy::make_lines(5000, 4));
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
  const RunResult r = run_ring(
      c, Interrupting{p}, [] { return toy::make_processor({}); },
      [dir]() -> std::unique_ptr<Consumer> { return std::make_unique<toy::FileConsumer>(dir, 2); });
  ::alarm(0);
  const bool aborted = ::access((dir + "/aborted").c_str(), F_OK) == 0;
  toy::remove_dir(dir);
  REQUIRE_FALSE(r.ok);
  CHECK(aborted);
  CHECK(r.exit_code == 128 + SIGINT);
  CHECK(r.error == "interrupted by signal 2");
  CHECK(no_children_left());
}

TEST_CASE("run_ring rejects a bad configuration without forking", "[run_ring][errors]") {
  RunConfig c;
  c.workers = 0;
  const RunResult r = run_ring(
      c, [](char* const*, std::size_t, ProducedChunk&) { return ProduceResult::end(); },
      [] { return Processor(); }, [] { return std::unique_ptr<Consumer>(); });
  REQUIRE_FALSE(r.ok);
  CHECK_THAT(r.error, Catch::Contains("number of workers"));
}

}  // namespace
}  // namespace ringtrim::ipc
