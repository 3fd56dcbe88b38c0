#include "apps/ringtrim/interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "ipc/io/interrupt.hpp"

namespace ringtrim::app {

namespace {

constexpr int kInterrupting[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT,   SIGALRM,
                                 SIGUSR1, SIGUSR2, SIGXCPU, SIGVTALRM, SIGPROF};

const std::vector<const char*>* volatile g_unlink = nullptr;
const std::vector<const char*>* volatile g_truncate = nullptr;

extern "C" void on_interrupt(int sig) {
    io::InterruptFlag& flag = io::InterruptFlag::process();
    if (flag.raised()) {
        if (const auto* names = g_unlink)
            for (const char* n : *names) ::unlink(n);
        if (const auto* names = g_truncate)
            for (const char* n : *names) {
                [[maybe_unused]] const int status = ::truncate(n, 0);  // nothing to do if it fails
            }
        die_by_signal(sig);
    }
    flag.raise(sig);
}

}  // namespace

void install_interrupt_handlers() {
    for (int sig : kInterrupting) {
        struct sigaction old {};
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        struct sigaction sa {};
        sa.sa_handler = on_interrupt;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;  // no SA_RESTART: blocked reads return EINTR
        ::sigaction(sig, &sa, nullptr);
    }
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    ::sigaction(SIGXFSZ, &ign, nullptr);
}

const volatile std::sig_atomic_t& interrupt_flag() { return io::InterruptFlag::process().word(); }

void set_interrupt_cleanup(const std::vector<const char*>* unlink_names,
                           const std::vector<const char*>* truncate_names) {
    g_unlink = unlink_names;
    g_truncate = truncate_names;
}

BlockInterrupts::BlockInterrupts() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kInterrupting) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

void die_by_signal(int sig) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(sig);
    ::_exit(128 + sig);  // a signal whose default action does not end the process
}

void reserve_standard_descriptors() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1) continue;
        const int got = ::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got >= 0 && got != fd) {
            ::dup2(got, fd);
            ::close(got);
        }
    }
}

}  // namespace ringtrim::app
