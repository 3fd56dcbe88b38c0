#include "ipc/ring/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace ringtrim::ipc {

void Prefaulter::ensure(int slot, Area area, char* p, std::size_t n, bool write) {
#if defined(MADV_POPULATE_WRITE)
    std::size_t& done = done_[static_cast<std::size_t>(slot) * 3 + static_cast<std::size_t>(area)];
    if (unsupported_ || n <= done || p == nullptr) return;
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto from = (reinterpret_cast<std::uintptr_t>(p) + done) / page * page;
    const auto to = (reinterpret_cast<std::uintptr_t>(p) + n + page - 1) / page * page;
    if (::madvise(reinterpret_cast<void*>(from), to - from, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ) != 0) {
        unsupported_ = true;  // an old kernel (EINVAL) or no memory now: let the pages fault instead
        return;
    }
    done = n;
#else
    (void)slot;
    (void)area;
    (void)p;
    (void)n;
    (void)write;
#endif
}

}  // namespace ringtrim::ipc
