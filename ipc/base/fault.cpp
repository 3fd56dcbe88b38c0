#include "ipc/base/fault.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace ringtrim::ipc {

namespace detail {
const FaultPlan* g_active_faults = nullptr;
}  // namespace detail

namespace {

struct SignalName {
    const char* name;
    int number;
};
constexpr SignalName kSignals[] = {
    {"SEGV", SIGSEGV}, {"KILL", SIGKILL}, {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"ILL", SIGILL},   {"FPE", SIGFPE},
    {"TERM", SIGTERM}, {"INT", SIGINT},   {"HUP", SIGHUP},   {"QUIT", SIGQUIT}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},
};

bool parse_number(std::string_view s, std::uint64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    out = 0;
    for (char ch : s) {
        if (ch < '0' || ch > '9') return false;
        out = out * 10 + static_cast<std::uint64_t>(ch - '0');
    }
    return true;
}

bool parse_signal(std::string_view s, int& sig) {
    if (s.rfind("SIG", 0) == 0) s.remove_prefix(3);
    for (const auto& n : kSignals)
        if (s == n.name) {
            sig = n.number;
            return true;
        }
    std::uint64_t v = 0;
    if (!parse_number(s, v) || v < 1 || v > 64) return false;
    sig = static_cast<int>(v);
    return true;
}

Result<Fault> parse_one(std::string_view text) {
    auto fail = [&](const std::string& why) {
        // Appended, not added: GCC 12's -Wrestrict misreads "'" + s + "': ".
        std::string message(1, '\'');
        message.append(text);
        message.append("': ");
        message.append(why);
        return Status::error(std::move(message));
    };
    Fault f;
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    if (parts[0] == "worker")
        f.role = Fault::Role::kWorker;
    else if (parts[0] == "writer")
        f.role = Fault::Role::kWriter;
    else
        return fail("the role must be 'worker' or 'writer'");
    bool have_seq = false, have_times = false, have_sig = false;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string_view p = parts[i];
        const std::size_t eq = p.find('=');
        const std::string_view key = p.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? std::string_view() : p.substr(eq + 1);
        std::uint64_t n = 0;
        if (key == "seq") {
            if (!parse_number(value, n)) return fail("seq= needs a chunk number");
            f.seq = n;
            have_seq = true;
        } else if (key == "sig") {
            if (!parse_signal(value, f.signal)) return fail("unknown signal '" + std::string(value) + "'");
            have_sig = true;
            if (f.action == Fault::Action::kExit || f.action == Fault::Action::kHang)
                return fail("sig= cannot be combined with exit= or hang");
        } else if (key == "times") {
            if (!parse_number(value, n) || n == 0 || n > 1000000) return fail("times= needs a count >= 1");
            f.times = static_cast<std::uint32_t>(n);
            have_times = true;
        } else if (key == "exit") {
            if (!parse_number(value, n) || n > 255) return fail("exit= needs a status 0..255");
            if (f.action != Fault::Action::kSignal || have_sig) return fail("exit= conflicts with another action");
            f.action = Fault::Action::kExit;
            f.exit_code = static_cast<int>(n);
        } else if (key == "hang" && eq == std::string_view::npos) {
            if (f.action != Fault::Action::kSignal || have_sig) return fail("hang conflicts with another action");
            f.action = Fault::Action::kHang;
        } else if (key == "at") {
            if (value == "queue" || value == "work")
                f.queue = Fault::Queue::kWork;
            else if (value == "done")
                f.queue = Fault::Queue::kDone;
            else
                return fail("at= must be 'queue', 'work' or 'done'");
            if (f.role != Fault::Role::kWorker) return fail("at= is for workers only");
            if (f.action != Fault::Action::kSignal) return fail("at= conflicts with another action");
            f.action = Fault::Action::kQueueLock;
        } else {
            return fail("unknown option '" + std::string(p) + "'");
        }
    }
    if (!have_seq) return fail("seq= is required");
    if (f.action == Fault::Action::kQueueLock && !have_times) f.times = 1;
    return f;
}

}  // namespace

Result<FaultPlan> parse_faults(std::string_view text) {
    FaultPlan plan;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(",;", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view one = text.substr(start, end - start);
        if (!one.empty()) {
            if (plan.faults.size() == static_cast<std::size_t>(kMaxFaults))
                return Status::error("at most " + std::to_string(kMaxFaults) + " faults");
            Result<Fault> f = parse_one(one);
            if (!f.ok()) return f.status();
            plan.faults.push_back(*f);
        }
        start = end + 1;
    }
    if (plan.faults.empty()) return Status::error("no fault given");
    return plan;
}

namespace detail {

void fire_faults(const FaultPlan& plan, Fault::Role role, std::uint64_t seq, ControlBlock& c, FaultQueues* queues) {
    for (std::size_t i = 0; i < plan.faults.size(); ++i) {
        const Fault& f = plan.faults[i];
        if (f.role != role || f.seq != seq) continue;
        if (f.times != 0 && c.fault_fired[i].fetch_add(1, std::memory_order_acq_rel) >= f.times) continue;
        switch (f.action) {
            case Fault::Action::kSignal:
                ::kill(::getpid(), f.signal);
                ::raise(f.signal);  // in case a handler returned; then fall through to _exit
                ::_exit(128 + f.signal);
            case Fault::Action::kExit: ::_exit(f.exit_code);
            case Fault::Action::kHang:
                for (;;) ::pause();
            case Fault::Action::kQueueLock:
                if (queues != nullptr && queues->lock_forever(f.queue)) {
                    ::kill(::getpid(), f.signal);
                    ::_exit(128 + f.signal);
                }
                break;
        }
    }
}

}  // namespace detail

}  // namespace ringtrim::ipc
