// `ringtrim --detect-adapters READS [READS2]` (ringtrim's own, issue 16):
// reads the first kDetectSampleReads records of each file and prints the
// adapters lib/trim/adapter_detect finds, as lines that can be pasted into a
// command line (-a for READS, -A for READS2). Not an option of cutadapt's
// parser: main() hands over when the first argument is --detect-adapters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ringtrim::app {

inline constexpr long kDetectSampleReads = 100000;
// The first argument that selects the mode (also offered by the bash
// completion, apps/completion).
inline constexpr std::string_view kDetectAdaptersArgument = "--detect-adapters";

// True when args[0] is kDetectAdaptersArgument.
bool is_detect_adapters(const std::vector<std::string>& args);

// Runs the detection; prints to stdout, errors to stderr. Returns the exit
// status: 0, 1 (unreadable input), 2 (usage).
int run_detect_adapters(const std::vector<std::string>& args);

}  // namespace ringtrim::app
