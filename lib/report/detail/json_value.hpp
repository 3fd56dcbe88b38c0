// A JSON value as cutadapt builds one (Python None, bool, int, float, str,
// list, dict) and its rendering as cutadapt's json.py dumps() writes it, for
// the JSON report (json_report.cpp) and its "ringtrim" key
// (read_profile_json.cpp). Pure; a Json owns its contents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <string_view>
#include <vector>

namespace ringtrim::core {

// json.dumps(s) with Python's defaults (ensure_ascii): the quoted, escaped
// string. Bytes that are not valid UTF-8 are written as lone surrogates
// \udcXX, as Python's surrogateescape decoding of argv gives them.
std::string json_quote(std::string_view s);

}  // namespace ringtrim::core

namespace ringtrim::core::detail {

// A JSON value as cutadapt builds it: Python None/bool/int/float/str/list/dict,
// where a list or dict may be marked one_line (cutadapt's json.OneLine).
struct Json {
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> value;
    bool one_line = false;

    Json() = default;
    Json(std::nullopt_t) {}
    Json(bool b) : value(b) {}
    Json(int v) : value(std::int64_t{v}) {}
    Json(std::int64_t v) : value(v) {}
    Json(double v) : value(v) {}
    Json(std::string s) : value(std::move(s)) {}
    Json(const char* s) : value(std::string(s)) {}
    Json(std::optional<std::int64_t> v) {
        if (v) value = *v;
    }
    static Json array(Array a, bool one_line = false) {
        Json j;
        j.value = std::move(a);
        j.one_line = one_line;
        return j;
    }
    static Json object(Object o, bool one_line = false) {
        Json j;
        j.value = std::move(o);
        j.one_line = one_line;
        return j;
    }
};

// cutadapt json.py dumps(): two-space indentation from `level`, except for
// one_line values, which json.dumps() writes on one line.
std::string dumps(const Json& j, int level = 0);

}  // namespace ringtrim::core::detail
