// Tests of lib/trim/adapter_spec: parsing -a/-g/-b specifications.
//
// Expected values come from cutadapt 4.2:
//   from cutadapt.parser import make_adapters_from_specifications
//   D = dict(max_errors=0.1, min_overlap=3, read_wildcards=False,
//            adapter_wildcards=True, indels=True)
//   make_adapters_from_specifications([(TYPE, SPEC)], D)
// and for errors, e.args[0] of the exception it raises (printed by cutadapt as
// "cutadapt: error: ..." with exit status 2).
#include "lib/trim/adapter_spec.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace ringtrim::core;

namespace {

AdapterOption option_of(std::string_view type) {
    if (type == "back") return AdapterOption::Back;
    if (type == "front") return AdapterOption::Front;
    return AdapterOption::Anywhere;
}

std::map<std::string, std::string> files() {
    return {
        // ad.fa
        {"ad.fa", ">first adapter\nACGT\nAC\n# comment\n\n>\nGGGG\n>third\nTTTTT\n"},
        {"bad.fa", "ACGT\n>x\nAC\n"},
    };
}

ReadFileFn reader() {
    return [](const std::string& path) -> std::optional<std::string> {
        auto f = files();
        auto it = f.find(path);
        if (it == f.end()) return std::nullopt;
        return it->second;
    };
}

std::vector<Adapter> parse_ok(std::string_view type, std::string_view spec, AdapterNamer& namer,
                              SearchDefaults d = {}) {
    auto r = parse_adapter_spec(spec, option_of(type), d, namer, reader());
    if (auto* e = std::get_if<Error>(&r)) FAIL("unexpected error: " << e->message);
    return std::get<std::vector<Adapter>>(std::move(r));
}

Error parse_error(std::string_view type, std::string_view spec) {
    AdapterNamer namer;
    auto r = parse_adapter_spec(spec, option_of(type), SearchDefaults{}, namer, reader());
    REQUIRE(std::holds_alternative<Error>(r));
    return std::get<Error>(r);
}

}  // namespace

TEST_CASE("names, parameters and spaces") {
    AdapterNamer namer;
    // 'name=ACGT;e=0.2;o=2' -> BackAdapter name ACGT 0.2 2 indels=True
    auto a = parse_ok("back", "name=ACGT;e=0.2;o=2", namer);
    REQUIRE(a.size() == 1);
    CHECK(a[0].name() == "name");
    CHECK(a[0].single().kind() == AdapterKind::Back);
    CHECK(a[0].single().max_error_rate() == Approx(0.2));
    CHECK(a[0].single().min_overlap() == 2);
    // ' name = ACGU ; e = 0.2 ; o=2 ; noindels' -> BackAdapter name ACGT 0.2 2 indels=False
    auto b = parse_ok("back", " name = ACGU ; e = 0.2 ; o=2 ; noindels", namer);
    CHECK(b[0].name() == "name");
    CHECK(b[0].single().sequence() == "ACGT");
    CHECK_FALSE(b[0].single().indels());
    // 'ACGT;max_errors=2' -> 0.5; 'ACGT;error_rate=0.3' -> 0.3; 'ACGTI' -> ACGTN
    CHECK(parse_ok("back", "ACGT;max_errors=2", namer)[0].single().max_error_rate() == Approx(0.5));
    CHECK(parse_ok("back", "ACGT;error_rate=0.3", namer)[0].single().max_error_rate() == Approx(0.3));
    CHECK(parse_ok("back", "ACGTI", namer)[0].single().sequence() == "ACGTN");
    CHECK(parse_ok("back", "acgt;indels", namer)[0].single().sequence() == "ACGT");
}

TEST_CASE("automatic names count up in creation order, linked adapters included") {
    AdapterNamer namer;
    // make_adapters_from_specifications: 'A{3}CG{2}' -> name 1, 'ACGT;anywhere' -> 2, ...
    CHECK(parse_ok("back", "A{3}CG{2}", namer)[0].name() == "1");
    CHECK(parse_ok("front", "ACGT;anywhere", namer)[0].name() == "2");
    CHECK(parse_ok("back", "^ACGT...GGTT;optional", namer)[0].name() == "3");
    CHECK(parse_ok("back", "x=ACGT", namer)[0].name() == "x");
    CHECK(parse_ok("back", "TTTT", namer)[0].name() == "4");
}

