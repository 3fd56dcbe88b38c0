// What cutadapt 4.2 does to an adapter sequence as a Python str, for the
// bytes ringtrim holds (UTF-8): str.upper() and the text of the
// UnicodeEncodeError that str.encode("ascii") raises. Adapter sequences
// reach cutadapt as str, so a non-ASCII character is one character, and
// upper() may turn it into ASCII letters ('ß' -> "SS", 'ı' -> "I"). Pure
// functions; nothing crosses processes.
#pragma once

#include <string>
#include <string_view>

namespace ringtrim::core {

// Python's str.upper() on UTF-8 text: ASCII, Latin-1, Latin Extended-A,
// Greek and Cyrillic letters, and the letters whose upper case is ASCII
// (ß ı ſ and the ﬀ-ﬆ ligatures). Other characters (and bytes that are not
// valid UTF-8) are left as they are.
std::string python_upper(std::string_view utf8);

// The first character of `utf8` at or after byte `pos` (1 to 4 bytes).
std::string_view utf8_character_at(std::string_view utf8, std::size_t pos);

// str(UnicodeEncodeError) of text.encode("ascii"), e.g. "'ascii' codec
// can't encode character '\xe9' in position 2: ordinal not in range(128)"
// (a run of such characters: "characters in position 2-3"), or "" when the
// text is ASCII. Positions count characters, as Python does.
std::string ascii_encode_error(std::string_view utf8);

}  // namespace ringtrim::core
