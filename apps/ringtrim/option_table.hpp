// The option table of ringtrim's command line: the options of cutadapt 4.2 or
// 5.2 (--as-cutadapt) in that release's registration order, then the
// extensions (ringtrim's own, from "--ipc" on). Built once per release;
// read-only afterwards.
#pragma once

#include "apps/ringtrim/argparse.hpp"
#include "lib/compat/cutadapt_version.hpp"

namespace ringtrim::app {

const argparse::OptionTable& cutadapt_option_table(core::CutadaptVersion version = core::kDefaultCutadaptVersion);

}  // namespace ringtrim::app
