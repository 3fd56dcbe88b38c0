#include "lib/python/python.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ringtrim::core {

namespace {

// Decodes the character at `pos`; sets `len` to its byte length (1 for a
// byte that does not start valid UTF-8, which then stands for itself).
char32_t decode(std::string_view s, std::size_t pos, std::size_t& len) {
    const auto b = static_cast<unsigned char>(s[pos]);
    len = 1;
    if (b < 0x80) return b;
    std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
    if (n == 0 || pos + n > s.size()) return 0xFFFFFFFF;
    char32_t c = b & (0x7F >> n);
    for (std::size_t i = 1; i < n; ++i) {
        const auto x = static_cast<unsigned char>(s[pos + i]);
        if ((x & 0xC0) != 0x80) return 0xFFFFFFFF;
        c = (c << 6) | (x & 0x3F);
    }
    len = n;
    return c;
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Upper case of one code point whose upper case is one code point.
char32_t upper(char32_t c) {
    if (c >= 'a' && c <= 'z') return c - 0x20;
    if (c == 0xB5) return 0x39C;                                 // micro sign -> Greek Mu
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 0x20;  // Latin-1
    if (c == 0xFF) return 0x178;
    if (c >= 0x100 && c <= 0x17F) {  // Latin Extended-A pairs
        const bool odd_lower = (c <= 0x137) || (c >= 0x14A && c <= 0x177);
        const bool even_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_lower && (c & 1)) return c - 1;
        if (even_lower && !(c & 1)) return c - 1;
        return c;
    }
    if (c == 0x3C2) return 0x3A3;                   // final sigma
    if (c >= 0x3B1 && c <= 0x3CB) return c - 0x20;  // Greek
    if (c >= 0x430 && c <= 0x44F) return c - 0x20;  // Cyrillic
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    return c;
}

// Letters whose upper case is ASCII text (Python's special casing).
const char* ascii_upper_of(char32_t c) {
    switch (c) {
        case 0xDF: return "SS";  // ß
        case 0x131: return "I";  // dotless i
        case 0x17F: return "S";  // long s
        case 0xFB00: return "FF";
        case 0xFB01: return "FI";
        case 0xFB02: return "FL";
        case 0xFB03: return "FFI";
        case 0xFB04: return "FFL";
        case 0xFB05: return "ST";
        case 0xFB06: return "ST";
        default: return nullptr;
    }
}

// Python's escape of a character in an error message: \xNN, \uNNNN, \UNNNNNNNN.
std::string escape(char32_t c) {
    char buf[16];
    if (c < 0x100)
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    else if (c < 0x10000)
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
    else
        std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
    return buf;
}

// Python's str.isspace() for the characters int() and float() strip.
bool is_python_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// `s` without the whitespace int() and float() strip at both ends.
std::string_view strip_python_space(std::string_view s) {
    while (!s.empty()) {
        std::size_t len = 1;
        const char32_t c = decode(s, 0, len);
        if (c == 0xFFFFFFFF || !is_python_space(c)) break;
        s.remove_prefix(len);
    }
    while (!s.empty()) {
        // Step back to the start of the last character.
        std::size_t start = s.size() - 1;
        while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        std::size_t len = 1;
        const char32_t c = decode(s, start, len);
        if (c == 0xFFFFFFFF || start + len != s.size() || !is_python_space(c)) break;
        s.remove_suffix(len);
    }
    return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Consumes digits with single underscores between them ("1_000"), as Python
// number literals allow, appending the digits to `out`. Returns false if no
// digit was found.
bool take_digits(std::string_view& s, std::string& out) {
    if (s.empty() || !is_digit(s.front())) return false;
    while (!s.empty()) {
        if (is_digit(s.front())) {
            out += s.front();
            s.remove_prefix(1);
        } else if (s.front() == '_' && s.size() > 1 && is_digit(s[1])) {
            s.remove_prefix(1);
        } else {
            break;
        }
    }
    return true;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] + 32) : a[i];
        if (x != b[i]) return false;
    }
    return true;
}

// Characters >= 0x80 that str.isprintable() rejects and repr() escapes, among
// those a command line or adapter file plausibly holds: C1 controls, NBSP,
// soft hyphen, the Unicode space separators, line/paragraph separators and
// common format characters (Zs, Zl, Zp, Cf).
bool is_unprintable(char32_t c) {
    return (c >= 0x80 && c <= 0xA0) || c == 0xAD || c == 0x061C || c == 0x1680 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x2064) ||
           (c >= 0x2066 && c <= 0x206F) || c == 0x3000 || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF);
}

}  // namespace

std::string python_repr(std::string_view s) {
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (std::size_t pos = 0; pos < s.size();) {
        std::size_t len = 1;
        const char32_t c = decode(s, pos, len);
        if (c == 0xFFFFFFFF) {
            // surrogateescape: the byte becomes U+DC80..U+DCFF.
            out += escape(0xDC00 + static_cast<unsigned char>(s[pos]));
        } else if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F || is_unprintable(c)) {
            out += escape(c);
        } else {
            out.append(s.substr(pos, len));
        }
        pos += len;
    }
    out += quote;
    return out;
}

