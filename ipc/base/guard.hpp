// Calling the caller's callbacks (base/chunk.hpp) the same way in every
// transport: an exception becomes an error message instead of leaving the
// role, and what a callback returns is checked before the transport uses it.
// Each function runs in the process of the role that calls it; nothing here
// crosses a process boundary except through the ControlBlock.
#pragma once

#include <cstddef>
#include <exception>
#include <string>

#include "ipc/base/chunk.hpp"
#include "ipc/base/control.hpp"
#include "ipc/base/status.hpp"

namespace ringtrim::ipc {

// Runs f(). Ok, or an error with the what() of the exception it threw
// ("unknown exception in the chunk <callback>" for one that is not a
// std::exception).
template <class F>
Status call_guarded(const char* callback, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return Status::error(e.what());
    } catch (...) {
        return Status::error(std::string("unknown exception in the chunk ") + callback);
    }
    return {};
}

// Parent: asks `producer` for the next chunk, into buf[0..inputs-1] of `cap`
// bytes each. An exception becomes kError (not blamed on the input), and a
// chunk that claims more than `cap` bytes of a buffer becomes kError ("chunk
// producer reported N bytes for a M-byte slot"). A large chunk
// (ProducedChunk::large) is the caller's to place. Unless `may_prepare`, a
// raw chunk (ProducedChunk::prepare) or kWait becomes kError too.
ProduceResult produce_chunk(const Producer& producer, char* const buf[2], std::size_t cap, int inputs,
                            ProducedChunk& chunk, bool may_prepare = false);

// Worker: clears `out` for `outputs` segments and runs `processor` on `in`.
// An exception, or a wrong number of segments, becomes out.error (not blamed
// on the input).
void run_processor(const Processor& processor, const ChunkInput& in, ChunkOutput& out, std::size_t outputs);

// Writer: calls `f` (a Consumer method named `what`), turning an exception
// into the run's recorded failure. Returns false if it threw.
template <typename F>
bool guarded(ControlBlock& c, const char* what, F&& f) {
    try {
        f();
        return true;
    } catch (const std::exception& e) {
        record_failure(c, e.what(), false, kNoSeq);
    } catch (...) {
        record_failure(c, std::string("unknown exception in ") + what, false, kNoSeq);
    }
    return false;
}

// Writer, after the last chunk: stores consumer.finish()'s blob in
// `result_fd` and publishes it (ControlBlock::result_len, result_ready).
// Returns false after recording the failure (a finish() exception, a write
// error).
bool store_result(ControlBlock& c, int result_fd, Consumer& consumer);

}  // namespace ringtrim::ipc
