// strata/runtime.hpp: the backend a program uses, chosen the way Keras chooses its backend.
//
// Precedence, highest first: the host's explicit argument, STRATA_BACKEND, the config file's
// "backend", then "auto" (DESIGN.md, "Choosing the backend").
#pragma once

#include <string_view>

#include "strata/backend.hpp"
#include "strata/config.hpp"

namespace strata {

// The request `config` implies, with `explicit_backend` (when non-empty) overriding it, and
// the per-backend settings and thread count taken from the config's sections.
// The returned request refers to `config`, which must outlive it.
BackendRequest make_backend_request(const Config& config, std::string_view explicit_backend = {});

// Loads the config (printing its warnings to stderr), selects and starts the backend, and
// announces it ("Using <name> backend.") the first time in the process.
Selection open_backend(std::string_view explicit_backend = {});

}  // namespace strata
