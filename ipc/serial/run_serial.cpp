#include "ipc/serial/run_serial.hpp"

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ipc/base/guard.hpp"

namespace ringtrim::ipc {

namespace {

// The run's failure: Consumer::abort(), then RunConfig::on_failure. A
// failure of a callback that does I/O (`io`: the producer, the consumer, a
// factory) while RunConfig::interrupt is set is the interrupt's doing (an
// interrupted read or write), and is reported as the interrupt.
RunResult fail_run(const RunConfig& config, Consumer* consumer, RunResult& result, std::string error, bool input_error,
                   bool io) {
    int exit_code = 1;
    if (io && config.interrupt != nullptr && *config.interrupt != 0) {
        const int sig = static_cast<int>(*config.interrupt);
        error = "interrupted by signal " + std::to_string(sig);
        input_error = false;
        exit_code = 128 + sig;
    }
    if (consumer != nullptr) {
        try {
            consumer->abort();
        } catch (...) {
            // The run has failed already; its first error is what counts.
        }
    }
    result.ok = false;
    result.error = std::move(error);
    result.input_error = input_error;
    result.exit_code = exit_code;
    if (config.on_failure) {
        try {
            config.on_failure();
        } catch (...) {
            // As above.
        }
    }
    return std::move(result);
}

std::string what_of(const std::exception_ptr& e, const char* where) {
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        return ex.what();
    } catch (...) {
        return std::string("unknown exception in ") + where;
    }
}

}  // namespace

RunResult run_serial(const RunConfig& config, Producer producer, std::function<Processor()> make_processor,
                     std::function<std::unique_ptr<Consumer>()> make_consumer) {
    if (const Status checked = check_run_config(config); !checked.ok()) return failed_run(checked.message());
    RunResult result;
    Processor processor;
    std::unique_ptr<Consumer> consumer;
    try {
        processor = make_processor();
        consumer = make_consumer();
    } catch (...) {
        return fail_run(config, consumer.get(), result, what_of(std::current_exception(), "a factory"), false, true);
    }

    const std::size_t cap = config.slot_input_bytes;
    const auto outputs = static_cast<std::size_t>(config.outputs);
    std::string in[kMaxInputs] = {std::string(cap, '\0'), std::string(config.inputs > 1 ? cap : 0, '\0')};
    char* const bufs[kMaxInputs] = {in[0].data(), config.inputs > 1 ? in[1].data() : nullptr};
    ChunkOutput out;
    std::vector<std::string_view> views(outputs);
    ProgressThrottle progress(config);
    std::uint64_t first_line = 0;
    for (;;) {
        ProducedChunk chunk;
        ProduceResult r = produce_chunk(producer, bufs, cap, config.inputs, chunk);
        if (r.kind == ProduceResult::kEnd) break;
        if (r.kind == ProduceResult::kError || (config.interrupt != nullptr && *config.interrupt != 0))
            return fail_run(config, consumer.get(), result, std::move(r.error), r.input_error, true);
        ChunkInput input;
        input.seq = result.chunks;
        input.first_record = result.records_written;
        input.first_line = first_line;
        input.records = chunk.records;
        input.encoding = chunk.encoding;
        for (int s = 0; s < config.inputs; ++s)
            input.bytes[s] =
                chunk.large ? std::string_view(chunk.large_bytes[s]) : std::string_view(bufs[s], chunk.len[s]);
        ++result.chunks;
        run_processor(processor, input, out, outputs);
        if (out.error) return fail_run(config, consumer.get(), result, *out.error, out.input_error, false);
        for (std::size_t k = 0; k < outputs; ++k) views[k] = out.segments[k];
        try {
            consumer->consume(input.seq, views, out.stats_blob);
        } catch (...) {
            return fail_run(config, consumer.get(), result, what_of(std::current_exception(), "Consumer::consume"),
                            false, true);
        }
        result.records_written += chunk.records;
        first_line += chunk.lines;
        progress.report(result.records_written, false);
    }
    try {
        result.result_blob = consumer->finish();
    } catch (...) {
        return fail_run(config, consumer.get(), result, what_of(std::current_exception(), "Consumer::finish"), false,
                        true);
    }
    result.ok = true;
    result.exit_code = 0;
    progress.report(result.records_written, true);
    return result;
}

}  // namespace ringtrim::ipc
