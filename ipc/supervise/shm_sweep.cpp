#include "ipc/supervise/shm_sweep.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <vector>

namespace ringtrim::ipc {

namespace {

// Parses "rt.<uid>.<pid>." at the start of `name`. Returns false if the name
// does not have that shape.
bool parse_owner(const std::string& name, unsigned long& uid, long& pid) {
    if (name.rfind("rt.", 0) != 0) return false;
    const char* p = name.c_str() + 3;
    char* end = nullptr;
    errno = 0;
    uid = std::strtoul(p, &end, 10);
    if (end == p || *end != '.' || errno != 0) return false;
    p = end + 1;
    pid = std::strtol(p, &end, 10);
    if (end == p || *end != '.' || errno != 0 || pid <= 0) return false;
    return true;
}

}  // namespace

int sweep_stale_shm(const std::string& dir) {
    const unsigned long me = ::getuid();
    std::vector<std::string> stale;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            const std::string name = e->d_name;
            unsigned long uid = 0;
            long pid = 0;
            if (!parse_owner(name, uid, pid) || uid != me) continue;
            if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to judge)
            struct stat st {};
            if (::lstat((dir + "/" + name).c_str(), &st) != 0 || st.st_uid != me || !S_ISREG(st.st_mode)) continue;
            stale.push_back(name);
        }
        ::closedir(d);
    }
    int removed = 0;
    for (const std::string& name : stale)
        if (::unlink((dir + "/" + name).c_str()) == 0) ++removed;
    return removed;
}

}  // namespace ringtrim::ipc
