// gzip_backends: which deflate library should make gzip members at each
// level (issue 15). For every method built into ringtrim_io (zlib 0..9,
// libdeflate 0..12, ISA-L 0..3) it compresses a FASTQ file in compression
// units of --unit-bytes (ringtrim's units are about 256 KiB of input), one
// gzip member per unit through gzip_member_with(), exactly as workers do,
// and reports MB/s of input per second of this thread's CPU time (best of
// --reps; CPU time, not wall time, so that other processes on a shared
// machine disturb the ranking less) and the output size. Every
// method's output is inflated with zlib and compared with the input before
// it is timed (a method that does not round-trip fails the run, exit 1).
//
// Then, per gzip level 0..9, the rule ringtrim applies: among the eligible
// methods whose output is, on EVERY input file, no larger than zlib's at that
// level plus 1 %, the fastest (MB/s over all files together); and whether
// compression.cpp's table (gzip_method_for) agrees.
// Not eligible: ISA-L level 3, whose bytes differ between AVX2 and AVX-512
// CPUs (benchmarks/micro/isal_code_paths.cpp), so a file would depend on the
// machine; and for level 0 every method that compresses (level 0 means
// "store", as in zlib, gzip and libdeflate).
//
// usage: gzip_backends FASTQ... [--unit-bytes N] [--reps N] [--max-bytes N] [--only LIBRARY]
// --only libdeflate|isa-l measures zlib (the bound) and that library only.
// Files may be compressed (read with ringtrim's InputFile); the first
// --max-bytes (default 32 MiB) of each are used.
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/io/compression.hpp"
#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"

namespace {

using ringtrim::io::GzipBackend;
using ringtrim::io::GzipMethod;

struct Options {
    std::vector<std::string> paths;
    std::size_t unit_bytes = 256 * 1024;
    int reps = 3;
    std::size_t max_bytes = std::size_t{32} << 20;
    std::string only;  // "": every library
};

struct Result {
    GzipMethod method;
    std::vector<std::size_t> bytes;  // compressed size per input file, all members
    double mb_per_s = 0;             // input MB (1e6 bytes) per CPU second, all files, best repetitions
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> long long {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return std::atoll(argv[++i]);
        };
        if (a == "--unit-bytes") o.unit_bytes = static_cast<std::size_t>(std::max(1LL, value()));
        else if (a == "--reps") o.reps = static_cast<int>(std::max(1LL, value()));
        else if (a == "--max-bytes") o.max_bytes = static_cast<std::size_t>(std::max(1LL, value()));
        else if (a == "--only" && i + 1 < argc) o.only = argv[++i];
        else if (!a.empty() && a[0] == '-') throw std::runtime_error("unknown option " + a);
        else o.paths.push_back(a);
    }
    if (o.paths.empty()) {
        throw std::runtime_error(
            "usage: gzip_backends FASTQ... [--unit-bytes N] [--reps N] [--max-bytes N] [--only LIBRARY]");
    }
    return o;
}

std::string read_input(const std::string& path, std::size_t max_bytes) {
    ringtrim::io::InputFile in(path);
    std::string data(max_bytes, '\0');
    data.resize(in.read_full(data.data(), data.size()));
    if (data.empty()) throw std::runtime_error(path + ": no data");
    return data;
}

// Inflates a file of concatenated gzip members with zlib.
std::string gunzip(std::string_view z) {
    std::string out;
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
    zs.avail_in = static_cast<uInt>(z.size());
    char buf[1 << 16];
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        int ret = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
        if (ret == Z_STREAM_END) {
            if (zs.avail_in == 0) break;
            inflateReset(&zs);
        } else if (ret != Z_OK) {
            inflateEnd(&zs);
            throw std::runtime_error("inflate failed");
        }
    }
    inflateEnd(&zs);
    return out;
}

