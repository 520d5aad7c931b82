// Running the conformance engine in-process on the test plugins: the broken plugin with chosen
// bugs (STRATA_BROKEN_BUG), and the reference backend, both by file so the tests never depend
// on the search path.
#pragma once

#include <conformance/options.hpp>
#include <conformance/result.hpp>
#include <set>
#include <string>
#include <vector>

namespace conformance_test {

namespace sc = strata::conformance;

sc::Options options_for(const std::string& plugin_file, std::vector<std::string> ops,
                        sc::Mode mode = sc::Mode::kTest);

// A run on the broken plugin with STRATA_BROKEN_BUG set to `bugs` for its duration; without
// the large cases (the slow part) unless asked.
sc::Report run_broken(const std::string& bugs, std::vector<std::string> ops,
                      sc::Mode mode = sc::Mode::kTest, bool large_cases = false);
sc::Report run_reference(std::vector<std::string> ops, sc::Mode mode = sc::Mode::kTest);

std::set<std::string> ops_with(const sc::Report& report, sc::Outcome outcome);
std::set<std::string> ops_run(const sc::Report& report);

// Counts parsed from the console report's last line "N passed, N failed, N unsupported".
sc::Counts console_counts(const std::string& console_text);

}  // namespace conformance_test
