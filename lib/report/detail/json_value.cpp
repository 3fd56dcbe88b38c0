#include "lib/report/detail/json_value.hpp"

#include "lib/python/python.hpp"
#include "lib/report/json_report.hpp"

namespace ringtrim::core::detail {

namespace {

// json.dumps(obj) with the standard library's default separators.
std::string dumps_compact(const Json& j) {
    struct Visitor {
        std::string operator()(std::monostate) const { return "null"; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const {
            if (v != v) return "NaN";
            if (v > 1.7976931348623157e308) return "Infinity";
            if (v < -1.7976931348623157e308) return "-Infinity";
            return python_float_repr(v);
        }
        std::string operator()(const std::string& s) const { return json_quote(s); }
        std::string operator()(const Json::Array& a) const {
            std::string out = "[";
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (i) out += ", ";
                out += dumps_compact(a[i]);
            }
            return out + "]";
        }
        std::string operator()(const Json::Object& o) const {
            std::string out = "{";
            for (std::size_t i = 0; i < o.size(); ++i) {
                if (i) out += ", ";
                out += json_quote(o[i].first);
                out += ": ";
                out += dumps_compact(o[i].second);
            }
            return out + "}";
        }
    };
    return std::visit(Visitor{}, j.value);
}

}  // namespace

std::string dumps(const Json& j, int level) {
    const bool container =
        std::holds_alternative<Json::Array>(j.value) || std::holds_alternative<Json::Object>(j.value);
    if (!container || j.one_line) return dumps_compact(j);
    std::string end(static_cast<std::size_t>(level) * 2 + 1, ' ');
    end[0] = '\n';
    const std::string start = end + "  ";
    std::string sep = ",";
    sep += start;
    std::string out;
    if (const auto* a = std::get_if<Json::Array>(&j.value)) {
        if (a->empty()) return "[]";
        out = "[" + start;
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (i) out += sep;
            out += dumps((*a)[i], level + 1);
        }
        return out + end + "]";
    }
    const auto& o = std::get<Json::Object>(j.value);
    if (o.empty()) return "{}";
    out = "{" + start;
    for (std::size_t i = 0; i < o.size(); ++i) {
        if (i) out += sep;
        out += json_quote(o[i].first);
        out += ": ";
        out += dumps(o[i].second, level + 1);
    }
    return out + end + "}";
}

}  // namespace ringtrim::core::detail
