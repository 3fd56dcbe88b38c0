// Calling the caller's callbacks (roles/chunk.hpp) so that an exception
// becomes an error message instead of leaving the role.
#pragma once

#include <exception>
#include <optional>
#include <string>

namespace ringtrim::ipc {

// Runs f(). Returns nullopt, or the what() of the exception it threw
// ("unknown exception in the chunk <callback>" for one that is not a
// std::exception).
template <class F>
std::optional<std::string> call_guarded(const char* callback, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return std::string("unknown exception in the chunk ") + callback;
    }
    return std::nullopt;
}

}  // namespace ringtrim::ipc