TEST_CASE("brace expansion") {
    // expand_braces('TGA{5}CT') == 'TGAAAAACT'; 'A{3}CG{2}' -> AAACGG; 'A{0}C' -> C
    CHECK(std::get<std::string>(expand_braces("TGA{5}CT")) == "TGAAAAACT");
    CHECK(std::get<std::string>(expand_braces("A{3}CG{2}")) == "AAACGG");
    CHECK(std::get<std::string>(expand_braces("A{0}C")) == "C");
}

TEST_CASE("adapter kinds from placement restrictions and options") {
    AdapterNamer namer;
    struct Row {
        const char* type;
        const char* spec;
        AdapterKind kind;
        const char* sequence;
    };
    // class names from make_adapters_from_specifications
    const Row rows[] = {
        {"back", "ACGT", AdapterKind::Back, "ACGT"},
        {"front", "ACGT", AdapterKind::Front, "ACGT"},
        {"anywhere", "ACGT", AdapterKind::Anywhere, "ACGT"},
        {"front", "^ACGT", AdapterKind::Prefix, "ACGT"},
        {"back", "ACGT$", AdapterKind::Suffix, "ACGT"},
        {"front", "XACGT", AdapterKind::NonInternalFront, "ACGT"},
        {"front", "xxACGT", AdapterKind::NonInternalFront, "ACGT"},
        {"back", "ACGTX", AdapterKind::NonInternalBack, "ACGT"},
        {"back", "XXX", AdapterKind::Back, "XXX"},        // only X: kept as is
        {"back", "ACGT...", AdapterKind::Front, "ACGT"},  // -a ADAPTER... is 5'
        {"back", "...ACGT", AdapterKind::Back, "ACGT"},
        {"front", "ACGT...", AdapterKind::Front, "ACGT"},
        {"front", "ACGT;rightmost;anywhere", AdapterKind::RightmostFront, "ACGT"},
    };
    for (const Row& r : rows) {
        INFO(r.type << " " << r.spec);
        auto a = parse_ok(r.type, r.spec, namer);
        REQUIRE(a.size() == 1);
        REQUIRE_FALSE(a[0].is_linked());
        CHECK(a[0].single().kind() == r.kind);
        CHECK(a[0].single().sequence() == r.sequence);
    }
    // 'ACGT;anywhere' with -g: FrontAdapter with _force_anywhere True
    CHECK(parse_ok("front", "ACGT;anywhere", namer)[0].single().force_anywhere());
    CHECK_FALSE(parse_ok("front", "ACGT", namer)[0].single().force_anywhere());
}

TEST_CASE("linked adapters: required parts depend on the option and anchoring") {
    AdapterNamer namer;
    // '^ACGT...GGTT;optional' (back): front_required True, back_required False,
    // PrefixAdapter ACGT + BackAdapter GGTT
    auto a = parse_ok("back", "^ACGT...GGTT;optional", namer);
    REQUIRE(a[0].is_linked());
    CHECK(a[0].front_required());
    CHECK_FALSE(a[0].back_required());
    CHECK(a[0].front_adapter().kind() == AdapterKind::Prefix);
    CHECK(a[0].back_adapter().kind() == AdapterKind::Back);
    // 'AC...GGTT;optional' (front): front_required True, back_required False
    auto b = parse_ok("front", "AC...GGTT;optional", namer);
    CHECK(b[0].front_required());
    CHECK_FALSE(b[0].back_required());
    // 'AC...GGTT' (front): both required; (back): neither
    auto c = parse_ok("front", "AC...GGTT", namer);
    CHECK(c[0].front_required());
    CHECK(c[0].back_required());
    auto d = parse_ok("back", "AC...GGTT", namer);
    CHECK_FALSE(d[0].front_required());
    CHECK_FALSE(d[0].back_required());
    // 'AC...GGTT$' (back): back anchored -> required
    auto e = parse_ok("back", "AC...GGTT$", namer);
    CHECK_FALSE(e[0].front_required());
    CHECK(e[0].back_required());
    CHECK(e[0].back_adapter().kind() == AdapterKind::Suffix);
    // name of a linked adapter comes from the front spec
    CHECK(parse_ok("back", "nm=AC...GGTT", namer)[0].name() == "nm");
}

