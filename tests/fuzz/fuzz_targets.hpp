// Entry functions shared by the libFuzzer targets (fuzz_chunker.cpp,
// fuzz_parser.cpp) and the plain corpus replay test
// (tests/lib/fastq/corpus_replay_test.cpp), so a fuzzer run and `ctest` check
// the same invariants on the same bytes.
//
// Each function takes one fuzz input, copies it against a guard page (a read
// past the end faults even without AddressSanitizer, as libdeflate's
// scripts/libFuzzer targets do) and returns an empty string when every
// invariant holds, or a description of the first one that does not.
// Parameters (format, chunk size, ...) come from the last bytes of the input,
// as zstd's fuzz_data_producer.h takes them, so every byte string is a valid
// input. Nothing here keeps state between calls.
#pragma once

#include <string>
#include <string_view>

namespace ringtrim::fuzz {

// Chunker invariants. Input layout: [FASTQ/FASTA bytes][params: 4 bytes]
//   params[0] bit 0: FASTA; bit 1: interleaved pairs (record multiple 2)
//   params[1..2]: chunk capacity - 1 (little endian), clamped to >= 1
//   params[3]: max records per chunk (0: unlimited; only with multiple 1)
// Cuts the bytes as the app's ChunkReader does (fill a window of `capacity`
// bytes, cut, carry the tail) and checks: each cut lies inside the window and
// after a newline (or at EOF); counts match the bytes; the cut is maximal; the
// chunks concatenate to the input; and parsing chunk by chunk with absolute
// record/line numbers gives the same records and the same first error as
// parsing the whole input at once, with each chunk's record count equal to
// what the chunker announced.
std::string check_chunker(std::string_view data);

// Parser invariants. Input layout: [bytes][params: 2 bytes]
//   params[0] bit 0: FASTA; params[0] >> 1: first record number
//   params[1]: first line number
// Parses the bytes as one chunk and checks: next() stops after an error;
// record numbers count up by one from `first_record`; an error carries a
// 1-based record (the one after the last good record) and a line inside the
// chunk (for FASTQ, one of that record's four lines) and a message; FASTQ
// records have as many qualities as bases; no field holds a newline;
// rendering the records (with CRLF) and parsing them again gives the same records;
// on success the chunker counts as many records as the parser returned;
// find_invalid_byte() finds the first NUL or byte >= 0x80 as a plain scan does.
std::string check_parser(std::string_view data);

}  // namespace ringtrim::fuzz
