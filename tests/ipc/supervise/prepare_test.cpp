// Raw chunks on the ring (ProducedChunk::prepare): a worker prepares the
// slot's raw bytes, the parent finishes the chunk in seq order, and only then
// does a worker process it. The toy here stands for BGZF input: the raw bytes
// are the data with every byte plus one, cut anywhere (mid-line), so the
// finisher must carry each chunk's last partial line over to the next one;
// some chunks are plain ones, which the producer may place only after every
// raw chunk before them is finished (ProduceResult::wait()).
#include <catch2/catch.hpp>
#include <csignal>
#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "ipc/run/run.hpp"
#include "tests/ipc/supervise/toy_run.hpp"

namespace ringtrim::ipc {
namespace {

constexpr ChunkTag kToyRaw{7};
// The prepared bytes start this far after the raw ones: room for the carry.
constexpr std::size_t kGap = 256;

struct ToyReader {
    std::string data;
    std::size_t pos = 0;
    std::mt19937 rng{99};
    std::size_t max_raw = 300;
    int plain_every = 0;            // every Nth chunk is plain (0: none)
    std::uint64_t large_every = 0;  // every Nth finished chunk comes back large (0: none)
    long fail_finish_at = -1;       // the finisher fails this seq
    long fail_produce_at = -1;      // the producer fails this call
    std::deque<bool> pending;       // raw chunks placed, not finished: final?
    std::string carry;
    std::uint64_t placed = 0;
    long calls = 0;
    std::uint64_t next_finish = 0;  // the seq the finisher must see next
    std::string order_error;        // set when the finisher sees seqs out of order

    std::uint64_t lines_in(std::string_view s) const {
        std::uint64_t n = 0;
        for (char c : s) n += c == '\n';
        return n;
    }

    ProduceResult produce(char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
        if (calls++ == fail_produce_at) return ProduceResult::fail("producer error", true);
        const bool plain = plain_every > 0 && placed % static_cast<std::uint64_t>(plain_every) ==
                                                  static_cast<std::uint64_t>(plain_every) - 1;
        if (plain && !pending.empty()) return ProduceResult::wait();
        // The chunk that took the last bytes was final: it left no carry.
        if (pos == data.size()) return ProduceResult::end();
        if (plain) {
            std::string bytes = carry + data.substr(pos, cap - carry.size());
            pos += bytes.size() - carry.size();
            std::size_t keep = bytes.size();
            if (pos < data.size()) keep = bytes.rfind('\n') + 1;  // lines are far shorter than cap
            pos -= bytes.size() - keep;
            std::memcpy(buf[0], bytes.data(), keep);
            chunk.len[0] = keep;
            chunk.records = chunk.lines = lines_in(bytes.substr(0, keep));
            carry.clear();
            ++placed;
            return ProduceResult::chunk();
        }
        const std::size_t n = std::min(data.size() - pos, 1 + rng() % max_raw);
        for (std::size_t k = 0; k < n; ++k) buf[0][k] = static_cast<char>(data[pos + k] + 1);
        pos += n;
        chunk.len[0] = n;
        chunk.prepare = true;
        chunk.encoding = kToyRaw;
        pending.push_back(pos == data.size());
        ++placed;
        return ProduceResult::chunk();
    }

