#include "ipc/base/guard.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "ipc/base/temp_file.hpp"

namespace ringtrim::ipc {

ProduceResult produce_chunk(const Producer& producer, char* const buf[2], std::size_t cap, int inputs,
                            ProducedChunk& chunk, bool may_prepare) {
    ProduceResult r;
    if (Status thrown = call_guarded("producer", [&] { r = producer(buf, cap, chunk); }); !thrown.ok())
        return ProduceResult::fail(thrown.message(), false);
    if (!may_prepare && (r.kind == ProduceResult::kWait || (r.kind == ProduceResult::kChunk && chunk.prepare)))
        return ProduceResult::fail("chunk producer placed a raw chunk, which only the ring transport prepares", false);
    if (r.kind != ProduceResult::kChunk || chunk.large) return r;
    for (int s = 0; s < inputs; ++s)
        if (chunk.len[s] > cap)
            r = ProduceResult::fail("chunk producer reported " + std::to_string(chunk.len[s]) + " bytes for a " +
                                        std::to_string(cap) + "-byte slot",
                                    false);
    return r;
}

void run_processor(const Processor& processor, const ChunkInput& in, ChunkOutput& out, std::size_t outputs) {
    out.clear(outputs);
    if (Status thrown = call_guarded("processor", [&] { processor(in, out); }); !thrown.ok()) {
        out.error = thrown.message();
        out.input_error = false;
    }
    if (!out.error && out.segments.size() != outputs) {
        out.error = "chunk processor returned " + std::to_string(out.segments.size()) + " output segments, expected " +
                    std::to_string(outputs);
        out.input_error = false;
    }
}

bool store_result(ControlBlock& c, int result_fd, Consumer& consumer) {
    std::string blob;
    if (!guarded(c, "Consumer::finish", [&] { blob = consumer.finish(); })) return false;
    if (!write_all_at(result_fd, blob.data(), blob.size(), 0)) {
        record_failure(c, std::string("cannot store the run's result in a temporary file: ") + std::strerror(errno),
                       false, kNoSeq);
        return false;
    }
    c.result_len.store(blob.size(), std::memory_order_relaxed);
    c.result_ready.store(1, std::memory_order_release);
    return true;
}

}  // namespace ringtrim::ipc
