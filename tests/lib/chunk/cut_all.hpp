// Test helpers for lib/chunk: random FASTQ/FASTA inputs, and cut_all(), which
// feeds whole inputs to the cutter the way apps/ringtrim's ChunkReader does
// (buffers of `capacity` bytes refilled after every chunk; a record longer
// than that read whole, doubling the buffer, and taken by cut_first_record).
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "lib/chunk/cut.hpp"

namespace ringtrim::test {

struct CutChunk {
    std::string bytes[2];
    std::uint64_t first_record = 0;
    std::uint64_t first_line = 0;
    std::uint64_t records = 0;
    std::uint64_t lines = 0;
    bool long_record = false;  // taken by cut_first_record
};

struct CutRun {
    std::vector<CutChunk> chunks;
    core::ChunkCut last;  // the cut that ended the run: kEnd or kUnequal
};

// REQUIRES: 1 <= inputs.size() <= 2, capacity > 0.
inline CutRun cut_all(const std::vector<std::string>& inputs, std::size_t capacity, const core::ChunkShape& shape) {
    CutRun run;
    std::size_t pos[2] = {0, 0};
    std::uint64_t records = 0, lines = 0;
    core::BufferedInput in[2];
    auto buffer = [&](std::size_t len) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            in[i].bytes = std::string_view(inputs[i]).substr(pos[i], len);
            in[i].at_eof = pos[i] + len >= inputs[i].size();
        }
        return std::span<const core::BufferedInput>(in, inputs.size());
    };
    for (;;) {
        core::ChunkCut cut = core::cut_chunk(buffer(capacity), capacity, shape);
        bool long_record = false;
        if (cut.kind == core::ChunkCut::Kind::kLongRecord) {
            long_record = true;
            for (std::size_t len = capacity * 2;; len *= 2) {
                cut = core::cut_first_record(buffer(len), shape);
                if (cut.kind != core::ChunkCut::Kind::kNeedMore) break;
            }
        }
        if (cut.kind != core::ChunkCut::Kind::kChunk) {
            run.last = cut;
            return run;
        }
        CutChunk chunk;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            chunk.bytes[i] = inputs[i].substr(pos[i], cut.bytes[i]);
            pos[i] += cut.bytes[i];
        }
        chunk.first_record = records;
        chunk.first_line = lines;
        chunk.records = cut.records;
        chunk.lines = cut.lines;
        chunk.long_record = long_record;
        records += cut.records;
        lines += cut.lines;
        run.chunks.push_back(std::move(chunk));
    }
}

// `n` FASTQ records named r0, r1, ... with sequences of 1 to `max_len` bases;
// about one in `long_every` records is `long_len` bases long.
inline std::string random_fastq(std::mt19937& rng, int n, int max_len, int long_every = 0, int long_len = 0) {
    std::string out;
    for (int r = 0; r < n; ++r) {
        int len = std::uniform_int_distribution<int>(1, max_len)(rng);
        if (long_every > 0 && std::uniform_int_distribution<int>(1, long_every)(rng) == 1) len = long_len;
        std::string seq;
        for (int k = 0; k < len; ++k) seq += "ACGT"[std::uniform_int_distribution<int>(0, 3)(rng)];
        out += "@r" + std::to_string(r) + "\n" + seq + "\n+\n" + std::string(seq.size(), 'I') + "\n";
    }
    return out;
}

// `n` FASTA records, each sequence wrapped over 1 to 3 lines.
inline std::string random_fasta(std::mt19937& rng, int n, int max_len) {
    std::string out;
    for (int r = 0; r < n; ++r) {
        out += ">r" + std::to_string(r) + "\n";
        const int wraps = std::uniform_int_distribution<int>(1, 3)(rng);
        for (int w = 0; w < wraps; ++w) {
            const int len = std::uniform_int_distribution<int>(1, max_len)(rng);
            for (int k = 0; k < len; ++k) out += "ACGT"[std::uniform_int_distribution<int>(0, 3)(rng)];
            out += '\n';
        }
    }
    return out;
}

inline std::uint64_t count_newlines(std::string_view s) {
    return static_cast<std::uint64_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace ringtrim::test
