#include "lib/trim/adapter_cutter.hpp"
#include "lib/trim/ascii_case.hpp"

#include <algorithm>

namespace ringtrim::core {

namespace {

char complement(char c) {
    switch (c) {
        case 'A': return 'T';
        case 'C': return 'G';
        case 'G': return 'C';
        case 'T': return 'A';
        case 'U': return 'A';
        case 'M': return 'K';
        case 'R': return 'Y';
        case 'W': return 'W';
        case 'S': return 'S';
        case 'Y': return 'R';
        case 'K': return 'M';
        case 'V': return 'B';
        case 'H': return 'D';
        case 'D': return 'H';
        case 'B': return 'V';
        case 'N': return 'N';
        case 'a': return 't';
        case 'c': return 'g';
        case 'g': return 'c';
        case 't': return 'a';
        case 'u': return 'a';
        case 'm': return 'k';
        case 'r': return 'y';
        case 'w': return 'w';
        case 's': return 's';
        case 'y': return 'r';
        case 'k': return 'm';
        case 'v': return 'b';
        case 'h': return 'd';
        case 'd': return 'h';
        case 'b': return 'v';
        case 'n': return 'n';
        default: return c;
    }
}

// Keeps [start, stop) of s in place.
void keep(std::string& s, int start, int stop) {
    s.erase(static_cast<std::size_t>(stop));
    s.erase(0, static_cast<std::size_t>(start));
}

void add_back_match(EndCounters& end, const SingleMatch& m, std::string_view seq) {
    end.add(m.removed_sequence_length(), m.errors);
    std::string_view base = m.adjacent_base(seq);
    end.add_adjacent_base(base.empty() ? '\0' : base.front());
}

}  // namespace

void reverse_complement(std::string_view sequence, std::string& out) {
    out.resize(sequence.size());
    std::transform(sequence.rbegin(), sequence.rend(), out.begin(), complement);
}

std::optional<std::string> check_adapter_cutter_options(int times, AdapterAction action) {
    if (action == AdapterAction::Retain && times > 1) {
        return "'retain' cannot be combined with times > 1";
    }
    if (action == AdapterAction::Crop && times > 1) {
        return "--action=crop cannot be combined with --times > 1 in ringtrim (what cutadapt 4.9 "
               "does then is not established)";
    }
    return std::nullopt;
}

std::optional<std::string> check_adapter_cutter_options(int times, AdapterAction action,
                                                        const std::vector<Adapter>& adapters) {
    if (auto error = check_adapter_cutter_options(times, action)) return error;
    if (action != AdapterAction::Crop) return std::nullopt;
    for (const Adapter& a : adapters) {
        if (a.is_linked()) {
            return "--action=crop cannot be used with linked adapters in ringtrim (what cutadapt "
                   "4.9 keeps of a linked match is not established): " +
                   a.sequence();
        }
    }
    return std::nullopt;
}

AdapterCutter::AdapterCutter(std::vector<Adapter> adapters, int times, AdapterAction action, bool use_index)
    : matcher_(std::move(adapters), use_index), times_(times), action_(action) {
    reset_statistics();
}

void AdapterCutter::enable_reverse_complement(bool add_rc_suffix) {
    revcomp_ = true;
    add_rc_suffix_ = add_rc_suffix;
}

void AdapterCutter::reset_statistics() {
    statistics_.resize(matcher_.adapters().size());
    for (AdapterCounters& s : statistics_) s.clear();
    with_adapters_ = 0;
    reverse_complemented_ = 0;
}

std::size_t AdapterCutter::match_and_trim(Read& read, MatchInfo& info) {
    if (action_ == AdapterAction::Lowercase) {
        std::transform(read.sequence.begin(), read.sequence.end(), read.sequence.begin(), ascii_upper);
    }
    const std::size_t first = info.size();
    // What the rounds so far left of read.sequence: [start, stop).
    int start = 0;
    int stop = static_cast<int>(read.sequence.size());
    for (int round = 0; round < times_; ++round) {
        std::string_view current = std::string_view(read.sequence).substr(start, stop - start);
        Match& m = info.append();
        if (!matcher_.match_to(current, m)) {
            info.pop_back();
            break;
        }
        m.sequence.assign(current);
        auto [a, b] = m.trimmed_interval(stop - start);
        stop = start + b;
        start += a;
    }
    const std::size_t n_matches = info.size() - first;
    if (n_matches == 0) return 0;

    const int n = static_cast<int>(read.sequence.size());
    const bool has_qualities = !read.qualities.empty();
    switch (action_) {
        case AdapterAction::Trim:
            keep(read.sequence, start, stop);
            if (has_qualities) keep(read.qualities, start, stop);
            break;
        case AdapterAction::Retain: {
            auto [s, e] = info.back().retained_adapter_interval();
            auto [a, b] = py_slice(n, s, e);
            keep(read.sequence, a, b);
            if (has_qualities) keep(read.qualities, a, b);
            break;
        }
        case AdapterAction::Crop: {
            // REQUIRES (check_adapter_cutter_options): one round, unlinked, so
            // the match was made against the whole read.
            const SingleMatch& m = info.back().single();
            auto [a, b] = py_slice(n, m.rstart, m.rstop);
            keep(read.sequence, a, b);
            if (has_qualities) keep(read.qualities, a, b);
            break;
        }
        case AdapterAction::Mask:
        case AdapterAction::Lowercase: {
            // cutadapt's remainder(matches): starts add up, the length is the last match's.
            int rs = 0;
            std::pair<int, int> last{0, 0};
            for (std::size_t i = first; i < info.size(); ++i) {
                last = info[i].remainder_interval();
                rs += last.first;
            }
            const int re = rs + (last.second - last.first);
            buffer_.clear();
            auto [a, b] = py_slice(n, rs, re);
            auto [pa, pb] = py_slice(n, 0, rs);
            auto [sa, sb] = py_slice(n, re, n);
            if (action_ == AdapterAction::Mask) {
                buffer_.append(static_cast<std::size_t>(std::max(rs, 0)), 'N');
                buffer_.append(read.sequence, a, b - a);
                buffer_.append(static_cast<std::size_t>(std::max(n - re, 0)), 'N');
            } else {
                for (int i = pa; i < pb; ++i) buffer_ += ascii_lower(read.sequence[i]);
                buffer_.append(read.sequence, a, b - a);  // already upper case
                for (int i = sa; i < sb; ++i) buffer_ += ascii_lower(read.sequence[i]);
            }
            read.sequence.swap(buffer_);
            break;
        }
        case AdapterAction::None: break;
    }
    return n_matches;
}

void AdapterCutter::count(const MatchInfo& info, std::size_t first, bool reverse_complemented) {
    if (info.size() == first) return;
    ++with_adapters_;
    for (std::size_t i = first; i < info.size(); ++i) {
        const Match& m = info[i];
        AdapterCounters& s = statistics_[m.adapter];
        if (m.has_front) s.front.add(m.front.removed_sequence_length(), m.front.errors);
        if (m.has_back) add_back_match(s.back, m.back, m.back_sequence());
        if (reverse_complemented) ++s.reverse_complemented;
    }
}

void AdapterCutter::apply(Read& read, MatchInfo& info) {
    if (!revcomp_) {
        const std::size_t first = info.size();
        match_and_trim(read, info);
        count(info, first, false);
        return;
    }
    reverse_read_.name.assign(read.name);
    reverse_complement(read.sequence, reverse_read_.sequence);
    reverse_read_.qualities.assign(read.qualities.rbegin(), read.qualities.rend());

    forward_info_.clear();
    reverse_info_.clear();
    match_and_trim(read, forward_info_);
    match_and_trim(reverse_read_, reverse_info_);
    int forward_score = 0;
    int reverse_score = 0;
    for (std::size_t i = 0; i < forward_info_.size(); ++i) forward_score += forward_info_[i].score();
    for (std::size_t i = 0; i < reverse_info_.size(); ++i) reverse_score += reverse_info_[i].score();
    const bool use_reverse = reverse_score > forward_score;
    const MatchInfo& chosen = use_reverse ? reverse_info_ : forward_info_;
    if (use_reverse) {
        ++reverse_complemented_;
        read.sequence.swap(reverse_read_.sequence);
        read.qualities.swap(reverse_read_.qualities);
        if (add_rc_suffix_) read.name += " rc";
    }
    info.is_rc = use_reverse;
    const std::size_t first = info.size();
    for (std::size_t i = 0; i < chosen.size(); ++i) info.append() = chosen[i];
    count(info, first, use_reverse);
}

void AdapterCutter::take_statistics(Stats& stats, int which_read, std::uint32_t first_adapter) {
    stats.with_adapters[static_cast<std::size_t>(which_read)] += with_adapters_;
    for (std::size_t i = 0; i < statistics_.size(); ++i)
        stats.add_adapter(which_read, first_adapter + static_cast<std::uint32_t>(i), statistics_[i]);
    if (revcomp_) stats.reverse_complemented += reverse_complemented_;
    reset_statistics();
}

void AdapterCutter::describe(StatsLayout& layout, int which_read) const {
    const auto which = static_cast<std::size_t>(which_read);
    layout.adapter_cutting[which] = true;
    if (revcomp_) layout.reverse_complement = true;
    for (const Adapter& a : adapters()) layout.adapters[which].push_back(a.describe_statistics());
}

}  // namespace ringtrim::core
