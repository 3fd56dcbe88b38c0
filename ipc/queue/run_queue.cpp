#include "ipc/queue/run_queue.hpp"


#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ipc/queue/queue_roles.hpp"
#include "ipc/queue/queue_transport.hpp"
#include "ipc/supervise/child.hpp"
#include "ipc/supervise/hold_watch.hpp"
#include "ipc/supervise/shm_sweep.hpp"

namespace ringtrim::ipc {

namespace {

using namespace queue_mode;

constexpr std::uint64_t kNoSeq = std::numeric_limits<std::uint64_t>::max();
constexpr int kParentExitWaitMs = 2;
constexpr int kReapPollMs = 5;
constexpr const char* kPoisonAdvice = "rerun with --quarantine FILE to set such records aside";

using Clock = std::chrono::steady_clock;

struct Child {
  pid_t pid = -1;
  int index = -1;  // worker index, -1 for the writer
  bool alive = true;
  int status = 0;
};

// A chunk the parent has placed and keeps until the writer commits it: the
// bytes a resend needs.
struct Retained {
  InputMeta meta;
  std::unique_ptr<char[]> buf[kMaxInputs];
  std::string large[kMaxInputs];  // a chunk larger than in_cap (ProducedChunk::large)
  bool is_large = false;
  std::uint32_t attempts = 0;  // workers that died holding it

