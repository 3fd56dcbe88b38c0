// Tests of apps/ringtrim/options.cpp: argparse semantics as cutadapt 4.2
// uses them, and cutadapt's command-line checks.  Expected messages and
// values were taken from cutadapt 4.2's parser (get_argument_parser() under
// /usr/bin/python3, Python 3.11's argparse), not from this code.
#include "apps/ringtrim/options.hpp"

#include <catch2/catch.hpp>

#include <cmath>

#include <string>
#include <vector>

namespace {

using ringtrim::app::AdapterArg;
using ringtrim::app::CommandLine;
using CommandLineError = ringtrim::core::Error;
using ringtrim::app::DemultiplexMode;
using ringtrim::app::EarlyExit;
using ringtrim::app::LengthBounds;
using ringtrim::app::Mode;
using ringtrim::app::QualityCutoffs;
using ringtrim::app::UsageError;
using Args = std::vector<std::string>;

CommandLine parse_ok(const Args& args) {
    auto outcome = ringtrim::app::parse_command_line(args, "ringtrim");
    if (auto* error = std::get_if<UsageError>(&outcome)) FAIL("unexpected usage error: " << error->message);
    REQUIRE(std::holds_alternative<CommandLine>(outcome));
    return std::get<CommandLine>(outcome);
}

UsageError parse_error(const Args& args) {
    auto outcome = ringtrim::app::parse_command_line(args, "ringtrim");
    REQUIRE(std::holds_alternative<UsageError>(outcome));
    return std::get<UsageError>(outcome);
}

std::string mode_error(const Args& args) {
    const CommandLine cl = parse_ok(args);
    auto mode = ringtrim::app::determine_mode(cl, cl.adapters.size(), cl.adapters2.size());
    REQUIRE(std::holds_alternative<CommandLineError>(mode));
    return std::get<CommandLineError>(mode).message;
}

Mode mode_ok(const Args& args) {
    const CommandLine cl = parse_ok(args);
    auto mode = ringtrim::app::determine_mode(cl, cl.adapters.size(), cl.adapters2.size());
    if (auto* error = std::get_if<CommandLineError>(&mode)) FAIL("unexpected error: " << error->message);
    return std::get<Mode>(mode);
}

// Exit status the CLI stages give: parse, then determine_mode.  0 when both
// pass (adapter specifications are checked elsewhere).
int cli_exit_status(const Args& args) {
    auto outcome = ringtrim::app::parse_command_line(args, "ringtrim");
    if (auto* error = std::get_if<UsageError>(&outcome)) return error->exit_status;
    if (auto* early = std::get_if<EarlyExit>(&outcome)) return early->exit_status;
    const auto& cl = std::get<CommandLine>(outcome);
    auto mode = ringtrim::app::determine_mode(cl, cl.adapters.size(), cl.adapters2.size());
    if (auto* error = std::get_if<CommandLineError>(&mode))
        return error->kind == ringtrim::core::ErrorKind::CommandLine ? 2 : 1;
    return 0;
}

}  // namespace

// ---------------------------------------------------------------------------
// argparse behaviour

TEST_CASE("defaults mirror cutadapt's argparse namespace", "[options]") {
    const CommandLine cl = parse_ok({"in.fq"});
    CHECK(cl.debug == 0);
    CHECK(cl.cores == 1);
    CHECK(cl.gc_content == 50);
    CHECK(cl.buffer_size == 4000000);
    CHECK(!cl.compression_level);
    CHECK(cl.index);
    CHECK(cl.error_rate == 0.1);
    CHECK(cl.indels);
    CHECK(cl.times == 1);
    CHECK(cl.overlap == 3);
    CHECK(cl.match_adapter_wildcards);
    CHECK_FALSE(cl.match_read_wildcards);
    CHECK(cl.action == "trim");
    CHECK(cl.quality_base == 33);
    CHECK_FALSE(cl.quality_cutoff.has_value());
    CHECK_FALSE(cl.minimum_length.has_value());
    CHECK_FALSE(cl.output.has_value());
    CHECK(cl.prefix.empty());
    CHECK(cl.ipc == "shm");
    CHECK(cl.max_retries == 1);
    CHECK_FALSE(cl.ring_slots.has_value());
    CHECK(cl.inputs == Args{"in.fq"});
}

TEST_CASE("values land in the fields named after argparse's dest", "[options]") {
    const CommandLine cl = parse_ok({"-a",
                                     "AAA",
                                     "-g",
                                     "CCC",
                                     "-b",
                                     "GGG",
                                     "-A",
                                     "TTT",
                                     "-G",
                                     "^AC",
                                     "-B",
                                     "NN",
                                     "-e",
                                     "0.2",
                                     "-n",
                                     "2",
                                     "-O",
                                     "5",
                                     "-u",
                                     "3",
                                     "-U",
                                     "-4",
                                     "-q",
                                     "10,20",
                                     "-Q",
                                     "15",
                                     "--nextseq-trim",
                                     "25",
                                     "--quality-base",
                                     "64",
                                     "-l",
                                     "30",
                                     "-m",
                                     "10:12",
                                     "-M",
                                     "40",
                                     "--max-n",
                                     "0.5",
                                     "--max-ee",
                                     "1.5",
                                     "-o",
                                     "o.fq",
                                     "-p",
                                     "p.fq",
                                     "--json",
                                     "r.json",
                                     "--info-file",
                                     "i.txt",
                                     "-r",
                                     "rest.txt",
                                     "--wildcard-file",
                                     "w.txt",
                                     "-x",
                                     "pre",
                                     "-y",
                                     "suf",
                                     "--length-tag",
                                     "length=",
                                     "--strip-suffix",
                                     "/1",
                                     "--strip-suffix",
                                     "/2",
                                     "--pair-filter",
                                     "both",
                                     "--report",
                                     "minimal",
                                     "--rename",
                                     "{id}",
                                     "--gc-content",
                                     "40",
                                     "--buffer-size",
                                     "512",
                                     "--compression-level",
                                     "9",
                                     "in1.fq",
                                     "in2.fq"});
    CHECK(cl.adapters == std::vector<AdapterArg>{{"back", "AAA"}, {"front", "CCC"}, {"anywhere", "GGG"}});
    CHECK(cl.adapters2 == std::vector<AdapterArg>{{"back", "TTT"}, {"front", "^AC"}, {"anywhere", "NN"}});
    CHECK(cl.error_rate == 0.2);
    CHECK(cl.times == 2);
    CHECK(cl.overlap == 5);
    CHECK(cl.cut == std::vector<int>{3});
    CHECK(cl.cut2 == std::vector<int>{-4});
    CHECK(cl.quality_cutoff == "10,20");
    CHECK(cl.quality_cutoff2 == "15");
    CHECK(cl.nextseq_trim == 25);
    CHECK(cl.quality_base == 64);
    CHECK(cl.length == 30);
    CHECK(cl.minimum_length == "10:12");
    CHECK(cl.maximum_length == "40");
    CHECK(cl.max_n == 0.5);
    CHECK(cl.max_expected_errors == 1.5);
    CHECK(cl.output == "o.fq");
    CHECK(cl.paired_output == "p.fq");
    CHECK(cl.json == "r.json");
    CHECK(cl.info_file == "i.txt");
    CHECK(cl.rest_file == "rest.txt");
    CHECK(cl.wildcard_file == "w.txt");
    CHECK(cl.prefix == "pre");
    CHECK(cl.suffix == "suf");
    CHECK(cl.length_tag == "length=");
    CHECK(cl.strip_suffix == Args{"/1", "/2"});
    CHECK(cl.pair_filter == "both");
    CHECK(cl.report == "minimal");
    CHECK(cl.rename == "{id}");
    CHECK(cl.gc_content == 40);
    CHECK(cl.buffer_size == 512);
    CHECK(cl.compression_level == 9);
    CHECK(cl.inputs == Args{"in1.fq", "in2.fq"});
}

