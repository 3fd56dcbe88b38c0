#include "lib/pipeline/modifiers.hpp"

namespace ringtrim::core {

namespace {

// Python's str.split() whitespace for ASCII.
bool is_py_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || (c >= '\x1c' && c <= '\x1f');
}

std::string_view lookup(const RenameValues& v, std::string_view name) {
    if (name == "header") return v.header;
    if (name == "id") return v.id;
    if (name == "comment") return v.comment;
    if (name == "cut_prefix") return v.cut_prefix;
    if (name == "cut_suffix") return v.cut_suffix;
    if (name == "adapter_name") return v.adapter_name;
    if (name == "match_sequence") return v.match_sequence;
    if (name == "rc") return v.rc;
    if (name == "rn") return v.rn;
    return {};
}

void replace_all(std::string_view text, std::string_view from, std::string_view to, std::string& out) {
    std::size_t pos = 0;
    while (true) {
        const auto hit = text.find(from, pos);
        if (hit == std::string_view::npos) break;
        out += text.substr(pos, hit - pos);
        out += to;
        pos = hit + from.size();
    }
    out += text.substr(pos);
}

}  // namespace

LengthTagger::LengthTagger(std::string tag)
    : tag_(std::move(tag)), regex_("\\b" + tag_ + "[0-9]*\\b", std::regex::ECMAScript) {}

void LengthTagger::apply(Read& read) const {
    if (read.name.find(tag_) == std::string::npos) return;
    const std::string replacement = tag_ + std::to_string(read.sequence.size());
    std::string result;
    auto last = read.name.cbegin();
    for (std::sregex_iterator it(read.name.cbegin(), read.name.cend(), regex_), end; it != end; ++it) {
        result.append(last, (*it)[0].first);
        result += replacement;
        last = (*it)[0].second;
    }
    result.append(last, read.name.cend());
    read.name = std::move(result);
}

void strip_name_suffix(Read& read, std::string_view suffix) {
    if (suffix.empty()) {
        read.name.clear();
        return;
    }
    if (read.name.ends_with(suffix)) read.name.erase(read.name.size() - suffix.size());
}

void add_name_prefix_suffix(Read& read, std::string_view prefix, std::string_view suffix,
                            std::string_view adapter_name) {
    std::string name;
    replace_all(prefix, "{name}", adapter_name, name);
    name += read.name;
    replace_all(suffix, "{name}", adapter_name, name);
    read.name = std::move(name);
}

void cap_qualities_at_zero(Read& read, int quality_base) {
    const auto floor = static_cast<unsigned char>(quality_base);
    for (char& c : read.qualities)
        if (static_cast<unsigned char>(c) < floor) c = static_cast<char>(floor);
}

std::pair<std::string_view, std::string_view> parse_name(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size() && is_py_space(name[i])) ++i;
    std::size_t id_end = i;
    while (id_end < name.size() && !is_py_space(name[id_end])) ++id_end;
    std::size_t comment = id_end;
    while (comment < name.size() && is_py_space(name[comment])) ++comment;
    if (id_end == i || comment == name.size()) return {name, {}};
    return {name.substr(i, id_end - i), name.substr(comment)};
}

bool tokenize_template(std::string_view tmpl, std::vector<TemplateToken>& out) {
    out.clear();
    std::size_t pos = 0;
    while (pos < tmpl.size()) {
        const auto open = tmpl.find('{', pos);
        std::size_t close = std::string_view::npos;
        if (open != std::string_view::npos) close = tmpl.find('}', open);
        const std::size_t literal_end = close == std::string_view::npos ? tmpl.size() : open;
        if (literal_end > pos) {
            std::string_view literal = tmpl.substr(pos, literal_end - pos);
            if (literal.find_first_of("{}") != std::string_view::npos) return false;
            out.push_back({false, std::string(literal)});
        }
        if (close == std::string_view::npos) break;
        out.push_back({true, std::string(tmpl.substr(open + 1, close - open - 1))});
        pos = close + 1;
    }
    return true;
}

void render_template(const std::vector<TemplateToken>& tokens, const RenameValues& own, const RenameValues* r1,
                     const RenameValues* r2, std::string& out) {
    for (const auto& t : tokens) {
        if (!t.variable) {
            out += t.text;
            continue;
        }
        std::string_view name = t.text;
        if (r1 && name.starts_with("r1."))
            out += lookup(*r1, name.substr(3));
        else if (r2 && name.starts_with("r2."))
            out += lookup(*r2, name.substr(3));
        else
            out += lookup(own, name);
    }
}

}  // namespace ringtrim::core
