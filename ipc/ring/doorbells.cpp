#include "ipc/base/shm_name.hpp"
#include "ipc/ring/doorbells.hpp"

#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <ctime>

#include <boost/interprocess/permissions.hpp>
#include <boost/interprocess/shared_memory_object.hpp>

namespace ringtrim::ipc {

namespace bip = boost::interprocess;

struct Doorbells::Shared {
    std::atomic<std::uint32_t> epoch{0};
    std::atomic<std::uint32_t> bell[kQueueCount] = {};
};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));

namespace {

constexpr const char* kQueueNames[kQueueCount] = {"work", "done", "free"};

using MqHeader = bip::ipcdetail::mq_hdr_t<bip::offset_ptr<void>>;
using OpenCreate = bip::ipcdetail::managed_open_or_create_impl<bip::shared_memory_object, 0, true, false>;
static_assert(sizeof(bip::interprocess_mutex) == sizeof(pthread_mutex_t),
              "Boost's interprocess_mutex is expected to be a bare pthread mutex");

// Shared (not FUTEX_PRIVATE) futex calls: the word lives in MAP_SHARED memory
// inherited across fork.
void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t seen, std::chrono::nanoseconds timeout) {
    timespec ts;
    ts.tv_sec = static_cast<time_t>(timeout.count() / 1000000000);
    ts.tv_nsec = static_cast<long>(timeout.count() % 1000000000);
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, seen, &ts, nullptr, 0);
}

void futex_wake(std::atomic<std::uint32_t>& word, int n) {
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, n, nullptr, nullptr, 0);
}

bool is_lock_timeout(const bip::interprocess_exception& e) {
    return e.get_error_code() == bip::timeout_when_locking_error || e.get_error_code() == bip::lock_error;
}

}  // namespace

Result<std::unique_ptr<Doorbells>> Doorbells::create(int capacity, int sets) {
    if (sets < 1 || sets > kQueueSets)
        return Status::error("number of queue sets must be between 1 and " + std::to_string(kQueueSets));
    std::unique_ptr<Doorbells> q(new Doorbells());
    void* page = ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        return Status::error(std::string("cannot map the queues' shared page: ") + std::strerror(errno));
    q->shared_ = new (page) Shared();
    q->sets_ = sets;
    q->prefix_ = unique_shm_prefix();
    for (int s = 0; s < sets; ++s) {
        for (int i = 0; i < kQueueCount; ++i) {
            const std::string name = q->prefix_ + "." + kQueueNames[i] + std::to_string(s);
            // Map the same memory once more to reach the queue's mutex. Checked
            // against the queue's own header; on a mismatch only lock timeouts
            // detect a wedged queue.
            auto map_mutex = [&q, &name, s, i, capacity] {
                bip::shared_memory_object shm(bip::open_only, name.c_str(), bip::read_write);
                q->regions_[s][i] = bip::mapped_region(shm, bip::read_write);
                auto* hdr = reinterpret_cast<MqHeader*>(static_cast<char*>(q->regions_[s][i].get_address()) +
                                                        OpenCreate::ManagedOpenOrCreateUserOffset);
                if (q->regions_[s][i].get_size() >= OpenCreate::ManagedOpenOrCreateUserOffset + sizeof(MqHeader) &&
                    static_cast<long long>(hdr->m_max_num_msg) == capacity && hdr->m_max_msg_size == sizeof(Message))
                    q->mutexes_[s][i] = reinterpret_cast<pthread_mutex_t*>(&hdr->m_mutex);
            };
            auto made = create_unlinked_queue(name, static_cast<std::size_t>(capacity), sizeof(Message), map_mutex);
            if (!made.ok()) return made.status();
            q->queues_[s][i] = std::move(*made);
        }
    }
    return q;
}

Doorbells::~Doorbells() {
    if (shared_ != nullptr) ::munmap(shared_, sizeof(Shared));
}

std::uint32_t Doorbells::epoch() const noexcept { return shared_->epoch.load(std::memory_order_acquire); }