TEST_CASE("flags set their fields", "[options]") {
    const CommandLine cl =
        parse_ok({"--debug", "--debug", "--profile", "--no-index", "--no-indels", "--match-read-wildcards", "-N",
                  "--rc", "--trim-n", "-z", "--discard-trimmed", "--discard-casava", "--quiet", "--fasta",
                  "--pair-adapters", "--interleaved", "in.fq"});
    CHECK(cl.debug == 2);
    CHECK(cl.profile);
    CHECK_FALSE(cl.index);
    CHECK_FALSE(cl.indels);
    CHECK(cl.match_read_wildcards);
    CHECK_FALSE(cl.match_adapter_wildcards);
    CHECK(cl.reverse_complement);
    CHECK(cl.trim_n);
    CHECK(cl.zero_cap);
    CHECK(cl.discard_trimmed);
    CHECK(cl.discard_casava);
    CHECK(cl.quiet);
    CHECK(cl.fasta);
    CHECK(cl.pair_adapters);
    CHECK(cl.interleaved);
}

TEST_CASE("deprecated --no-trim and --mask-adapter store into action", "[options]") {
    CHECK(parse_ok({"--no-trim", "in.fq"}).action == "none");
    CHECK(parse_ok({"--mask-adapter", "in.fq"}).action == "mask");
    CHECK(parse_ok({"--mask-adapter", "--action", "retain", "in.fq"}).action == "retain");
}

TEST_CASE("options may come before or after the input files", "[options]") {
    CHECK(parse_ok({"in.fq", "-a", "ACGT", "-o", "out.fq"}).inputs == Args{"in.fq"});
    CHECK(parse_ok({"-a", "ACGT", "in1.fq", "in2.fq", "-o", "out.fq"}).inputs == Args{"in1.fq", "in2.fq"});
    CHECK(parse_ok({"-o", "out.fq", "in1.fq", "in2.fq"}).inputs == Args{"in1.fq", "in2.fq"});
}

TEST_CASE("input files split by an option: the second run is unrecognized", "[options]") {
    // argparse consumes the nargs='*' positional once.
    CHECK(parse_error({"-a", "X", "in1.fq", "-o", "out", "in2.fq"}).message == "unrecognized arguments: in2.fq");
}

TEST_CASE("append options accumulate; scalar options keep the last value", "[options]") {
    const CommandLine cl = parse_ok(
        {"-u", "5", "-a", "A", "-o", "x", "--cut", "-3", "-o", "y", "--adapter", "C", "-q", "5", "-q", "6", "in.fq"});
    CHECK(cl.cut == std::vector<int>{5, -3});
    CHECK(cl.adapters == std::vector<AdapterArg>{{"back", "A"}, {"back", "C"}});
    CHECK(cl.output == "y");
    CHECK(cl.quality_cutoff == "6");
}

TEST_CASE("option --opt=value; --opt value; -q20; -q 20 and -q=20", "[options]") {
    CHECK(parse_ok({"--quality-cutoff=20", "in.fq"}).quality_cutoff == "20");
    CHECK(parse_ok({"--quality-cutoff", "20", "in.fq"}).quality_cutoff == "20");
    CHECK(parse_ok({"-q20", "in.fq"}).quality_cutoff == "20");
    CHECK(parse_ok({"-q", "20", "in.fq"}).quality_cutoff == "20");
    CHECK(parse_ok({"-q=20", "in.fq"}).quality_cutoff == "20");
    CHECK(parse_ok({"--output=", "in.fq"}).output == "");
    CHECK(parse_ok({"-p1", "in.fq"}).paired_output == "1");
    // One argument with a space after a known short option: value " 20".
    CHECK(parse_ok({"-q 20", "in.fq"}).quality_cutoff == " 20");
}

TEST_CASE("option -Z stores compression level 1 and chains with other short options", "[options]") {
    CHECK(parse_ok({"-Z", "in.fq"}).compression_level == 1);
    CHECK(parse_ok({"--compression-level", "3", "-Z", "in.fq"}).compression_level == 1);
    const CommandLine cl = parse_ok({"-Zq20", "in.fq"});
    CHECK(cl.compression_level == 1);
    CHECK(cl.quality_cutoff == "20");
    // -Zx is -Z, then -x taking the next argument.
    CHECK(parse_ok({"-Zx", "in.fq", "in2.fq"}).prefix == "in.fq");
    const CommandLine both = parse_ok({"-zZ", "in.fq"});
    CHECK(both.zero_cap);
    CHECK(both.compression_level == 1);
}

