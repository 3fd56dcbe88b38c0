#include "ipc/base/shm_name.hpp"
#include "ipc/queue/queue_transport.hpp"

#include <linux/futex.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <new>

#include <boost/interprocess/anonymous_shared_memory.hpp>
#include <boost/interprocess/permissions.hpp>

namespace ringtrim::ipc::queue_mode {

namespace bip = boost::interprocess;

namespace {

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

std::size_t capacity_for(std::size_t message_bytes) {
    return std::clamp(kQueueBudgetBytes / message_bytes, kMinQueueMessages, kMaxQueueMessages);
}

// Boost 1.74 keeps, per message, a header and an index entry next to the
// data; this over-estimates both.
std::size_t queue_footprint(std::size_t message_bytes, std::size_t capacity) {
    return capacity * (message_bytes + 64) + 4096;
}

// The error of a queue operation that threw.
Status broken(const std::string& queue, const std::exception& e) {
    const auto* ie = dynamic_cast<const bip::interprocess_exception*>(&e);
    if (ie != nullptr && ie->get_error_code() == bip::timeout_when_locking_error)
        return Status::error("message queue " + queue +
                             " is wedged: a process died while holding its lock (Boost 1.74 queue mutexes "
                             "are not robust; queue mode cannot recover from this, use --ipc shm)");
    return Status::error("message queue " + queue + ": " + e.what());
}

}  // namespace

void EventCount::wait(std::uint32_t key, int timeout_ms) {
    waiters.fetch_add(1, std::memory_order_seq_cst);
    if (seq.load(std::memory_order_seq_cst) == key) {
        timespec ts{};
        ts.tv_sec = timeout_ms / 1000;
        ts.tv_nsec = static_cast<long>(timeout_ms % 1000) * 1000000L;
        // Not FUTEX_PRIVATE: the word lives in memory shared across processes.
        // The relative timeout runs on CLOCK_MONOTONIC.
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&seq), FUTEX_WAIT, key, &ts, nullptr, 0);
    }
    waiters.fetch_sub(1, std::memory_order_seq_cst);
}

void EventCount::notify(int how_many) {
    seq.fetch_add(1, std::memory_order_seq_cst);
    if (waiters.load(std::memory_order_seq_cst) != 0)
        ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&seq), FUTEX_WAKE, how_many, nullptr, nullptr, 0);
}

Result<std::unique_ptr<SharedState>> SharedState::create(int workers) {
    std::unique_ptr<SharedState> s(new SharedState());
    const std::size_t bytes = sizeof(QueueShared) + sizeof(WorkerEntry) * static_cast<std::size_t>(workers);
    try {
        s->region_ = bip::anonymous_shared_memory(bytes);
    } catch (const std::exception& e) {
        return Status::error(std::string("cannot map shared memory for the run's control block: ") + e.what());
    }
    char* base = static_cast<char*>(s->region_.get_address());
    s->shared_ = new (base) QueueShared();
    s->entries_ = reinterpret_cast<WorkerEntry*>(base + sizeof(QueueShared));
    for (int i = 0; i < workers; ++i) new (&s->entries_[i]) WorkerEntry();
    return s;
}

Status shm_has_room(const char* dir, std::size_t need) {
    struct statvfs vfs {};
    if (::statvfs(dir, &vfs) != 0) return {};
    const std::size_t avail = static_cast<std::size_t>(vfs.f_bavail) * vfs.f_frsize;
    if (avail >= need) return {};
    return Status::error(std::string("not enough free space in ") + dir +
                         " for the message queues of --ipc queue: need " + std::to_string((need + 1023) >> 10) +
                         " KiB, " + std::to_string(avail >> 10) +
                         " KiB free; enlarge it (e.g. docker run --shm-size=256m) or use --ipc shm");
}

std::size_t message_bytes_for(std::size_t payload) {
    return std::clamp(round_up(sizeof(FragmentHeader) + payload, 4096), kMinMessageBytes, kMaxMessageBytes);
}

Result<std::unique_ptr<ChunkQueues>> ChunkQueues::create(std::size_t in_message_bytes, std::size_t out_message_bytes) {
    std::unique_ptr<ChunkQueues> q(new ChunkQueues());
    q->in_bytes_ = in_message_bytes;
    q->out_bytes_ = out_message_bytes;
    const std::size_t in_cap = capacity_for(in_message_bytes);
    const std::size_t out_cap = capacity_for(out_message_bytes);
    const std::size_t need = queue_footprint(in_message_bytes, in_cap) + queue_footprint(out_message_bytes, out_cap);
    // A sparse queue on a full /dev/shm would SIGBUS on first touch (Boost
    // 1.74 does not fallocate), so check first.
    if (Status room = shm_has_room("/dev/shm", need); !room.ok()) return room;
    q->prefix_ = unique_shm_prefix();
    struct Spec {
        const char* suffix;
        std::size_t bytes;
        std::size_t cap;
        std::unique_ptr<bip::message_queue>* slot;
    };
    const Spec specs[2] = {{"qin", q->in_bytes_, in_cap, &q->in_}, {"qout", q->out_bytes_, out_cap, &q->out_}};
    for (const Spec& s : specs) {
        auto made = create_unlinked_queue(q->prefix_ + "." + s.suffix, s.cap, s.bytes);
        if (!made.ok()) return made.status();
        *s.slot = std::move(*made);
    }
    return q;
}

