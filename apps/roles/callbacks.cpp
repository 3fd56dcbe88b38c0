#include "apps/roles/callbacks.hpp"

#include <array>

#include "apps/roles/bgzf_source.hpp"
#include "apps/roles/chunk_worker.hpp"
#include "ipc/io/error.hpp"

namespace ringtrim::roles {

ipc::Producer chunk_producer(ChunkReader& reader) {
    return [&reader](char* const buf[2], std::size_t cap, ipc::ProducedChunk& chunk) -> ipc::ProduceResult {
        try {
            if (reader.must_wait()) return ipc::ProduceResult::wait();
            auto next = reader.next(buf, cap);
            if (!next) return ipc::ProduceResult::end();
            chunk = std::move(*next);
        } catch (const io::IoError& e) {
            return ipc::ProduceResult::fail(e.what());
        }
        return ipc::ProduceResult::chunk();
    };
}

std::shared_ptr<ipc::PrepareSteps> bgzf_steps(ChunkReader& reader, const std::string names[2]) {
    auto steps = std::make_shared<ipc::PrepareSteps>();
    const std::array<std::string, 2> inputs = {names[0], names[1]};
    steps->make_preparer = [inputs]() -> ipc::Preparer {
        return [inputs](const ipc::ChunkInput& raw, char* const buf[2], std::size_t cap, ipc::ProducedChunk& out) {
            return prepare_bgzf(raw, buf, cap, inputs.data(), out);
        };
    };
    steps->finisher = [&reader](std::uint64_t, char* const buf[2], std::size_t, const ipc::ProducedChunk& prepared,
                                ipc::ProducedChunk& chunk) -> ipc::ProduceResult {
        try {
            chunk = reader.finish_raw(buf, prepared);
        } catch (const io::IoError& e) {
            return ipc::ProduceResult::fail(e.what());
        }
        return ipc::ProduceResult::chunk();
    };
    return steps;
}

std::function<ipc::Processor()> worker_factory(const WorkerOptions& options) {
    return [options]() -> ipc::Processor {
        auto worker = std::make_shared<ChunkWorker>(options);
        return [worker](const ipc::ChunkInput& in, ipc::ChunkOutput& out) { worker->run(in, out); };
    };
}

}  // namespace ringtrim::roles