TEST_CASE("a flag with an argument it cannot take is an error", "[options]") {
    CHECK(parse_error({"-Zk", "in.fq"}).message == "argument -Z: ignored explicit argument 'k'");
    CHECK(parse_error({"-Zkw", "in.fq"}).message == "argument -Z: ignored explicit argument 'kw'");
    CHECK(parse_error({"-Z=", "in.fq"}).message == "argument -Z: ignored explicit argument ''");
    CHECK(parse_error({"--quiet=1", "in.fq"}).message == "argument --quiet: ignored explicit argument '1'");
}

TEST_CASE("unique prefixes of long options are accepted", "[options]") {
    CHECK(parse_ok({"--quality-c", "20", "in.fq"}).quality_cutoff == "20");
    CHECK(parse_ok({"--cor", "2", "in.fq"}).cores == 2);
    CHECK(parse_ok({"--json=x.json", "in.fq"}).json == "x.json");
    CHECK(parse_ok({"--inter", "in.fq"}).interleaved);
    CHECK(parse_ok({"--adapt=ACGT", "in.fq"}).adapters == std::vector<AdapterArg>{{"back", "ACGT"}});
    CHECK(parse_ok({"--discard", "in.fq"}).discard_trimmed);  // exact alias, not a prefix
}

TEST_CASE("ambiguous prefixes list every matching option string", "[options]") {
    CHECK(parse_error({"--qual", "20", "in.fq"}).message ==
          "ambiguous option: --qual could match --quality-cutoff, --quality-base");
    // Two spellings of the same option still count as two matches.
    CHECK(parse_error({"--err", "0.2", "in.fq"}).message ==
          "ambiguous option: --err could match --error-rate, --errors");
    CHECK(parse_error({"--re", "x", "in.fq"}).message ==
          "ambiguous option: --re could match --revcomp, --rename, --report, --rest-file");
    // Ambiguity is found before any other argument is looked at.
    CHECK(parse_error({"-j", "x", "--qual", "20"}).message.starts_with("ambiguous option: --qual"));
}

TEST_CASE("option -- ends the options; a lone - is a file name", "[options]") {
    const CommandLine cl = parse_ok({"-o", "out.fq", "--", "-in.fq", "-q"});
    CHECK(cl.inputs == Args{"-in.fq", "-q"});
    CHECK_FALSE(cl.quality_cutoff.has_value());
    CHECK(parse_ok({"-"}).inputs == Args{"-"});
    CHECK(parse_ok({"in1.fq", "--", "in2.fq"}).inputs == Args{"in1.fq", "in2.fq"});
    CHECK(parse_error({"-o", "--", "in.fq"}).message == "argument -o/--output: expected one argument");
}

TEST_CASE("negative numbers are values; not options", "[options]") {
    CHECK(parse_ok({"-u", "-5", "in.fq"}).cut == std::vector<int>{-5});
    CHECK(parse_ok({"-u-5", "in.fq"}).cut == std::vector<int>{-5});
    CHECK(parse_ok({"--length", "-5", "in.fq"}).length == -5);
    CHECK(parse_ok({"-a", "-1.5", "in.fq"}).adapters == std::vector<AdapterArg>{{"back", "-1.5"}});
    CHECK(parse_ok({"-5", "in.fq"}).inputs == Args{"-5", "in.fq"});
    CHECK(parse_error({"-u", "-x", "in.fq"}).message == "argument -u/--cut: expected one argument");
}

TEST_CASE("option --cores=-1 parses and is then rejected", "[options]") {
    CHECK(parse_error({"--cores=-1", "in.fq"}).message == "Value for --cores cannot be negative");
    CHECK(parse_ok({"--cores=0", "in.fq"}).cores == 0);
}

TEST_CASE("a missing option argument is an error", "[options]") {
    CHECK(parse_error({"in.fq", "-o"}).message == "argument -o/--output: expected one argument");
    CHECK(parse_error({"-a", "-o", "x", "in.fq"}).message == "argument -a/--adapter: expected one argument");
}

TEST_CASE("conversion errors name the option as argparse does", "[options]") {
    CHECK(parse_error({"-j", "x", "in.fq"}).message == "argument -j/--cores: invalid int value: 'x'");
    CHECK(parse_error({"-u", "5,7,8", "in.fq"}).message == "argument -u/--cut: invalid int value: '5,7,8'");
    CHECK(parse_error({"-e", "abc", "in.fq"}).message ==
          "argument -e/--error-rate/--errors: invalid float value: 'abc'");
    CHECK(parse_error({"-j", "1.5", "in.fq"}).message == "argument -j/--cores: invalid int value: '1.5'");
    CHECK(parse_error({"--length", "x"}).message == "argument --length/-l: invalid int value: 'x'");
    CHECK(parse_error({"-O", "it's"}).message == "argument -O/--overlap: invalid int value: \"it's\"");
}

TEST_CASE("numbers follow Python's int() and float() syntax", "[options]") {
    CHECK(parse_ok({"-j", " 7 ", "in.fq"}).cores == 7);
    CHECK(parse_ok({"-j", "1_0", "in.fq"}).cores == 10);
    CHECK(parse_ok({"-j", "+3", "in.fq"}).cores == 3);
    CHECK(parse_ok({"-e", "1e-1", "in.fq"}).error_rate == 0.1);
    CHECK(parse_ok({"-e", "2", "in.fq"}).error_rate == 2.0);
    CHECK(parse_ok({"-e", ".5", "in.fq"}).error_rate == 0.5);
    CHECK(std::isinf(parse_ok({"--max-n", "inf", "in.fq"}).max_n.value()));
    CHECK(parse_error({"-j", "1__0", "in.fq"}).message == "argument -j/--cores: invalid int value: '1__0'");
    CHECK(parse_error({"-e", "0x10", "in.fq"}).message ==
          "argument -e/--error-rate/--errors: invalid float value: '0x10'");
}

