// ringtrim: command-line entry point. Parses options (argparse's usage
// errors print here), builds the run plan (plan.cpp) and executes it
// (execute.cpp). Every other error is a core::Error that messages.cpp
// formats and gives its exit status.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "apps/ringtrim/detect_adapters.hpp"
#include "apps/ringtrim/interrupt.hpp"
#include "apps/ringtrim/messages.hpp"
#include "apps/ringtrim/options.hpp"
#include "apps/ringtrim/run.hpp"

int main(int argc, char** argv) {
    using namespace ringtrim::app;
    reserve_standard_descriptors();
    std::ios::sync_with_stdio(false);
    // A closed stdout must be an error (EPIPE), not a silent death.
    std::signal(SIGPIPE, SIG_IGN);

    std::string program = argc > 0 ? argv[0] : "ringtrim";
    if (auto slash = program.find_last_of('/'); slash != std::string::npos) program.erase(0, slash + 1);
    std::vector<std::string> args(argv + 1, argv + argc);

    if (is_detect_adapters(args)) return run_detect_adapters(args);
    auto outcome = parse_command_line(args, program);
    if (auto* early = std::get_if<EarlyExit>(&outcome)) {
        std::cout << early->text << std::flush;
        return early->exit_status;
    }
    if (auto* usage = std::get_if<UsageError>(&outcome)) {
        for (const auto& w : usage->warnings) std::cerr << "WARNING: " << w << "\n";
        std::cerr << format_usage_error(*usage, program) << std::flush;
        return usage->exit_status;
    }
    auto& cmdline = std::get<CommandLine>(outcome);
    auto plan = build_plan(cmdline, args);
    if (auto* error = std::get_if<ringtrim::core::Error>(&plan)) {
        // cutadapt logs to stderr when the reads go to standard output.
        return report_error(*error,
                            ErrorStream(!cmdline.output || *cmdline.output == "-" || cmdline.paired_output == "-"));
    }
    return execute(std::get<RunPlan>(plan));
}