  std::string_view input(int s) const {
    return is_large ? std::string_view(large[s]) : std::string_view(buf[s].get(), meta.len[s]);
  }
};

// Checked RingConfig values of a queue run.
struct QueuePlan {
  int workers = 1;
  int inputs = 1;
  int outputs = 1;
  int window = 4;
  std::size_t in_cap = 0;
};

bool plan_queue(const RingConfig& config, QueuePlan& plan, std::string& error) {
  if (!check_ring_config(config, error)) return false;
  const int window = config.slots == 0 ? 2 * config.workers + 2 : config.slots;
  if (window < 2 || window > 65536) {
    error = "ring size must be between 2 and 65536 slots, got " + std::to_string(window);
    return false;
  }
  plan.workers = config.workers;
  plan.inputs = config.inputs;
  plan.outputs = config.outputs;
  plan.window = window;
  plan.in_cap = config.slot_input_bytes;
  return true;
}

template <typename T>
std::string_view bytes_of(const T& v) {
  return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string records_text(const InputMeta& m) {
  return "records " + std::to_string(m.first_record + 1) + " to " +
         std::to_string(m.first_record + m.records);
}

// The parent: producer, sender of input chains, supervisor of the children.
class QueueParent {
 public:
  QueueParent(const RingConfig& config, const QueuePlan& plan, const SharedState& state,
              ChunkQueues& queues, int result_fd, Producer producer,
              std::function<Processor()> make_processor,
              std::function<std::unique_ptr<Consumer>()> make_consumer)
      : config_(config),
        plan_(plan),
        state_(state),
        sh_(state.shared()),
        c_(state.control()),
        queues_(queues),
        result_fd_(result_fd),
        producer_(std::move(producer)),
        make_processor_(std::move(make_processor)),
        make_consumer_(std::move(make_consumer)),
        watch_(config.worker_timeout_s) {
    role_plan_.inputs = plan.inputs;
    role_plan_.outputs = plan.outputs;
  }

  RunResult run();

 private:
  // ---- children ----
  bool fork_writer();
  bool fork_worker(int index);
  void reap();
  // Kills every worker that has held one chunk longer than the timeout.
  void kill_stalled();
  void on_exit(Child& ch);
  void on_worker_death(Child& ch);
  void stop_all(int grace_ms);
  void kill_and_reap_all();
  int live() const;
  int live_workers() const;
  bool finished() const {
    return c_.result_ready.load(std::memory_order_acquire) == 1 ||
           c_.control.load(std::memory_order_acquire) == kControlAbort;
  }

  // ---- chunks ----
  void produce();
  bool start_next_chain();
  void release_committed();
  void resend_unaccounted(int dead_index);
  void poison(std::uint64_t seq, Retained& r, const std::string& last);
  // Hands chunk `seq`'s failure (or quarantine) to the writer, in seq order.
  void fail_chunk(std::uint64_t seq, const std::string& message, bool input_error,
                  bool quarantined, const InputMeta& meta);
  void report_progress(bool force);
  // Records of the chunks the writer has committed (quarantined included).
  std::uint64_t records_written() const;
  char* take_buffer();
  void give_buffer(std::unique_ptr<char[]> b);

  const RingConfig& config_;
  const QueuePlan& plan_;
  const SharedState& state_;
  QueueShared& sh_;
  ControlBlock& c_;
  ChunkQueues& queues_;
  int result_fd_;
  Producer producer_;
  std::function<Processor()> make_processor_;
  std::function<std::unique_ptr<Consumer>()> make_consumer_;
  RolePlan role_plan_;

  std::vector<Child> children_;
  std::map<std::uint64_t, Retained> retained_;  // placed, not yet committed
  std::set<std::uint64_t> to_send_;             // chunks waiting for (re)sending
  std::vector<std::unique_ptr<char[]>> pool_;
  ChainSender sender_;
  std::string_view pieces_[1 + kMaxInputs];
  std::uint32_t next_gen_ = 1;
  std::uint64_t placed_ = 0;
  std::uint64_t records_placed_ = 0;
  std::uint64_t lines_placed_ = 0;
  bool eof_ = false;
  bool published_ = false;
  int slotless_deaths_ = 0;
  std::string last_crash_;
  RunResult stats_;
  Clock::time_point last_progress_ = Clock::now();
  HoldWatch watch_;
  std::vector<pid_t> timed_out_;  // workers killed by kill_stalled()
};

void QueueParent::kill_stalled() {
  for (const Child& ch : children_) {
    if (!ch.alive || ch.index < 0) continue;
    const std::uint64_t current = state_.worker(ch.index).current.load(std::memory_order_acquire);
    if (!watch_.expired(static_cast<std::uint64_t>(ch.pid), current)) continue;
    timed_out_.push_back(ch.pid);
    ::kill(ch.pid, SIGKILL);
  }
}

bool QueueParent::fork_writer() {
  std::fflush(nullptr);
  const pid_t pid = fork_role("ringtrim-writer", c_, [this] {
    std::unique_ptr<Consumer> consumer = make_consumer_();
    return run_queue_writer(state_, queues_, role_plan_, result_fd_, *consumer);
  });
  if (pid < 0) return false;
  children_.push_back(Child{pid, -1});
  return true;
}

bool QueueParent::fork_worker(int index) {
  std::fflush(nullptr);
  state_.worker(index).current.store(0, std::memory_order_relaxed);
  state_.worker(index).pid.store(0, std::memory_order_relaxed);
  const pid_t pid = fork_role("ringtrim-worker", c_, [this, index] {
    Processor processor = make_processor_();
    return run_queue_worker(state_, queues_, index, role_plan_, processor);
  });
  if (pid < 0) return false;
  children_.push_back(Child{pid, index});
  return true;
}

int QueueParent::live() const {
  int n = 0;
  for (const Child& ch : children_) n += ch.alive ? 1 : 0;
  return n;
}

int QueueParent::live_workers() const {
  int n = 0;
  for (const Child& ch : children_) n += (ch.alive && ch.index >= 0) ? 1 : 0;
  return n;
}

void QueueParent::reap() {
  // on_exit may fork a replacement (push_back): iterate by index.
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (!children_[i].alive) continue;
    int status = 0;
    if (::waitpid(children_[i].pid, &status, WNOHANG) == children_[i].pid) {
      children_[i].alive = false;
      children_[i].status = status;
      Child copy = children_[i];
      on_exit(copy);
    }
  }
}

void QueueParent::on_exit(Child& ch) {
  const bool clean = WIFEXITED(ch.status) && WEXITSTATUS(ch.status) == 0;
  if (ch.index < 0) {
    if (clean && finished()) return;
    if (c_.error_state.load(std::memory_order_acquire) != 0) return;  // it reported
    record_failure(c_, "writer process " + std::to_string(ch.pid) + " " +
                           describe_wait_status(ch.status),
                   false, kNoSeq);
    return;
  }
  if (clean || finished()) return;
  on_worker_death(ch);
}

// A worker died. The chunk it held (WorkerEntry::current: receiving,
// processing or sending) is resent to a new worker, or poisoned. If it held
// the receive token it may also have taken a fragment it never recorded, so
// every chunk in flight that no live worker holds is resent too (the writer
// drops duplicates).
void QueueParent::on_worker_death(Child& ch) {
  ++stats_.worker_crashes;
  WorkerEntry& e = state_.worker(ch.index);
  const bool timed_out = std::count(timed_out_.begin(), timed_out_.end(), ch.pid) != 0;
  const std::string how =
      "worker process " + std::to_string(ch.pid) + " " +
      (timed_out ? timeout_text(watch_.timeout_s()) : describe_wait_status(ch.status));
  last_crash_ = how;
  const auto pid = static_cast<std::uint32_t>(ch.pid);
  const bool held_token = sh_.token_holder.load(std::memory_order_acquire) == pid;
  const std::uint64_t current = e.current.load(std::memory_order_acquire);
  const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);