TEST_CASE("choices are enforced", "[options]") {
    CHECK(parse_error({"--action", "cut", "in.fq"}).message ==
          "argument --action: invalid choice: 'cut' (choose from 'trim', 'retain', 'mask', 'lowercase', 'none')");
    CHECK(parse_error({"--report=short", "in.fq"}).message ==
          "argument --report: invalid choice: 'short' (choose from 'full', 'minimal')");
    CHECK(parse_error({"--pair-filter", "all"}).message ==
          "argument --pair-filter: invalid choice: 'all' (choose from 'any', 'both', 'first')");
}

TEST_CASE("action crop (cutadapt 4.9) is accepted and the invalid-choice message stays that of 4.2", "[options]") {
    CHECK(parse_ok({"--action", "crop", "in.fq"}).action == "crop");
    CHECK(parse_ok({"--action=crop", "in.fq"}).action == "crop");
    CHECK(parse_error({"--action", "Crop", "in.fq"}).message ==
          "argument --action: invalid choice: 'Crop' (choose from 'trim', 'retain', 'mask', 'lowercase', 'none')");
}

TEST_CASE("option -L (cutadapt 4.9) stores the length of R2 and leaves -l alone", "[options]") {
    const CommandLine cl = parse_ok({"-l", "10", "-L", "-5", "in1.fq", "in2.fq"});
    CHECK(cl.length == 10);
    CHECK(cl.length2 == -5);
    CHECK_FALSE(parse_ok({"-l", "10", "in.fq"}).length2.has_value());
    CHECK(parse_ok({"-L7", "in.fq"}).length2 == 7);
    CHECK(parse_error({"-L", "x", "in.fq"}).message == "argument -L: invalid int value: 'x'");
}

TEST_CASE("unknown options are reported as unrecognized arguments", "[options]") {
    CHECK(parse_error({"--foo", "in.fq"}).message == "unrecognized arguments: --foo");
    CHECK(parse_error({"in.fq", "-w", "3"}).message == "unrecognized arguments: -w 3");
}

TEST_CASE("an en dash option is a file name; then an unrecognized argument", "[options]") {
    // conformance case en-dash-option: "–q 25" become the inputs, "in.fastq"
    // comes after -o and is left over.
    const UsageError error = parse_error({"\xe2\x80\x93q", "25", "-o", "/dev/null", "in.fastq"});
    CHECK(error.message == "unrecognized arguments: in.fastq");
    CHECK(error.exit_status == 2);
    REQUIRE(error.warnings.size() == 1);
    CHECK(error.warnings[0].starts_with("The first character in argument '\xe2\x80\x93q' is '\xe2\x80\x93'"));
}

TEST_CASE("option --quiet with --report is a usage error", "[options]") {
    CHECK(parse_error({"--quiet", "--report=minimal", "in.fq"}).message ==
          "Options --quiet and --report cannot be used at the same time");
}

TEST_CASE("option --help prints cutadapt's help and exits 0", "[options]") {
    auto outcome = ringtrim::app::parse_command_line(Args{"--help"}, "cutadapt");
    REQUIRE(std::holds_alternative<EarlyExit>(outcome));
    const auto& text = std::get<EarlyExit>(outcome).text;
    CHECK(text.starts_with("cutadapt version 4.2\n\nCopyright (C) 2010-2022 Marcel Martin"));
    CHECK(text.find("  -j CORES, --cores CORES\n") != std::string::npos);
    CHECK(
        text.ends_with("  --too-long-paired-output FILE\n"
                       "                        Write second read in a pair to this file if pair is too\n"
                       "                        long.\n"));
    CHECK(text.find("--ipc") == std::string::npos);
    const auto ringtrim = ringtrim::app::help_text("ringtrim", ringtrim::core::CutadaptVersion::k4_2);
    CHECK(ringtrim.starts_with(text));
    CHECK(ringtrim.find("--ipc {shm,queue}") != std::string::npos);
}

TEST_CASE("option --help and --version act where they appear", "[options]") {
    CHECK(std::holds_alternative<EarlyExit>(ringtrim::app::parse_command_line(Args{"--help", "-j", "x"}, "x")));
    CHECK(std::holds_alternative<UsageError>(ringtrim::app::parse_command_line(Args{"-j", "x", "-h"}, "x")));
    CHECK(std::holds_alternative<EarlyExit>(ringtrim::app::parse_command_line(Args{"--he"}, "x")));
}

TEST_CASE("option --version prints 4.2 as cutadapt and both versions as ringtrim", "[options]") {
    auto as_cutadapt = ringtrim::app::parse_command_line(Args{"--version"}, "cutadapt");
    REQUIRE(std::holds_alternative<EarlyExit>(as_cutadapt));
    CHECK(std::get<EarlyExit>(as_cutadapt).text == "4.2\n");
    CHECK(std::get<EarlyExit>(as_cutadapt).exit_status == 0);
    const char* argv[] = {"/usr/local/bin/ringtrim", "--version"};
    auto as_ringtrim = ringtrim::app::parse_command_line(2, argv);
    REQUIRE(std::holds_alternative<EarlyExit>(as_ringtrim));
    // Trim Galore 0.6.10 keeps the first \d+\.\d+ and needs a major version >= 2.
    CHECK(std::get<EarlyExit>(as_ringtrim).text == "4.2 (compatible; ringtrim " RINGTRIM_VERSION ")\n");
    const char* argv2[] = {"/opt/x/cutadapt", "--version"};
    CHECK(std::get<EarlyExit>(ringtrim::app::parse_command_line(2, argv2)).text == "4.2\n");
}

TEST_CASE("usage errors are formatted as cutadapt's parser.error", "[options]") {
    const UsageError error{"unrecognized arguments: x", {}, 2};
    CHECK(ringtrim::app::format_usage_error(error, "cutadapt") ==
          "Run \"cutadapt --help\" to see command-line options.\n"
          "See https://cutadapt.readthedocs.io/ for full documentation.\n"
          "\n"
          "cutadapt: error: unrecognized arguments: x\n");
}

