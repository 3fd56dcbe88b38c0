// build_paired_pipeline(): the paired-end part of build_plan(), after
// cutadapt 4.2's pipeline_from_parsed_args() and open_output_files() for
// paired data: per-mate modifier lists, --pair-adapters, filters with
// --pair-filter, and the output streams (-o/-p, interleaved, untrimmed,
// too short/long, demultiplexing), --rename and the R1 rest, info and
// wildcard files.
#include <string>
#include <utility>
#include <vector>

#include "apps/ringtrim/poly_tail.hpp"
#include "apps/ringtrim/run.hpp"
#include "lib/trim/adapter_cutter.hpp"

namespace ringtrim::app {

namespace {

using core::Modifier;
using core::StreamPair;

std::string replace_all(std::string s, const std::string& what, const std::string& with) {
    for (std::size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
        s.replace(pos, what.size(), with);
    return s;
}

}  // namespace

std::optional<Failure> build_paired_pipeline(const CommandLine& args, RunPlan& plan,
                                             const std::vector<core::Adapter>& adapters2) {
    std::vector<core::Adapter> adapters1;
    if (plan.pipeline.adapter_cutter) adapters1 = plan.pipeline.adapter_cutter->adapters();

    core::PairedOptions p;
    p.interleaved_input = plan.mode.interleaved_input;
    p.mate_overlap = args.pe_overlap;
    const auto action = adapter_action(plan.mode.action);
    p.action = action;
    if (args.length2 && !args.length) return Failure{kLength2Unsupported, 2};

    // Modifiers, in cutadapt's order: -u (R1), -U (R2), --nextseq-trim, -q/-Q,
    // [--poly-g], adapters, then [--poly-x], -l, --trim-n for both mates.
    for (int c : args.cut)
        if (c != 0) p.before[0].push_back({Modifier::Kind::Cut, c, 0, 0});
    for (int c : args.cut2)
        if (c != 0) p.before[1].push_back({Modifier::Kind::Cut, c, 0, 0});
    // ringtrim's --poly-g / --poly-x (both mates) around the adapters; the
    // single-end plan already checked the options.
    const auto tails = std::get<PolyTailModifiers>(poly_tail_modifiers(args));
    for (int m = 0; m < 2; ++m) {
        if (args.nextseq_trim) p.before[m].push_back({Modifier::Kind::NextseqTrim, *args.nextseq_trim, 0, 0});
        const auto& cutoff = m == 0 ? plan.mode.quality_cutoff : plan.mode.quality_cutoff2;
        if (cutoff) p.before[m].push_back({Modifier::Kind::QualityTrim, 0, cutoff->front, cutoff->back});
        if (tails.poly_g) p.before[m].push_back(*tails.poly_g);
        // After the adapters, as single-end: --poly-x, then --poly-a (R1's
        // poly-A tail, R2's poly-T head; cutadapt 4.4).
        if (tails.poly_x) p.after[m].push_back(*tails.poly_x);
        if (args.poly_a) p.after[m].push_back({Modifier::Kind::PolyA, m, 0, 0});
        // -L (cutadapt 4.9) replaces -l for R2; -l alone still shortens both.
        const auto& length = m == 1 && args.length2 ? args.length2 : args.length;
        if (length) p.after[m].push_back({Modifier::Kind::Shorten, *length, 0, 0});
        if (args.trim_n) p.after[m].push_back({Modifier::Kind::TrimN, 0, 0, 0});
        if (args.length_tag) p.after[m].push_back({Modifier::Kind::LengthTag, 0, 0, 0, *args.length_tag});
        for (const auto& suffix : args.strip_suffix) p.after[m].push_back({Modifier::Kind::StripSuffix, 0, 0, 0, suffix});
        if (!args.prefix.empty() || !args.suffix.empty())
            p.after[m].push_back({Modifier::Kind::PrefixSuffix, 0, 0, 0, args.prefix, args.suffix});
        if (args.zero_cap) p.after[m].push_back({Modifier::Kind::ZeroCap, 0, 0, 0});
    }
    // --rename runs last, on both mates at once (cutadapt's PairedEndRenamer).
    if (args.rename && *args.rename != "{header}") p.rename = *args.rename;

    if (args.pair_adapters) {
        if (adapters1.size() != adapters2.size())
            return Failure{"--pair-adapters: The number of adapters to trim from R1 and R2 must be the same. Given: " +
                               std::to_string(adapters1.size()) + " for R1, " + std::to_string(adapters2.size()) +
                               " for R2",
                           2};
        if (adapters1.empty()) return Failure{"--pair-adapters: No adapters given", 2};
        for (const std::vector<core::Adapter>* adapters : {&std::as_const(adapters1), &adapters2}) {
            if (auto e = core::check_adapter_cutter_options(1, action, *adapters)) return Failure{*e, 2};
        }
        p.pair_adapters = true;
        p.adapters[0] = adapters1;
        p.adapters[1] = adapters2;
    } else {
        p.cutter[0] = plan.pipeline.adapter_cutter;
        if (!adapters2.empty()) {
            if (auto e = core::check_adapter_cutter_options(args.times, action, adapters2)) return Failure{*e, 2};
            p.cutter[1] = std::make_shared<const core::AdapterCutter>(adapters2, args.times, action, args.index);
        }
    }

    // Filters.
    if (plan.mode.minimum_length) {
        p.minimum_length[0] = plan.mode.minimum_length->first;
        p.minimum_length[1] = plan.mode.minimum_length->second;
    }
    if (plan.mode.maximum_length) {
        p.maximum_length[0] = plan.mode.maximum_length->first;
        p.maximum_length[1] = plan.mode.maximum_length->second;
    }
    p.max_n = args.max_n;
    p.max_expected_errors = args.max_expected_errors;
    p.max_average_error_rate = args.max_average_error_rate;
    p.discard_casava = args.discard_casava;
    p.discard_trimmed = args.discard_trimmed;
    p.discard_untrimmed = args.discard_untrimmed;
    const std::string mode = args.pair_filter.value_or("any");
    p.pair_filter = mode == "both"    ? core::PairFilterMode::Both
                    : mode == "first" ? core::PairFilterMode::First
                                      : core::PairFilterMode::Any;
    p.override_untrimmed_pair_filter =
        (adapters1.empty() || adapters2.empty()) &&
        (args.discard_untrimmed || args.untrimmed_output || args.untrimmed_paired_output);

    // Output streams.
    auto& streams = plan.pipeline.streams;
    streams.clear();
    auto add = [&streams](const std::string& path) {
        streams.push_back({path, core::SeqFormat::Fastq});
        return static_cast<int>(streams.size()) - 1;
    };
    // cutadapt opens the text files (written for R1 only) first.
    auto add_text = [&streams](const std::optional<std::string>& path, std::optional<int>& stream) {
        if (!path) return;
        streams.push_back({*path, core::SeqFormat::Fastq, false});
        stream = static_cast<int>(streams.size()) - 1;
    };
    add_text(args.rest_file, p.rest_stream);
    add_text(args.info_file, p.info_stream);
    add_text(args.info_file_paired, p.info_stream2);
    add_text(args.wildcard_file, p.wildcard_stream);
    auto add_pair = [&](const std::optional<std::string>& path1,
                        const std::optional<std::string>& path2) -> std::variant<StreamPair, Failure> {
        if (!path1 && path2)
            return Failure{"When giving paths for paired-end files, only providing the second file is not supported",
                           1};
        StreamPair s;
        if (path1) s.first = add(*path1);
        if (path2) s.second = add(*path2);
        return s;
    };
    if (plan.mode.minimum_length) {
        auto s = add_pair(args.too_short_output, args.too_short_paired_output);
        if (auto* f = std::get_if<Failure>(&s)) return *f;
        p.too_short = std::get<StreamPair>(s);
    }
    if (plan.mode.maximum_length) {
        auto s = add_pair(args.too_long_output, args.too_long_paired_output);
        if (auto* f = std::get_if<Failure>(&s)) return *f;
        p.too_long = std::get<StreamPair>(s);
    }

    const std::string output = args.output.value_or("-");
    std::vector<std::string> names1, names2;
    for (const auto& a : adapters1) names1.push_back(a.name());
    for (const auto& a : adapters2) names2.push_back(a.name());
    switch (plan.mode.demultiplex) {
        case DemultiplexMode::kNormal: {
            p.demultiplex = core::PairedDemultiplex::Normal;
            for (const auto& name : names1) {
                StreamPair s;
                s.first = add(replace_all(output, "{name}", name));
                if (args.paired_output) s.second = add(replace_all(*args.paired_output, "{name}", name));
                p.demultiplex_out.push_back(s);
            }
            if (!args.discard_untrimmed) {
                p.untrimmed.first = add(args.untrimmed_output.value_or(replace_all(output, "{name}", "unknown")));
                if (args.paired_output)
                    p.untrimmed.second = add(
                        args.untrimmed_paired_output.value_or(replace_all(*args.paired_output, "{name}", "unknown")));
            }
            break;
        }
        case DemultiplexMode::kCombinatorial: {
            p.demultiplex = core::PairedDemultiplex::Combinatorial;
            const std::size_t n1 = names1.size();
            const std::size_t n2 = names2.size();
            p.adapter_count2 = static_cast<int>(n2);
            p.demultiplex_out.assign((n1 + 1) * (n2 + 1), StreamPair{});
            // Index i = 0 stands for "no match" ("unknown" in file names).
            auto open = [&](std::size_t i1, std::size_t i2) {
                const std::string f1 = i1 == 0 ? "unknown" : names1[i1 - 1];
                const std::string f2 = i2 == 0 ? "unknown" : names2[i2 - 1];
                StreamPair s;
                s.first = add(replace_all(replace_all(output, "{name1}", f1), "{name2}", f2));
                s.second = add(replace_all(replace_all(*args.paired_output, "{name1}", f1), "{name2}", f2));
                p.demultiplex_out[i1 * (n2 + 1) + i2] = s;
            };
            for (std::size_t i1 = 1; i1 <= n1; ++i1)
                for (std::size_t i2 = 1; i2 <= n2; ++i2) open(i1, i2);
            if (!args.discard_untrimmed) {
                open(0, 0);
                for (std::size_t i2 = 1; i2 <= n2; ++i2) open(0, i2);
                for (std::size_t i1 = 1; i1 <= n1; ++i1) open(i1, 0);
            }
            break;
        }
        case DemultiplexMode::kNone: {
            auto u = add_pair(args.untrimmed_output, args.untrimmed_paired_output);
            if (auto* f = std::get_if<Failure>(&u)) return *f;
            p.untrimmed = std::get<StreamPair>(u);
            p.out.first = add(output);
            if (args.paired_output) p.out.second = add(*args.paired_output);
            break;
        }
    }
    plan.pipeline.main_stream = p.out.present() ? p.out.first : 0;
    plan.pipeline.modifiers.clear();
    plan.pipeline.adapter_cutter.reset();
    plan.output = output;
    plan.paired = std::move(p);
    return std::nullopt;
}

}  // namespace ringtrim::app
