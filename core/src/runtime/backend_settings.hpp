// From a backend's configuration section to the strata_instance_options instance_create reads.
#pragma once

#include <strata/backend.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/backend.hpp"

namespace strata::runtime {

// Owns the strings the options point at, so it must outlive the instance_create call and
// cannot be copied or moved (the options point into it).
class InstanceSettings {
 public:
  // Throws Error when "threads" is not a whole number from 0 to INT32_MAX.
  InstanceSettings(const BackendOptions& options, std::string_view backend_name);
  InstanceSettings(const InstanceSettings&) = delete;
  InstanceSettings& operator=(const InstanceSettings&) = delete;

  const strata_instance_options* options() const noexcept { return &options_; }

 private:
  std::vector<std::pair<std::string, std::string>> texts_;  // key, JSON text of the value
  std::vector<strata_setting> settings_;
  strata_instance_options options_{};
};

}  // namespace strata::runtime