TEST_CASE("ringtrim's own options", "[options]") {
    const CommandLine cl =
        parse_ok({"--ipc", "queue", "--ring-slots", "16", "--max-retries", "3", "--quarantine", "q.fq", "in.fq"});
    CHECK(cl.ipc == "queue");
    CHECK(cl.ring_slots == 16);
    CHECK(cl.max_retries == 3);
    CHECK(cl.quarantine == "q.fq");
    CHECK(parse_error({"--ipc", "pipe", "in.fq"}).message ==
          "argument --ipc: invalid choice: 'pipe' (choose from 'shm', 'queue')");
    CHECK(parse_error({"--ring-slots", "x"}).message == "argument --ring-slots: invalid int value: 'x'");
}

TEST_CASE("abbreviations cutadapt 4.2 accepts keep their meaning next to ringtrim's options", "[options]") {
    // cutadapt 4.2 (Debian 12) reads "--w" as --wildcard-file, "--quality-b" as
    // --quality-base and "--qu" as ambiguous between its own three options; the
    // options ringtrim adds (--worker-timeout, --quarantine, ...) change none of it.
    CHECK(parse_ok({"--w", "wc.txt", "in.fq"}).wildcard_file == "wc.txt");
    CHECK(parse_ok({"--quality-b", "40", "in.fq"}).quality_base == 40);
    CHECK(parse_error({"--qu", "40", "in.fq"}).message ==
          "ambiguous option: --qu could match --quality-cutoff, --quality-base, --quiet");
    // An abbreviation that only ringtrim's options match still works.
    CHECK(parse_ok({"--wo", "5", "in.fq"}).worker_timeout == 5.0);
    CHECK(parse_error({"--poly", "in.fq"}).message.find("ambiguous option: --poly") == 0);
}

// ---------------------------------------------------------------------------
// determine_paired, setup_input_files, check_arguments

TEST_CASE("determine_paired: each R2 option switches to paired-end", "[mode]") {
    CHECK_FALSE(ringtrim::app::determine_paired(parse_ok({"in.fq"})));
    for (const Args& args :
         {Args{"-p", "x"}, Args{"--interleaved"}, Args{"-A", "A"}, Args{"-G", "A"}, Args{"-B", "A"}, Args{"-U", "3"},
          Args{"--pair-filter", "any"}, Args{"--untrimmed-paired-output", "x"}, Args{"--too-short-paired-output", "x"},
          Args{"--too-long-paired-output", "x"}, Args{"-Q", "20"}}) {
        CAPTURE(args[0]);
        CHECK(ringtrim::app::determine_paired(parse_ok(args)));
    }
    // Python truthiness: an empty -p does not switch.
    CHECK_FALSE(ringtrim::app::determine_paired(parse_ok({"-p", ""})));
}

TEST_CASE("setup_input_files: number of input files", "[mode]") {
    CHECK(mode_error({}) == "You did not provide any input file names. Please give me something to do!");
    CHECK(mode_error({"a.fq", "b.fq", "c.fq"}) ==
          "You provided 3 input file names, but either one or two are expected. The file names were:\n"
          " - 'a.fq'\n - 'b.fq'\n - 'c.fq'\nHint: If your path contains spaces, you need to enclose it in quotes");
    CHECK(mode_error({"a.fq", "b.fq"}).starts_with("It appears you want to trim paired-end data"));
    CHECK(mode_error({"-o", "x", "-p", "y", "a.fq"})
              .starts_with("You used an option that enabled paired-end mode (such as -p, -A, -G, -B, -U)"));
}

TEST_CASE("paired and interleaved modes", "[mode]") {
    const Mode single = mode_ok({"in.fq"});
    CHECK_FALSE(single.paired);
    CHECK(single.input1 == "in.fq");
    CHECK_FALSE(single.input2.has_value());

    const Mode paired = mode_ok({"-o", "a", "-p", "b", "1.fq", "2.fq"});
    CHECK(paired.paired);
    CHECK_FALSE(paired.interleaved_input);
    CHECK_FALSE(paired.interleaved_output);
    CHECK(paired.input2 == "2.fq");

    const Mode interleaved = mode_ok({"--interleaved", "-o", "a", "in.fq"});
    CHECK(interleaved.paired);
    CHECK(interleaved.interleaved_input);
    CHECK(interleaved.interleaved_output);

    const Mode two_in = mode_ok({"--interleaved", "-o", "a", "1.fq", "2.fq"});
    CHECK_FALSE(two_in.interleaved_input);
    CHECK(two_in.interleaved_output);
    CHECK(two_in.input2 == "2.fq");
}

TEST_CASE("check_arguments: paired options need -p and -o", "[mode]") {
    CHECK(mode_error({"-A", "ACGT", "-o", "x", "1.fq", "2.fq"}) ==
          "When a paired-end trimming option such as -A/-G/-B/-U, is used, a second output file needs to be "
          "specified via -p (--paired-output).");
    CHECK(mode_error({"-p", "y", "1.fq", "2.fq"}) ==
          "When you use -p or --paired-output, you must also use the -o option.");
}

TEST_CASE("check_arguments: paired output options come in pairs", "[mode]") {
    CHECK(mode_error({"-o", "a", "-p", "b", "--untrimmed-output", "u", "1.fq", "2.fq"}) ==
          "When trimming paired-end data, you must use either none or both of the "
          "--untrimmed-output/--untrimmed-paired-output options.");
    CHECK(mode_error({"-o", "a", "-p", "b", "-m", "5", "--too-long-output", "t", "1.fq", "2.fq"}) ==
          "When trimming paired-end data, you must use either none or both of the "
          "--too-long-output/--too-long-paired-output options.");
}

TEST_CASE("check_arguments: --pair-adapters needs paired-end data and no --times", "[mode]") {
    CHECK(mode_error({"--pair-adapters", "-a", "A", "in.fq"}) ==
          "Option --pair-adapters can only be used when trimming paired-end reads");
    CHECK(mode_error({"--pair-adapters", "-n", "2", "-a", "A", "-A", "C", "-o", "a", "-p", "b", "1.fq", "2.fq"}) ==
          "--pair-adapters cannot be used with --times");
}

