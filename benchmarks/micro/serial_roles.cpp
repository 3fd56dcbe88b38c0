// serial_roles: the throughput of ringtrim's two serial roles, each alone,
// next to `cat` and `igzip -dc` on the same bytes (issue 15).
//
//   parent  ringtrim's real parent (ChunkReader: read or inflate, cut after
//           whole records, place into the shared ring) with --jobs workers
//           that pass every chunk through untouched (no output) and a writer
//           that drops it; BGZF input as ringtrim reads it (workers inflate
//           the blocks, the parent cuts). Also the parent's own CPU seconds:
//           with cores to spare, the most the parent can place. Its MB/s are uncompressed input bytes per wall
//           second, so gzip input is compared with `igzip -dc FILE >
//           /dev/null` and plain input with `cat FILE > OUT`.
//   writer  ringtrim's real writer role (OutputWriter::consume) fed with the
//           input's bytes as ready-made plain output segments of
//           --buffer-size bytes, in this process, writing OUT; compared with
//           `cat FILE > OUT` on the same folder (cat reads an uncompressed
//           copy of FILE there, so every row handles the same bytes).
//
// Every timing is the best of --reps wall times. The page cache holds the
// input (each command runs once before it is timed). `cat FILE > /dev/null`
// is printed too: it only reads, into one small buffer that stays in the CPU
// cache, and is an upper bound no reader that keeps the bytes can reach.
//
// usage: serial_roles FILE [--jobs N] [--reps N] [--buffer-size BYTES] [--out DIR] [--parent-only]
//        (DIR: where OUT and an uncompressed copy of FILE for cat go; default
//        /dev/shm when it exists, else /tmp. --parent-only: time the parent
//        alone, for a profiler)
// Prints one table row per measurement and the aims:
// parent >= 0.7x cat (plain), >= 0.85x igzip -dc (gzip); writer >= 0.7x cat.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apps/roles/callbacks.hpp"
#include "apps/roles/chunk_reader.hpp"
#include "apps/roles/chunk_source.hpp"
#include "apps/roles/output_writer.hpp"
#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "ipc/io/output.hpp"
#include "ipc/run/run.hpp"
#include "lib/chunk/unit_frame.hpp"
#include "lib/report/stats.hpp"

namespace {

using namespace ringtrim;

struct Options {
    std::string path;
    int jobs = 2;
    int reps = 5;
    std::size_t buffer_size = roles::ReaderOptions{}.buffer_size;  // ringtrim's default
    std::string out_dir;
    bool parent_only = false;  // --parent-only: time the parent role alone (for a profiler)
};

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Best wall time of `reps` calls of f, after one untimed call.
double best_of(int reps, const std::function<void()>& f) {
    f();
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        const double t0 = now_s();
        f();
        best = std::min(best, now_s() - t0);
    }
    return best;
}

void shell(const std::string& cmd) {
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("command failed: " + cmd);
}

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The whole decompressed input, read with ringtrim's own reader.
std::string read_all(const std::string& path) {
    io::InputFile in(path);
    std::string all;
    std::size_t n = 0;
    do {
        all.resize(all.size() + (std::size_t{16} << 20));
        n = in.read_full(all.data() + all.size() - (std::size_t{16} << 20), std::size_t{16} << 20);
        all.resize(all.size() - (std::size_t{16} << 20) + n);
    } while (n > 0);
    return all;
}

// What the parent placed, and the parent's own CPU seconds (its children's
// not counted: on a machine with cores to spare, 1 / cpu_s bounds the
// parent's throughput whatever the workers do).
struct Placed {
    std::uint64_t lines = 0;
    bool members = false;  // whole gzip members (ringtrim's own output), not inflated
    bool bgzf = false;     // BGZF blocks placed raw: workers inflate, the parent cuts
    double cpu_s = 0;
};

