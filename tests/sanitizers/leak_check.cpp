// Leaks on purpose: the sanitizers.leak_fails_a_test test passes only when LeakSanitizer reports
// this leak, which proves leaks are caught in the sanitized test run.
#include <cstdlib>

int main() {
  void* volatile leaked = std::malloc(64);
  leaked = nullptr;
  return 0;
}
