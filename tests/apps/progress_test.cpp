#include "apps/ringtrim/progress.hpp"

#include <catch2/catch.hpp>

namespace ringtrim::app {
namespace {

TEST_CASE("ProgressLine::format: clock, reads and rate with thousands separators") {
    CHECK(ProgressLine::format(1234567, 12.0) == "00:00:12  1,234,567 reads  102,880 reads/s");
    CHECK(ProgressLine::format(0, 0.0) == "00:00:00  0 reads  0 reads/s");
    CHECK(ProgressLine::format(999, 3725.0) == "01:02:05  999 reads  0 reads/s");
}

TEST_CASE("ProgressLine: disabled when not wanted") {
    ProgressLine line(false);
    CHECK_FALSE(line.enabled());
    line.update(10);  // must not draw or throw
    line.clear();
}

}  // namespace
}  // namespace ringtrim::app
