#include "lib/report/detail/json_value.hpp"

#include <cstdio>

#include "lib/python/python.hpp"

namespace ringtrim::core {

std::string json_quote(std::string_view s) {
    std::string out = "\"";
    auto put_u = [&out](unsigned code) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", code);
        out += buf;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default:
                    if (c < 0x20 || c == 0x7f)
                        put_u(c);
                    else
                        out.push_back(static_cast<char>(c));
            }
            ++i;
            continue;
        }
        // Decode one UTF-8 sequence; reject overlong forms, surrogates and > U+10FFFF.
        std::size_t len = 0;
        unsigned code = 0;
        unsigned min = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            code = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            code = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            code = c & 0x07;
            min = 0x10000;
        }
        bool valid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) valid = false;
            code = (code << 6) | (cc & 0x3F);
        }
        if (valid && (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))) valid = false;
        if (!valid) {
            put_u(0xDC00 + c);  // surrogateescape
            ++i;
            continue;
        }
        if (code >= 0x10000) {
            code -= 0x10000;
            put_u(0xD800 + (code >> 10));
            put_u(0xDC00 + (code & 0x3FF));
        } else {
            put_u(code);
        }
        i += len;
    }
    return out + "\"";
}

}  // namespace ringtrim::core

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