std::string compress_units(const std::string& data, std::size_t unit, GzipMethod m, int header_level) {
    std::string out;
    out.reserve(data.size() / 2);
    ringtrim::io::Compressor codec;  // kept across units, as a worker keeps its own
    for (std::size_t pos = 0; pos < data.size(); pos += unit) {
        codec.gzip_member_with(std::string_view(data).substr(pos, unit), m, header_level, out);
    }
    return out;
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Result measure(const std::vector<std::string>& inputs, const Options& o, GzipMethod m) {
    const int header_level = std::clamp(m.level, 0, 9);
    Result r{m, {}, 0};
    double input_bytes = 0, seconds = 0;
    for (const std::string& data : inputs) {
        const std::string z = compress_units(data, o.unit_bytes, m, header_level);
        if (gunzip(z) != data) {
            throw std::runtime_error(std::string(ringtrim::io::gzip_backend_name(m.backend)) + " level " +
                                     std::to_string(m.level) + ": output does not inflate to the input");
        }
        r.bytes.push_back(z.size());
        double best = 1e300;
        for (int rep = 0; rep < o.reps; ++rep) {
            const double t0 = thread_cpu_seconds();
            const std::string again = compress_units(data, o.unit_bytes, m, header_level);
            const double t1 = thread_cpu_seconds();
            if (again != z) throw std::runtime_error("a repetition gave different bytes");
            best = std::min(best, t1 - t0);
        }
        input_bytes += static_cast<double>(data.size());
        seconds += best;
    }
    r.mb_per_s = input_bytes / 1e6 / seconds;
    return r;
}

// Largest ratio of r's size to `base`'s over the input files.
double worst_ratio(const Result& r, const Result& base) {
    double worst = 0;
    for (std::size_t f = 0; f < r.bytes.size(); ++f) {
        worst = std::max(worst, static_cast<double>(r.bytes[f]) / static_cast<double>(base.bytes[f]));
    }
    return worst;
}

// See the header: CPU-dependent bytes, or compression where storing was asked for.
bool eligible(GzipMethod m, int level) {
    if (m.backend == GzipBackend::kIsal && m.level == 3) return false;
    if (level == 0) return m.backend != GzipBackend::kIsal && m.level == 0;
    return true;
}

std::string label(GzipMethod m) {
    return std::string(ringtrim::io::gzip_backend_name(m.backend)) + " " + std::to_string(m.level);
}

void print_environment(const Options& o, const std::vector<std::string>& inputs) {
#ifndef NDEBUG
    std::printf("WARNING: assertions are enabled (not a Release build); timings are unnecessarily slow\n");
#endif
    std::string cpu = "unknown";
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    }
    utsname u{};
    uname(&u);
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("machine: %s, %ld cores online, %s %s, load %.2f\n", cpu.c_str(), sysconf(_SC_NPROCESSORS_ONLN),
                u.sysname, u.release, load[0]);
    std::printf("zlib %s; built in:", zlibVersion());
    for (GzipBackend b : {GzipBackend::kZlib, GzipBackend::kLibdeflate, GzipBackend::kIsal}) {
        if (ringtrim::io::gzip_backend_available(b)) std::printf(" %s", ringtrim::io::gzip_backend_name(b).data());
    }
    std::printf("\nunits of %zu bytes, best of %d repetitions, one thread, MB/s of CPU time\n", o.unit_bytes, o.reps);
    for (std::size_t f = 0; f < inputs.size(); ++f) {
        std::printf("file %zu: %s, %zu bytes\n", f + 1, o.paths[f].c_str(), inputs[f].size());
    }
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        std::vector<std::string> inputs;
        for (const std::string& path : o.paths) inputs.push_back(read_input(path, o.max_bytes));
        print_environment(o, inputs);

        std::vector<GzipMethod> methods;
        for (int l = 0; l <= 9; ++l) methods.push_back({GzipBackend::kZlib, l});
        auto wanted = [&o](GzipBackend b) {
            return ringtrim::io::gzip_backend_available(b) &&
                   (o.only.empty() || o.only == ringtrim::io::gzip_backend_name(b));
        };
        if (wanted(GzipBackend::kLibdeflate)) {
            for (int l = 0; l <= 12; ++l) methods.push_back({GzipBackend::kLibdeflate, l});
        }
        if (wanted(GzipBackend::kIsal)) {
            for (int l = 0; l <= 3; ++l) methods.push_back({GzipBackend::kIsal, l});
        }
        std::vector<Result> results;
        std::printf("%-14s %10s  %s\n", "method", "MB/s", "bytes (ratio to input) per file");
        for (GzipMethod m : methods) {
            results.push_back(measure(inputs, o, m));
            const Result& r = results.back();
            std::printf("%-14s %10.1f ", label(m).c_str(), r.mb_per_s);
            for (std::size_t f = 0; f < inputs.size(); ++f) {
                std::printf(" %10zu (%.4f)", r.bytes[f],
                            static_cast<double>(r.bytes[f]) / static_cast<double>(inputs[f].size()));
            }
            std::printf("\n");
            std::fflush(stdout);
        }

        // Per gzip level: zlib's size on each file is the bound; per library,
        // its fastest method within the bound (MB/s, largest size ratio to
        // zlib over the files); the winner.
        std::printf("\nlevel | zlib MB/s | fastest within zlib size + 1 %% per library (MB/s, size vs zlib) | chosen | table\n");
        int disagreements = 0;
        for (int level = 0; level <= 9; ++level) {
            const Result& zlib = results[static_cast<std::size_t>(level)];
            const Result* chosen = &zlib;
            std::string per_library;
            for (GzipBackend b : {GzipBackend::kZlib, GzipBackend::kLibdeflate, GzipBackend::kIsal}) {
                const Result* best = nullptr;
                for (const Result& r : results) {
                    if (r.method.backend != b || worst_ratio(r, zlib) > 1.01) continue;
                    if (!eligible(r.method, level)) continue;
                    if (!best || r.mb_per_s > best->mb_per_s) best = &r;
                }
                if (b != GzipBackend::kZlib && !wanted(b)) continue;
                char cell[96];
                if (best) {
                    std::snprintf(cell, sizeof cell, " %s: %d (%.0f, %.3f);", ringtrim::io::gzip_backend_name(b).data(),
                                  best->method.level, best->mb_per_s, worst_ratio(*best, zlib));
                    if (best->mb_per_s > chosen->mb_per_s) chosen = best;
                } else {
                    std::snprintf(cell, sizeof cell, " %s: none;", ringtrim::io::gzip_backend_name(b).data());
                }
                per_library += cell;
            }
            const GzipMethod table = ringtrim::io::gzip_method_for(level);
            const bool agree = table == chosen->method;
            if (!agree) ++disagreements;
            std::printf("%5d | %9.1f |%s | %s (%.1fx zlib) | %s%s\n", level, zlib.mb_per_s, per_library.c_str(),
                        label(chosen->method).c_str(), chosen->mb_per_s / zlib.mb_per_s, label(table).c_str(),
                        agree ? "" : "  <- differs");
        }
        std::printf("\n%d level(s) where this run's choice differs from gzip_method_for()\n", disagreements);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gzip_backends: error: %s\n", e.what());
        return 1;
    }
}
