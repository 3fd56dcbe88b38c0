// The adapter alignment alone: Aligner::locate over the sequences of a FASTQ
// file, as a 3' adapter with cutadapt's defaults (-e 0.1, -O 3), with its
// fast paths and without them (the plain DP). Prints the best of --reps
// passes in ns per read, and checks that both give the same alignments.
//   BUILD/benchmarks/aligner FASTQ [--adapter SEQ] [--reps 7] [--reads N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "lib/trim/align.hpp"

using ringtrim::core::Aligner;

namespace {

double best_ns_per_read(Aligner& aligner, const std::vector<std::string>& reads, int reps, long& found) {
    double best = 1e30;
    for (int r = 0; r < reps; ++r) {
        found = 0;
        const auto start = std::chrono::steady_clock::now();
        for (const std::string& read : reads) found += aligner.locate(read).has_value();
        const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count() / static_cast<double>(reads.size()));
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: aligner FASTQ [--adapter SEQ] [--reps N] [--reads N]\n";
        return 2;
    }
    std::string adapter = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA";
    int reps = 7;
    long max_reads = 1000000;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--adapter") {
            adapter = argv[i + 1];
        } else if (flag == "--reps") {
            reps = std::atoi(argv[i + 1]);
        } else if (flag == "--reads") {
            max_reads = std::atol(argv[i + 1]);
        } else {
            std::cerr << "aligner: unknown option " << flag << "\n";
            return 2;
        }
    }
    std::ifstream in(argv[1]);
    std::vector<std::string> reads;
    std::string line;
    for (long n = 0; std::getline(in, line) && static_cast<long>(reads.size()) < max_reads; ++n) {
        if (n % 4 == 1) reads.push_back(line);
    }
    if (reads.empty()) {
        std::cerr << "aligner: no reads in " << argv[1] << "\n";
        return 1;
    }
    const int flags = ringtrim::core::kQueryStart | ringtrim::core::kQueryStop | ringtrim::core::kReferenceEnd;
    // Adapter wildcards are on only for sequences with IUPAC codes (as in cutadapt).
    const bool wildcards = adapter.find_first_not_of("ACGT") != std::string::npos;
    Aligner fast(adapter, 0.1, flags, wildcards, false, 1, 3);
    Aligner plain(adapter, 0.1, flags, wildcards, false, 1, 3);
    plain.set_prefilter(false);
    for (const std::string& read : reads) {
        if (fast.locate(read) != plain.locate(read)) {
            std::cerr << "aligner: the fast paths differ from the plain DP on " << read << "\n";
            return 1;
        }
    }
    long found_fast = 0;
    long found_plain = 0;
    const double ns_fast = best_ns_per_read(fast, reads, reps, found_fast);
    const double ns_plain = best_ns_per_read(plain, reads, reps, found_plain);
    std::printf("%zu reads, %ld with a match\n", reads.size(), found_fast);
    std::printf("fast paths  %7.1f ns/read\nplain DP    %7.1f ns/read\n", ns_fast, ns_plain);
    return 0;
}
