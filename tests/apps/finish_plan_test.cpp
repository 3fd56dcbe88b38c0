// Tests of finish_plan (apps/ringtrim/finish_plan.cpp): the plan completed
// from what the opened input says, before anything runs, and its errors in
// cutadapt's order. finish_plan is pure, so every case is a plan and facts.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "apps/ringtrim/run.hpp"
#include "lib/chunk/unit_frame.hpp"

namespace {

namespace app = ringtrim::app;
namespace core = ringtrim::core;
namespace io = ringtrim::io;
using core::SeqFormat;

app::RunPlan plan_with(std::initializer_list<std::string> outputs) {
    app::RunPlan plan;
    plan.input1 = "in.fq";
    for (const auto& path : outputs) plan.pipeline.streams.push_back({path, SeqFormat::Fastq, true, true});
    return plan;
}

app::InputFacts facts(std::optional<SeqFormat> format, std::uint64_t first_bytes = 300) {
    app::InputFacts f;
    f.format = format;
    f.name1 = "in.fq";
    f.first_record_bytes = first_bytes;
    return f;
}

app::RunPlan finished(const app::RunPlan& plan, const app::InputFacts& f) {
    auto out = app::finish_plan(plan, f);
    if (auto* e = std::get_if<core::Error>(&out)) FAIL("unexpected failure: " << e->message);
    return std::get<app::RunPlan>(std::move(out));
}

core::Error failure(const app::RunPlan& plan, const app::InputFacts& f) {
    auto out = app::finish_plan(plan, f);
    REQUIRE(std::holds_alternative<core::Error>(out));
    return std::get<core::Error>(out);
}

}  // namespace

TEST_CASE("finish_plan: the input format and each stream's format and compression") {
    app::RunPlan plan = plan_with({"-", "out.fasta", "out.fasta.gz", "o.fq.zst"});
    plan.pipeline.streams.push_back({"info.txt", SeqFormat::Fastq, false, true});  // a text stream
    const app::RunPlan p = finished(plan, facts(SeqFormat::Fastq));
    CHECK(p.pipeline.input_format == SeqFormat::Fastq);
    // A plain name decides; a compressed name and standard output take the input's format.
    CHECK(p.pipeline.streams[0].format == SeqFormat::Fastq);
    CHECK(p.pipeline.streams[1].format == SeqFormat::Fasta);
    CHECK(p.pipeline.streams[2].format == SeqFormat::Fastq);
    REQUIRE(p.compression.size() == 5);
    CHECK(p.compression[0] == io::Compression::kNone);
    CHECK(p.compression[1] == io::Compression::kNone);
    CHECK(p.compression[2] == io::Compression::kGzip);
    CHECK(p.compression[3] == io::Compression::kZstd);
    CHECK(p.compression[4] == io::Compression::kNone);
}

TEST_CASE("finish_plan: --fasta forces FASTA where cutadapt passes it") {
    app::RunPlan plan = plan_with({"out.fastq", "short.fastq"});
    plan.pipeline.streams[1].fasta_flag = false;  // --too-short-output: the name decides
    plan.force_fasta = true;
    const app::RunPlan p = finished(plan, facts(SeqFormat::Fastq));
    CHECK(p.pipeline.streams[0].format == SeqFormat::Fasta);
    CHECK(p.pipeline.streams[1].format == SeqFormat::Fastq);
}

TEST_CASE("finish_plan: the compression unit comes from the first record alone") {
    app::RunPlan plan = plan_with({"-"});
    plan.buffer_size = 1000;
    const app::RunPlan small = finished(plan, facts(SeqFormat::Fastq, 300));
    plan.buffer_size = std::size_t{64} << 20;
    const app::RunPlan large = finished(plan, facts(SeqFormat::Fastq, 300));
    CHECK(small.unit_records == core::unit_records_for(300));
    CHECK(large.unit_records == small.unit_records);
    CHECK(finished(plan, facts(SeqFormat::Fastq, 0)).unit_records == core::unit_records_for(0));
}

TEST_CASE("finish_plan: an input that is neither FASTQ nor FASTA") {
    const core::Error e = failure(plan_with({"-"}), facts(std::nullopt));
    CHECK(e.kind == core::ErrorKind::Io);
    CHECK(e.file == "in.fq");
    CHECK(e.message.find("input file format not recognized") == 0);
}

TEST_CASE("finish_plan: FASTQ output from FASTA input") {
    const core::Error e = failure(plan_with({"-", "out.fastq"}), facts(SeqFormat::Fasta));
    CHECK(e.kind == core::ErrorKind::Io);
    CHECK(e.file == "out.fastq");
    CHECK(e.message == "Output format cannot be FASTQ since no quality values are available.");
    // Standard output and text streams take FASTA: no error.
    app::RunPlan ok = plan_with({"-"});
    ok.pipeline.streams.push_back({"info.fastq", SeqFormat::Fastq, false, true});
    CHECK(finished(ok, facts(SeqFormat::Fasta)).pipeline.streams[0].format == SeqFormat::Fasta);
}

TEST_CASE("finish_plan: quality trimming of FASTA input, unless the input is empty") {
    app::RunPlan plan = plan_with({"-"});
    core::Modifier q;
    q.kind = core::Modifier::Kind::QualityTrim;
    plan.pipeline.before[0].push_back(q);
    const core::Error e = failure(plan, facts(SeqFormat::Fasta));
    CHECK(e.kind == core::ErrorKind::Run);
    CHECK(e.message.find("Cannot do quality trimming when no qualities are available (in.fq is FASTA") == 0);
    CHECK(finished(plan, facts(SeqFormat::Fasta, 0)).pipeline.input_format == SeqFormat::Fasta);
    CHECK(finished(plan, facts(SeqFormat::Fastq)).pipeline.input_format == SeqFormat::Fastq);
}

TEST_CASE("finish_plan: errors in cutadapt's order") {
    app::RunPlan plan = plan_with({"out.fastq"});
    core::Modifier q;
    q.kind = core::Modifier::Kind::QualityTrim;
    plan.pipeline.before[0].push_back(q);
    app::InputFacts f = facts(SeqFormat::Fasta);
    f.read_error = core::Error::io("corrupt gzip data", "in.fq");
    // The output format is judged first, then the first record, then the qualities.
    CHECK(failure(plan, f).message.find("Output format cannot be FASTQ") == 0);
    plan.pipeline.streams[0].path = "out.fasta";
    CHECK(failure(plan, f).message == "corrupt gzip data");
    f.read_error.reset();
    CHECK(failure(plan, f).kind == core::ErrorKind::Run);
}
