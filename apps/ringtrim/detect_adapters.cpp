#include "apps/ringtrim/detect_adapters.hpp"
#include "apps/ringtrim/messages.hpp"

#include <cstdio>
#include <iostream>
#include <string_view>

#include "ipc/io/error.hpp"
#include "ipc/io/input.hpp"
#include "lib/trim/adapter_detect.hpp"

namespace ringtrim::app {

namespace {

constexpr double kMinKitFraction = 0.001;   // 0.1% of the reads
constexpr double kMinPolyAFraction = 0.01;  // A12 is common in genomes

// The sequences of the first `limit` records (FASTQ: 4-line records; FASTA:
// '>' headers, sequence lines joined). Throws io::IoError.
std::vector<std::string> read_sequences(const std::string& path, long limit) {
    io::InputFile in(path);
    std::string text;
    std::vector<std::string> seqs;
    std::string line;
    long line_no = 0;
    bool fasta = false;
    std::string pending;  // bytes after the last newline
    std::vector<char> buf(1 << 20);
    while (static_cast<long>(seqs.size()) < limit) {
        const std::size_t n = in.read_full(buf.data(), buf.size());
        pending.append(buf.data(), n);
        std::size_t start = 0;
        for (std::size_t nl;
             (nl = pending.find('\n', start)) != std::string::npos || (n == 0 && start < pending.size());) {
            if (nl == std::string::npos) nl = pending.size();
            std::string_view l(pending.data() + start, nl - start);
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            start = nl + 1;
            if (line_no == 0) fasta = !l.empty() && l[0] == '>';
            if (fasta) {
                if (!l.empty() && l[0] == '>')
                    seqs.emplace_back();
                else if (!seqs.empty())
                    seqs.back() += l;
            } else if (line_no % 4 == 1) {
                seqs.emplace_back(l);
            }
            ++line_no;
            if (static_cast<long>(seqs.size()) > limit) break;
        }
        pending.erase(0, std::min(start, pending.size()));
        if (n == 0) break;
    }
    if (static_cast<long>(seqs.size()) > limit) seqs.resize(static_cast<std::size_t>(limit));
    return seqs;
}

std::string percent(std::int64_t n, std::int64_t total) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%",
                  total > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : 0.0);
    return buf;
}

void print_detection(const std::string& path, const std::string& flag, const core::AdapterDetection& d) {
    std::cout << "# " << path << ": " << d.reads << " reads (" << flag << " lines: paste into the command line)\n";
    bool any = false;
    for (const auto& k : d.kits) {
        if (static_cast<double>(k.reads) < kMinKitFraction * static_cast<double>(d.reads) || k.reads == 0) continue;
        any = true;
        std::cout << flag << " " << k.kit->sequence << "    # known kit " << k.kit->name << ": " << k.kit->probe
                  << " in " << k.reads << " reads (" << percent(k.reads, d.reads) << ")\n";
    }
    if (!any) std::cout << "# no known kit in 0.1% of the reads or more\n";
    const auto& a = d.assembled;
    if (a.sequence.empty()) {
        std::cout << "# no adapter assembled\n";
    } else {
        std::cout << flag << " " << a.sequence << "    # assembled from " << a.seed << " in " << a.reads << " reads ("
                  << percent(a.reads, d.reads) << ")"
                  << (a.kit ? "; contains the probe of " + std::string(a.kit->name) : "; no known kit") << "\n";
    }
    // The best guess: the most frequent kit other than poly-A (kit probes are
    // specific); else the assembled adapter when it is no kit and more
    // frequent than poly-A; else poly-A if in 1% of the reads or more.
    std::string guess;
    const core::KitCount* poly_a = nullptr;
    for (const auto& k : d.kits) {
        if (static_cast<double>(k.reads) < kMinKitFraction * static_cast<double>(d.reads) || k.reads == 0) continue;
        if (k.kit->sequence == "A{20}") {
            poly_a = &k;
        } else if (guess.empty()) {
            guess = std::string(k.kit->sequence);
        }
    }
    if (guess.empty() && !a.sequence.empty() && (!poly_a || a.reads > poly_a->reads)) guess = a.sequence;
    if (guess.empty() && poly_a &&
        static_cast<double>(poly_a->reads) >= kMinPolyAFraction * static_cast<double>(d.reads))
        guess = std::string(poly_a->kit->sequence);
    if (!guess.empty())
        std::cout << "# best guess: " << flag << " " << guess << "\n";
    else
        std::cout << "# best guess: none (too few reads with an adapter)\n";
}

}  // namespace

bool is_detect_adapters(const std::vector<std::string>& args) {
    return !args.empty() && args[0] == kDetectAdaptersArgument;
}

int run_detect_adapters(const std::vector<std::string>& args) {
    if (args.size() < 2 || args.size() > 3) {
        std::cerr << "usage: ringtrim --detect-adapters READS [READS2]\n"
                     "ringtrim: error: --detect-adapters takes one or two input files\n";
        return 2;
    }
    const ErrorStream errors(true);  // the adapters go to standard output
    try {
        for (std::size_t i = 1; i < args.size(); ++i) {
            const auto seqs = read_sequences(args[i], kDetectSampleReads);
            std::vector<std::string_view> views(seqs.begin(), seqs.end());
            print_detection(args[i], i == 1 ? "-a" : "-A", core::detect_adapters(views));
        }
    } catch (const io::IoError& e) {
        std::cout << std::flush;
        return report_error(core::Error::io(e.message(), e.file()), errors);
    }
    std::cout << std::flush;
    if (!std::cout) return report_error(core::Error::io("cannot write", "<stdout>"), errors);
    return 0;
}

}  // namespace ringtrim::app