TEST_CASE("defaults from the command line apply unless the spec overrides them") {
    AdapterNamer namer;
    SearchDefaults d;
    d.max_errors = 0.2;
    d.min_overlap = 1;
    d.indels = false;
    d.read_wildcards = true;
    auto a = parse_ok("back", "ACGTACGT;o=4", namer, d);
    CHECK(a[0].single().max_error_rate() == Approx(0.2));
    CHECK(a[0].single().min_overlap() == 4);
    CHECK_FALSE(a[0].single().indels());
    CHECK(a[0].single().read_wildcards());
    d.adapter_wildcards = false;  // -N: any character is accepted
    auto b = parse_ok("back", "ACGTZ", namer, d);
    CHECK(b[0].single().sequence() == "ACGTZ");
}

TEST_CASE("FASTA adapter files") {
    AdapterNamer namer;
    // file:ad.fa -> [('BackAdapter', 'first', 'ACGTAC', 0.1, 3, True),
    //                ('BackAdapter', '1', 'GGGG', 0.1, 3, True), ('BackAdapter', 'third', 'TTTTT', ...)]
    auto a = parse_ok("back", "file:ad.fa", namer);
    REQUIRE(a.size() == 3);
    CHECK(a[0].name() == "first");
    CHECK(a[0].single().sequence() == "ACGTAC");
    CHECK(a[1].name() == "1");
    CHECK(a[1].single().sequence() == "GGGG");
    CHECK(a[2].name() == "third");
    // ^file:ad.fa;e=0.2 -> PrefixAdapter, 0.2, min_overlap = length
    auto b = parse_ok("front", "^file:ad.fa;e=0.2", namer);
    REQUIRE(b.size() == 3);
    CHECK(b[0].single().kind() == AdapterKind::Prefix);
    CHECK(b[0].single().max_error_rate() == Approx(0.2));
    CHECK(b[0].single().min_overlap() == 6);
    CHECK(b[1].name() == "2");
    // file:ad.fa;o=2;noindels -> min_overlap 2, indels False
    auto c = parse_ok("back", "file:ad.fa;o=2;noindels", namer);
    CHECK(c[0].single().min_overlap() == 2);
    CHECK_FALSE(c[0].single().indels());
}

TEST_CASE("error path: FASTA adapter file missing or malformed") {
    // cutadapt -a file:/nonexist: "ERROR: [Errno 2] No such file or directory: '/nonexist'", exit 1
    Error e = parse_error("back", "file:missing.fa");
    CHECK(e.message == "[Errno 2] No such file or directory: 'missing.fa'");
    CHECK(e.kind == ErrorKind::Unhandled);
    // cutadapt -a file:bad.fa: exit 1
    Error f = parse_error("back", "file:bad.fa");
    CHECK(f.message == "Error in FASTA file at line 1: Expected '>' at beginning of record, but got 'ACGT'.");
    CHECK(f.kind == ErrorKind::Unhandled);
}

