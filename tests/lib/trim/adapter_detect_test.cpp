// Tests for lib/trim/adapter_detect: kit counting, assembly of an adapter no
// kit lists, and the rejection of seeds that are not adapters.
#include "lib/trim/adapter_detect.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using ringtrim::core::detect_adapters;

namespace {

std::string random_bases(std::mt19937& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "ACGT"[std::uniform_int_distribution<int>(0, 3)(rng)];
    return s;
}

// `n` reads of `length`; every `every`-th read is a random insert of random
// length followed by `adapter` and random bases, the others random.
std::vector<std::string> reads_with(const std::string& adapter, int n, int length, int every, std::mt19937& rng) {
    std::vector<std::string> reads;
    for (int i = 0; i < n; ++i) {
        if (i % every == 0) {
            const int insert = std::uniform_int_distribution<int>(0, length - 12)(rng);
            std::string s = random_bases(rng, insert) + adapter;
            s += random_bases(rng, length);
            reads.push_back(s.substr(0, static_cast<std::size_t>(length)));
        } else {
            reads.push_back(random_bases(rng, length));
        }
    }
    return reads;
}

std::vector<std::string_view> views(const std::vector<std::string>& reads) { return {reads.begin(), reads.end()}; }

}  // namespace

TEST_CASE("detect_adapters counts the reads that contain a kit's probe", "[adapter_detect]") {
    std::mt19937 rng(1);
    const auto reads = reads_with("AGATCGGAAGAGCACACGTCTGAACTCCAGTCA", 1000, 100, 4, rng);
    const auto d = detect_adapters(views(reads));
    CHECK(d.reads == 1000);
    REQUIRE(!d.kits.empty());
    CHECK(d.kits.front().kit->probe == "AGATCGGAAGAG");
    // 250 reads carry the adapter; those with an insert over 88 hold fewer than 12 bases of it.
    CHECK(d.kits.front().reads > 200);
    CHECK(d.kits.front().reads <= 250);
    CHECK(d.assembled.sequence.starts_with("AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"));
    REQUIRE(d.assembled.kit != nullptr);
    CHECK(d.assembled.kit->probe == "AGATCGGAAGAG");
}

TEST_CASE("detect_adapters assembles an adapter that no kit lists", "[adapter_detect]") {
    std::mt19937 rng(2);
    const std::string adapter = "GTCAGCTTACGGATTCAGTACGCTAGGACTTCA";
    const auto reads = reads_with(adapter, 2000, 80, 10, rng);
    const auto d = detect_adapters(views(reads));
    CHECK(d.assembled.sequence == adapter);  // the random bases after it disagree
    CHECK(d.assembled.seed == adapter.substr(0, 12));
    CHECK(d.assembled.kit == nullptr);
    for (const auto& k : d.kits) CHECK(k.reads == 0);
}

TEST_CASE("detect_adapters rejects a sequence shared at every offset (not an adapter)", "[adapter_detect]") {
    // Windows of one 300-base "transcript": each k-mer is frequent, but the
    // reads agree leftwards until they run out, so no adapter start is seen.
    std::mt19937 rng(3);
    const std::string transcript = random_bases(rng, 300);
    std::vector<std::string> reads;
    for (int i = 0; i < 500; ++i)
        reads.push_back(
            transcript.substr(static_cast<std::size_t>(std::uniform_int_distribution<int>(0, 200)(rng)), 100));
    CHECK(detect_adapters(views(reads)).assembled.sequence.empty());
}

TEST_CASE("detect_adapters ignores low-complexity k-mers and empty input", "[adapter_detect]") {
    std::vector<std::string> reads(100, std::string(60, 'A'));
    const auto d = detect_adapters(views(reads));
    CHECK(d.assembled.sequence.empty());
    CHECK(d.kits.front().kit->probe == "AAAAAAAAAAAA");  // the poly-A entry
    CHECK(d.kits.front().reads == 100);
    CHECK(detect_adapters({}).assembled.sequence.empty());
}