TEST_CASE("check_arguments: overlap and GC content ranges", "[mode]") {
    CHECK(mode_error({"-O", "0", "in.fq"}) == "The overlap must be at least 1.");
    CHECK(mode_error({"--gc-content", "101", "in.fq"}) == "GC content must be given as percentage between 0 and 100");
    CHECK(mode_error({"--gc-content", "nan", "in.fq"}) == "GC content must be given as percentage between 0 and 100");
}

// ---------------------------------------------------------------------------
// parse_cutoffs, parse_lengths, pipeline checks

TEST_CASE("parse_cutoffs", "[mode]") {
    CHECK(std::get<QualityCutoffs>(ringtrim::app::parse_cutoffs("5")) == QualityCutoffs{0, 5});
    CHECK(std::get<QualityCutoffs>(ringtrim::app::parse_cutoffs("6,7")) == QualityCutoffs{6, 7});
    CHECK(std::get<CommandLineError>(ringtrim::app::parse_cutoffs("1,2,3")).message ==
          "Expected one value or two values separated by comma for the quality cutoff");
    CHECK(std::get<CommandLineError>(ringtrim::app::parse_cutoffs("a")).message ==
          "Quality cutoff value not recognized: invalid literal for int() with base 10: 'a'");
}

TEST_CASE("parse_lengths", "[mode]") {
    using Values = std::vector<std::optional<int>>;
    CHECK(std::get<Values>(ringtrim::app::parse_lengths("25")) == Values{25});
    CHECK(std::get<Values>(ringtrim::app::parse_lengths("17:25")) == Values{17, 25});
    CHECK(std::get<Values>(ringtrim::app::parse_lengths("25:")) == Values{25, std::nullopt});
    CHECK(std::get<Values>(ringtrim::app::parse_lengths(":25")) == Values{std::nullopt, 25});
    CHECK(std::get<CommandLineError>(ringtrim::app::parse_lengths(":")).message ==
          "Cannot parse ':': At least one length needs to be given");
    CHECK(std::get<CommandLineError>(ringtrim::app::parse_lengths("1:2:3")).message ==
          "Only at most one colon is allowed");
    CHECK(std::get<CommandLineError>(ringtrim::app::parse_lengths("x")).message ==
          "Value not recognized: invalid literal for int() with base 10: 'x'");
}

TEST_CASE("option -u with more than two values or twice the same sign", "[mode]") {
    CHECK(mode_error({"-u", "1", "-u", "-1", "-u", "2", "in.fq"}) ==
          "You cannot remove bases from more than two ends.");
    CHECK(mode_error({"-u", "3", "-u", "4", "in.fq"}) == "You cannot remove bases from the same end twice.");
    CHECK(mode_error({"-U", "-3", "-U", "-4", "-o", "a", "-p", "b", "1.fq", "2.fq"}) ==
          "You cannot remove bases from the same end twice.");
    CHECK_FALSE(mode_ok({"-u", "3", "-u", "-4", "in.fq"}).paired);
    CHECK(mode_ok({"-u", "0", "-u", "4", "in.fq"}).input1 == "in.fq");
}

TEST_CASE("quality cutoffs: -q 0 is off; -Q defaults to -q", "[mode]") {
    CHECK_FALSE(mode_ok({"-q", "0", "in.fq"}).quality_cutoff.has_value());
    CHECK(mode_ok({"-q", "20", "in.fq"}).quality_cutoff == QualityCutoffs{0, 20});
    const Mode paired = mode_ok({"-q", "5,20", "-o", "a", "-p", "b", "1.fq", "2.fq"});
    CHECK(paired.quality_cutoff2 == QualityCutoffs{5, 20});
    const Mode own = mode_ok({"-q", "20", "-Q", "0", "-o", "a", "-p", "b", "1.fq", "2.fq"});
    CHECK_FALSE(own.quality_cutoff2.has_value());
    CHECK(mode_error({"-q", "x", "in.fq"}) ==
          "Quality cutoff value not recognized: invalid literal for int() with base 10: 'x'");
}

TEST_CASE("option --action retain with --times > 1 needs adapters to fail", "[mode]") {
    CHECK(mode_error({"-a", "ACGT", "--times=2", "--action=retain", "in.fq"}) ==
          "'retain' cannot be combined with times > 1");
    CHECK(mode_ok({"--times=2", "--action=retain", "in.fq"}).action == "retain");
    CHECK_FALSE(mode_ok({"--action=none", "in.fq"}).action.has_value());
}

TEST_CASE("option --revcomp with --pair-adapters or paired-end data", "[mode]") {
    CHECK(mode_error({"--rc", "--pair-adapters", "-a", "A", "-A", "C", "-o", "a", "-p", "b", "1.fq", "2.fq"}) ==
          "Cannot use --revcomp with --pair-adapters");
    CHECK(mode_error({"--rc", "-a", "A", "-o", "a", "-p", "b", "1.fq", "2.fq"}) ==
          "--revcomp not implemented for paired-end reads");
}

TEST_CASE("option --pair-adapters needs equal; non-zero adapter counts", "[mode]") {
    CHECK(mode_error({"--pair-adapters", "-a", "A", "-a", "C", "-A", "G", "-o", "a", "-p", "b", "1.fq", "2.fq"}) ==
          "--pair-adapters: The number of adapters to trim from R1 and R2 must be the same. Given: 2 for R1, 1 for R2");
    CHECK(mode_error({"--pair-adapters", "-o", "a", "-p", "b", "1.fq", "2.fq"}) ==
          "--pair-adapters: No adapters given");
}

TEST_CASE("option --rename cannot be combined with --prefix or --suffix", "[mode]") {
    CHECK(mode_error({"--rename", "{id}", "-y", "s", "in.fq"}) ==
          "Option --rename cannot be combined with --prefix (-x) or --suffix (-y)");
}

