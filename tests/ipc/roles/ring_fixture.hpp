// An in-process ring for role tests: the roles run as plain function calls in
// the test process, over a real SharedRing and real (unlinked) queues.
#pragma once

#include <unistd.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "ipc/ring/doorbells.hpp"
#include "ipc/ring/shared_ring.hpp"

namespace ringtrim::ipc::testing {

struct RingFixture {
    RingPlan plan;
    std::unique_ptr<SharedRing> ring;
    std::unique_ptr<Doorbells> queues;

    explicit RingFixture(int slots = 4, int outputs = 2, std::size_t in_cap = 256, std::size_t out_cap = 0,
                         int inputs = 1) {
        RunConfig c;
        c.workers = 1;
        c.slots = slots;
        c.outputs = outputs;
        c.inputs = inputs;
        c.slot_input_bytes = in_cap;
        c.slot_output_bytes = out_cap;
        Result<RingPlan> planned = plan_ring(c);
        if (!planned.ok()) throw std::runtime_error(planned.message());
        plan = *planned;
        Result<std::unique_ptr<SharedRing>> made = SharedRing::create(plan);
        if (!made.ok()) throw std::runtime_error(made.message());
        ring = std::move(*made);
        Result<std::unique_ptr<Doorbells>> bells = Doorbells::create(4 * slots);
        if (!bells.ok()) throw std::runtime_error(bells.message());
        queues = std::move(*bells);
    }

    std::uint32_t self() const { return static_cast<std::uint32_t>(::getpid()); }

    // Puts `bytes` into the slot of `seq` as READY (generation 1) without a doorbell.
    void make_ready(std::uint64_t seq, const std::string& bytes, std::uint64_t first_record = 0,
                    std::uint64_t records = 1) {
        const int i = ring->slot_of(seq);
        SlotHeader& h = ring->header(i);
        h.seq = seq;
        h.first_record = first_record;
        h.records = records;
        h.in_len[0] = bytes.size();
        std::memcpy(ring->input(i, 0), bytes.data(), bytes.size());
        h.ctl.store(SlotCtl{SlotState::kReady, 0, 1}.pack());
    }

    // Puts finished output into the slot of `seq` as DONE.
    void make_done(std::uint64_t seq, const std::string& seg0, const std::string& seg1, const std::string& stats) {
        const int i = ring->slot_of(seq);
        SlotHeader& h = ring->header(i);
        h.seq = seq;
        const std::string all = seg0 + seg1 + stats;
        std::memcpy(ring->output(i), all.data(), all.size());
        ring->out_len(i)[0] = seg0.size();
        ring->out_len(i)[1] = seg1.size();
        h.stats_len = stats.size();
        h.overflow = 0;
        h.has_error = 0;
        h.ctl.store(SlotCtl{SlotState::kDone, 0, 1}.pack());
    }

    SlotState state(std::uint64_t seq) const { return load_ctl(ring->header(ring->slot_of(seq))).state; }
};

}  // namespace ringtrim::ipc::testing
