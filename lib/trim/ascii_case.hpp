// ASCII case of one byte: letters A-Z and a-z only, every other byte as it
// is (no locale, unlike std::toupper). Python's str.upper() of whole text,
// which also maps non-ASCII letters, is lib/python's python_upper.
#pragma once

namespace ringtrim::core {

constexpr char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace ringtrim::core