ChunkQueues::~ChunkQueues() = default;

Result<ChunkQueues::Transfer> ChunkQueues::try_send_in(const void* data, std::size_t n) {
    try {
        return in_->try_send(data, n, 0) ? Transfer::kDone : Transfer::kWouldBlock;
    } catch (const std::exception& e) {
        return broken("q_in", e);
    }
}

Result<ChunkQueues::Transfer> ChunkQueues::try_send_out(const void* data, std::size_t n) {
    try {
        return out_->try_send(data, n, 0) ? Transfer::kDone : Transfer::kWouldBlock;
    } catch (const std::exception& e) {
        return broken("q_out", e);
    }
}

Result<ChunkQueues::Transfer> ChunkQueues::try_receive_in(void* buf, std::size_t& n) {
    try {
        bip::message_queue::size_type got = 0;
        unsigned prio = 0;
        if (!in_->try_receive(buf, in_bytes_, got, prio)) return Transfer::kWouldBlock;
        n = got;
        return Transfer::kDone;
    } catch (const std::exception& e) {
        return broken("q_in", e);
    }
}

Result<ChunkQueues::Transfer> ChunkQueues::try_receive_out(void* buf, std::size_t& n) {
    try {
        bip::message_queue::size_type got = 0;
        unsigned prio = 0;
        if (!out_->try_receive(buf, out_bytes_, got, prio)) return Transfer::kWouldBlock;
        n = got;
        return Transfer::kDone;
    } catch (const std::exception& e) {
        return broken("q_out", e);
    }
}

Status ChunkQueues::probe() {
    try {
        (void)in_->get_num_msg();
    } catch (const std::exception& e) {
        return broken("q_in", e);
    }
    try {
        (void)out_->get_num_msg();
    } catch (const std::exception& e) {
        return broken("q_out", e);
    }
    return {};
}

void ChainSender::start(std::uint64_t seq, std::uint32_t gen, const std::string_view* pieces, int npieces,
                        std::size_t message_bytes) {
    std::size_t total = 0;
    for (int i = 0; i < npieces; ++i) total += pieces[i].size();
    payload_per_msg_ = message_bytes - sizeof(FragmentHeader);
    header_ = FragmentHeader{};
    header_.seq = seq;
    header_.gen = gen;
    header_.total = total;
    header_.count =
        static_cast<std::uint32_t>(std::max<std::size_t>(1, (total + payload_per_msg_ - 1) / payload_per_msg_));
    header_.index = 0;
    pieces_ = pieces;
    npieces_ = npieces;
    piece_ = 0;
    piece_off_ = 0;
    stage_.resize(message_bytes);
    staged_ = false;
    active_ = true;
}

Result<ChunkQueues::Transfer> ChainSender::send_next(ChunkQueues& q, bool to_in) {
    if (!staged_) {
        std::memcpy(stage_.data(), &header_, sizeof header_);
        std::size_t len = 0;
        char* dst = stage_.data() + sizeof header_;
        while (len < payload_per_msg_ && piece_ < npieces_) {
            const std::string_view p = pieces_[piece_];
            const std::size_t n = std::min(payload_per_msg_ - len, p.size() - piece_off_);
            if (n != 0) std::memcpy(dst + len, p.data() + piece_off_, n);
            len += n;
            piece_off_ += n;
            if (piece_off_ == p.size()) {
                ++piece_;
                piece_off_ = 0;
            }
        }
        staged_len_ = sizeof header_ + len;
        staged_ = true;
    }
    Result<ChunkQueues::Transfer> s =
        to_in ? q.try_send_in(stage_.data(), staged_len_) : q.try_send_out(stage_.data(), staged_len_);
    if (!s.ok() || *s != ChunkQueues::Transfer::kDone) return s;
    staged_ = false;
    if (++header_.index == header_.count) active_ = false;
    return s;
}

void Assembly::begin(const FragmentHeader& h, std::string_view payload) {
    seq = h.seq;
    gen = h.gen;
    count = h.count;
    next = 1;
    data.clear();
    data.reserve(h.total);
    data.append(payload);
}

bool Assembly::append(const FragmentHeader& h, std::string_view payload) {
    if (count == 0 || h.seq != seq || h.gen != gen || h.index != next || h.count != count) return false;
    data.append(payload);
    ++next;
    return true;
}

bool parse_fragment(const char* msg, std::size_t n, FragmentHeader& h, std::string_view& payload) {
    if (n < sizeof(FragmentHeader)) return false;
    std::memcpy(&h, msg, sizeof h);
    if (h.magic != kFragmentMagic || h.count == 0 || h.index >= h.count) return false;
    payload = std::string_view(msg + sizeof h, n - sizeof h);
    return true;
}

}  // namespace ringtrim::ipc::queue_mode
