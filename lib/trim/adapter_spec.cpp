#include "lib/trim/adapter_spec.hpp"

#include "lib/python/python.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <cctype>
#include <map>

namespace ringtrim::core {

namespace {

// A parameter value: a bare flag (Python True), an int or a float.
struct ParamValue {
    bool flag = false;
    bool is_int = false;
    double number = 1.0;  // True counts as 1

    bool truthy() const { return flag || number != 0.0; }
};

// Keys are cutadapt's unabbreviated names, in insertion order irrelevant.
using Params = std::map<std::string, ParamValue>;

constexpr std::string_view kWhitespace = " \t\n\r\f\v";

std::string_view strip(std::string_view s, std::string_view chars = kWhitespace) {
    const auto a = s.find_first_not_of(chars);
    if (a == std::string_view::npos) return {};
    const auto b = s.find_last_not_of(chars);
    return s.substr(a, b - a + 1);
}

// Python's str.partition().
struct Partition {
    std::string_view head;
    bool found;
    std::string_view tail;
};
Partition partition(std::string_view s, std::string_view sep) {
    const auto pos = s.find(sep);
    if (pos == std::string_view::npos) return {s, false, {}};
    return {s.substr(0, pos), true, s.substr(pos + sep.size())};
}

// Python's repr() of a float or int value as used in messages.
std::string format_value(const ParamValue& v) {
    if (v.flag) return "True";
    if (v.is_int) return std::to_string(static_cast<long long>(v.number));
    return python_float_repr(v.number);
}

Error error(std::string message) { return Error::adapter(std::move(message)); }

// cutadapt's parse_search_parameters().
std::variant<Params, Error> parse_search_parameters(std::string_view spec) {
    static const std::map<std::string_view, std::string_view> kAbbreviations = {
        {"e", "max_error_rate"},
        {"error_rate", "max_errors"},
        {"max_error_rate", "max_errors"},
        {"o", "min_overlap"},
    };
    static const std::vector<std::string_view> kAllowed = {
        "e",        "error_rate", "max_error_rate", "o",      "max_errors", "min_overlap",
        "anywhere", "required",   "optional",       "indels", "noindels",   "rightmost",
    };
    Params result;
    std::string_view rest = spec;
    bool more = true;
    while (more) {
        auto p = partition(rest, ";");
        std::string_view field = strip(p.head);
        rest = p.tail;
        more = p.found;
        if (field.empty()) continue;
        auto kv = partition(field, "=");
        std::string key(strip(kv.head));
        if (std::find(kAllowed.begin(), kAllowed.end(), key) == kAllowed.end()) {
            return error("Unknown parameter '" + key + "'");
        }
        if (kv.found && kv.tail.empty()) return error("No value given for key '" + key + "'");
        for (auto it = kAbbreviations.find(key); it != kAbbreviations.end(); it = kAbbreviations.find(key)) {
            key = std::string(it->second);
        }
        std::string_view value = strip(kv.tail);
        ParamValue v;
        if (value.empty()) {
            v.flag = true;
        } else if (auto i = python_int(value)) {
            v.is_int = true;
            v.number = static_cast<double>(*i);
        } else if (auto f = python_float(value)) {
            v.number = *f;
        } else {
            return error("could not convert string to float: " + python_repr(value));
        }
        if (result.count(key)) return error("Key '" + key + "' specified twice");
        result[key] = v;
    }
    if (result.count("optional") && result.count("required")) {
        return error("'optional' and 'required' cannot be specified at the same time");
    }
    if (result.count("indels") && result.count("noindels")) {
        return error("'indels' and 'noindels' cannot be specified at the same time");
    }
    if (result.count("optional")) {
        ParamValue f;
        f.is_int = true;
        f.number = 0;  // False
        result["required"] = f;
        result.erase("optional");
    }
    if (result.count("noindels")) {
        ParamValue f;
        f.is_int = true;
        f.number = 0;
        result["indels"] = f;
        result.erase("noindels");
    }
    return result;
}

enum class Restriction { None, Anchored, NonInternal };

// cutadapt's AdapterSpecification.
struct AdapterSpecification {
    std::optional<std::string> name;
    Restriction restriction = Restriction::None;
    std::string sequence;
    Params parameters;
    AdapterOption type = AdapterOption::Back;
    bool rightmost = false;

