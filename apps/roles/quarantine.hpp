// The records of a chunk that --quarantine set aside (it crashed workers
// repeatedly), written as they came: single-end and interleaved input as
// read, paired files interleaved. Runs in the parent.
#pragma once

#include <string>

#include "ipc/io/output.hpp"
#include "ipc/base/chunk.hpp"
#include "lib/fastq/parse.hpp"

namespace ringtrim::roles {

// Appends the chunk's raw records to `out`; whole gzip members
// (encoding::kGzipMembers) are inflated first. `names`: the input files, for
// messages. Throws io::IoError.
void write_quarantined(io::CompressedOutput& out, const ipc::ChunkInput& chunk, core::SeqFormat format,
                       bool two_files, const std::string names[2]);

}  // namespace ringtrim::roles
