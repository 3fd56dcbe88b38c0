# cmake -DCHANGELOG=CHANGELOG.md -DMAINTAINER="NAME <ADDRESS>" -DOUTPUT=FILE
#       -P debian_changelog.cmake
# Writes the Debian changelog of the package (usr/share/doc/ringtrim/changelog.gz
# once compressed) from CHANGELOG.md, one entry per released version, newest
# first:
#
#   ## [0.1.0] - 2026-12-07          ringtrim (0.1.0) unstable; urgency=medium
#   ### Added                          Added
#   - text                             * text
#     more text                          more text
#                                     -- NAME <ADDRESS>  Mon, 07 Dec 2026 00:00:00 +0000
#
# "## [Unreleased]" and the text above the first version are left out. Lines
# are copied, not wrapped: CHANGELOG.md keeps them short enough.
file(STRINGS ${CHANGELOG} lines ENCODING UTF-8)
set(days Sun Mon Tue Wed Thu Fri Sat)
set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
# Sakamoto's day of the week (0 = Sunday) for Y-M-D.
function(day_of_week y m d out)
  set(offsets 0 3 2 5 0 3 5 1 4 6 2 4)
  math(EXPR i "${m} - 1")
  list(GET offsets ${i} t)
  if(m LESS 3)
    math(EXPR y "${y} - 1")
  endif()
  math(EXPR w "(${y} + ${y} / 4 - ${y} / 100 + ${y} / 400 + ${t} + ${d}) % 7")
  set(${out} ${w} PARENT_SCOPE)
endfunction()

set(text "")
set(entry "")     # the version of the entry being written, "" outside one
set(trailer "")
foreach(line IN LISTS lines)
  if(line MATCHES "^## ")
    if(entry)
      string(APPEND text "\n${trailer}\n\n")
      set(entry "")
    endif()
    if(line MATCHES "^## \\[([0-9][^]]*)\\] - ([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$")
      set(entry ${CMAKE_MATCH_1})
      set(y ${CMAKE_MATCH_2})
      math(EXPR m "${CMAKE_MATCH_3}")  # no leading zero
      math(EXPR d "${CMAKE_MATCH_4}")
      day_of_week(${y} ${m} ${d} w)
      list(GET days ${w} day)
      math(EXPR i "${m} - 1")
      list(GET months ${i} month)
      set(trailer " -- ${MAINTAINER}  ${day}, ${CMAKE_MATCH_4} ${month} ${y} 00:00:00 +0000")
      string(APPEND text "ringtrim (${entry}) unstable; urgency=medium\n")
    elseif(NOT line MATCHES "^## \\[Unreleased\\]$")
      message(FATAL_ERROR "${CHANGELOG}: a version heading must read '## [X.Y.Z] - YYYY-MM-DD': ${line}")
    endif()
  elseif(entry)
    if(line MATCHES "^### (.*)")
      string(APPEND text "  ${CMAKE_MATCH_1}\n")
    elseif(line MATCHES "^- (.*)")
      string(APPEND text "  * ${CMAKE_MATCH_1}\n")
    elseif(line MATCHES "^  (.*)")
      string(APPEND text "    ${CMAKE_MATCH_1}\n")
    elseif(line STREQUAL "")
      string(APPEND text "\n")
    else()
      string(APPEND text "  ${line}\n")
    endif()
  endif()
endforeach()
if(entry)
  string(APPEND text "\n${trailer}\n")
endif()
if(text STREQUAL "")
  message(FATAL_ERROR "${CHANGELOG} has no released version ('## [X.Y.Z] - YYYY-MM-DD')")
endif()
# One blank line between paragraphs, none at an entry's start or end.
string(REGEX REPLACE "\n\n\n+" "\n\n" text "${text}")
string(REGEX REPLACE "urgency=medium\n\n+" "urgency=medium\n\n" text "${text}")
file(WRITE ${OUTPUT} "${text}")
