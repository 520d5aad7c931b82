// The machine a report's figures come from.
#pragma once

#include <string>

namespace strata::bench {

// The CPU's model name as /proc/cpuinfo gives it ("unknown CPU" when it cannot be read).
std::string cpu_model();
// The cores this process may run on (its affinity mask).
int usable_cores();
// The 1-minute load average (-1 when it cannot be read).
double load_average();

}  // namespace strata::bench
