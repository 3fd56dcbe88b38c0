#include "apps/ringtrim/poly_tail.hpp"

#include "lib/trim/poly_x.hpp"

namespace ringtrim::app {

std::variant<PolyTailModifiers, std::string> poly_tail_modifiers(const CommandLine& args) {
    PolyTailModifiers result;
    struct Option {
        const char* name;
        bool enabled;
        std::optional<int> min_length;
        core::Modifier::Kind kind;
        std::optional<core::Modifier>& out;
    };
    Option options[] = {
        {"--poly-g", args.poly_g, args.poly_g_min_length, core::Modifier::Kind::PolyG, result.poly_g},
        {"--poly-x", args.poly_x, args.poly_x_min_length, core::Modifier::Kind::PolyX, result.poly_x},
    };
    for (auto& o : options) {
        if (o.min_length && !o.enabled) return std::string(o.name) + "-min-length is given without " + o.name;
        if (o.min_length && *o.min_length < 1) return std::string(o.name) + "-min-length must be at least 1";
        if (o.enabled) o.out = core::Modifier::poly_tail(o.kind, o.min_length.value_or(core::kPolyXDefaultMinLength));
    }
    return result;
}

}  // namespace ringtrim::app