double self_cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// The parent role with pass-through workers.
Placed run_parent(const Options& o) {
    roles::ReaderOptions options;
    options.input1 = o.path;
    options.buffer_size = o.buffer_size;
    roles::ChunkReader reader(options);
    auto format = reader.detect_format();
    if (!format) throw std::runtime_error(o.path + ": neither FASTQ nor FASTA");
    // BGZF input as ringtrim runs it: workers inflate (the real preparer),
    // the parent cuts (the real finisher).
    reader.start(*format, core::unit_records_for(reader.first_record_bytes(*format)), true);
    Placed placed;
    ipc::RunConfig config;
    config.workers = o.jobs;
    config.slot_input_bytes = o.buffer_size;
    config.slot_output_bytes = 4096;
    const std::string names[2] = {o.path, o.path};
    auto steps = roles::bgzf_steps(reader, names);
    steps->finisher = [&placed, finish = steps->finisher](std::uint64_t seq, char* const buf[2], std::size_t cap,
                                                         const ipc::ProducedChunk& prepared,
                                                         ipc::ProducedChunk& chunk) {
        const ipc::ProduceResult r = finish(seq, buf, cap, prepared, chunk);
        placed.lines += chunk.lines;
        return r;
    };
    config.prepare = steps;
    auto producer = [&placed, produce = roles::chunk_producer(reader)](char* const buf[2], std::size_t cap,
                                                                       ipc::ProducedChunk& chunk) {
        const ipc::ProduceResult r = produce(buf, cap, chunk);
        if (r.kind != ipc::ProduceResult::kChunk) return r;
        placed.lines += chunk.lines;
        placed.members = placed.members || chunk.encoding == roles::encoding::kGzipMembers;
        placed.bgzf = placed.bgzf || chunk.encoding == roles::encoding::kBgzf;
        return r;
    };
    auto make_processor = []() -> ipc::Processor { return [](const ipc::ChunkInput&, ipc::ChunkOutput&) {}; };
    struct Drop : ipc::Consumer {
        void consume(std::uint64_t, const std::vector<std::string_view>&, std::string_view) override {}
        std::string finish() override { return {}; }
    };
    auto make_consumer = []() -> std::unique_ptr<ipc::Consumer> { return std::make_unique<Drop>(); };
    const double cpu0 = self_cpu_s();
    const ipc::RunResult result = ipc::run(config, ipc::Transport::kRing, producer, make_processor, make_consumer);
    placed.cpu_s = self_cpu_s() - cpu0;
    if (!result.ok) throw std::runtime_error("parent run failed: " + result.error);
    return placed;
}

// The writer role alone: `bytes` as plain output segments of `seg` bytes.
void run_writer(const std::string& bytes, std::size_t seg, const std::string& out) {
    io::OutputTarget target = io::prepare_output(out);
    const std::string blob = core::serialize(core::Stats{});
    {
        roles::OutputWriter writer(roles::WriterOptions{{io::Compression::kNone}, 5}, core::Stats{}, {target});
        std::vector<std::string_view> segments(1);
        std::uint64_t seq = 0;
        for (std::size_t at = 0; at < bytes.size(); at += seg) {
            segments[0] = std::string_view(bytes).substr(at, seg);
            writer.consume(seq++, segments, blob);
        }
        writer.finish();
    }
    if (target.kind == io::OutputKind::kReplace) std::remove(target.temp_path.c_str());
}

void row(const char* what, double bytes, double seconds, double baseline_s) {
    std::printf("| %-44s | %8.3f | %7.0f | %5.2fx |\n", what, seconds, bytes / seconds / 1e6, baseline_s / seconds);
}

