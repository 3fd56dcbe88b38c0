#include "ipc/ring/shared_ring.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include <boost/interprocess/anonymous_shared_memory.hpp>

#include "ipc/base/temp_file.hpp"

namespace ringtrim::ipc {

namespace {

constexpr std::size_t kPage = 4096;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

}  // namespace

const char* slot_state_name(SlotState s) {
    switch (s) {
        case SlotState::kFree: return "FREE";
        case SlotState::kFilling: return "FILLING";
        case SlotState::kReady: return "READY";
        case SlotState::kClaimed: return "CLAIMED";
        case SlotState::kDone: return "DONE";
        case SlotState::kWriting: return "WRITING";
        case SlotState::kPrepared: return "PREPARED";
    }
    return "?";
}

Result<RingPlan> plan_ring(const RunConfig& config) {
    if (Status checked = check_run_config(config); !checked.ok()) return checked;
    const Result<int> in_flight = chunks_in_flight(config);
    if (!in_flight.ok()) return in_flight.status();
    const int slots = *in_flight;
    RingPlan plan;
    plan.workers = config.workers;
    plan.fallback_temp_dir = config.fallback_temp_dir;
    plan.slots = slots;
    plan.inputs = config.inputs;
    plan.outputs = config.outputs;
    plan.in_cap = config.slot_input_bytes;
    plan.out_cap = config.slot_output_bytes != 0 ? config.slot_output_bytes
                                                 : config.slot_input_bytes * static_cast<std::size_t>(config.inputs);
    const std::size_t stride =
        round_up(plan.in_cap, kPage) * static_cast<std::size_t>(plan.inputs) + round_up(plan.out_cap, kPage);
    plan.slot_stride = stride;
    plan.data_offset =
        round_up(sizeof(ControlBlock) + sizeof(SlotHeader) * static_cast<std::size_t>(slots) +
                     sizeof(std::uint64_t) * static_cast<std::size_t>(slots) * static_cast<std::size_t>(plan.outputs),
                 kPage);
    plan.total_bytes = plan.data_offset + stride * static_cast<std::size_t>(slots);
    return plan;
}

Result<std::unique_ptr<SharedRing>> SharedRing::create(const RingPlan& plan) {
    std::unique_ptr<SharedRing> ring(new SharedRing());
    ring->plan_ = plan;
    try {
        ring->region_ = boost::interprocess::anonymous_shared_memory(plan.total_bytes);
    } catch (const std::exception& e) {
        return Status::error("cannot map " + std::to_string(plan.total_bytes >> 20) +
                             " MiB of shared memory for the ring (" + e.what() +
                             "); use fewer slots or smaller chunks");
    }
    char* base = static_cast<char*>(ring->region_.get_address());
    ring->control_ = new (base) ControlBlock();
    ring->headers_ = reinterpret_cast<SlotHeader*>(base + sizeof(ControlBlock));
    for (int i = 0; i < plan.slots; ++i) new (&ring->headers_[i]) SlotHeader();
    ring->out_len_ = reinterpret_cast<std::uint64_t*>(base + sizeof(ControlBlock) +
                                                      sizeof(SlotHeader) * static_cast<std::size_t>(plan.slots));
    ring->data_ = base + plan.data_offset;
    for (int i = 0; i < plan.slots; ++i) {
        Result<int> fd = open_unlinked_temp(plan.fallback_temp_dir);
        if (!fd.ok()) return fd.status();
        ring->overflow_fds_.push_back(*fd);
        fd = open_unlinked_temp(plan.fallback_temp_dir);
        if (!fd.ok()) return fd.status();
        ring->spill_fds_.push_back(*fd);
    }
    Result<int> fd = open_unlinked_temp(plan.fallback_temp_dir);
    if (!fd.ok()) return fd.status();
    ring->result_fd_ = *fd;
    return ring;
}

SharedRing::~SharedRing() {
    for (int fd : overflow_fds_) ::close(fd);
    for (int fd : spill_fds_) ::close(fd);
    if (result_fd_ >= 0) ::close(result_fd_);
}

char* SharedRing::input(int i, int stream) const {
    return data_ + plan_.slot_stride * static_cast<std::size_t>(i) +
           round_up(plan_.in_cap, kPage) * static_cast<std::size_t>(stream);
}

char* SharedRing::output(int i) const {
    return data_ + plan_.slot_stride * static_cast<std::size_t>(i) +
           round_up(plan_.in_cap, kPage) * static_cast<std::size_t>(plan_.inputs);
}

SlotCtl load_ctl(const SlotHeader& h) { return SlotCtl::unpack(h.ctl.load(std::memory_order_acquire)); }

bool cas_ctl(SlotHeader& h, SlotCtl expected, SlotCtl desired) {
    std::uint64_t e = expected.pack();
    return h.ctl.compare_exchange_strong(e, desired.pack(), std::memory_order_acq_rel, std::memory_order_acquire);
}

void set_slot_error(SlotHeader& h, std::string_view message, bool input_error) {
    const std::size_t n = std::min(message.size(), kMaxErrorBytes);
    std::memcpy(h.err_msg, message.data(), n);
    h.err_len = static_cast<std::uint32_t>(n);
    h.has_error = 1;
    h.input_error = input_error ? 1 : 0;
    h.overflow = 0;
    h.stats_len = 0;
}

bool slot_input(const SharedRing& ring, int i, std::string storage[kMaxInputs], std::string_view out[kMaxInputs]) {
    const SlotHeader& h = ring.header(i);
    std::uint64_t offset = 0;
    for (int s = 0; s < ring.plan().inputs; ++s) {
        if (h.in_spilled == 0) {
            out[s] = std::string_view(ring.input(i, s) + h.in_off[s], h.in_len[s]);
            continue;
        }
        storage[s].resize(h.in_len[s]);
        if (!read_all_at(ring.spill_fd(i), storage[s].data(), h.in_len[s], offset)) return false;
        offset += h.in_len[s];
        out[s] = storage[s];
    }
    return true;
}

}  // namespace ringtrim::ipc
