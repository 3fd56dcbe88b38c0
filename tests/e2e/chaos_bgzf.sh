#!/usr/bin/env bash
# chaos.sh with BGZF input (issue 15): 40 runs, each SIGKILLing a random
# worker at a random moment, while it inflates raw BGZF blocks or trims a
# chunk the parent cut from them; every run exits 0 with the clean run's
# output and leaves nothing in /dev/shm.
# usage: chaos_bgzf.sh RINGTRIM SOURCE_DIR [RUNS]
RINGTRIM_CHAOS_BGZF=1 exec bash "$(dirname "$0")/chaos.sh" "$1" "$2" "${3:-40}"
