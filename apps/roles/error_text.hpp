// The text of a core::Error (lib/error/error.hpp), in cutadapt's words where
// cutadapt has them: the one place that turns an error into a message. The
// worker formats the errors of its chunk here (they travel as text); the app
// prints them and picks the exit status (apps/ringtrim/messages.hpp).
#pragma once

#include <string>

#include "lib/error/error.hpp"

namespace ringtrim::roles {

//   Input, Pairing, Rename with a record:  FILE: record N (line L): MESSAGE
//   Io:                                    FILE: MESSAGE
//   InvalidCharacter:                      MESSAGE, plus cutadapt's hint line
//                                          when a file named like the
//                                          specification exists
//   everything else:                       MESSAGE
std::string format_error(const core::Error& error);

}  // namespace ringtrim::roles
