// Unlinked temporary files and whole-buffer positional I/O on them: the
// ring's overflow and spill files and every forking transport's result file.
// The parent opens them before forking; every process of the run shares the
// descriptors, and nothing has a name on disk, so nothing can leak.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ipc/base/status.hpp"

namespace ringtrim::ipc {

// Opens an unlinked read-write temporary file in the first folder that
// allows it of: $TMPDIR (when set), /tmp, /var/tmp, /dev/shm, `fallback_dir`
// (when not empty; the app passes the main output's folder). A missing or
// read-only TMPDIR therefore does not fail a run. The descriptor, or an
// error naming every folder tried when none works.
Result<int> open_unlinked_temp(const std::string& fallback_dir = "");

// pwrite/pread the whole buffer at `offset`, retrying on EINTR and short
// transfers. Return false (errno set) on failure or early end of file.
bool write_all_at(int fd, const char* data, std::size_t n, std::uint64_t offset);
bool read_all_at(int fd, char* data, std::size_t n, std::uint64_t offset);

}  // namespace ringtrim::ipc
