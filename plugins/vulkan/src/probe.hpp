// The probe slot: can this machine run the Vulkan backend, and how well.
#pragma once

#include <strata/backend.h>

namespace strata_vk {

// Scores the device `auto` would get (see device_score) and describes it, or scores 0 with the
// reason: no loader, no driver, no device, or no device Strata can use. Never throws.
void probe(strata_probe_result* result);

}  // namespace strata_vk