    ProduceResult finish(std::uint64_t seq, char* const buf[2], const ProducedChunk& prepared, ProducedChunk& chunk) {
        if (seq < next_finish || pending.empty()) order_error = "finished out of order: " + std::to_string(seq);
        next_finish = seq + 1;
        if (static_cast<long>(seq) == fail_finish_at)
            return ProduceResult::fail("finisher error at chunk " + std::to_string(seq), true);
        const bool final = pending.front();
        pending.pop_front();
        const std::size_t start = prepared.offset[0] - carry.size();
        std::memcpy(buf[0] + start, carry.data(), carry.size());
        const std::string_view all(buf[0] + start, carry.size() + prepared.len[0]);
        const std::size_t nl = all.rfind('\n');
        const std::size_t keep = final ? all.size() : nl == std::string_view::npos ? 0 : nl + 1;
        if (large_every != 0 && seq % large_every == large_every - 1) {
            chunk.large = true;
            chunk.large_bytes[0].assign(all.substr(0, keep));
        } else {
            chunk.offset[0] = start;
        }
        chunk.len[0] = keep;
        chunk.records = chunk.lines = lines_in(all.substr(0, keep));
        carry.assign(all.substr(keep));
        return ProduceResult::chunk();
    }
};

struct PrepareFaults {
    std::uint64_t error_seq = UINT64_MAX;  // the preparer reports an input error
    std::uint64_t crash_seq = UINT64_MAX;  // the preparer crashes (always, or once with `marker`)
    std::string marker;
};

Preparer toy_preparer(PrepareFaults f) {
    return [f](const ChunkInput& raw, char* const buf[2], std::size_t, ProducedChunk& out) {
        if (raw.encoding != kToyRaw) throw std::runtime_error("wrong encoding");
        if (raw.seq == f.crash_seq) {
            const int fd = f.marker.empty() ? 0 : ::open(f.marker.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
            if (fd >= 0) {
                if (fd > 0) ::close(fd);
                ::raise(SIGKILL);
            }
        }
        if (raw.seq == f.error_seq) return ProduceResult::fail("bad raw chunk " + std::to_string(raw.seq));
        const std::size_t n = raw.bytes[0].size();
        out.offset[0] = n + kGap;
        out.len[0] = n;
        for (std::size_t k = 0; k < n; ++k) buf[0][n + kGap + k] = static_cast<char>(raw.bytes[0][k] - 1);
        return ProduceResult::chunk();
    };
}

struct PrepareRun {
    toy::ToyRun run;
    std::string order_error;
};

PrepareRun run_prepared(RunConfig config, Transport t, const std::shared_ptr<ToyReader>& reader,
                        PrepareFaults faults = {}, toy::Faults processor_faults = {}) {
    auto steps = std::make_shared<PrepareSteps>();
    steps->make_preparer = [faults] { return toy_preparer(faults); };
    steps->finisher = [reader](std::uint64_t seq, char* const buf[2], std::size_t, const ProducedChunk& prepared,
                               ProducedChunk& chunk) { return reader->finish(seq, buf, prepared, chunk); };
    config.prepare = steps;
    auto producer = [reader](char* const buf[2], std::size_t cap, ProducedChunk& chunk) {
        return reader->produce(buf, cap, chunk);
    };
    PrepareRun r;
    r.run = toy::run_toy(config, t, producer, processor_faults);
    r.order_error = reader->order_error;
    return r;
}

std::shared_ptr<ToyReader> toy_reader(const std::string& data, int plain_every = 0) {
    auto r = std::make_shared<ToyReader>();
    r->data = data;
    r->plain_every = plain_every;
    return r;
}

TEST_CASE("prepare: raw chunks give the input's output for any workers, slots and mix", "[run][prepare]") {
    const std::string data = toy::make_lines(3000, 21);
    const int workers = GENERATE(1, 2, 4);
    const int slots = GENERATE(2, 3, 0);
    const int plain_every = GENERATE(0, 3);
    auto reader = toy_reader(data, plain_every);
    reader->large_every = 5;
    RunConfig c = toy::config_for(workers, 4096);
    c.slots = slots;
    const PrepareRun r = run_prepared(c, Transport::kRing, reader);
    INFO("workers " << workers << ", slots " << slots << ", plain every " << plain_every << ": " << r.run.result.error);
    REQUIRE(r.run.result.ok);
    CHECK(r.order_error.empty());
    CHECK(reader->pending.empty());
    CHECK(r.run.outputs[0] == toy::upper(data));
    CHECK(r.run.outputs[1] == toy::doubled(data));
    CHECK(r.run.result.records_written == 3000);
    CHECK(r.run.result.result_blob == "3000 " + std::to_string(r.run.result.chunks));
    CHECK(r.run.result.chunks > 50);
    CHECK(toy::our_shm_names().empty());
    CHECK(toy::no_children_left());
}

TEST_CASE("prepare: a worker killed while preparing is replaced and the output is identical", "[run][prepare]") {
    const std::string data = toy::make_lines(2000, 5);
    const std::string dir = toy::make_temp_dir();
    PrepareFaults f;
    f.crash_seq = 4;
    f.marker = dir + "/crashed";
    const PrepareRun r = run_prepared(toy::config_for(2, 4096), Transport::kRing, toy_reader(data, 4), f);
    const bool crashed = ::access(f.marker.c_str(), F_OK) == 0;
    ::unlink(f.marker.c_str());
    toy::remove_dir(dir);
    INFO(r.run.result.error);
    REQUIRE(r.run.result.ok);
    CHECK(crashed);
    CHECK(r.run.result.worker_crashes == 1);
    CHECK(r.run.result.retried_chunks == 1);
    CHECK(r.run.outputs[0] == toy::upper(data));
    CHECK(toy::no_children_left());
}

TEST_CASE("prepare: a chunk that kills every worker while preparing fails the run, never hangs",
          "[run][prepare][crash]") {
    const std::string data = toy::make_lines(2000, 6);
    PrepareFaults f;
    f.crash_seq = 3;
    RunConfig c = toy::config_for(2, 4096);
    c.max_retries = 1;
    c.input_label = "toy.fq";
    bool asked = false;
    c.quarantine = [&asked](const ChunkInput&) {
        asked = true;
        return Status();
    };
    const PrepareRun r = run_prepared(c, Transport::kRing, toy_reader(data), f);
    REQUIRE_FALSE(r.run.result.ok);
    CHECK(r.run.result.exit_code == 1);
    CHECK_THAT(r.run.result.error, Catch::Contains("toy.fq: chunk 4 of the input crashed 2 worker processes") &&
                                       Catch::Contains("while being prepared"));
    CHECK_FALSE(asked);  // its records are unknown: it cannot be set aside
    CHECK(r.run.consumer_aborted);
    CHECK(toy::our_shm_names().empty());
    CHECK(toy::no_children_left());
}

TEST_CASE("prepare: errors are reported in seq order, whichever step has them", "[run][prepare][errors]") {
    const std::string data = toy::make_lines(3000, 8);
    SECTION("the preparer's") {
        PrepareFaults f;
        f.error_seq = 6;
        const PrepareRun r = run_prepared(toy::config_for(3, 4096), Transport::kRing, toy_reader(data, 4), f);
        REQUIRE_FALSE(r.run.result.ok);
        CHECK(r.run.result.error == "bad raw chunk 6");
        CHECK(r.run.result.input_error);
    }
    SECTION("an earlier chunk's processing error wins over a later preparer error") {
        PrepareFaults f;
        f.error_seq = 9;
        toy::Faults pf;
        pf.error_seqs = {5};
        const PrepareRun r = run_prepared(toy::config_for(3, 4096), Transport::kRing, toy_reader(data), f, pf);
        REQUIRE_FALSE(r.run.result.ok);
        CHECK_THAT(r.run.result.error, Catch::StartsWith("bad chunk 5 at record"));
    }
    SECTION("the finisher's; chunks placed after it are never finished") {
        auto reader = toy_reader(data);
        reader->fail_finish_at = 7;
        const PrepareRun r = run_prepared(toy::config_for(2, 4096), Transport::kRing, reader);
        REQUIRE_FALSE(r.run.result.ok);
        CHECK(r.run.result.error == "finisher error at chunk 7");
        CHECK(reader->next_finish == 8);
        CHECK(r.order_error.empty());
    }
    SECTION("the producer's, after raw chunks that still wait: those are written first") {
        auto reader = toy_reader(data);
        reader->fail_produce_at = 12;
        const PrepareRun r = run_prepared(toy::config_for(2, 4096), Transport::kRing, reader);
        REQUIRE_FALSE(r.run.result.ok);
        CHECK(r.run.result.error == "producer error");
        CHECK(reader->next_finish == 12);  // all twelve raw chunks before it were finished
    }
    CHECK(toy::our_shm_names().empty());
    CHECK(toy::no_children_left());
}

TEST_CASE("prepare: the transports that do not prepare refuse raw chunks clearly", "[run][prepare][errors]") {
    const Transport t = GENERATE(Transport::kQueue, Transport::kSerial);
    const PrepareRun r = run_prepared(toy::config_for(2, 4096), t, toy_reader(toy::make_lines(500, 1)));
    INFO(transport_name(t));
    REQUIRE_FALSE(r.run.result.ok);
    CHECK_THAT(r.run.result.error, Catch::Contains("only the ring transport prepares"));
    CHECK(toy::no_children_left());
}

}  // namespace
}  // namespace ringtrim::ipc
