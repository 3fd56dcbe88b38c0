// HoldWatch: how long each worker has held the same chunk, for
// --worker-timeout. The parent's supervisor feeds it what it sees in each
// wait slice (which holder holds which token); a token held unchanged for
// longer than the timeout is reported once, and the supervisor then kills the
// holder, which turns a stopped or livelocked worker into a crashed one
// (retried on a fresh worker, then poison). Parent-side only; never shared.
#pragma once

#include <chrono>
#include <cstdint>
#include <unordered_map>

namespace ringtrim::ipc {

class HoldWatch {
public:
    // timeout_s <= 0: nothing ever expires.
    explicit HoldWatch(double timeout_s) : timeout_s_(timeout_s) {}

    // `holder` (a slot or worker index) is seen holding `token` (a value that
    // changes whenever a new chunk is taken; 0: holds nothing). True exactly
    // once per token, when it has been held longer than the timeout.
    bool expired(std::uint64_t holder, std::uint64_t token) {
        if (timeout_s_ <= 0) return false;
        const auto now = std::chrono::steady_clock::now();
        if (token == 0) {
            seen_.erase(holder);
            return false;
        }
        auto [it, fresh] = seen_.try_emplace(holder, Seen{token, now, false});
        if (!fresh && it->second.token != token) it->second = Seen{token, now, false};
        if (it->second.reported) return false;
        if (std::chrono::duration<double>(now - it->second.since).count() <= timeout_s_) return false;
        it->second.reported = true;
        return true;
    }

    double timeout_s() const { return timeout_s_; }

private:
    struct Seen {
        std::uint64_t token;
        std::chrono::steady_clock::time_point since;
        bool reported;
    };
    double timeout_s_;
    std::unordered_map<std::uint64_t, Seen> seen_;
};

}  // namespace ringtrim::ipc
