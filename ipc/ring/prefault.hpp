// Prefaulter: maps the parts of the ring a process is about to use into its
// page tables with one madvise(MADV_POPULATE_READ/WRITE) call per slot area,
// instead of one page fault per 4 KiB page on first touch.
//
// Each process keeps its own Prefaulter: fork() does not copy page tables
// for a shared mapping, so a worker forked (or re-forked after a crash)
// after the parent filled a slot still faults on it. On a virtual machine a
// fault costs several microseconds; a 4 MiB slot area is 1024 of them
// (docs/benchmarks.md, "Serial roles"). Only ranges that are used are
// mapped, so a small input does not commit the whole ring. On kernels
// before 5.14 (no MADV_POPULATE_*) the calls fail and pages fault as before.
#pragma once

#include <cstddef>
#include <vector>

namespace ringtrim::ipc {

// The parent maps at most this much of a slot's input area ahead of a fill.
inline constexpr std::size_t kParentPrefaultBytes = std::size_t{16} << 20;

class Prefaulter {
public:
    enum Area { kInput0 = 0, kInput1 = 1, kOutput = 2 };

    explicit Prefaulter(int slots) : done_(static_cast<std::size_t>(slots) * 3, 0) {}

    // Makes sure [p, p + n) is mapped, p being the start of `area` of slot
    // `slot`; `write` for a range the caller will write. Cheap when the
    // range was mapped before (by this process).
    void ensure(int slot, Area area, char* p, std::size_t n, bool write);

private:
    std::vector<std::size_t> done_;  // per slot and area: bytes mapped from its start
    bool unsupported_ = false;
};

}  // namespace ringtrim::ipc
