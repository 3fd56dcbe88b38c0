// A toy Producer / Processor / Consumer for the tests of every transport
// (ipc/supervise/run.hpp). The data are newline-terminated lines; the
// producer cuts chunks at line ends with varying sizes; the processor
// upper-cases every line (segment 0), writes every line twice (segment 1, so
// output is larger than input and takes the overflow path when the slot's
// output region is small), and reports the line count as its stats blob; the
// consumer appends the segments to files and sums the counts. Fault hooks
// make chosen chunks fail or crash; a processor that crashes only the first
// time it sees a chunk (a retried run must give identical output) and a
// consumer that logs the order of its calls complete the set.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ipc/run/run.hpp"

namespace ringtrim::ipc::toy {

inline std::string make_lines(std::size_t lines, unsigned seed, std::size_t max_len = 60) {
    std::mt19937 rng(seed);
    std::string s;
    for (std::size_t i = 0; i < lines; ++i) {
        s += "line" + std::to_string(i) + ' ';
        const std::size_t n = rng() % max_len;
        for (std::size_t k = 0; k < n; ++k) s += static_cast<char>('a' + rng() % 26);
        s += '\n';
    }
    return s;
}

inline std::string upper(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

inline std::string doubled(std::string_view s) {
    std::string out;
    std::size_t start = 0;
    while (start < s.size()) {
        std::size_t end = s.find('\n', start);
        end = end == std::string_view::npos ? s.size() : end + 1;
        out.append(s.substr(start, end - start));
        out.append(s.substr(start, end - start));
        start = end;
    }
    return out;
}

// Cuts `data` into chunks of whole lines, each at most min(cap, a varying
// limit) bytes. With two inputs, buf[1] receives the same lines reversed.
struct LineProducer {
    std::string data;
    std::size_t pos = 0;
    std::mt19937 rng{12345};
    std::size_t max_chunk = 0;  // 0: up to cap
    int inputs = 1;
    long fail_at_chunk = -1;  // return a producer error instead of this chunk
    long chunk_no = 0;

    ProduceResult operator()(char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
        if (pos == data.size()) return ProduceResult::end();
        if (chunk_no == fail_at_chunk)
            return ProduceResult::fail("producer error at chunk " + std::to_string(chunk_no));
        std::size_t limit = cap;
        if (max_chunk != 0) limit = std::min(cap, 1 + rng() % max_chunk);
        std::size_t end = pos;
        std::uint64_t records = 0;
        for (;;) {
            const std::size_t nl = data.find('\n', end);
            if (nl == std::string::npos || nl + 1 - pos > limit) break;
            end = nl + 1;
            ++records;
        }
        if (records == 0) {
            const std::size_t nl = data.find('\n', pos);
            if (nl + 1 - pos > cap)
                return ProduceResult::fail("line at byte " + std::to_string(pos) + " does not fit into a slot");
            end = nl + 1;
            records = 1;
        }
        std::memcpy(buf[0], data.data() + pos, end - pos);
        chunk.len[0] = end - pos;
        if (inputs == 2) {
            std::string rev(data.data() + pos, end - pos);
            std::reverse(rev.begin(), rev.end());
            std::memcpy(buf[1], rev.data(), rev.size());
            chunk.len[1] = rev.size();
        }
        chunk.records = records;
        pos = end;
        ++chunk_no;
        return ProduceResult::chunk();
    }
};

struct Faults {
    std::set<std::uint64_t> error_seqs;  // processor reports an error
    std::set<std::uint64_t> throw_seqs;  // processor throws
    std::uint64_t crash_seq = UINT64_MAX;
    int crash_signal = SIGSEGV;
};

inline Processor make_processor(Faults faults) {
    return [faults](const ChunkInput& in, ChunkOutput& out) {
        if (in.seq == faults.crash_seq) ::raise(faults.crash_signal);
        if (faults.error_seqs.count(in.seq) != 0) {
            out.error = "bad chunk " + std::to_string(in.seq) + " at record " + std::to_string(in.first_record + 1);
            out.input_error = true;
            return;
        }
        if (faults.throw_seqs.count(in.seq) != 0) throw std::runtime_error("processor threw");
        out.segments[0] = upper(std::string(in.bytes[0]));
        if (out.segments.size() > 1) out.segments[1] = doubled(in.bytes[0]);
        if (out.segments.size() > 2) out.segments[2] = std::string(in.bytes[1]);
        std::uint64_t first_and_count[2] = {in.first_record, in.records};
        out.stats_blob.assign(reinterpret_cast<const char*>(first_and_count), sizeof first_and_count);
    };
}

// Appends segment k to <dir>/out<k>; checks that first_record is contiguous;
// finish() returns "<records> <chunks>".
class FileConsumer : public Consumer {
public:
    // fail_consume: 0 no, 1 throw in consume(), 2 SIGKILL itself in consume().
    FileConsumer(const std::string& dir, int outputs, int fail_consume = 0) : dir_(dir), fail_(fail_consume) {
        for (int k = 0; k < outputs; ++k) {
            files_.push_back(std::fopen((dir + "/out" + std::to_string(k)).c_str(), "wb"));
            if (files_.back() == nullptr) throw std::runtime_error("cannot open output");
        }
    }
    void consume(std::uint64_t seq, const std::vector<std::string_view>& segments, std::string_view stats) override {
        if (fail_ == 2) ::raise(SIGKILL);
        if (fail_ == 1) throw std::runtime_error("disk full (simulated)");
        if (seq != chunks_) throw std::runtime_error("out of order");
        std::uint64_t fc[2];
        if (stats.size() != sizeof fc) throw std::runtime_error("bad stats blob");
        std::memcpy(fc, stats.data(), sizeof fc);
        if (fc[0] != records_) throw std::runtime_error("first_record not contiguous");
        records_ += fc[1];
        ++chunks_;
        for (std::size_t k = 0; k < segments.size(); ++k)
            if (std::fwrite(segments[k].data(), 1, segments[k].size(), files_[k]) != segments[k].size())
                throw std::runtime_error("short write");
    }
    // Logs "seq first_record records" lines to <dir>/quarantined.
    void quarantined(std::uint64_t seq, std::uint64_t first_record, std::uint64_t records) override {
        if (seq != chunks_) throw std::runtime_error("quarantined out of order");
        if (first_record != records_) throw std::runtime_error("quarantined first_record not contiguous");
        records_ += records;
        ++chunks_;
        std::ofstream log(dir_ + "/quarantined", std::ios::app);
        log << seq << ' ' << first_record << ' ' << records << '\n';
    }
    std::string finish() override {
        for (FILE* f : files_)
            if (std::fclose(f) != 0) throw std::runtime_error("close failed");
        files_.clear();
        return std::to_string(records_) + " " + std::to_string(chunks_);
    }
    // Leaves a marker file, so tests can see that abort() ran in the writer.
    void abort() override {
        if (FILE* f = std::fopen((dir_ + "/aborted").c_str(), "wb")) std::fclose(f);
    }

private:
    std::string dir_;
    std::vector<FILE*> files_;
    std::uint64_t records_ = 0;
    std::uint64_t chunks_ = 0;
    int fail_ = 0;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string make_temp_dir() {
    char tmpl[] = "/tmp/ringtrim-test-XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    if (d == nullptr) throw std::runtime_error("mkdtemp failed");
    return d;
}

inline void remove_dir(const std::string& dir) {
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") ::unlink((dir + "/" + name).c_str());
        }
        ::closedir(d);
    }
    ::rmdir(dir.c_str());
}

// Names in /dev/shm that this process's runs could have created.
inline std::vector<std::string> our_shm_names() {
    const std::string prefix = "rt." + std::to_string(::getuid()) + "." + std::to_string(::getpid()) + ".";
    std::vector<std::string> found;
    if (DIR* d = ::opendir("/dev/shm")) {
        while (dirent* e = ::readdir(d))
            if (std::string(e->d_name).rfind(prefix, 0) == 0) found.push_back(e->d_name);
        ::closedir(d);
    }
    return found;
}

struct ToyRun {
    RunResult result;
    std::vector<std::string> outputs;
    bool consumer_aborted = false;  // Consumer::abort() ran
    std::string quarantine_log;     // FileConsumer::quarantined() lines
};

// Sets RINGTRIM_FAULT for the lifetime of the object (run_ring reads it at
// the start of every run).
struct ScopedFault {
    explicit ScopedFault(const char* spec) { ::setenv("RINGTRIM_FAULT", spec, 1); }
    ~ScopedFault() { ::unsetenv("RINGTRIM_FAULT"); }
    ScopedFault(const ScopedFault&) = delete;
    ScopedFault& operator=(const ScopedFault&) = delete;
};

inline LineProducer producer_for(const std::string& data, std::size_t max_chunk = 0, int inputs = 1) {
    LineProducer p;
    p.data = data;
    p.max_chunk = max_chunk;
    p.inputs = inputs;
    return p;
}

// max_retries keeps its default (1).
inline RunConfig config_for(int workers, std::size_t in_bytes, int outputs = 2) {
    RunConfig c;
    c.workers = workers;
    c.slot_input_bytes = in_bytes;
    c.outputs = outputs;
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
    Processor inner = make_processor({});
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
    void consume(std::uint64_t seq, const std::vector<std::string_view>&, std::string_view) override {
        log_ += 'C';  // appended piecewise: GCC 12 warns (-Wrestrict) on "C" + std::string
        log_ += std::to_string(seq);
        log_ += ' ';
    }
    void quarantined(std::uint64_t seq, std::uint64_t first_record, std::uint64_t records) override {
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
            std::size_t p = close + 2;  // state
            p = line.find(' ', p);      // before ppid
            if (p == std::string::npos) continue;
            const std::string ppid = line.substr(p + 1, line.find(' ', p + 1) - p - 1);
            if (ppid == self) found.push_back(static_cast<pid_t>(std::stol(e->d_name)));
        }
        ::closedir(d);
    }
    return found;
}

