// The bash completion script of ringtrim's command line, written from the
// option table (apps/ringtrim/option_table.hpp) so that it cannot drift from
// what the parser accepts. The build runs ringtrim_bash_completion (main.cpp)
// to write completion/ringtrim and completion/cutadapt; the install puts them
// in share/bash-completion/completions. Plain strings; nothing crosses
// processes.
//
// What the script completes, for the word under the cursor:
//   after an option with choices (--action, --report, ...)  those choices
//   after an option taking an int or float (-j, -e, ...)    nothing
//   after an option taking text (-o, -a, -q, ...)           file names
//                                                           (-a file:x.fa)
//   a word starting with '-'                                every option name,
//                                                           and --detect-adapters
//                                                           as the first word
//   any other word                                          file names
// "--option=value" is completed as "--option value". Needs bash only, not
// the bash-completion package's helpers.
#pragma once

#include <string>
#include <string_view>

#include "apps/ringtrim/argparse.hpp"

namespace ringtrim::app {

// The script for `command` ("ringtrim" or "cutadapt": both names take every
// option of the table). Defines _ringtrim_complete and ends with
// `complete -F _ringtrim_complete COMMAND`.
// REQUIRES: `command` is a plain word (no spaces or shell quoting).
std::string bash_completion_script(const argparse::OptionTable& table, std::string_view command);

}  // namespace ringtrim::app