  // A wedged queue cannot be repaired (Boost 1.74): fail rather than hang.
  std::string wedged;
  if (!queues_.probe(wedged)) {
    record_failure(c_, wedged + " (" + how + ")", false, kNoSeq);
    return;
  }

  bool held = false;
  if (current != 0 && current - 1 >= committed) {
    auto it = retained_.find(current - 1);
    if (it != retained_.end()) {
      held = true;
      Retained& r = it->second;
      r.attempts += 1;
      last_crash_ = how + " while processing chunk " + std::to_string(current - 1) + " (" +
                    records_text(r.meta) + ")";
      if (r.attempts <= static_cast<std::uint32_t>(config_.max_retries)) {
        ++stats_.retried_chunks;
        to_send_.insert(current - 1);
      } else {
        poison(current - 1, r,
               timed_out ? timeout_text(watch_.timeout_s()) : describe_crash(ch.status));
      }
    }
  }
  if (held_token) resend_unaccounted(ch.index);
  e.current.store(0, std::memory_order_release);
  if (held_token) {
    std::uint32_t expected = pid;
    sh_.token_holder.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
    sh_.token_ev.notify(1);
  }
  if (!held && ++slotless_deaths_ > crash_budget(plan_.workers)) {
    record_failure(c_, how + "; " + std::to_string(slotless_deaths_) +
                           " worker processes died without holding a chunk, giving up",
                   false, kNoSeq);
    return;
  }
  if (c_.control.load(std::memory_order_acquire) == kControlAbort) return;
  if (!fork_worker(ch.index))
    record_failure(c_, how + "; cannot start a replacement: " + std::strerror(errno), false,
                   kNoSeq);
}

void QueueParent::resend_unaccounted(int dead_index) {
  std::set<std::uint64_t> held_by_live;
  for (const Child& ch : children_) {
    if (!ch.alive || ch.index < 0 || ch.index == dead_index) continue;
    const std::uint64_t cur = state_.worker(ch.index).current.load(std::memory_order_acquire);
    if (cur != 0) held_by_live.insert(cur - 1);
  }
  const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
  for (const auto& [seq, r] : retained_)
    if (seq >= committed && held_by_live.count(seq) == 0) to_send_.insert(seq);
}

// Chunk `seq` crashed more workers than max_retries allows.
void QueueParent::poison(std::uint64_t seq, Retained& r, const std::string& last) {
  std::string message;
  bool set_aside = false;
  if (config_.quarantine) {
    ChunkInput in;
    in.seq = seq;
    in.first_line = r.meta.first_line;
    in.first_record = r.meta.first_record;
    in.records = r.meta.records;
    for (int s = 0; s < plan_.inputs; ++s)
      in.bytes[s] = r.input(s);
    std::string why;
    try {
      set_aside = config_.quarantine(in, why);
    } catch (const std::exception& ex) {
      why = ex.what();
    } catch (...) {
      why = "unknown exception";
    }
    if (!set_aside)
      message = poison_message(config_.input_label, r.meta.first_record, r.meta.records,
                               r.attempts, last,
                               "cannot set them aside" + (why.empty() ? "" : ": " + why));
  } else {
    message = poison_message(config_.input_label, r.meta.first_record, r.meta.records,
                             r.attempts, last, kPoisonAdvice);
  }
  if (set_aside) {
    ++stats_.quarantined_chunks;
    stats_.quarantined_records += r.meta.records;
  } else {
    last_crash_ = message;
  }
  fail_chunk(seq, message, !set_aside, set_aside, r.meta);
  to_send_.erase(seq);
}

void QueueParent::fail_chunk(std::uint64_t seq, const std::string& message, bool input_error,
                             bool quarantined, const InputMeta& meta) {
  for (FailedChunk& f : sh_.failed) {
    if (f.seq_plus1.load(std::memory_order_acquire) != 0) continue;
    const std::size_t n = std::min(message.size(), kMaxErrorBytes);
    std::memcpy(f.msg, message.data(), n);
    f.len = static_cast<std::uint32_t>(n);
    f.input_error = input_error ? 1 : 0;
    f.quarantined = quarantined ? 1 : 0;
    f.first_record = meta.first_record;
    f.records = meta.records;
    f.seq_plus1.store(seq + 1, std::memory_order_release);
    sh_.out_put.notify();  // the writer may be waiting for this seq
    return;
  }
  // More failed chunks than the table holds: report this one at once.
  if (quarantined)
    record_failure(c_, "too many chunks set aside at once", false, seq);
  else
    record_failure(c_, message, input_error, seq);
}

char* QueueParent::take_buffer() {
  if (pool_.empty()) return new char[plan_.in_cap];
  char* b = pool_.back().release();
  pool_.pop_back();
  return b;
}

void QueueParent::give_buffer(std::unique_ptr<char[]> b) {
  if (b) pool_.push_back(std::move(b));
}

void QueueParent::produce() {
  Retained r;
  for (int s = 0; s < plan_.inputs; ++s) r.buf[s].reset(take_buffer());
  char* const bufs[2] = {r.buf[0].get(), plan_.inputs > 1 ? r.buf[1].get() : nullptr};
  ProducedChunk chunk;
  ProduceResult res;
  try {
    res = producer_(bufs, plan_.in_cap, chunk);
  } catch (const std::exception& e) {
    res = ProduceResult::fail(e.what(), false);
  } catch (...) {
    res = ProduceResult::fail("unknown exception in the chunk producer", false);
  }
  if (res.kind == ProduceResult::kChunk && chunk.large) {
    // Too large for a pooled buffer: keep the producer's own copy.
    r.is_large = true;
    for (int s = 0; s < plan_.inputs; ++s) {
      r.large[s] = std::move(chunk.large_bytes[s]);
      chunk.len[s] = r.large[s].size();
    }
    for (auto& b : r.buf) give_buffer(std::move(b));
  } else if (res.kind == ProduceResult::kChunk) {
    for (int s = 0; s < plan_.inputs; ++s)
      if (chunk.len[s] > plan_.in_cap)
        res = ProduceResult::fail("chunk producer reported " + std::to_string(chunk.len[s]) +
                                      " bytes for a " + std::to_string(plan_.in_cap) +
                                      "-byte slot",
                                  false);
  }
  if (res.kind != ProduceResult::kChunk) {
    for (auto& b : r.buf) give_buffer(std::move(b));
    eof_ = true;
    if (res.kind == ProduceResult::kError) {
      // Failed in seq order: an earlier chunk's error still wins.
      InputMeta meta;
      meta.first_record = records_placed_;
      fail_chunk(placed_, res.error, res.input_error, false, meta);
      ++placed_;
    }
    return;
  }
  r.meta.first_record = records_placed_;
  r.meta.first_line = lines_placed_;
  r.meta.records = chunk.records;
  r.meta.len[0] = chunk.len[0];
  r.meta.len[1] = plan_.inputs > 1 ? chunk.len[1] : 0;
  records_placed_ += chunk.records;
  lines_placed_ += chunk.lines;
  retained_.emplace(placed_, std::move(r));
  to_send_.insert(placed_);
  ++placed_;
}

bool QueueParent::start_next_chain() {
  const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
  while (!to_send_.empty()) {
    const std::uint64_t seq = *to_send_.begin();
    to_send_.erase(to_send_.begin());
    if (seq < committed) continue;
    auto it = retained_.find(seq);
    if (it == retained_.end()) continue;
    const Retained& r = it->second;
    pieces_[0] = bytes_of(r.meta);
    for (int s = 0; s < plan_.inputs; ++s)
      pieces_[1 + s] = r.input(s);
    sender_.start(seq, next_gen_++, pieces_, 1 + plan_.inputs, queues_.in_message_bytes());
    return true;
  }
  return false;
}

// Frees the copies of committed chunks (not the one whose chain is still
// being sent: its bytes are in use).
void QueueParent::release_committed() {
  const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
  for (auto it = retained_.begin(); it != retained_.end() && it->first < committed;) {
    if (sender_.active() && sender_.seq() == it->first) {
      ++it;
      continue;
    }
    for (auto& b : it->second.buf) give_buffer(std::move(b));
    it = retained_.erase(it);
  }
  while (pool_.size() > static_cast<std::size_t>(plan_.inputs * plan_.window)) pool_.pop_back();
}

std::uint64_t QueueParent::records_written() const {
  // Every chunk from `committed` on is still retained; the first one's
  // first record is the count of records before it.
  const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
  auto it = retained_.find(committed);
  return it != retained_.end() ? it->second.meta.first_record : records_placed_;
}

void QueueParent::report_progress(bool force) {
  if (!config_.progress) return;
  const auto now = Clock::now();
  if (!force && now - last_progress_ < std::chrono::milliseconds(kProgressIntervalMs)) return;
  last_progress_ = now;
  try {
    config_.progress(records_written());
  } catch (...) {
    // A progress display must not end the run.
  }
}

void QueueParent::stop_all(int grace_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(grace_ms);
  while (live() > 0 && Clock::now() < deadline) {
    const std::uint32_t key = sh_.parent_ev.prepare();
    for (Child& ch : children_) {
      if (!ch.alive) continue;
      int status = 0;
      if (::waitpid(ch.pid, &status, WNOHANG) == ch.pid) {
        ch.alive = false;
        ch.status = status;
      }
    }
    if (live() > 0) sh_.parent_ev.wait(key, kReapPollMs);  // a timed sleep
  }
  kill_and_reap_all();
}

void QueueParent::kill_and_reap_all() {
  for (Child& ch : children_)
    if (ch.alive) ::kill(ch.pid, SIGKILL);
  for (Child& ch : children_) {
    if (!ch.alive) continue;
    int status = 0;
    while (::waitpid(ch.pid, &status, 0) < 0 && errno == EINTR) {
    }
    ch.alive = false;
    ch.status = status;
  }
}

RunResult QueueParent::run() {
  c_.parent_pid = static_cast<std::int32_t>(::getpid());
  bool fork_failed = !fork_writer();
  for (int w = 0; w < plan_.workers && !fork_failed; ++w) fork_failed = !fork_worker(w);
  if (fork_failed)
    record_failure(c_, std::string("cannot start a process: ") + std::strerror(errno), false,
                   kNoSeq);

  int interrupted = 0;
  std::string error;
  for (;;) {
    const std::uint32_t key = sh_.parent_ev.prepare();
    kill_stalled();
    reap();
    if (config_.interrupt != nullptr && *config_.interrupt != 0 && interrupted == 0) {
      interrupted = static_cast<int>(*config_.interrupt);
      record_failure(c_, "interrupted by signal " + std::to_string(interrupted), false, kNoSeq);
    }
    if (c_.control.load(std::memory_order_acquire) == kControlAbort) break;
    if (live() == 0) break;
    release_committed();
    report_progress(false);
    const bool done = c_.result_ready.load(std::memory_order_acquire) == 1;
    // With every worker gone, a chunk still to do would wait for ever.
    if (!done && live_workers() == 0 &&
        (!eof_ || c_.committed.load(std::memory_order_acquire) < placed_)) {
      record_failure(c_, last_crash_.empty() ? "all worker processes exited early" : last_crash_,
                     false, kNoSeq);
      break;
    }
    bool progressed = false;
    if (!done && (sender_.active() || start_next_chain())) {
      const ChunkQueues::Status s = sender_.send_next(queues_, true, error);
      if (s == ChunkQueues::Status::kBroken) {
        record_failure(c_, "parent process: " + error, false, kNoSeq);
        continue;
      }
      if (s == ChunkQueues::Status::kOk) {
        sh_.in_put.notify(1);
        progressed = true;
      }
    }
    const std::uint64_t committed = c_.committed.load(std::memory_order_acquire);
    if (!progressed && !eof_ && placed_ - committed < static_cast<std::uint64_t>(plan_.window)) {
      produce();
      progressed = true;
    }
    if (eof_ && !published_) {
      published_ = true;
      std::int64_t expected = kControlRunning;
      const std::int64_t value =
          placed_ == 0 ? kControlNoChunks : static_cast<std::int64_t>(placed_);
      c_.control.compare_exchange_strong(expected, value, std::memory_order_acq_rel);
      sh_.out_put.notify();  // the writer may be waiting for the count
      sh_.token_ev.notify();
      sh_.in_put.notify();
    }
    if (!progressed) sh_.parent_ev.wait(key, done ? kParentExitWaitMs : kParentWaitMs);
  }
  const bool aborted = c_.control.load(std::memory_order_acquire) == kControlAbort;
  if (aborted) {
    // Wake every role: they see control -1 at once.
    sh_.token_ev.notify();
    sh_.in_put.notify();
    sh_.out_take.notify();
    sh_.out_put.notify();
  }
  stop_all(!aborted ? 0 : interrupted != 0 ? kInterruptGraceMs : kAbortGraceMs);

  RunResult result = stats_;
  result.chunks = placed_;
  result.records_written = records_written();
  if (conclude_run(c_, result_fd_, aborted, interrupted, config_, result)) report_progress(true);
  return result;
}

}  // namespace

