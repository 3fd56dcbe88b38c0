#include "apps/ringtrim/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace ringtrim::app {

namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

ProgressLine::ProgressLine(bool wanted)
    : enabled_(wanted && ::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressLine::~ProgressLine() { clear(); }

std::string ProgressLine::format(std::uint64_t reads, double seconds) {
    const auto s = static_cast<std::uint64_t>(seconds);
    char clock[32];
    std::snprintf(clock, sizeof clock, "%02llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
    const auto rate = seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(reads) / seconds) : 0;
    std::string out = clock;
    out += "  ";
    out += with_commas(reads);
    out += " reads  ";
    out += with_commas(rate);
    out += " reads/s";
    return out;
}

void ProgressLine::update(std::uint64_t reads) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < kRedrawInterval) return;
    last_ = now;
    const std::string line = format(reads, std::chrono::duration<double>(now - start_).count());
    std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressLine::clear() {
    if (!drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace ringtrim::app
