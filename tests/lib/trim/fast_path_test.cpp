// Differential tests of every fast path that skips an alignment (the
// Aligner's early rejection, forwards and backwards, the traced DP, and the
// shared k-mer index of MultipleAdapters) against the plain full DP, on random reads,
// adapters and parameters. A fast path may only change the speed.
//
// The number of random cases per test is 10^5 by default (a few seconds);
// RINGTRIM_FAST_PATH_CASES overrides it (the fast_path_10m benchmark target
// runs 10^7).
#include <catch2/catch.hpp>

#include <array>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "lib/trim/adapter_spec.hpp"
#include "lib/trim/adapters.hpp"
#include "lib/trim/align.hpp"
#include "tests/lib/trim/alignment_text.hpp"
#include "lib/trim/kmer_index.hpp"

using namespace ringtrim::core;

using ringtrim::core::testing::show;

namespace {

long case_count() {
    const char* env = std::getenv("RINGTRIM_FAST_PATH_CASES");
    return env != nullptr ? std::atol(env) : 100000;
}

std::string show(bool found, const Match& m) {
    if (!found) return "None";
    std::ostringstream out;
    out << m.adapter << (m.linked ? " linked" : "");
    for (const auto& [has, s] : {std::pair{m.has_front, m.front}, std::pair{m.has_back, m.back}}) {
        if (!has) {
            out << " -";
            continue;
        }
        out << ' ' << s.astart << ',' << s.astop << ',' << s.rstart << ',' << s.rstop << ',' << s.score << ','
            << s.errors << ',' << s.remove_before << ',' << s.offset;
    }
    return out.str();
}

// Random sequences, adapters and mutated adapter copies.
class Generator {
public:
    explicit Generator(unsigned seed) : rng_(seed) {}

