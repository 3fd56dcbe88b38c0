#include "apps/roles/quarantine.hpp"

#include "apps/roles/chunk_source.hpp"
#include "apps/roles/member_source.hpp"

namespace ringtrim::roles {

void write_quarantined(io::CompressedOutput& out, const ipc::ChunkInput& chunk, core::SeqFormat format,
                       bool two_files, const std::string names[2]) {
    auto put = [&out](std::string_view records) {
        if (records.empty()) return;
        out.write(records);
        if (records.back() != '\n') out.write("\n");  // the file's last record had no newline
    };
    std::string_view rest[2] = {chunk.bytes[0], chunk.bytes[1]};
    std::string inflated[2];
    for (int i = 0; i < 2 && chunk.encoding == encoding::kGzipMembers; ++i) {
        if (rest[i].empty()) continue;
        inflate_members(rest[i], names[i], inflated[i]);
        rest[i] = inflated[i];
    }
    if (!two_files) {
        put(rest[0]);
        return;
    }
    while (!rest[0].empty() || !rest[1].empty()) {
        for (auto& r : rest) {
            const std::size_t n = core::find_chunk_end(r, format, true, 1).bytes;
            put(r.substr(0, n));
            r.remove_prefix(n);
        }
    }
}

}  // namespace ringtrim::roles