RunResult run_queue(const RingConfig& config, Producer producer,
                    std::function<Processor()> make_processor,
                    std::function<std::unique_ptr<Consumer>()> make_consumer) {
  QueuePlan plan;
  std::string error;
  if (!plan_queue(config, plan, error)) return failed_run(error);
  // Test-only faults: a worker or the writer crashes on a chosen chunk;
  // "at=queue" faults need the ring's queues and do nothing here.
  RunScope scope;
  if (!scope.load_faults(error)) return failed_run(error);
  sweep_stale_shm();  // names of killed runs (same "rt.<uid>.<pid>." scheme as the ring)
  const std::size_t in_payload = sizeof(InputMeta) + plan.in_cap * static_cast<std::size_t>(plan.inputs);
  const std::size_t out_payload =
      sizeof(OutputMeta) + sizeof(std::uint64_t) * static_cast<std::size_t>(plan.outputs) +
      (config.slot_output_bytes != 0 ? config.slot_output_bytes : in_payload);
  std::unique_ptr<SharedState> state = SharedState::create(plan.workers, error);
  if (!state) return failed_run(error);
  std::unique_ptr<ChunkQueues> queues =
      ChunkQueues::create(message_bytes_for(in_payload), message_bytes_for(out_payload), error);
  if (!queues) return failed_run(error);
  const int result_fd = open_unlinked_temp(error, config.fallback_temp_dir);
  if (result_fd < 0) return failed_run(error);

  scope.start();
  RunResult result;
  {
    QueueParent parent(config, plan, *state, *queues, result_fd, std::move(producer),
                       std::move(make_processor), std::move(make_consumer));
    result = parent.run();
  }
  ::close(result_fd);
  return result;
}

}  // namespace ringtrim::ipc