int usage() {
    std::fprintf(stderr,
                 "usage: serial_roles FILE [--jobs N] [--reps N] [--buffer-size BYTES] [--out DIR] [--parent-only]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--jobs")
            o.jobs = std::stoi(value());
        else if (a == "--reps")
            o.reps = std::stoi(value());
        else if (a == "--buffer-size")
            o.buffer_size = std::stoul(value());
        else if (a == "--out")
            o.out_dir = value();
        else if (a == "--parent-only")
            o.parent_only = true;
        else if (!a.empty() && a[0] == '-')
            return usage();
        else
            o.path = a;
    }
    if (o.path.empty()) return usage();
    if (o.out_dir.empty()) {
        struct stat st {};
        o.out_dir = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    }
    try {
        if (o.parent_only) {
            const double t = best_of(o.reps, [&] { run_parent(o); });
            std::printf("parent: %.3f s\n", t);
            return 0;
        }
        const bool gz = io::InputFile(o.path).compression() == io::Compression::kGzip;
        const std::string bytes = read_all(o.path);
        const double n = static_cast<double>(bytes.size());
        const std::string out = o.out_dir + "/serial_roles." + std::to_string(getpid()) + ".out";
        // cat reads the same (uncompressed) bytes the roles handle.
        const std::string copy = o.out_dir + "/serial_roles." + std::to_string(getpid()) + ".in";
        {
            std::FILE* f = std::fopen(copy.c_str(), "wb");
            if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0)
                throw std::runtime_error("cannot write " + copy);
        }
        const std::string in = quoted(copy);

        Placed placed;
        double parent_cpu = 1e300;
        const double parent = best_of(o.reps, [&] {
            placed = run_parent(o);
            parent_cpu = std::min(parent_cpu, placed.cpu_s);
        });
        const auto lines = static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n')) +
                           (!bytes.empty() && bytes.back() != '\n' ? 1 : 0);
        if (placed.lines != lines)
            throw std::runtime_error("the parent placed " + std::to_string(placed.lines) + " of " +
                                     std::to_string(lines) + " lines");
        const double writer = best_of(o.reps, [&] { run_writer(bytes, o.buffer_size, out); });
        const double cat_file = best_of(o.reps, [&] { shell("cat " + in + " > " + quoted(out)); });
        const double cat_null = best_of(o.reps, [&] { shell("cat " + in + " > /dev/null"); });
        double igzip = 0;
        if (gz) igzip = best_of(o.reps, [&] { shell("igzip -dc " + quoted(o.path) + " > /dev/null"); });
        std::remove(out.c_str());
        std::remove(copy.c_str());

        std::printf("%s: %.1f MB %s, -j %d, --buffer-size %zu, output folder %s; best of %d\n\n", o.path.c_str(),
                    n / 1e6, gz ? "uncompressed (gzip input)" : "plain", o.jobs, o.buffer_size, o.out_dir.c_str(),
                    o.reps);
        std::printf("| role | wall s | MB/s | vs the aim's baseline |\n|---|---:|---:|---:|\n");
        const double parent_base = gz ? igzip : cat_file;
        row(placed.members ? "parent (place whole members; workers inflate)"
            : placed.bgzf  ? "parent (place BGZF blocks, cut; workers inflate)"
            : gz           ? "parent (inflate, cut, place)"
                           : "parent (read, cut, place)",
            n, parent, parent_base);
        row("  the parent's own CPU s (its ceiling)", n, parent_cpu, parent_base);
        row("writer (plain segments to OUT)", n, writer, cat_file);
        row("cat FILE > OUT", n, cat_file, cat_file);
        row("cat FILE > /dev/null (reads only)", n, cat_null, cat_file);
        if (gz) row("igzip -dc FILE > /dev/null", n, igzip, igzip);
        const double parent_ratio = parent_base / parent;
        const double writer_ratio = cat_file / writer;
        const double parent_aim = gz ? 0.85 : 0.7;
        std::printf("\naim: parent >= %.2fx %s: %.2fx, %s\n", parent_aim, gz ? "igzip -dc" : "cat FILE > OUT",
                    parent_ratio, parent_ratio >= parent_aim ? "met" : "not met");
        std::printf("aim: writer >= 0.70x cat FILE > OUT: %.2fx, %s\n", writer_ratio,
                    writer_ratio >= 0.7 ? "met" : "not met");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "serial_roles: %s\n", e.what());
        return 1;
    }
    return 0;
}
