#include "lib/pipeline/text_outputs.hpp"

#include "lib/trim/adapter_cutter.hpp"

namespace ringtrim::core {

namespace {

std::string_view py_substr(std::string_view s, int start, int stop) {
    auto [a, b] = py_slice(static_cast<int>(s.size()), start, stop);
    return s.substr(static_cast<std::size_t>(a), static_cast<std::size_t>(b - a));
}

// One record of SingleMatch.get_info_records() on `current`.
void append_record(std::string_view name, std::string_view suffix, const SingleMatch& m, std::string_view adapter_name,
                   const Read& current, std::string_view rc, std::string& out) {
    const std::string_view seq = current.sequence;
    const std::string_view qual = current.qualities;
    const int n = static_cast<int>(seq.size());
    out += name;
    out += '\t';
    out += std::to_string(m.errors);
    out += '\t';
    out += std::to_string(m.rstart);
    out += '\t';
    out += std::to_string(m.rstop);
    out += '\t';
    out += py_substr(seq, 0, m.rstart);
    out += '\t';
    out += py_substr(seq, m.rstart, m.rstop);
    out += '\t';
    out += py_substr(seq, m.rstop, n);
    out += '\t';
    out += adapter_name;
    out += suffix;
    out += '\t';
    if (!qual.empty()) {
        out += py_substr(qual, 0, m.rstart);
        out += '\t';
        out += py_substr(qual, m.rstart, m.rstop);
        out += '\t';
        out += py_substr(qual, m.rstop, static_cast<int>(qual.size()));
    } else {
        out += "\t\t";
    }
    out += '\t';
    out += rc;
    out += '\n';
}

void trim_to(Read& r, const SingleMatch& m) {
    auto [a, b] = m.trimmed_interval(static_cast<int>(r.sequence.size()));
    const auto start = static_cast<std::size_t>(a);
    const auto len = static_cast<std::size_t>(b - a);
    r.sequence = r.sequence.substr(start, len);
    if (!r.qualities.empty()) r.qualities = r.qualities.substr(start, len);
}

}  // namespace

void append_info_records(const Read& read, const Read& original, const MatchInfo& info,
                         const std::vector<Adapter>& adapters, Read& scratch, std::string& out) {
    if (info.empty()) {
        out += read.name;
        out += "\t-1\t";
        out += read.sequence;
        out += '\t';
        out += read.qualities;
        out += '\n';
        return;
    }
    Read& current = scratch;
    if (info.is_rc.value_or(false)) {
        reverse_complement(original.sequence, current.sequence);
        current.qualities.assign(original.qualities.rbegin(), original.qualities.rend());
    } else {
        current.sequence = original.sequence;
        current.qualities = original.qualities;
    }
    const std::string_view rc = !info.is_rc ? "" : (*info.is_rc ? "1" : "0");
    for (std::size_t i = 0; i < info.size(); ++i) {
        const Match& match = info[i];
        const std::string& adapter_name = adapters[static_cast<std::size_t>(match.adapter)].name();
        if (!match.linked) {
            const SingleMatch& m = match.single();
            append_record(read.name, "", m, adapter_name, current, rc, out);
            trim_to(current, m);
            continue;
        }
        if (match.has_front) {
            append_record(read.name, ";1", match.front, adapter_name, current, rc, out);
            trim_to(current, match.front);
        }
        if (match.has_back) {
            append_record(read.name, ";2", match.back, adapter_name, current, rc, out);
            trim_to(current, match.back);
        }
    }
}

void append_rest_line(const Read& read, const MatchInfo& info, std::string& out) {
    if (info.empty()) return;
    const Match& match = info.back();
    const SingleMatch& m = match.single();
    const std::string_view rest = m.rest(match.has_front ? match.front_sequence() : match.back_sequence());
    if (rest.empty()) return;
    out += rest;
    out += ' ';
    out += read.name;
    out += '\n';
}

void append_wildcard_line(const Read& read, const MatchInfo& info, const std::vector<Adapter>& adapters,
                          std::string& out) {
    if (info.empty()) return;
    const Match& match = info.back();
    const SingleMatch& m = match.single();
    const Adapter& adapter = adapters[static_cast<std::size_t>(match.adapter)];
    const SingleAdapter& single = match.has_front || !match.linked ? adapter.single() : adapter.back_adapter();
    m.append_wildcards(match.has_front ? match.front_sequence() : match.back_sequence(), single.sequence(), out);
    out += ' ';
    out += read.name;
    out += '\n';
}

}  // namespace ringtrim::core
