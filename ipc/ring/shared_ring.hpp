// SharedRing: the anonymous shared-memory region that holds the control block
// and every slot (layout.hpp), plus one unlinked temporary file per slot for
// output that does not fit the slot ("overflow") and one for the writer's
// result blob.
//
// The parent creates it before forking; children inherit the mapping and the
// file descriptors, so the object is used by every process of a run, each
// through its own copy of this C++ object. Nothing has a name in /dev/shm or
// on disk, so nothing can leak when a process dies. Not thread-safe beyond
// what the slot state machine guarantees.
#pragma once

#include <csignal>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/interprocess/mapped_region.hpp>

#include "ipc/base/run_config.hpp"
#include "ipc/base/status.hpp"
#include "ipc/ring/layout.hpp"

namespace ringtrim::ipc {

// A validated RunConfig with the derived sizes and byte offsets.
struct RingPlan {
    int workers = 1;
    int slots = 0;
    int inputs = 1;
    int outputs = 1;
    std::size_t in_cap = 0;
    std::size_t out_cap = 0;
    std::size_t slot_stride = 0;    // bytes of data per slot (page multiple)
    std::size_t data_offset = 0;    // where slot 0's data starts
    std::size_t total_bytes = 0;    // size of the whole region
    std::string fallback_temp_dir;  // RunConfig::fallback_temp_dir
};

// Derives and checks the plan; an error names the field out of range.
Result<RingPlan> plan_ring(const RunConfig& config);

class SharedRing {
public:
    // Maps the region and opens the temporary files; an error when it
    // cannot (out of memory, no temp dir).
    static Result<std::unique_ptr<SharedRing>> create(const RingPlan& plan);
    ~SharedRing();
    SharedRing(const SharedRing&) = delete;
    SharedRing& operator=(const SharedRing&) = delete;

    const RingPlan& plan() const { return plan_; }
    int slots() const { return plan_.slots; }
    ControlBlock& control() const { return *control_; }
    // REQUIRES: 0 <= i < slots(), 0 <= stream < plan().inputs.
    SlotHeader& header(int i) const { return headers_[i]; }
    char* input(int i, int stream) const;
    char* output(int i) const;
    // Slot i's output segment lengths: plan().outputs values, same ownership
    // as the header's worker fields.
    std::uint64_t* out_len(int i) const {
        return out_len_ + static_cast<std::size_t>(i) * static_cast<std::size_t>(plan_.outputs);
    }
    int overflow_fd(int i) const { return overflow_fds_[static_cast<std::size_t>(i)]; }
    // Slot i's input spill file (SlotHeader::in_spilled), written by the
    // parent in FILLING and read by workers; never truncated.
    int spill_fd(int i) const { return spill_fds_[static_cast<std::size_t>(i)]; }
    int result_fd() const { return result_fd_; }
    // The slot that holds chunk `seq` (the invariant slot = seq % slots).
    int slot_of(std::uint64_t seq) const { return static_cast<int>(seq % static_cast<std::uint64_t>(plan_.slots)); }

private:
    SharedRing() = default;
    RingPlan plan_;
    boost::interprocess::mapped_region region_;
    ControlBlock* control_ = nullptr;
    SlotHeader* headers_ = nullptr;
    std::uint64_t* out_len_ = nullptr;
    char* data_ = nullptr;
    std::vector<int> overflow_fds_;
    std::vector<int> spill_fds_;
    int result_fd_ = -1;
};

// Slot ctl helpers. Loads are acquire, successful CASes acq_rel.
SlotCtl load_ctl(const SlotHeader& h);
bool cas_ctl(SlotHeader& h, SlotCtl expected, SlotCtl desired);

// Fills the slot's error fields (message cut to kMaxErrorBytes) and clears
// its outputs. The caller must hold the slot (FILLING or CLAIMED).
void set_slot_error(SlotHeader& h, std::string_view message, bool input_error);

// The input views of slot i's chunk: into the slot, or, for a spilled chunk
// (SlotHeader::in_spilled), into `storage` read back from the spill file.
// False (errno set) when the spill file cannot be read.
bool slot_input(const SharedRing& ring, int i, std::string storage[kMaxInputs], std::string_view out[kMaxInputs]);

}  // namespace ringtrim::ipc
