// Status and Result<T>: how every ipc function that can fail says so, in
// place of a bool and a std::string& out-parameter. A Status is ok, or holds
// the message of what failed (no "ringtrim: error:" prefix); a Result<T>
// holds a T, or the Status of why there is none. Plain values owned by the
// caller; they never cross a process boundary (a failure that must travels
// through the ControlBlock, base/control.hpp). As leveldb's status.h: ok is
// cheap, and the message names what failed.
//
//   const Status checked = check_run_config(config);
//   if (!checked.ok()) return failed_run(checked.message());
//   Result<std::unique_ptr<SharedRing>> made = SharedRing::create(plan);
//   if (!made.ok()) return failed_run(made.message());
//   std::unique_ptr<SharedRing> ring = std::move(*made);
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace ringtrim::ipc {

class [[nodiscard]] Status {
public:
    Status() = default;  // ok
    static Status error(std::string message) {
        Status s;
        s.failed_ = true;
        s.message_ = std::move(message);
        return s;
    }

    bool ok() const { return !failed_; }
    // What failed; "" when ok (or when a failure gives no reason).
    const std::string& message() const { return message_; }

private:
    bool failed_ = false;
    std::string message_;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}
    // REQUIRES: !failure.ok()
    Result(Status failure) : status_(std::move(failure)) { assert(!status_.ok()); }

    bool ok() const { return status_.ok(); }
    const Status& status() const { return status_; }
    const std::string& message() const { return status_.message(); }

    // REQUIRES: ok()
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }

private:
    Status status_;
    std::optional<T> value_;
};

}  // namespace ringtrim::ipc