    int below(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
    bool chance(int one_in) { return below(one_in) == 0; }

    std::string adapter() {
        // Mostly ACGT (indexable); some IUPAC codes, some low-complexity ones.
        const int length = chance(20) ? 50 + below(30) : 1 + below(chance(3) ? 12 : 40);
        const bool iupac = chance(5);
        const bool repeat = chance(8);
        std::string s;
        for (int i = 0; i < length; ++i) {
            if (repeat && i >= 2) {
                s += s[i - 2];
            } else if (iupac && chance(5)) {
                s += "NRYNSWKMBDHV"[below(12)];
            } else {
                s += "ACGT"[below(4)];
            }
        }
        return s;
    }

    // A copy of `part` with random substitutions, insertions and deletions
    // (rate about 1 in `one_in`); IUPAC codes become a matching base.
    std::string mutate(std::string part, int one_in) {
        std::string out;
        for (char c : part) {
            if (std::string_view("ACGT").find(c) == std::string_view::npos) c = "ACGT"[below(4)];
            if (chance(one_in)) {
                switch (below(3)) {
                    case 0: out += "ACGT"[below(4)]; break;  // substitution
                    case 1:
                        out += c;
                        out += "ACGT"[below(4)];
                        break;       // insertion
                    default: break;  // deletion
                }
                continue;
            }
            out += chance(30) ? static_cast<char>(c + 32) : c;  // lower case
        }
        return out;
    }

    std::string background(int length) {
        std::string s;
        for (int i = 0; i < length; ++i) {
            s += chance(50) ? "Nnacgt"[below(6)] : "ACGT"[below(4)];
        }
        return s;
    }

    // A read holding nothing, a whole copy, or a partial copy of `adapter`
    // (prefix at the read end, suffix at the read start, or an infix).
    std::string read_with(const std::string& adapter) {
        std::string read = background(below(chance(4) ? 30 : 160));
        const int m = static_cast<int>(adapter.size());
        const int one_in = std::array{4, 8, 12, 30, 1000}[below(5)];
        switch (below(6)) {
            case 0: return read;
            case 1: {
                const std::string copy = mutate(adapter, one_in);
                read.insert(static_cast<std::size_t>(below(static_cast<int>(read.size()) + 1)), copy);
                return read;
            }
            case 2: return read + mutate(adapter.substr(0, 1 + below(m)), one_in);
            case 3: return mutate(adapter.substr(static_cast<std::size_t>(below(m))), one_in) + read;
            case 4: {
                const int a = below(m);
                const int b = a + 1 + below(m - a);
                return mutate(adapter.substr(a, b - a), one_in);
            }
            default: {
                const std::string copy = mutate(adapter, one_in);
                return copy + read + copy;
            }
        }
    }

private:
    std::mt19937_64 rng_;
};

// A spec from a form: the first {} becomes `sequence`, a second one (the
// back part of a linked adapter) a fresh random adapter.
std::string fill_spec(std::string spec, const std::string& sequence, Generator& gen) {
    spec.replace(spec.find("{}"), 2, sequence);
    if (const std::size_t second = spec.find("{}"); second != std::string::npos) {
        spec.replace(second, 2, gen.adapter());
    }
    return spec;
}

}  // namespace

TEST_CASE("the early rejection equals the full DP for every flag combination") {
    Generator gen(11);
    const long cases = case_count();
    long rejected = 0;
    for (long round = 0; round < cases; ++round) {
        const std::string adapter = gen.adapter();
        const std::string read = gen.read_with(adapter);
        const int flags = gen.below(16);
        const double rate = std::array{0.0, 0.1, 0.15, 0.2, 0.3, 0.5}[gen.below(6)];
        const bool wildcard_ref = gen.chance(2);
        const bool wildcard_query = gen.chance(4);
        const int indel_cost = gen.chance(4) ? (gen.chance(2) ? 2 : 100000) : 1;
        const int min_overlap = 1 + gen.below(gen.chance(2) ? 3 : 12);
        if (Aligner::validate(adapter, rate, flags, wildcard_ref, wildcard_query, indel_cost, min_overlap)) {
            continue;
        }
        Aligner fast(adapter, rate, flags, wildcard_ref, wildcard_query, indel_cost, min_overlap);
        Aligner slow(adapter, rate, flags, wildcard_ref, wildcard_query, indel_cost, min_overlap);
        slow.set_prefilter(false);
        const auto expected = slow.locate(read);
        if (!fast.may_match(read)) {
            ++rejected;
            if (expected) {
                FAIL_CHECK(adapter << ' ' << read << " flags " << flags << " rate " << rate
                                   << " rejected but matches: " << show(expected));
            }
        }
        const auto got = fast.locate(read);
        if (show(got) != show(expected)) {
            FAIL_CHECK(adapter << ' ' << read << " flags " << flags << ": " << show(got) << " != " << show(expected));
        }
    }
    CHECK(rejected > cases / 10);  // the prefilter does reject
}

TEST_CASE("skipping DP columns equals the full DP for 3' and 5' adapters") {
    // The k-mer check and the column skips apply to references of A, C, G, T
    // without wildcards and with both query ends free (3' and 5' adapters):
    // many cases of exactly that, reads with one or two copies, partial
    // copies at either end, low-complexity adapters (many tied candidates).
    Generator gen(14);
    const long cases = case_count();
    for (long round = 0; round < cases; ++round) {
        std::string adapter = gen.adapter();
        for (char& c : adapter) {
            if (std::string_view("ACGT").find(c) == std::string_view::npos) c = "ACGT"[gen.below(4)];
        }
        std::string read = gen.read_with(adapter);
        if (gen.chance(3)) read += gen.read_with(adapter);
        const int flags = std::array{14, 14, 10, 11, 11}[gen.below(5)];
        const double rate = std::array{0.0, 0.1, 0.15, 0.2, 0.3}[gen.below(5)];
        const int indel_cost = gen.chance(8) ? 100000 : 1;
        const int min_overlap = 1 + gen.below(gen.chance(2) ? 3 : 12);
        Aligner fast(adapter, rate, flags, false, false, indel_cost, min_overlap);
        Aligner slow(adapter, rate, flags, false, false, indel_cost, min_overlap);
        slow.set_prefilter(false);
        const auto expected = slow.locate(read);
        const auto got = fast.locate(read);
        if (show(got) != show(expected)) {
            FAIL_CHECK(adapter << ' ' << read << " flags " << flags << " rate " << rate << ": " << show(got)
                               << " != " << show(expected));
        }
    }
}

TEST_CASE("the traced DP equals the full DP where it applies") {
    // The traced DP serves the reference-start-pinned flag combinations
    // (3' adapters and their anchored forms) with unit indel cost and
    // references of up to 64 bases: those only, stretched to the edges:
    // 64-base references, reads of up to 700 bases (longer than any before,
    // so the scratch grows), error rates up to 1 (k >= m), many tied
    // candidates from low-complexity adapters, wildcards on both sides.
    Generator gen(15);
    const long cases = case_count();
    long matched = 0;
    for (long round = 0; round < cases; ++round) {
        std::string adapter = gen.chance(10) ? gen.adapter() + gen.adapter() : gen.adapter();
        if (adapter.size() > 64) adapter.resize(gen.chance(2) ? 64 : 1 + gen.below(64));
        std::string read = gen.read_with(adapter);
        if (gen.chance(3)) read += gen.read_with(adapter);
        if (gen.chance(20)) read = gen.background(300 + gen.below(300)) + read;
        const int flags = std::array{14, 14, 14, 6, 10, 12, 8, 4, 2, 0}[gen.below(10)];
        const double rate = std::array{0.0, 0.1, 0.1, 0.15, 0.2, 0.34, 0.5, 1.0}[gen.below(8)];
        const bool wildcard_ref = gen.chance(4);
        const bool wildcard_query = gen.chance(6);
        const int min_overlap = 1 + gen.below(gen.chance(2) ? 3 : 20);
        if (Aligner::validate(adapter, rate, flags, wildcard_ref, wildcard_query, 1, min_overlap)) continue;
        Aligner fast(adapter, rate, flags, wildcard_ref, wildcard_query, 1, min_overlap);
        Aligner slow(adapter, rate, flags, wildcard_ref, wildcard_query, 1, min_overlap);
        slow.set_prefilter(false);
        const auto expected = slow.locate(read);
        matched += expected.has_value();
        const auto got = fast.locate(read);
        if (show(got) != show(expected)) {
            FAIL_CHECK(adapter << ' ' << read << " flags " << flags << " rate " << rate << " wildcards " << wildcard_ref
                               << wildcard_query << " O " << min_overlap << ": " << show(got)
                               << " != " << show(expected));
        }
    }
    CHECK(matched > cases / 4);
}

TEST_CASE("the k-mer index never drops an adapter that matches") {
    // One adapter per index, every kind of adapter through cutadapt's spec
    // syntax, the parameters of the command line: whenever the index leaves
    // the adapter out, its full DP finds nothing.
    Generator gen(12);
    const long cases = case_count();
    long skipped = 0;
    long indexed = 0;
    const char* forms[] = {"{}",          "^{}",         "{}$",          "X{}",          "{}X",    "{};rightmost",
                           "{};anywhere", "{};noindels", "^{};noindels", "{}$;noindels", "{};o=1", "{};e=2",
                           "{};e=0",      "^{}...{}",    "{}...{}$",     "{}...{}"};
    std::vector<std::uint8_t> candidate;
    for (long round = 0; round < cases; ++round) {
        const std::string sequence = gen.adapter();
        std::string spec = forms[gen.below(static_cast<int>(std::size(forms)))];
        spec = fill_spec(spec, sequence, gen);
        const AdapterOption option =
            std::array{AdapterOption::Back, AdapterOption::Front, AdapterOption::Anywhere}[gen.below(3)];
        SearchDefaults defaults;
        defaults.max_errors = std::array{0.1, 0.0, 0.2, 1.0, 2.0, 3.0}[gen.below(6)];
        defaults.min_overlap = 1 + gen.below(6);
        defaults.read_wildcards = gen.chance(6);
        defaults.adapter_wildcards = !gen.chance(6);
        defaults.indels = !gen.chance(5);
        AdapterNamer namer;
        auto parsed = parse_adapter_spec(spec, option, defaults, namer, nullptr);
        if (!std::holds_alternative<std::vector<Adapter>>(parsed)) continue;
        auto& adapters = std::get<std::vector<Adapter>>(parsed);
        if (adapters.size() != 1) continue;
        Adapter& adapter = adapters[0];
        KmerIndex index;
        if (adapter.is_linked()) {
            index.add_unindexed(0);
        } else {
            adapter.single().add_to(index, 0);
        }
        indexed += index.indexed();
        const std::string read = gen.read_with(sequence);
        index.candidates(read, candidate);
        if (candidate[0] != 0) continue;
        ++skipped;
        adapter.set_prefilter(false);
        Match m;
        if (adapter.match_to(read, m)) {
            FAIL_CHECK(spec << " option " << static_cast<int>(option) << " e " << defaults.max_errors << " O "
                            << defaults.min_overlap << " indels " << defaults.indels << " read " << read
                            << ": index skipped a match: " << show(true, m));
        }
    }
    CHECK(indexed > cases / 4);
    CHECK(skipped > cases / 20);
}

TEST_CASE("MultipleAdapters finds the same match with and without its fast paths") {
    // Sets of 2 to 100 adapters of mixed kinds (the k-mer index serves the
    // plain ones); a case is one (read, adapter) pair.
    Generator gen(13);
    const long cases = case_count();
    const char* forms[] = {"{}",  "{}",           "{}",          "^{}",    "{}$",    "X{}",
                           "{}X", "{};rightmost", "{};noindels", "{};o=1", "{};e=1", "^{}...{}"};
    long pairs = 0;
    long used_index = 0;
    while (pairs < cases) {
        const int count = gen.chance(4) ? 20 + gen.below(80) : 2 + gen.below(8);
        const AdapterOption option =
            std::array{AdapterOption::Back, AdapterOption::Front, AdapterOption::Anywhere}[gen.below(3)];
        SearchDefaults defaults;
        defaults.max_errors = std::array{0.1, 0.2, 2.0}[gen.below(3)];
        defaults.min_overlap = 1 + gen.below(5);
        defaults.indels = !gen.chance(6);
        defaults.read_wildcards = gen.chance(8);
        AdapterNamer namer;
        std::vector<Adapter> adapters;
        std::vector<std::string> sequences;
        for (int i = 0; i < count; ++i) {
            const std::string sequence = gen.adapter();
            std::string spec = forms[gen.below(static_cast<int>(std::size(forms)))];
            if (gen.chance(2)) spec = "{}";  // mostly one kind per set, as from a file
            spec = fill_spec(spec, sequence, gen);
            auto parsed = parse_adapter_spec(spec, option, defaults, namer, nullptr);
            if (!std::holds_alternative<std::vector<Adapter>>(parsed)) continue;
            for (Adapter& a : std::get<std::vector<Adapter>>(parsed)) adapters.push_back(std::move(a));
            sequences.push_back(sequence);
        }
        if (adapters.empty()) continue;
        MultipleAdapters fast(adapters, true);
        MultipleAdapters slow(std::move(adapters), true);
        slow.set_fast_paths(false);
        used_index += fast.uses_kmer_index();
        const int per_set = 1 + gen.below(200);
        const long set_size = static_cast<long>(fast.adapters().size());
        for (int r = 0; r < per_set && pairs < cases; ++r, pairs += set_size) {
            const std::string read = gen.read_with(sequences[gen.below(static_cast<int>(sequences.size()))]);
            Match a;
            Match b;
            const bool fa = fast.match_to(read, a);
            const bool fb = slow.match_to(read, b);
            if (show(fa, a) != show(fb, b)) {
                FAIL_CHECK(count << " adapters, read " << read << ": " << show(fa, a) << " != " << show(fb, b));
            }
        }
    }
    CHECK(used_index > 0);
}