TEST_CASE("option --rename variables: single-end and paired-end sets", "[mode]") {
    CHECK(mode_error({"--rename", "{id} {invalid}", "in.fq"}) ==
          "Error in template: Variable 'invalid' not recognized");
    CHECK(mode_ok({"--rename", "{header} {id} {comment} {cut_prefix} {cut_suffix} {adapter_name} {rc} {match_sequence}",
                   "in.fq"})
              .input1 == "in.fq");
    CHECK(mode_error({"--rename", "{rn}", "in.fq"}) == "Error in template: Variable 'rn' not recognized");
    const Args paired = {"-o", "a", "-p", "b", "1.fq", "2.fq"};
    Args with_rn = paired;
    with_rn.insert(with_rn.begin(), {"--rename", "{id} {rn} {r1.comment} {r2.adapter_name}"});
    CHECK(mode_ok(with_rn).paired);
    Args with_rc = paired;
    with_rc.insert(with_rc.begin(), {"--rename", "{rc}"});
    CHECK(mode_error(with_rc) == "Error in template: Variable 'rc' not recognized");
    Args with_r1_id = paired;
    with_r1_id.insert(with_r1_id.begin(), {"--rename", "{r1.id}"});
    CHECK(mode_error(with_r1_id) == "Error in template: Variable 'r1.id' not recognized");
}

TEST_CASE("option --rename templates with stray braces", "[mode]") {
    CHECK(mode_error({"--rename", "x{", "in.fq"}) == "Error in template 'x{': Unexpected '{' encountered");
    CHECK(mode_error({"--rename", "}x", "in.fq"}) == "Error in template '}x': Unexpected '}' encountered");
    CHECK(mode_error({"--rename", "{a{b}", "in.fq"}) == "Error in template '{a{b}': Unexpected '{' encountered");
    CHECK(mode_error({"--rename", "{}", "in.fq"}) == "Error in template: Variable '' not recognized");
}

TEST_CASE("option -m/-M: two values need paired-end data; one value is copied to R2", "[mode]") {
    CHECK(mode_error({"-m", "5:7", "in.fq"}) == "Two minimum or maximum lengths given for single-end data");
    CHECK(mode_ok({"-m", "5", "in.fq"}).minimum_length == LengthBounds{5, std::nullopt});
    const Mode paired = mode_ok({"-m", "5", "-M", ":9", "-o", "a", "-p", "b", "1.fq", "2.fq"});
    CHECK(paired.minimum_length == LengthBounds{5, 5});
    CHECK(paired.maximum_length == LengthBounds{std::nullopt, 9});
}

// ---------------------------------------------------------------------------
// Output routing

TEST_CASE("duplicate output paths; except existing special files", "[mode]") {
    CHECK(
        mode_error({"--untrimmed-output", "dup.fastq", "--too-long-output", "dup.fastq", "-o", "/dev/null", "in.fq"}) ==
        "Path dup.fastq specified more than once as an output file. This is not supported at the moment.");
    CHECK(mode_ok({"--info-file", "/dev/null", "-o", "/dev/null", "in.fq"}).input1 == "in.fq");
}

TEST_CASE("option --discard-trimmed; --discard-untrimmed; --untrimmed-output exclude each other", "[mode]") {
    const std::string message =
        "Only one of the --discard-trimmed, --discard-untrimmed and --untrimmed-output options can be used at the "
        "same time.";
    CHECK(mode_error({"--discard-trimmed", "--discard-untrimmed", "in.fq"}) == message);
    CHECK(mode_error({"--discard-untrimmed", "--untrimmed-output", "u.fq", "in.fq"}) == message);
}

TEST_CASE("demultiplexing modes and their rules", "[mode]") {
    CHECK(mode_ok({"-o", "o{name}.fq", "in.fq"}).demultiplex == DemultiplexMode::kNormal);
    CHECK(mode_ok({"-o", "o{name1}{name2}.fq", "-p", "p{name1}{name2}.fq", "1.fq", "2.fq"}).demultiplex ==
          DemultiplexMode::kCombinatorial);
    CHECK(mode_ok({"-o", "o.fq", "in.fq"}).demultiplex == DemultiplexMode::kNone);
    CHECK(mode_error({"-o", "o{name}.fq", "-p", "p.fq", "1.fq", "2.fq"}) ==
          "When demultiplexing paired-end data, \"{name}\" must appear in both output file names (-o and -p)");
    CHECK(mode_error({"-o", "o{name}.fq", "--discard-trimmed", "in.fq"}) ==
          "Do not use --discard-trimmed when demultiplexing.");
    CHECK(mode_error({"-o", "{name}{name1}{name2}", "-p", "{name}{name1}{name2}.2", "1.fq", "2.fq"}) ==
          "You cannot combine {name} with {name1} and {name2}");
    CHECK(mode_error({"-o", "o{name1}{name2}.fq", "-p", "p{name1}{name2}.fq", "--untrimmed-output", "u",
                      "--untrimmed-paired-output", "u2", "1.fq", "2.fq"})
              .starts_with("Combinatorial demultiplexing (with {name1} and {name2}) cannot be combined"));
}

TEST_CASE("second path of a pair without the first exits 1", "[mode]") {
    const CommandLine cl = parse_ok({"--interleaved", "-p", "p.fq", "in.fq"});
    auto mode = ringtrim::app::determine_mode(cl, 0, 0);
    REQUIRE(std::holds_alternative<CommandLineError>(mode));
    CHECK(std::get<CommandLineError>(mode).kind == ringtrim::core::ErrorKind::Unhandled);
}

// ---------------------------------------------------------------------------
// Every conformance case with exit status 2 (/work/shared/conformance/cases),
// with its argument list; {in1}/{in2} replaced by the input file names.

