// The conformance engine's entry point: `strata conformance` and the tests call this.
#pragma once

#include "conformance/options.hpp"
#include "conformance/result.hpp"

namespace strata::conformance {

// Loads the plugin under test (and, in test mode, the reference), runs the selected ops in the
// chosen mode and returns what was found. Throws strata::Error when a backend cannot be loaded
// or an option names an unknown op.
Report run_conformance(const Options& options);

}  // namespace strata::conformance
