// The writer's role: every chunk's segments in chunk order into the output
// files (compressed units joined by core::UnitJoiner), and the Stats summed.
// Built in the writer process after the fork; not shared.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "apps/roles/options.hpp"
#include "ipc/io/output.hpp"
#include "ipc/base/chunk.hpp"
#include "lib/chunk/unit_frame.hpp"
#include "lib/report/stats.hpp"

namespace ringtrim::roles {

class OutputWriter : public ipc::Consumer {
public:
    // Writes stream i to targets[i] (prepared by the parent's io::OutputSet);
    // finish() closes the files, the parent publishes them. `initial`: the
    // counters the parent set before the run.
    OutputWriter(const WriterOptions& options, core::Stats initial, const std::vector<io::OutputTarget>& targets);
    void consume(std::uint64_t seq, const std::vector<std::string_view>& segments, std::string_view blob) override;
    std::string finish() override;
    void abort() override;

private:
    core::WriteBytes write_to(std::size_t i);

    std::vector<io::OutputFile> files_;
    std::vector<io::Compression> compression_;
    std::vector<core::CompressUnit> compress_;
    std::vector<core::UnitJoiner> joiners_;  // per compressed stream: the open unit
    core::Stats total_;
};

}  // namespace ringtrim::roles