    AdapterKind kind() const {
        switch (type) {
            case AdapterOption::Front:
                if (rightmost) return AdapterKind::RightmostFront;
                if (restriction == Restriction::Anchored) return AdapterKind::Prefix;
                if (restriction == Restriction::NonInternal) return AdapterKind::NonInternalFront;
                return AdapterKind::Front;
            case AdapterOption::Back:
                if (restriction == Restriction::Anchored) return AdapterKind::Suffix;
                if (restriction == Restriction::NonInternal) return AdapterKind::NonInternalBack;
                return AdapterKind::Back;
            case AdapterOption::Anywhere: return AdapterKind::Anywhere;
        }
        return AdapterKind::Back;
    }
};

bool starts_with_x(std::string_view s) { return !s.empty() && (s.front() == 'X' || s.front() == 'x'); }
bool ends_with_x(std::string_view s) { return !s.empty() && (s.back() == 'X' || s.back() == 'x'); }

std::variant<AdapterSpecification, Error> parse_specification(std::string_view spec, AdapterOption type) {
    auto p = partition(spec, ";");
    std::string_view seq = p.head;
    AdapterSpecification a;
    a.type = type;
    auto eq = partition(seq, "=");
    if (eq.found) {
        a.name = std::string(strip(eq.head));
        seq = eq.tail;
    }
    seq = strip(seq);
    auto params = parse_search_parameters(p.tail);
    if (auto* e = std::get_if<Error>(&params)) return *e;
    a.parameters = std::get<Params>(std::move(params));
    auto expanded = expand_braces(seq);
    if (auto* e = std::get_if<Error>(&expanded)) return *e;
    std::string s = std::get<std::string>(std::move(expanded));
    if (auto it = a.parameters.find("rightmost"); it != a.parameters.end()) {
        a.rightmost = it->second.truthy();
        a.parameters.erase(it);
    }
    if (strip(s, "X").empty()) {
        // Only X characters: kept for backwards compatibility, parameters dropped.
        a.sequence = s;
        a.parameters.clear();
        a.rightmost = false;
        return a;
    }

    // _parse_restrictions
    const Error multiple = error(
        "You cannot use multiple placement restrictions for an adapter at the same time. "
        "Choose one of ^ADAPTER, ADAPTER$, XADAPTER or ADAPTERX");
    Restriction front = Restriction::None;
    Restriction back = Restriction::None;
    std::string_view v = s;
    if (!v.empty() && v.front() == '^') {
        front = Restriction::Anchored;
        v.remove_prefix(1);
    }
    if (starts_with_x(v)) {
        if (front != Restriction::None) return multiple;
        front = Restriction::NonInternal;
        while (starts_with_x(v)) v.remove_prefix(1);
    }
    if (!v.empty() && v.back() == '$') {
        back = Restriction::Anchored;
        v.remove_suffix(1);
    }
    if (ends_with_x(v)) {
        if (back != Restriction::None) return multiple;
        back = Restriction::NonInternal;
        while (ends_with_x(v)) v.remove_suffix(1);
    }
    if (front != Restriction::None && back != Restriction::None) return multiple;
    a.sequence = std::string(v);

    if (type == AdapterOption::Front && back != Restriction::None) {
        return error("Allowed placement restrictions for a 5' adapter are XADAPTER and ^ADAPTER");
    }
    if (type == AdapterOption::Back && front != Restriction::None) {
        return error("Allowed placement restrictions for a 3' adapter are ADAPTERX and ADAPTER$");
    }
    a.restriction = front != Restriction::None ? front : back;
    if (type == AdapterOption::Anywhere && a.restriction != Restriction::None) {
        return error("Placement restrictions (with X, ^, $) not supported for 'anywhere' (-b) adapters");
    }
    auto mo = a.parameters.find("min_overlap");
    if (mo != a.parameters.end() && a.restriction == Restriction::Anchored) {
        return error(
            "Setting 'min_overlap=' (or 'o=') for anchored adapters is not possible because "
            "anchored adapters always need to match in full.");
    }
    if (mo != a.parameters.end() && mo->second.number > static_cast<double>(a.sequence.size())) {
        return error("min_overlap=" + format_value(mo->second) + " exceeds length of adapter " + a.sequence);
    }
    if (a.rightmost && (type != AdapterOption::Front || a.restriction != Restriction::None)) {
        return error("'rightmost' only allowed with regular 5' adapters");
    }
    return a;
}

// Applies the numeric and indel parameters over defaults (cutadapt's
// search_parameters.copy().update()); other keys are handled by the callers.
void apply_params(AdapterParams& p, const Params& given) {
    for (const auto& [key, v] : given) {
        if (key == "max_errors") {
            p.max_errors = v.number;
        } else if (key == "min_overlap") {
            p.min_overlap = static_cast<int>(v.number);
        } else if (key == "indels") {
            p.indels = v.truthy();
        }
    }
}

AdapterParams from_defaults(const SearchDefaults& d) {
    AdapterParams p;
    p.max_errors = d.max_errors;
    p.min_overlap = d.min_overlap;
    p.read_wildcards = d.read_wildcards;
    p.adapter_wildcards = d.adapter_wildcards;
    p.indels = d.indels;
    return p;
}

// Keys that cutadapt would pass on to an adapter constructor that does not
// accept them (a TypeError in cutadapt, which then exits with a traceback).
std::optional<Error> unexpected_keyword(const Params& params) {
    for (const char* key : {"anywhere", "required", "rightmost"}) {
        if (params.count(key)) {
            return Error::unhandled(std::string("SingleAdapter.__init__() got an unexpected keyword argument '") + key +
                                    "'");
        }
    }
    return std::nullopt;
}

std::variant<Adapter, Error> make_linked_adapter(std::string_view spec1, std::string_view spec2,
                                                 std::optional<std::string> name, AdapterOption type,
                                                 const AdapterParams& defaults, const Params& default_extra,
                                                 AdapterNamer& namer) {
    if (type == AdapterOption::Anywhere) return error("'anywhere' (-b) adapters may not be linked");
    auto f = parse_specification(spec1, AdapterOption::Front);
    if (auto* e = std::get_if<Error>(&f)) return *e;
    auto b = parse_specification(spec2, AdapterOption::Back);
    if (auto* e = std::get_if<Error>(&b)) return *e;
    auto& front_spec = std::get<AdapterSpecification>(f);
    auto& back_spec = std::get<AdapterSpecification>(b);
    if (!name) name = front_spec.name;

    const bool front_anchored = front_spec.restriction != Restriction::None;
    const bool back_anchored = back_spec.restriction != Restriction::None;
    bool front_required = type == AdapterOption::Front ? true : front_anchored;
    bool back_required = type == AdapterOption::Front ? true : back_anchored;

    Params front_extra = default_extra;
    for (const auto& kv : front_spec.parameters) front_extra[kv.first] = kv.second;
    Params back_extra = default_extra;
    for (const auto& kv : back_spec.parameters) back_extra[kv.first] = kv.second;
    if (auto it = front_extra.find("required"); it != front_extra.end()) {
        front_required = it->second.truthy();
        front_extra.erase(it);
    }
    if (auto it = back_extra.find("required"); it != back_extra.end()) {
        back_required = it->second.truthy();
        back_extra.erase(it);
    }
    if (auto e = unexpected_keyword(front_extra)) return *e;
    AdapterParams fp = defaults;
    apply_params(fp, front_extra);
    auto front = SingleAdapter::create(front_spec.kind(), front_spec.sequence, fp, "linked_front");
    if (auto* e = std::get_if<Error>(&front)) return *e;
    if (auto e = unexpected_keyword(back_extra)) return *e;
    AdapterParams bp = defaults;
    apply_params(bp, back_extra);
    auto back = SingleAdapter::create(back_spec.kind(), back_spec.sequence, bp, "linked_back");
    if (auto* e = std::get_if<Error>(&back)) return *e;
    std::string final_name = name ? *name : namer.next();
    return Adapter(std::get<SingleAdapter>(std::move(front)), std::get<SingleAdapter>(std::move(back)), front_required,
                   back_required, std::move(final_name));
}

std::variant<Adapter, Error> make_not_linked_adapter(std::string_view spec, std::optional<std::string> name,
                                                     AdapterOption type, const AdapterParams& defaults,
                                                     const Params& default_extra, AdapterNamer& namer) {
    auto parsed = parse_specification(spec, type);
    if (auto* e = std::get_if<Error>(&parsed)) return *e;
    auto& aspec = std::get<AdapterSpecification>(parsed);
    const AdapterKind kind = aspec.kind();
    Params extra = default_extra;
    bool force_anywhere = false;
    if (auto it = aspec.parameters.find("anywhere"); it != aspec.parameters.end()) {
        force_anywhere = it->second.truthy() && (kind == AdapterKind::Front || kind == AdapterKind::Back ||
                                                 kind == AdapterKind::RightmostFront);
        aspec.parameters.erase(it);
    }
    if (aspec.parameters.count("required")) {
        return error("'required' and 'optional' can only be used within linked adapters");
    }
    for (const auto& kv : aspec.parameters) extra[kv.first] = kv.second;
    if (auto e = unexpected_keyword(extra)) return *e;
    AdapterParams p = defaults;
    apply_params(p, extra);
    p.force_anywhere = force_anywhere;
    if (!name) name = aspec.name;
    std::string final_name = name ? *name : namer.next();
    auto single = SingleAdapter::create(kind, aspec.sequence, p, std::move(final_name));
    if (auto* e = std::get_if<Error>(&single)) return *e;
    return Adapter(std::get<SingleAdapter>(std::move(single)));
}

// cutadapt's make_adapter().
std::variant<Adapter, Error> make_adapter(std::string_view spec, AdapterOption type, const AdapterParams& defaults,
                                          const Params& default_extra, std::optional<std::string> name,
                                          AdapterNamer& namer) {
    auto p = partition(spec, "...");
    if (p.found && !p.head.empty() && !p.tail.empty()) {
        return make_linked_adapter(p.head, p.tail, std::move(name), type, defaults, default_extra, namer);
    }
    std::string_view single = p.head;
    if (p.found) {
        if (type == AdapterOption::Anywhere) {
            return error("No ellipsis (\"...\") allowed in \"anywhere\" adapters");
        }
        if (p.head.empty()) {
            if (type == AdapterOption::Back) {
                single = p.tail;
            } else {
                return error("Invalid adapter specification");
            }
        } else {
            // -a ADAPTER... is a 5' adapter; -g ADAPTER... stays one.
            type = AdapterOption::Front;
        }
    }
    return make_not_linked_adapter(single, std::move(name), type, defaults, default_extra, namer);
}

// dnaio's FastaReader over the file contents: (name or nullopt, sequence).
std::variant<std::vector<std::pair<std::optional<std::string>, std::string>>, Error> read_adapters_fasta(
    std::string_view text) {
    std::vector<std::pair<std::optional<std::string>, std::string>> records;
    std::optional<std::string> header;
    std::string seq;
    auto flush = [&]() {
        // header.split(None, 1)[0], or None when the header is blank
        std::string_view h = strip(*header);
        std::optional<std::string> name;
        if (!h.empty()) name = std::string(h.substr(0, h.find_first_of(kWhitespace)));
        records.emplace_back(std::move(name), std::move(seq));
        seq.clear();
    };
    std::size_t pos = 0;
    int line_index = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        line = strip(line);
        if (!line.empty()) {
            if (line[0] == '>') {
                if (header) flush();
                header = std::string(line.substr(1));
            } else if (line[0] == '#') {
                // comment
            } else if (header) {
                seq += line;
            } else {
                std::string shown(line);
                if (shown.size() > 100) shown = shown.substr(0, 97) + "...";
                return Error::unhandled("Error in FASTA file at line " + std::to_string(line_index + 1) +
                                        ": Expected '>' at beginning of record, but got '" + shown + "'.");
            }
        }
        ++line_index;
    }
    if (header) flush();
    return records;
}

}  // namespace