TEST_CASE("conformance exit-2 cases fail at the command-line stage", "[conformance]") {
    const std::vector<std::pair<std::string, Args>> cases = {
        {"action-retain-times", {"-a", "ACGT", "--times=2", "--action=retain", "in1.fastq"}},
        {"cores-negative", {"--cores=-1", "in1.fasta"}},
        {"cut-too-many-commas", {"-u", "5,7,8", "in1.fastq"}},
        {"discard-options-exclusive-1", {"-o", "/dev/null", "--discard-trimmed", "--discard-untrimmed", "in1.fastq"}},
        {"discard-options-exclusive-3",
         {"-o", "/dev/null", "--discard-untrimmed", "--untrimmed-output", "/dev/null", "in1.fastq"}},
        {"duplicate-output-paths",
         {"--untrimmed-output", "dup.fastq", "--too-long-output", "dup.fastq", "-o", "/dev/null", "in1.fastq"}},
        {"en-dash-option", {"\xe2\x80\x93q", "25", "-o", "/dev/null", "in.fastq"}},
        {"interleaved-neither-nor",
         {"-a", "XX", "--interleaved", "-o", "out1.fastq", "-p1", "out2.fastq", "paired.1.fastq", "paired.2.fastq"}},
        {"no-args", {}},
        {"pair-adapters-unequal",
         {"--paired-adapters", "-a", "GTCTCCAGCT", "-a", "ACGTACGT", "-A", "TGCA", "-o", "out.1.fastq", "-p",
          "out.2.fastq", "in1.fastq", "in2.fastq"}},
        {"paired-too-short-output-missing-paired",
         {"-a", "TTAGACATAT", "-A", "CAGTGGAGTA", "-m", "14", "--too-short-output", "ts.fastq", "-o", "out1.fastq",
          "-p", "out2.fastq", "in1.fastq", "in2.fastq"}},
        {"quiet-and-report", {"--quiet", "--report=minimal", "in1.fasta"}},
        {"rename-combined-prefix",
         {"--prefix", "something", "--rename='{id} {comment} extrainfo'", "-o", "/dev/null", "in1.fastq"}},
        {"rename-invalid-variable", {"--rename", "{id} {invalid}", "-o", "out.fastq", "in1.fastq"}},
        {"separate-minlength-single", {"-m", "5:7", "in1.fastq"}},
        {"two-fastqs-without-p", {"in1.fastq", "in2.fastq"}},
    };
    for (const auto& [name, args] : cases) {
        CAPTURE(name);
        CHECK(cli_exit_status(args) == 2);
    }
}

TEST_CASE("conformance exit-2 cases left to the adapter parser pass the CLI stage", "[conformance]") {
    // anywhere-anchored-3p and non-iupac-adapter fail in cutadapt's adapter
    // parser, not here.
    CHECK(cli_exit_status({"-b", "TTT$", "in1.fastq"}) == 0);
    CHECK(cli_exit_status({"-a", "ZACGT", "in1.fastq"}) == 0);
}

TEST_CASE("rename-combined-prefix keeps the quotes in the template", "[conformance]") {
    const CommandLine cl = parse_ok({"--prefix", "something", "--rename='{id} {comment} extrainfo'", "in.fq"});
    CHECK(cl.rename == "'{id} {comment} extrainfo'");
}

TEST_CASE("interleaved-neither-nor: -p1 takes 1; leaving three inputs", "[conformance]") {
    const CommandLine cl = parse_ok(
        {"-a", "XX", "--interleaved", "-o", "out1.fastq", "-p1", "out2.fastq", "paired.1.fastq", "paired.2.fastq"});
    CHECK(cl.paired_output == "1");
    CHECK(cl.inputs == Args{"out2.fastq", "paired.1.fastq", "paired.2.fastq"});
}

TEST_CASE("pair-adapters-unequal: --paired-adapters is no option", "[conformance]") {
    CHECK(parse_error({"--paired-adapters", "-a", "A", "in1.fq"}).message ==
          "unrecognized arguments: --paired-adapters");
}

TEST_CASE("option html FILE is ringtrim's own (issue 27)", "[options]") {
    CHECK(parse_ok({"--html", "r.html", "in.fq"}).html == "r.html");
    CHECK(parse_ok({"--html=r.html", "in.fq"}).html == "r.html");
    CHECK_FALSE(parse_ok({"in.fq"}).html.has_value());
}

TEST_CASE("option --as-cutadapt and RINGTRIM_AS_CUTADAPT choose the release; the option wins", "[options]") {
    using ringtrim::app::choose_cutadapt_version;
    using ringtrim::core::CutadaptVersion;
    const auto chosen = [](const Args& args, const char* env) {
        auto v = choose_cutadapt_version(args, env);
        REQUIRE(std::holds_alternative<CutadaptVersion>(v));
        return std::get<CutadaptVersion>(v);
    };
    CHECK(chosen({"in.fq"}, nullptr) == CutadaptVersion::k4_2);
    CHECK(chosen({"in.fq"}, "") == CutadaptVersion::k4_2);
    CHECK(chosen({"in.fq"}, "5.2") == CutadaptVersion::k5_2);
    CHECK(chosen({"--as-cutadapt", "4.2", "in.fq"}, "5.2") == CutadaptVersion::k4_2);
    CHECK(chosen({"--as=5.2", "in.fq"}, "4.2") == CutadaptVersion::k5_2);
    CHECK(chosen({"--as-cut", "5.2", "--as-cutadapt", "4.2"}, nullptr) == CutadaptVersion::k4_2);
    CHECK(chosen({"--", "--as-cutadapt", "5.2"}, nullptr) == CutadaptVersion::k4_2);
    CHECK(std::holds_alternative<UsageError>(choose_cutadapt_version({"in.fq"}, "4.3")));

    auto v52 = ringtrim::app::parse_command_line(Args{"--as-cutadapt", "5.2", "--version"}, "cutadapt");
    REQUIRE(std::holds_alternative<EarlyExit>(v52));
    CHECK(std::get<EarlyExit>(v52).text == "5.2\n");
    auto help52 = ringtrim::app::parse_command_line(Args{"--as-cutadapt", "5.2", "--help"}, "cutadapt");
    REQUIRE(std::holds_alternative<EarlyExit>(help52));
    CHECK(std::get<EarlyExit>(help52).text.starts_with("cutadapt version 5.2\n"));
    const CommandLine cl = parse_ok({"--as-cutadapt", "5.2", "in.fq"});
    CHECK(cl.cutadapt == CutadaptVersion::k5_2);
    CHECK(!cl.compression_level);
    // --as is no prefix of a cutadapt option, so it abbreviates --as-cutadapt.
    CHECK(parse_ok({"--as", "5.2", "in.fq"}).cutadapt == CutadaptVersion::k5_2);
    CHECK(parse_error({"--as-cutadapt", "4.3", "in.fq"}).message.find("invalid choice") != std::string::npos);
}
