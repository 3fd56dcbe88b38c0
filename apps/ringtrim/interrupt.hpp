// Signals as a shell expects them, for the parent process of a run.
//
//   * SIGINT, SIGTERM, SIGHUP, SIGQUIT and the other signals whose default
//     action ends a process (SIGALRM, SIGUSR1/2, SIGXCPU, SIGVTALRM, SIGPROF)
//     interrupt the run: the first one sets interrupt_flag(); the run stops
//     within about a second, removes its temporary outputs and then dies by
//     that same signal (the shell sees 128 + N). A second one removes every
//     temporary output at once (unlink(2) and truncate(2) only: both are
//     async-signal-safe) and dies by the signal.
//   * A signal that was ignored when ringtrim started (nohup, a background
//     job started with SIGINT ignored) stays ignored.
//   * Handlers are installed without SA_RESTART, so a read blocked on a
//     stalled pipe or FIFO returns EINTR; the input layer then sees the flag
//     (io::InterruptFlag, which interrupt_flag() is) and gives up.
//   * SIGXFSZ is ignored, so a file size limit shows as a write error (EFBIG)
//     with the usual cleanup, not as a silent death.
//
// One process, one thread: the state here is process-wide (the flag itself
// is io::InterruptFlag::process(), ipc/io/interrupt.hpp).
#pragma once

#include <csignal>
#include <vector>

namespace ringtrim::app {

// Installs the handlers (see above). Call once, before any file is opened.
void install_interrupt_handlers();

// 0, or the number of the first interrupting signal received.
const volatile std::sig_atomic_t& interrupt_flag();

// What a second signal removes (unlink) and truncates: arrays that must stay
// valid and unchanged until cleared with empty vectors.
void set_interrupt_cleanup(const std::vector<const char*>* unlink_names,
                           const std::vector<const char*>* truncate_names);

// Holds every interrupting signal pending while it lives (the commit of the
// outputs). Never unblocks them itself: the process ends with them pending.
class BlockInterrupts {
public:
    BlockInterrupts();
};

// Ends the process by signal `sig` (its default action), as if the signal
// had not been caught.
[[noreturn]] void die_by_signal(int sig);

// Makes sure descriptors 0, 1 and 2 are open, so that no file opened later
// becomes "standard output" by accident; a closed one is replaced by
// /dev/null opened in the wrong direction, so that using it fails (EBADF).
void reserve_standard_descriptors();

}  // namespace ringtrim::app
