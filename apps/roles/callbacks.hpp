// The roles as ipc::run's callbacks (ipc/roles/chunk.hpp): the producer and
// the BGZF prepare steps over the parent's ChunkReader, and the factory that
// builds a ChunkWorker in each worker process. The writer is an
// ipc::Consumer already (OutputWriter).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "apps/roles/chunk_reader.hpp"
#include "apps/roles/options.hpp"
#include "ipc/base/chunk.hpp"

namespace ringtrim::roles {

// Places the reader's chunks; io::IoError becomes the input's error.
// `reader` must outlive the run.
ipc::Producer chunk_producer(ChunkReader& reader);

// BGZF input placed raw: the workers inflate (prepare_bgzf), the parent cuts
// (ChunkReader::finish_raw). For the ring transport only; `reader` must
// outlive the run.
std::shared_ptr<ipc::PrepareSteps> bgzf_steps(ChunkReader& reader, const std::string names[2]);

// Builds a ChunkWorker in the calling (worker) process. `options.pipeline`
// must outlive the run.
std::function<ipc::Processor()> worker_factory(const WorkerOptions& options);

}  // namespace ringtrim::roles
