#include "lib/trim/py_text.hpp"

#include <cstdint>
#include <cstdio>

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
    if (c == 0xB5) return 0x39C;                                             // micro sign -> Greek Mu
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 0x20;              // Latin-1
    if (c == 0xFF) return 0x178;
    if (c >= 0x100 && c <= 0x17F) {                                          // Latin Extended-A pairs
        const bool odd_lower = (c <= 0x137) || (c >= 0x14A && c <= 0x177);
        const bool even_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_lower && (c & 1)) return c - 1;
        if (even_lower && !(c & 1)) return c - 1;
        return c;
    }
    if (c == 0x3C2) return 0x3A3;                                            // final sigma
    if (c >= 0x3B1 && c <= 0x3CB) return c - 0x20;                           // Greek
    if (c >= 0x430 && c <= 0x44F) return c - 0x20;                           // Cyrillic
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    return c;
}

// Letters whose upper case is ASCII text (Python's special casing).
const char* ascii_upper_of(char32_t c) {
    switch (c) {
        case 0xDF: return "SS";     // ß
        case 0x131: return "I";     // dotless i
        case 0x17F: return "S";     // long s
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
    if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
    else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
    return buf;
}

}  // namespace

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