bool Doorbells::retire(std::uint32_t epoch) noexcept {
    if (epoch >= static_cast<std::uint32_t>(sets_)) return false;
    std::uint32_t expected = epoch;
    const bool moved = shared_->epoch.compare_exchange_strong(expected, epoch + 1, std::memory_order_acq_rel);
    if (moved) {
        // Waiters sleep on the bells; wake them all so they move to the new set.
        for (auto& b : shared_->bell) {
            b.fetch_add(1, std::memory_order_release);
            futex_wake(b, INT_MAX);
        }
    }
    return moved;
}

bool Doorbells::held_by(pid_t tid) const noexcept {
#if defined(__GLIBC__)
    const std::uint32_t e = epoch();
    if (e >= static_cast<std::uint32_t>(sets_) || tid <= 0) return false;
    for (int i = 0; i < kQueueCount; ++i) {
        pthread_mutex_t* m = mutexes_[e][i];
        if (m != nullptr && __atomic_load_n(&m->__data.__owner, __ATOMIC_ACQUIRE) == tid) return true;
    }
#else
    (void)tid;
#endif
    return false;
}

bool Doorbells::lock_forever(Fault::Queue q) noexcept {
    const std::uint32_t e = epoch();
    if (e >= static_cast<std::uint32_t>(sets_)) return false;
    const QueueId id = q == Fault::Queue::kDone ? QueueId::kDone : QueueId::kWork;
    pthread_mutex_t* m = mutexes_[e][static_cast<int>(id)];
    return m != nullptr && ::pthread_mutex_lock(m) == 0;
}

Doorbells::Op Doorbells::try_send(std::uint32_t set, int q, const Message& m) noexcept {
    try {
        return queues_[set][q]->try_send(&m, sizeof m, 0) ? Op::kDone : Op::kEmpty;
    } catch (const bip::interprocess_exception& e) {
        return is_lock_timeout(e) ? Op::kWedged : Op::kError;
    } catch (...) {
        return Op::kError;
    }
}

Doorbells::Op Doorbells::try_receive(std::uint32_t set, int q, Message& m) noexcept {
    try {
        bip::message_queue::size_type got = 0;
        unsigned prio = 0;
        if (!queues_[set][q]->try_receive(&m, sizeof m, got, prio)) return Op::kEmpty;
        return got == sizeof m ? Op::kDone : Op::kError;
    } catch (const bip::interprocess_exception& e) {
        return is_lock_timeout(e) ? Op::kWedged : Op::kError;
    } catch (...) {
        return Op::kError;
    }
}

bool Doorbells::send(QueueId q, const Message& m) noexcept {
    const int qi = static_cast<int>(q);
    bool sent = false;
    for (int tries = 0; tries < 2; ++tries) {
        const std::uint32_t e = epoch();
        if (e >= static_cast<std::uint32_t>(sets_)) break;
        const Op op = try_send(e, qi, m);
        if (op == Op::kWedged) {
            retire(e);
            continue;
        }
        sent = op == Op::kDone;
        break;
    }
    shared_->bell[qi].fetch_add(1, std::memory_order_release);
    futex_wake(shared_->bell[qi], 1);
    return sent;
}

bool Doorbells::receive(QueueId q, Message& m, int timeout_ms) noexcept {
    using Clock = std::chrono::steady_clock;
    const int qi = static_cast<int>(q);
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const std::uint32_t seen = shared_->bell[qi].load(std::memory_order_acquire);
        const std::uint32_t e = epoch();
        const bool have_queues = e < static_cast<std::uint32_t>(sets_);
        if (have_queues) {
            const Op op = try_receive(e, qi, m);
            if (op == Op::kDone) return true;
            if (op == Op::kWedged) {
                retire(e);
                continue;
            }
        }
        const auto now = Clock::now();
        if (now >= deadline) return false;
        futex_wait(shared_->bell[qi], seen, deadline - now);
        if (!have_queues && shared_->bell[qi].load(std::memory_order_acquire) != seen) return false;
    }
}

}  // namespace ringtrim::ipc