std::string invalid_character_file_hint(std::string_view spec) {
    return "A file exists named '" + std::string(spec) +
           "'. To use the sequences in that file as adapter sequences, write 'file:' before the "
           "path, as in 'file:" +
           std::string(spec) + "'.";
}

std::variant<std::string, Error> expand_braces(std::string_view sequence) {
    // Tokens of re.split("([{}])", sequence) without the empty ones.
    std::vector<std::string_view> tokens;
    std::size_t start = 0;
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        if (sequence[i] == '{' || sequence[i] == '}') {
            if (i > start) tokens.push_back(sequence.substr(start, i - start));
            tokens.push_back(sequence.substr(i, 1));
            start = i + 1;
        }
    }
    if (start < sequence.size()) tokens.push_back(sequence.substr(start));

    // States: kNone (start / after "}"), kText (after a character run),
    // kOpen (after "{"), kCount (after the number).
    enum { kNone, kText, kOpen, kCount } state = kNone;
    long long count = 0;
    std::string result;
    for (std::string_view s : tokens) {
        switch (state) {
            case kNone:
                if (s == "{") return error("\"{\" must be used after a character");
                if (s == "}") return error("\"}\" cannot be used here");
                result += s;
                state = kText;
                break;
            case kOpen: {
                auto n = python_int(s);
                if (!n) {
                    return error("invalid literal for int() with base 10: " + python_repr(s));
                }
                if (*n < 0 || *n > 10000) {
                    return error("Value " + std::to_string(*n) + " invalid");
                }
                count = *n;
                state = kCount;
                break;
            }
            case kCount: {
                if (s != "}") return error("\"}\" expected");
                const char last = result.back();
                result.pop_back();
                result.append(static_cast<std::size_t>(count), last);
                state = kNone;
                break;
            }
            case kText:
                if (s != "{") return error("Expected \"{\"");
                state = kOpen;
                break;
        }
    }
    if (state == kOpen || state == kCount) return error("Unterminated expression");
    return result;
}

