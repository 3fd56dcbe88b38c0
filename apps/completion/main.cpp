// ringtrim_bash_completion COMMAND FILE: writes the bash completion script
// for COMMAND (bash_completion.hpp) to FILE. Run by the build, not installed.
// Exit status 0, or 1 when FILE cannot be written, 2 on bad usage.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "apps/completion/bash_completion.hpp"
#include "apps/ringtrim/option_table.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: ringtrim_bash_completion COMMAND FILE\n";
        return 2;
    }
    const std::string script = ringtrim::app::bash_completion_script(ringtrim::app::cutadapt_option_table(), argv[1]);
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    out << script;
    out.close();
    if (!out) {
        std::cerr << "ringtrim_bash_completion: error: cannot write " << argv[2] << "\n";
        std::remove(argv[2]);
        return 1;
    }
    return 0;
}