std::optional<std::int64_t> python_int(std::string_view text) {
    std::string_view s = strip_python_space(text);
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    std::string digits;
    if (!take_digits(s, digits) || !s.empty()) return std::nullopt;
    std::uint64_t magnitude = 0;
    constexpr std::uint64_t kLimit = std::uint64_t{1} << 63;  // |INT64_MIN|
    for (const char c : digits) {
        const auto d = static_cast<std::uint64_t>(c - '0');
        if (magnitude > (kLimit - d) / 10) return std::nullopt;
        magnitude = magnitude * 10 + d;
    }
    if (!negative && magnitude == kLimit) return std::nullopt;
    return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

std::string python_int_error(std::string_view s) { return "invalid literal for int() with base 10: " + python_repr(s); }

std::optional<double> python_float(std::string_view text) {
    std::string_view s = strip_python_space(text);
    std::string clean;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        clean += s.front();
        s.remove_prefix(1);
    }
    const bool negative = !clean.empty() && clean.front() == '-';
    if (iequals(s, "inf") || iequals(s, "infinity")) return negative ? -HUGE_VAL : HUGE_VAL;
    if (iequals(s, "nan")) return negative ? -std::nan("") : std::nan("");
    bool mantissa_digits = take_digits(s, clean);
    if (!s.empty() && s.front() == '.') {
        clean += '.';
        s.remove_prefix(1);
        if (!s.empty() && is_digit(s.front())) mantissa_digits = take_digits(s, clean) || mantissa_digits;
    }
    if (!mantissa_digits) return std::nullopt;
    if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
        clean += 'e';
        s.remove_prefix(1);
        if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
            clean += s.front();
            s.remove_prefix(1);
        }
        if (!take_digits(s, clean)) return std::nullopt;
    }
    if (!s.empty()) return std::nullopt;
    // The grammar above is a subset of what strtod accepts in the C locale
    // (ringtrim never calls setlocale); overflow gives +-inf like Python.
    return std::strtod(clean.c_str(), nullptr);
}

std::string python_float_repr(double v) {
    if (v != v) return "nan";
    if (v == 0.0) return std::signbit(v) ? "-0.0" : "0.0";
    if (v > 1.7976931348623157e308) return "inf";
    if (v < -1.7976931348623157e308) return "-inf";
    // Shortest round-trip digits, as "d.ddde[+-]XX".
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string s(buf, res.ptr);
    std::string sign;
    if (s[0] == '-') {
        sign = "-";
        s.erase(0, 1);
    }
    const auto e_pos = s.find('e');
    const std::string mantissa = s.substr(0, e_pos);
    const int exponent = std::atoi(s.c_str() + e_pos + 1);
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits.push_back(c);
    // CPython repr: scientific when the decimal exponent is < -4 or >= 16.
    if (exponent < -4 || exponent >= 16) {
        std::string out = sign + digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        char ebuf[16];
        std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + ebuf;
    }
    std::string out;
    const int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        out = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (static_cast<std::size_t>(point) >= digits.size()) {
        out = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0') + ".0";
    } else {
        out = digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
    }
    return sign + out;
}

std::string python_upper(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t pos = 0; pos < utf8.size();) {
        std::size_t len = 1;
        const char32_t c = decode(utf8, pos, len);
        if (c == 0xFFFFFFFF) {
            out += utf8[pos];
        } else if (const char* special = ascii_upper_of(c)) {
            out += special;
        } else {
            encode(upper(c), out);
        }
        pos += len;
    }
    return out;
}

std::string_view utf8_character_at(std::string_view utf8, std::size_t pos) {
    std::size_t len = 1;
    (void)decode(utf8, pos, len);
    return utf8.substr(pos, len);
}

std::string ascii_encode_error(std::string_view utf8) {
    std::size_t index = 0;  // in characters
    for (std::size_t pos = 0; pos < utf8.size(); ++index) {
        std::size_t len = 1;
        const char32_t c = decode(utf8, pos, len);
        if (c < 0x80) {
            pos += len;
            continue;
        }
        // A run of characters that do not encode.
        std::size_t end = index + 1;
        for (std::size_t p = pos + len; p < utf8.size(); ++end) {
            std::size_t l = 1;
            if (decode(utf8, p, l) < 0x80) break;
            p += l;
        }
        if (end == index + 1)
            return "'ascii' codec can't encode character '" + escape(c) + "' in position " + std::to_string(index) +
                   ": ordinal not in range(128)";
        return "'ascii' codec can't encode characters in position " + std::to_string(index) + "-" +
               std::to_string(end - 1) + ": ordinal not in range(128)";
    }
    return "";
}

}  // namespace ringtrim::core
