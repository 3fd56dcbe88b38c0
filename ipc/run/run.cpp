#include "ipc/run/run.hpp"

#include <utility>

#include "ipc/queue/run_queue.hpp"
#include "ipc/ring/run_ring.hpp"
#include "ipc/serial/run_serial.hpp"

namespace ringtrim::ipc {

const char* transport_name(Transport t) {
    switch (t) {
        case Transport::kRing: return "ring";
        case Transport::kQueue: return "queue";
        case Transport::kSerial: return "serial";
    }
    return "?";
}

RunResult run(const RunConfig& config, Transport transport, Producer producer,
              std::function<Processor()> make_processor, std::function<std::unique_ptr<Consumer>()> make_consumer) {
    switch (transport) {
        case Transport::kQueue:
            return run_queue(config, std::move(producer), std::move(make_processor), std::move(make_consumer));
        case Transport::kSerial:
            return run_serial(config, std::move(producer), std::move(make_processor), std::move(make_consumer));
        case Transport::kRing: break;
    }
    return run_ring(config, std::move(producer), std::move(make_processor), std::move(make_consumer));
}

}  // namespace ringtrim::ipc
