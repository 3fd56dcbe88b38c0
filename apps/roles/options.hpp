// The narrow settings each role needs, taken from the run's plan by the app
// (apps/ringtrim/execute.cpp): a role sees only what it uses, so that the
// roles build and test without the command line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipc/io/compression.hpp"
#include "lib/pipeline/pipeline.hpp"

namespace ringtrim::roles {

// The parent's reader.
struct ReaderOptions {
    std::string input1;
    std::optional<std::string> input2;            // R2 of paired files
    std::size_t buffer_size = std::size_t{2} << 20;  // --buffer-size: the chunk size
    bool interleaved = false;                     // input 1 holds pairs
};

// A worker. `pipeline` must outlive the worker.
struct WorkerOptions {
    const core::PipelineOptions* pipeline = nullptr;
    std::vector<io::Compression> compression;  // per output stream
    int compression_level = 5;
    std::uint64_t unit_records = 1;  // records per compression unit
    std::string inputs[2];           // the input files' names ("-": standard input), for messages
};

// The writer.
struct WriterOptions {
    std::vector<io::Compression> compression;  // per output stream
    int compression_level = 5;
};

}  // namespace ringtrim::roles