AdaptersOrError parse_adapter_spec(std::string_view spec, AdapterOption option, const SearchDefaults& defaults,
                                   AdapterNamer& namer, const ReadFileFn& read_file) {
    std::vector<Adapter> adapters;
    const AdapterParams base = from_defaults(defaults);
    const bool is_file = spec.substr(0, 5) == "file:" || spec.substr(0, 6) == "^file:";
    if (!is_file) {
        auto a = make_adapter(spec, option, base, Params{}, std::nullopt, namer);
        if (auto* e = std::get_if<Error>(&a)) {
            if (e->kind == ErrorKind::InvalidCharacter) e->file = std::string(spec);
            return *e;
        }
        adapters.push_back(std::get<Adapter>(std::move(a)));
        return adapters;
    }
    std::string anchoring;
    if (spec.front() == '^') {
        spec.remove_prefix(1);
        anchoring = "^";
    }
    auto p = partition(spec.substr(5), ";");
    const std::string path(p.head);
    auto params = parse_search_parameters(p.tail);
    if (auto* e = std::get_if<Error>(&params)) return *e;
    const Params& given = std::get<Params>(params);
    AdapterParams file_defaults = base;
    apply_params(file_defaults, given);
    // Other keys become defaults that cutadapt passes on as keyword arguments.
    Params extra;
    for (const auto& kv : given) {
        if (kv.first != "max_errors" && kv.first != "min_overlap" && kv.first != "indels") {
            extra[kv.first] = kv.second;
        }
    }
    std::optional<std::string> contents = read_file ? read_file(path) : std::nullopt;
    if (!contents) {
        return Error::unhandled("[Errno 2] No such file or directory: " + python_repr(path));
    }
    auto records = read_adapters_fasta(*contents);
    if (auto* e = std::get_if<Error>(&records)) return *e;
    for (auto& [name, sequence] : std::get<0>(records)) {
        const std::string full = anchoring + sequence;
        auto a = make_adapter(full, option, file_defaults, extra, name, namer);
        if (auto* e = std::get_if<Error>(&a)) return *e;
        adapters.push_back(std::get<Adapter>(std::move(a)));
    }
    return adapters;
}

AdaptersOrError parse_adapter_specs(const std::vector<std::pair<AdapterOption, std::string>>& specs,
                                    const SearchDefaults& defaults, AdapterNamer& namer, const ReadFileFn& read_file) {
    std::vector<Adapter> all;
    for (const auto& [option, spec] : specs) {
        auto r = parse_adapter_spec(spec, option, defaults, namer, read_file);
        if (auto* e = std::get_if<Error>(&r)) return *e;
        for (Adapter& a : std::get<std::vector<Adapter>>(r)) all.push_back(std::move(a));
    }
    return all;
}

}  // namespace ringtrim::core
