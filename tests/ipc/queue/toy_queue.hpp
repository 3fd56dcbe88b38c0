// Test fixture for run_queue: runs the toy pipeline of
// tests/ipc/supervise/toy_ring.hpp (line producer, upper-casing / doubling
// processor, file consumer) through run_queue or run_ring, plus a processor
// that crashes only the first time it sees a chunk (so a retried run must
// give identical output) and a consumer that accepts quarantined chunks.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "ipc/queue/run_queue.hpp"
#include "tests/ipc/supervise/toy_ring.hpp"

namespace ringtrim::ipc::toyq {

using toy::Faults;
using toy::LineProducer;

inline LineProducer producer_for(const std::string& data, std::size_t max_chunk = 0,
                                 int inputs = 1) {
  LineProducer p;
  p.data = data;
  p.max_chunk = max_chunk;
  p.inputs = inputs;
  return p;
}

inline RunConfig config_for(int workers, std::size_t in_bytes, int outputs = 2) {
  RunConfig c;
  c.workers = workers;
  c.slot_input_bytes = in_bytes;
  c.outputs = outputs;
  c.max_retries = 0;
  return c;
}

// No zombie children of ours are left: waitpid finds nothing to reap.
inline bool no_children_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

// Wraps the toy processor: the first process to reach chunk `seq` creates
// `marker` and kills itself with `sig`; later attempts run normally.
inline Processor crash_once_processor(std::uint64_t seq, int sig, std::string marker) {
  Processor inner = toy::make_processor({});
  return [=](const ChunkInput& in, ChunkOutput& out) {
    if (in.seq == seq) {
      const int fd = ::open(marker.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
      if (fd >= 0) {
        ::close(fd);
        ::raise(sig);
      }
    }
    inner(in, out);
  };
}

// Records the order of consume() ("C<seq>") and quarantined()
// ("Q<seq>:<first_record>:<records>") calls; finish() returns that log.
class OrderConsumer : public Consumer {
 public:
  void consume(std::uint64_t seq, const std::vector<std::string_view>&,
               std::string_view) override {
    log_ += 'C';  // appended piecewise: GCC 12 warns (-Wrestrict) on "C" + std::string
    log_ += std::to_string(seq);
    log_ += ' ';
  }
  void quarantined(std::uint64_t seq, std::uint64_t first_record,
                   std::uint64_t records) override {
    log_ += 'Q';
    log_ += std::to_string(seq);
    log_ += ':';
    log_ += std::to_string(first_record);
    log_ += ':';
    log_ += std::to_string(records);
    log_ += ' ';
  }
  std::string finish() override { return log_; }

 private:
  std::string log_;
};

// Pids of `parent`'s (default: this process's) children whose name is `comm` (e.g.
// "ringtrim-worker"), from /proc/<pid>/stat.
inline std::vector<pid_t> children_named(const std::string& comm, pid_t parent = ::getpid()) {
  std::vector<pid_t> found;
  const std::string self = std::to_string(parent);
  if (DIR* d = ::opendir("/proc")) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
      std::string line;
      if (!std::getline(in, line)) continue;
      // pid (comm) state ppid ...
      const std::size_t open = line.find('('), close = line.rfind(')');
      if (open == std::string::npos || close == std::string::npos) continue;
      if (line.substr(open + 1, close - open - 1) != comm) continue;
      std::size_t p = close + 2;           // state
      p = line.find(' ', p);               // before ppid
      if (p == std::string::npos) continue;
      const std::string ppid = line.substr(p + 1, line.find(' ', p + 1) - p - 1);
      if (ppid == self) found.push_back(static_cast<pid_t>(std::stol(e->d_name)));
    }
    ::closedir(d);
  }
  return found;
}

enum class Transport { kQueue, kRing };

// Runs the toy pipeline under a watchdog (SIGALRM kills a hung test).
inline toy::ToyRun run_toy(const RunConfig& config, Producer producer,
                           std::function<Processor()> make_processor,
                           Transport transport = Transport::kQueue, int fail_consume = 0,
                           unsigned timeout_s = 30) {
  const std::string dir = toy::make_temp_dir();
  toy::ToyRun run;
  auto make_consumer = [dir, &config, fail_consume]() -> std::unique_ptr<Consumer> {
    return std::make_unique<toy::FileConsumer>(dir, config.outputs, fail_consume);
  };
  ::alarm(timeout_s);
  run.result = transport == Transport::kQueue
                   ? run_queue(config, std::move(producer), make_processor, make_consumer)
                   : run_ring(config, std::move(producer), make_processor, make_consumer);
  ::alarm(0);
  for (int k = 0; k < config.outputs; ++k)
    run.outputs.push_back(toy::read_file(dir + "/out" + std::to_string(k)));
  run.consumer_aborted = ::access((dir + "/aborted").c_str(), F_OK) == 0;
  toy::remove_dir(dir);
  return run;
}

inline toy::ToyRun run_toy(const RunConfig& config, Producer producer, Faults faults = {},
                           Transport transport = Transport::kQueue, int fail_consume = 0,
                           unsigned timeout_s = 30) {
  return run_toy(
      config, std::move(producer), [faults] { return toy::make_processor(faults); }, transport,
      fail_consume, timeout_s);
}

// The serial result of the third output (bytes[1] of every chunk), computed
// with the producer's own chunking.
inline std::string serial_second_input(LineProducer p, std::size_t cap) {
  std::string expected;
  std::string b0(cap, '\0'), b1(cap, '\0');
  char* const bufs[2] = {b0.data(), b1.data()};
  for (;;) {
    ProducedChunk chunk;
    if (p(bufs, cap, chunk).kind != ProduceResult::kChunk) break;
    expected.append(b1.data(), chunk.len[1]);
  }
  return expected;
}

}  // namespace ringtrim::ipc::toyq
