#include "conformance_test_support.hpp"

#include <conformance/run.hpp>
#include <cstdio>
#include <cstdlib>

namespace conformance_test {
namespace {

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

}  // namespace

sc::Options options_for(const std::string& plugin_file, std::vector<std::string> ops,
                        sc::Mode mode) {
  sc::Options options;
  options.backend = plugin_file;
  options.reference = STRATA_TEST_REFERENCE_PLUGIN;
  options.ops = std::move(ops);
  options.mode = mode;
  return options;
}

sc::Report run_broken(const std::string& bugs, std::vector<std::string> ops, sc::Mode mode,
                      bool large_cases) {
  const ScopedEnv bug("STRATA_BROKEN_BUG", bugs);
  sc::Options options = options_for(STRATA_TEST_BROKEN_PLUGIN, std::move(ops), mode);
  options.large_cases = large_cases;
  return sc::run_conformance(options);
}

sc::Report run_reference(std::vector<std::string> ops, sc::Mode mode) {
  return sc::run_conformance(options_for(STRATA_TEST_REFERENCE_PLUGIN, std::move(ops), mode));
}

std::set<std::string> ops_with(const sc::Report& report, sc::Outcome outcome) {
  std::set<std::string> ops;
  for (const sc::CaseResult& r : report.results) {
    if (r.outcome == outcome) ops.insert(r.op);
  }
  return ops;
}

std::set<std::string> ops_run(const sc::Report& report) {
  std::set<std::string> ops;
  for (const sc::CaseResult& r : report.results) ops.insert(r.op);
  return ops;
}

sc::Counts console_counts(const std::string& console_text) {
  const size_t end = console_text.find_last_not_of('\n');
  const size_t start = console_text.rfind('\n', end);
  const std::string last = console_text.substr(start + 1, end - start);
  sc::Counts counts;
  long long passed = -1, failed = -1, unsupported = -1;
  char tail = 0;
  if (std::sscanf(last.c_str(), "%lld passed, %lld failed, %lld unsupported%c", &passed, &failed,
                  &unsupported, &tail) == 3) {
    counts = {passed, failed, unsupported};
  } else {
    counts = {-1, -1, -1};
  }
  return counts;
}

}  // namespace conformance_test
