// --poly-g / --poly-x (ringtrim's own, issue 16): the two Modifier entries
// the options ask for, shared by the single-end and paired-end plans.
// Plain values; nothing crosses processes.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "apps/ringtrim/options.hpp"
#include "lib/pipeline/pipeline.hpp"

namespace ringtrim::app {

// Where they go in cutadapt's modifier order (as fastp does): `poly_g` after
// -u, --nextseq-trim and -q, right before the adapter cutter (the G run is
// past the adapter, at the very 3' end, and hides a partial adapter there);
// `poly_x` right after the adapter cutter (a poly-A/T tail of the insert
// only reaches the 3' end once the adapter is gone), before -l and --trim-n.
struct PolyTailModifiers {
    std::optional<core::Modifier> poly_g;
    std::optional<core::Modifier> poly_x;
};

// Returns the modifiers, or the usage error (exit 2) for a minimum length
// below 1 or given without its option.
std::variant<PolyTailModifiers, std::string> poly_tail_modifiers(const CommandLine& args);

}  // namespace ringtrim::app