// Runs the toy pipeline under a watchdog: a hang past `timeout_s` kills the
// test process (SIGALRM), which fails the suite instead of hanging it.
inline ToyRun run_toy(const RunConfig& config, Transport transport, Producer producer,
                      std::function<Processor()> make_processor, int fail_consume = 0, unsigned timeout_s = 30) {
    const std::string dir = make_temp_dir();
    ToyRun run;
    ::alarm(timeout_s);
    run.result = ipc::run(config, transport, std::move(producer), std::move(make_processor),
                          [dir, &config, fail_consume]() -> std::unique_ptr<Consumer> {
                              return std::make_unique<FileConsumer>(dir, config.outputs, fail_consume);
                          });
    ::alarm(0);
    for (int k = 0; k < config.outputs; ++k) run.outputs.push_back(read_file(dir + "/out" + std::to_string(k)));
    run.consumer_aborted = ::access((dir + "/aborted").c_str(), F_OK) == 0;
    run.quarantine_log = read_file(dir + "/quarantined");
    remove_dir(dir);
    return run;
}

inline ToyRun run_toy(const RunConfig& config, Transport transport, Producer producer, Faults faults = {},
                      int fail_consume = 0, unsigned timeout_s = 30) {
    return run_toy(
        config, transport, std::move(producer), [faults] { return make_processor(faults); }, fail_consume, timeout_s);
}

// The same on the ring.
inline ToyRun run_toy(const RunConfig& config, LineProducer producer, Faults faults = {}, int fail_consume = 0,
                      unsigned timeout_s = 30) {
    return run_toy(config, Transport::kRing, std::move(producer), std::move(faults), fail_consume, timeout_s);
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

}  // namespace ringtrim::ipc::toy
