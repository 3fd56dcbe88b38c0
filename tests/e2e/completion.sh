#!/usr/bin/env bash
# The bash completion that the build writes from the option table
# (apps/completion, issue 27): it loads in a plain bash (complete -p), offers
# every option that --help lists under both names, completes abbreviations
# (--adap -> --adapter), choices (also as --action=cr), nothing after a
# numeric option, file names after -o and for inputs, and --detect-adapters
# only as the first word.
# usage: completion.sh RINGTRIM SOURCE_DIR
set -euo pipefail
ringtrim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$ringtrim")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# complete_words FILE COMMAND WORD...: the replies of FILE's completion
# function, one a line, for the command line COMMAND WORD... (the last WORD
# under the cursor).
complete_words() {
  local file=$1
  shift
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _ringtrim_complete "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
    printf "%s\n" "${COMPREPLY[@]}"' complete "$file" "$@"
}

for command in ringtrim cutadapt; do
  file=$build/completion/$command
  [[ -f $file ]] || fail "$file was not written by the build"
  bash -n "$file" || fail "$file is not valid bash"
  [[ $(bash -c 'source "$1" && complete -p "$2"' _ "$file" "$command") == "complete -F _ringtrim_complete $command" ]] ||
    fail "source $file; complete -p $command: $(bash -c 'source "$1"; complete -p "$2"' _ "$file" "$command" 2>&1)"

  # Every option --help lists (cutadapt's and ringtrim's, read from the help
  # text, which is written apart from the table) is offered.
  "$ringtrim" --help | grep -oE '^ {2,}-[^ ].*' | grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z0-9]*' |
    sed 's/^[ ,]*//' | sort -u > "$work/help.txt"
  [[ $(wc -l < "$work/help.txt") -gt 80 ]] || fail "read only $(wc -l < "$work/help.txt") options from --help"
  complete_words "$file" "$command" - | sort -u > "$work/offered.txt"
  missing=$(comm -23 "$work/help.txt" "$work/offered.txt")
  [[ -z $missing ]] || fail "$command: --help lists options the completion lacks: $missing"

  [[ $(complete_words "$file" "$command" --adap) == --adapter ]] || fail "$command --adap: $(complete_words "$file" "$command" --adap)"
  [[ $(complete_words "$file" "$command" -a ACGT --qualit) == --quality-cutoff$'\n'--quality-base ]] ||
    fail "--qualit: $(complete_words "$file" "$command" -a ACGT --qualit | tr '\n' ' ')"
  [[ $(complete_words "$file" "$command" --action cr) == crop ]] || fail "--action cr"
  [[ $(complete_words "$file" "$command" --action = cr) == crop ]] || fail "--action=cr (split at =)"
  [[ $(complete_words "$file" "$command" --action=cr) == --action=crop ]] || fail "--action=cr (one word)"
  [[ $(complete_words "$file" "$command" --pair-filter '') == any$'\n'both$'\n'first ]] || fail "--pair-filter"
  [[ -z $(complete_words "$file" "$command" -j '') ]] || fail "-j offers: $(complete_words "$file" "$command" -j '')"
  [[ $(complete_words "$file" "$command" --det) == --detect-adapters ]] || fail "--det as the first word"
  [[ -z $(complete_words "$file" "$command" -a ACGT --det) ]] || fail "--detect-adapters offered after the first word"
  mkdir -p "$work/files" && touch "$work/files/reads_1.fastq.gz" "$work/files/reads_2.fastq.gz"
  [[ $(cd "$work/files" && complete_words "$file" "$command" -o out.fq reads_1) == reads_1.fastq.gz ]] || fail "input file name"
  [[ $(cd "$work/files" && complete_words "$file" "$command" -o re | sort) == reads_1.fastq.gz$'\n'reads_2.fastq.gz ]] || fail "-o file name"
done

# Generated from the table: an option that --help does not list (there are
# none today) would still be completed; the two names get the same options.
cmp -s <(complete_words "$build/completion/ringtrim" ringtrim -a x -) \
       <(complete_words "$build/completion/cutadapt" cutadapt -a x -) || fail "ringtrim and cutadapt complete different options"
echo "completion: ok ($(wc -l < "$work/offered.txt") option names)"
