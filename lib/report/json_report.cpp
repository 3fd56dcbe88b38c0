#include "lib/report/json_report.hpp"

#include "lib/report/cycle_report.hpp"
#include "lib/report/detail/json_value.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <utility>
#include <variant>
#include <vector>

namespace ringtrim::core {

namespace {

using detail::dumps;
using detail::Json;
using report_detail::present;

Json end_json(const EndDescription& end, const EndCounters& end_counts, std::int64_t n, double gc_content) {
    Json error_lengths;
    if (end.allows_partial_matches) {
        Json::Array lengths;
        for (int length : report_detail::error_range_lengths(end.effective_length, end.max_error_rate))
            lengths.emplace_back(length);
        error_lengths = Json::array(std::move(lengths), true);
    }
    const auto bases = report_detail::adjacent_bases(end_counts);
    Json adjacent;
    if (bases.any) {
        adjacent = Json::object({{"A", end_counts.adjacent_bases[0]},
                                 {"C", end_counts.adjacent_bases[1]},
                                 {"G", end_counts.adjacent_bases[2]},
                                 {"T", end_counts.adjacent_bases[3]},
                                 {"", end_counts.adjacent_bases[4]}});
    }
    Json dominant;
    if (bases.warn_base) dominant = std::string(1, *bases.warn_base);
    Json::Array trimmed;
    for (const auto& row : report_detail::histogram_rows(end, end_counts, n, gc_content)) {
        Json::Array counts;
        for (auto c : row.error_counts) counts.emplace_back(c);
        trimmed.push_back(Json::object(
            {{"len", row.length}, {"expect", pyfmt::round1(row.expect)}, {"counts", Json::array(std::move(counts))}},
            true));
    }
    return Json::object({
        {"type", end.adapter_type},
        {"sequence", end.sequence},
        {"error_rate", end.max_error_rate},
        {"indels", end.indels},
        {"error_lengths", error_lengths},
        {"matches", end_counts.total()},
        {"adjacent_bases", adjacent},
        {"dominant_adjacent_base", dominant},
        {"trimmed_lengths", Json::array(std::move(trimmed))},
    });
}

Json adapter_json(const Stats& stats, const AdapterDescription& a, const AdapterCounters& c, double gc_content) {
    std::int64_t total = 0;
    Json five;
    Json three;
    if (a.has_front()) {
        five = end_json(a.front, c.front, stats.n, gc_content);
        total += c.front.total();
    }
    if (a.has_back()) {
        three = end_json(a.back, c.back, stats.n, gc_content);
        total += c.back.total();
    }
    Json on_reverse_complement;
    if (stats.reverse_complemented != 0) on_reverse_complement = c.reverse_complemented;
    return Json::object({
        {"name", a.name},
        {"total_matches", total},
        {"on_reverse_complement", on_reverse_complement},
        {"linked", a.kind == AdapterStatsKind::Linked},
        {"five_prime_end", five},
        {"three_prime_end", three},
    });
}

// Every adapter of read `which`, in the layout's order.
Json::Array adapters_json(const StatsLayout& layout, const Stats& stats, int which, double gc_content) {
    Json::Array list;
    const auto& adapters = layout.adapters[static_cast<std::size_t>(which)];
    for (std::size_t i = 0; i < adapters.size(); ++i)
        list.push_back(
            adapter_json(stats, adapters[i], stats.adapter(which, static_cast<std::uint32_t>(i)), gc_content));
    return list;
}

// ringtrim's --poly-g / --poly-x fields, only for the options given:
// read_counts gets "read1_with_poly_g" and "read2_with_poly_g" after
// "read2_with_adapter"; basepair_counts gets "poly_g_trimmed",
// "poly_g_trimmed_read1" and "poly_g_trimmed_read2" after
// "quality_trimmed_read2" (likewise poly_x). read2 fields are null for
// single-end runs, as cutadapt's read2 fields are. --pe-overlap adds
// "pairs_overlap_trimmed" and "overlap_trimmed", "overlap_trimmed_read1",
// "overlap_trimmed_read2" after those.
void add_poly_tail_fields(const StatsLayout& layout, const Stats& stats, Json& report) {
    auto& fields = std::get<Json::Object>(report.value);
    auto find = [](Json::Object& object, std::string_view key) -> Json::Object& {
        for (auto& [k, v] : object)
            if (k == key) return std::get<Json::Object>(v.value);
        return object;
    };
    auto insert_after = [](Json::Object& object, std::string_view key, std::string name, Json value) {
        auto it = object.begin();
        while (it != object.end() && it->first != key) ++it;
        if (it != object.end()) ++it;
        return object.insert(it, {std::move(name), std::move(value)})->first;
    };
    auto& reads = find(fields, "read_counts");
    auto& bases = find(fields, "basepair_counts");
    std::string read_key = "read2_with_adapter";
    std::string base_key = "quality_trimmed_read2";
    constexpr std::array<std::string_view, kPolyTailCount> kKeys = {"poly_g", "poly_x"};
    for (std::size_t t = 0; t < kPolyTailCount; ++t) {
        const auto& on = layout.poly_tail[t];
        if (!on[0] && !on[1]) continue;
        const auto& n = stats.poly_trimmed_reads[t];
        const auto& bp = stats.poly_trimmed_bp[t];
        const std::string key(kKeys[t]);
        read_key = insert_after(reads, read_key, "read1_with_" + key, present(on[0], n[0]));
        read_key = insert_after(reads, read_key, "read2_with_" + key, layout.paired ? present(on[1], n[1]) : Json());
        base_key = insert_after(bases, base_key, key + "_trimmed", bp[0] + bp[1]);
        base_key = insert_after(bases, base_key, key + "_trimmed_read1", present(on[0], bp[0]));
        base_key =
            insert_after(bases, base_key, key + "_trimmed_read2", layout.paired ? present(on[1], bp[1]) : Json());
    }
    if (layout.overlap_trimming) {
        insert_after(reads, read_key, "pairs_overlap_trimmed", stats.overlap_trimmed_pairs);
        base_key =
            insert_after(bases, base_key, "overlap_trimmed", stats.overlap_trimmed_bp[0] + stats.overlap_trimmed_bp[1]);
        base_key = insert_after(bases, base_key, "overlap_trimmed_read1", stats.overlap_trimmed_bp[0]);
        insert_after(bases, base_key, "overlap_trimmed_read2", stats.overlap_trimmed_bp[1]);
    }
}

}  // namespace

std::string json_report(const StatsLayout& layout, const Stats& stats, const ReportContext& ctx) {
    const bool paired = layout.paired;
    Json::Array args;
    for (const auto& arg : ctx.command_line_args) args.emplace_back(arg);
    Json::Object filtered;
    for (std::size_t f = 0; f < kFilterCount; ++f)
        filtered.emplace_back(std::string(filter_key(static_cast<FilterName>(f))),
                              present(layout.filters[f], stats.filtered[f]));
    const auto written_bp = stats.written_bp();
    Json::Array adapters1 = adapters_json(layout, stats, 0, ctx.gc_content);
    Json adapters2;
    if (paired) adapters2 = Json::array(adapters_json(layout, stats, 1, ctx.gc_content));
    auto if_paired = [paired](Json j) { return paired ? j : Json(); };
    Json path2;
    if (ctx.input_path2) path2 = *ctx.input_path2;

    Json report = Json::object({
        {"tag", "Cutadapt report"},
        {"schema_version", Json::array({0, ctx.cutadapt == CutadaptVersion::k4_2 ? 1 : 3}, true)},
        {"cutadapt_version", std::string(version_string(ctx.cutadapt))},
        {"ringtrim_version", ctx.ringtrim_version},
        {"python_version", Json()},
        {"command_line_arguments", Json::array(std::move(args))},
        {"cores", ctx.cores},
        {"input", Json::object({{"path1", ctx.input_path1}, {"path2", path2}, {"paired", ctx.paired}})},
        {"read_counts",
         Json::object({
             {"input", stats.n},
             {"filtered", Json::object(std::move(filtered))},
             {"output", stats.written_reads()},
             {"reverse_complemented", present(layout.reverse_complement, stats.reverse_complemented)},
             {"read1_with_adapter", present(layout.adapter_cutting[0], stats.with_adapters[0])},
             {"read2_with_adapter", if_paired(present(layout.adapter_cutting[1], stats.with_adapters[1]))},
         })},
        {"basepair_counts",
         Json::object({
             {"input", stats.total()},
             {"input_read1", stats.total_bp[0]},
             {"input_read2", if_paired(stats.total_bp[1])},
             {"quality_trimmed",
              present(layout.any_quality_trimming(), stats.quality_trimmed_bp[0] + stats.quality_trimmed_bp[1])},
             {"quality_trimmed_read1", present(layout.quality_trimming[0], stats.quality_trimmed_bp[0])},
             {"quality_trimmed_read2", present(layout.quality_trimming[1], stats.quality_trimmed_bp[1])},
             {"output", written_bp[0] + written_bp[1]},
             {"output_read1", written_bp[0]},
             {"output_read2", if_paired(written_bp[1])},
         })},
        {"adapters_read1", Json::array(std::move(adapters1))},
        {"adapters_read2", adapters2},
    });
    add_poly_tail_fields(layout, stats, report);
    if (layout.any_poly_a() || ctx.cutadapt == CutadaptVersion::k5_2) {
        // cutadapt 4.4+ (--poly-a): three basepair counts after the quality
        // ones, and the length histograms at the end; 5.2 writes them (null)
        // without --poly-a too, 4.2 never.
        auto& fields = std::get<Json::Object>(report.value);
        for (auto& [key, value] : fields) {
            if (key != "basepair_counts") continue;
            auto& counts = std::get<Json::Object>(value.value);
            auto at = counts.begin() + 6;  // after "quality_trimmed_read2"
            const std::array<std::int64_t, 2> bp = {stats.poly_a_lengths[0].total_length(),
                                                    stats.poly_a_lengths[1].total_length()};
            at = counts.insert(at, {"poly_a_trimmed", present(layout.any_poly_a(), bp[0] + bp[1])}) + 1;
            at = counts.insert(at, {"poly_a_trimmed_read1", Json(present(layout.poly_a[0], bp[0]))}) + 1;
            counts.insert(at, {"poly_a_trimmed_read2", Json(present(layout.poly_a[1], bp[1]))});
        }
        for (int which = 0; which < 2; ++which) {
            const auto mate = static_cast<std::size_t>(which);
            Json list;
            if (layout.poly_a[mate]) {
                Json::Array rows;
                for (const auto& [length, count] : stats.poly_a_lengths[mate].entries())
                    rows.push_back(Json::object({{"len", static_cast<std::int64_t>(length)}, {"count", count}}, true));
                list = Json::array(std::move(rows));
            }
            fields.push_back({which == 0 ? "poly_a_trimmed_read1" : "poly_a_trimmed_read2", std::move(list)});
        }
    }
    if (ctx.quarantined_reads) {
        // After "ringtrim_version"; cutadapt's own keys keep their order.
        auto& fields = std::get<Json::Object>(report.value);
        fields.insert(fields.begin() + 4,
                      {"quarantined_reads", Json(static_cast<std::int64_t>(*ctx.quarantined_reads))});
    }
    if (ctx.cycle_statistics) {
        // --html: ringtrim's per-cycle statistics, last (cycle_report.hpp).
        std::get<Json::Object>(report.value).push_back({"ringtrim", cycle_stats_json(layout, stats.cycles)});
    }
    return dumps(report) + "\n";
}

}  // namespace ringtrim::core