TEST_CASE("error path: spec errors carry cutadapt's messages") {
    struct Row {
        const char* type;
        const char* spec;
        const char* message;
    };
    const Row rows[] = {
        {"anywhere", "TTT$", "Placement restrictions (with X, ^, $) not supported for 'anywhere' (-b) adapters"},
        {"back", "^ACGT", "Allowed placement restrictions for a 3' adapter are ADAPTERX and ADAPTER$"},
        {"front", "ACGT$", "Allowed placement restrictions for a 5' adapter are XADAPTER and ^ADAPTER"},
        {"front", "^XACGT",
         "You cannot use multiple placement restrictions for an adapter at the same time. Choose one of ^ADAPTER, "
         "ADAPTER$, XADAPTER or ADAPTERX"},
        {"back", "ACGTX$",
         "You cannot use multiple placement restrictions for an adapter at the same time. Choose one of ^ADAPTER, "
         "ADAPTER$, XADAPTER or ADAPTERX"},
        {"back", "XACGTX",
         "You cannot use multiple placement restrictions for an adapter at the same time. Choose one of ^ADAPTER, "
         "ADAPTER$, XADAPTER or ADAPTERX"},
        {"back", "ACGT;foo=1", "Unknown parameter 'foo'"},
        {"back", "ACGT;e=", "No value given for key 'e'"},
        {"back", "ACGT;e=0.1;e=0.2", "Key 'max_errors' specified twice"},
        {"back", "ACGT;optional;required", "'optional' and 'required' cannot be specified at the same time"},
        {"back", "ACGT;indels;noindels", "'indels' and 'noindels' cannot be specified at the same time"},
        {"front", "^ACGT;o=3",
         "Setting 'min_overlap=' (or 'o=') for anchored adapters is not possible because anchored adapters always need "
         "to match in full."},
        {"back", "ACGT;o=5", "min_overlap=5 exceeds length of adapter ACGT"},
        {"back", "ACGT;o=5.5", "min_overlap=5.5 exceeds length of adapter ACGT"},
        {"back", "ACGT;rightmost", "'rightmost' only allowed with regular 5' adapters"},
        {"front", "^ACGT;rightmost", "'rightmost' only allowed with regular 5' adapters"},
        {"back", "ACGT;required", "'required' and 'optional' can only be used within linked adapters"},
        {"anywhere", "AC...GT", "'anywhere' (-b) adapters may not be linked"},
        {"anywhere", "ACGT...", "No ellipsis (\"...\") allowed in \"anywhere\" adapters"},
        {"front", "...ACGT", "Invalid adapter specification"},
        {"back", "A{x}", "invalid literal for int() with base 10: 'x'"},
        {"back", "{3}A", "\"{\" must be used after a character"},
        {"back", "A}", "Expected \"{\""},
        {"back", "A{3", "Unterminated expression"},
        {"back", "A{3}}", "\"}\" cannot be used here"},
        {"back", "A{3}{2}", "\"{\" must be used after a character"},
        {"back", "A{10001}", "Value 10001 invalid"},
        {"back", "ACGT;e=x", "could not convert string to float: 'x'"},
        // Where the old copies of Python's float repr, float() and int() in
        // adapter_spec.cpp differed from cutadapt 4.2 (issue #13), e.g.
        //   cutadapt -a 'ACGT;o=1e15' in.fq  ->  ERROR: min_overlap=1000000000000000.0 exceeds ...
        {"back", "ACGT;o=1e15", "min_overlap=1000000000000000.0 exceeds length of adapter ACGT"},
        {"back", "ACGT;o=1_0", "min_overlap=10 exceeds length of adapter ACGT"},
        {"back", "ACGT;e=nan(1)", "could not convert string to float: 'nan(1)'"},
        {"back", "ACGT;e=\x01", "could not convert string to float: '\\x01'"},
        {"back", "A{99999999999999999}", "Value 99999999999999999 invalid"},
        {"back", "NNNN", "Cannot have only N wildcards in the sequence"},
        {"back", "", "Adapter sequence is empty"},
    };
    for (const Row& r : rows) {
        INFO(r.type << " " << r.spec);
        Error e = parse_error(r.type, r.spec);
        CHECK(e.message == r.message);
        CHECK(e.kind == ErrorKind::Adapter);
        CHECK(e.kind != ErrorKind::InvalidCharacter);
    }
}

TEST_CASE("error path: invalid character remembers the spec for the file hint") {
    // InvalidCharacter: Character 'Z' in adapter sequence 'ACGZ' is not a valid IUPAC code. ...
    Error e = parse_error("back", "ACGZ");
    CHECK(e.message ==
          "Character 'Z' in adapter sequence 'ACGZ' is not a valid IUPAC code. Use only characters "
          "'ABCDGHIKMNRSTUVWXY'.");
    CHECK(e.kind == ErrorKind::InvalidCharacter);
    CHECK(e.file == "ACGZ");
    CHECK(invalid_character_file_hint("x.fa") ==
          "A file exists named 'x.fa'. To use the sequences in that file as adapter sequences, "
          "write 'file:' before the path, as in 'file:x.fa'.");
}

TEST_CASE("error path: keywords cutadapt passes to a constructor that rejects them") {
    // -g 'ACGT;anywhere...TT' and -a 'file:ad.fa;anywhere': TypeError, traceback, exit 1
    Error e = parse_error("front", "ACGT;anywhere...TT");
    CHECK(e.message == "SingleAdapter.__init__() got an unexpected keyword argument 'anywhere'");
    CHECK(e.kind == ErrorKind::Unhandled);
    Error f = parse_error("back", "file:ad.fa;rightmost");
    CHECK(f.message == "SingleAdapter.__init__() got an unexpected keyword argument 'rightmost'");
}
