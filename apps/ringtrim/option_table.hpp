// The option table of ringtrim's command line: cutadapt 4.2's options in its
// registration order, then the extensions (newer cutadapt versions' options and
// ringtrim's own, from "--ipc" on). Built once; read-only afterwards.
#pragma once

#include "apps/ringtrim/argparse.hpp"

namespace ringtrim::app {

const argparse::OptionTable& cutadapt_option_table();

}  // namespace ringtrim::app
