// "Using <name> backend." once per process, unless STRATA_QUIET=1. Each case runs in a child
// process of its own, because the announcement is once per process.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "loader_test_support.hpp"

namespace strata_test {
namespace {

TEST(AnnounceDeathTest, PrintsOnceToStderr) {
  EXPECT_EXIT(
      {
        ::unsetenv("STRATA_QUIET");
        const bool first = strata::announce_backend("reference");
        const bool second = strata::announce_backend("avx");
        std::exit(first && !second ? 0 : 1);
      },
      testing::ExitedWithCode(0), "^Using reference backend\\.\n$");
}

TEST(AnnounceDeathTest, QuietSilencesIt) {
  EXPECT_EXIT(
      {
        ::setenv("STRATA_QUIET", "1", 1);
        std::exit(strata::announce_backend("reference") ? 0 : 1);
      },
      testing::ExitedWithCode(0), "^$");
}

TEST(AnnounceDeathTest, OnceAcrossThreads) {
  EXPECT_EXIT(
      {
        ::unsetenv("STRATA_QUIET");
        std::atomic<int> claimed{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i) {
          threads.emplace_back([&] { claimed += strata::announce_backend("reference"); });
        }
        for (auto& t : threads) t.join();
        std::exit(claimed == 1 ? 0 : 1);
      },
      testing::ExitedWithCode(0), "^Using reference backend\\.\n$");
}

}  // namespace
}  // namespace strata_test
