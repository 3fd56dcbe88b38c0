// Predicates: the filtering criteria of cutadapt 4.2 (predicates.py), as
// plain functions of one read. Each is named for the condition that drops
// the read and returns true when the read is to be dropped. The single-end
// Pipeline applies them to the read, the paired-end pipeline to each mate
// (combined per --pair-filter). Pure functions; nothing is allocated.
#pragma once

#include <string_view>

#include "lib/fastq/read.hpp"

namespace ringtrim::core {

// -m: len(read) < minimum_length.
bool too_short(const Read& read, int minimum_length);

// -M: len(read) > maximum_length.
bool too_long(const Read& read, int maximum_length);

// --max-n: count < 1 is a proportion of the length (never true for an empty
// read), count >= 1 an absolute number of 'N'/'n' bases that may not be exceeded.
bool too_many_n(const Read& read, double count);

// --max-ee: the expected number of errors from the qualities exceeds
// max_errors. cutadapt always decodes with base 33 here, whatever
// --quality-base says. REQUIRES: the read has qualities (the filter is left
// out for FASTA).
bool too_many_expected_errors(const Read& read, double max_errors, int quality_base = 33);

// --max-average-error-rate (cutadapt 4.5): expected errors per base above
// `max_rate`. An empty read is never dropped (cutadapt 4.5 divides by zero).
bool too_high_average_error_rate(const Read& read, double max_rate, int quality_base = 33);

// --discard-casava: the header after the first space reads "x:Y:...", i.e.
// characters 1..3 of the comment are ":Y:".
bool casava_filtered(const Read& read);

}  // namespace ringtrim::core
