// Python 3 semantics that cutadapt 4.2's messages and option values depend on,
// for the bytes ringtrim holds (UTF-8 text, as Python decodes argv): repr() of
// a str and of a float, int() and float() of a str, str.upper(), and the text
// of the UnicodeEncodeError of str.encode("ascii"). The one copy of each: the
// argparse clone, the adapter parser and the reports all call these. Pure
// functions; nothing crosses processes.
//
// Checked against python3 in tests/lib/python/python_test.cpp (cases made by
// tests/lib/python/gen_python_cases.py).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringtrim::core {

// repr(s): single quotes unless `s` contains ' and no ", then double quotes;
// escapes \\ \n \r \t and the chosen quote; other C0 controls, DEL, C1
// controls, U+00A0 and U+00AD as \xNN; U+2028/U+2029 and the other Unicode
// separators and format characters listed in python.cpp as \uNNNN; bytes that
// are not valid UTF-8 as \udcNN (Python's surrogateescape, as for argv).
// Other non-ASCII characters are printable and kept as they are.
std::string python_repr(std::string_view s);

// int(s) in base 10: surrounding whitespace (ASCII and Unicode), one sign,
// ASCII digits with single underscores between them, leading zeros allowed.
// nullopt where Python raises ValueError, for non-ASCII digits (Python takes
// "\u0661\u0662" as 12), and (Python's ints being unbounded)
// where the value does not fit in int64.
std::optional<std::int64_t> python_int(std::string_view s);

// The message of that ValueError: "invalid literal for int() with base 10: 'x'".
std::string python_int_error(std::string_view s);

// float(s): surrounding whitespace, a sign, then inf/infinity/nan in any case
// or a decimal literal (digits with single underscores between them, optional
// '.', optional exponent whose digits may have underscores). No hexadecimal,
// no "nan(...)", no non-ASCII digits. Overflow gives +-inf as in Python.
std::optional<double> python_float(std::string_view s);

// repr(v) (== str(v)) of a float: the shortest digits that round-trip, in
// positional notation when 1e-4 <= |v| < 1e16, else d.ddde+XX; "inf", "nan".
std::string python_float_repr(double v);

// str.upper() on UTF-8 text: ASCII, Latin-1, Latin Extended-A, Greek and
// Cyrillic letters, and the letters whose upper case is ASCII (ß ı ſ and the
// ﬀ-ﬆ ligatures). Other characters (and bytes that are not valid UTF-8) are
// left as they are.
std::string python_upper(std::string_view utf8);

// The first character of `utf8` at or after byte `pos` (1 to 4 bytes).
std::string_view utf8_character_at(std::string_view utf8, std::size_t pos);

// str(UnicodeEncodeError) of text.encode("ascii"), e.g. "'ascii' codec
// can't encode character '\xe9' in position 2: ordinal not in range(128)"
// (a run of such characters: "characters in position 2-3"), or "" when the
// text is ASCII. Positions count characters, as Python does.
std::string ascii_encode_error(std::string_view utf8);

}  // namespace ringtrim::core
