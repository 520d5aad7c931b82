#include "backend_settings.hpp"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <limits>

namespace strata::runtime {
namespace {

constexpr std::string_view kThreadsKey = "threads";

int32_t parse_threads(const boost::json::value& value, std::string_view backend_name) {
  boost::json::error_code ec;
  // to_number accepts 2 and 2.0 but not 2.5, "2" or true.
  const auto threads = value.to_number<int64_t>(ec);
  if (ec || threads < 0 || threads > std::numeric_limits<int32_t>::max()) {
    throw Error(fmt::format(
        "settings of the {} backend: \"threads\" must be a whole number from 0 (the backend's "
        "default) to {}, not {}",
        backend_name, std::numeric_limits<int32_t>::max(), boost::json::serialize(value)));
  }
  return static_cast<int32_t>(threads);
}

strata_setting make_setting(const std::pair<std::string, std::string>& text) {
  strata_setting setting{};
  setting.struct_size = sizeof setting;
  setting.key = text.first.data();
  setting.key_len = text.first.size();
  setting.value = text.second.data();
  setting.value_len = text.second.size();
  return setting;
}

}  // namespace

InstanceSettings::InstanceSettings(const BackendOptions& options, std::string_view backend_name) {
  options_.struct_size = sizeof options_;
  options_.num_threads = options.num_threads;
  if (options.settings == nullptr) return;
  for (const auto& [key, value] : *options.settings) {
    if (key == kThreadsKey) {
      const int32_t threads = parse_threads(value, backend_name);
      if (options_.num_threads == 0) options_.num_threads = threads;
    } else {
      texts_.emplace_back(std::string(key), boost::json::serialize(value));
    }
  }
  // Pointers are taken only once texts_ has stopped growing.
  for (const auto& text : texts_) settings_.push_back(make_setting(text));
  options_.settings = settings_.data();
  options_.num_settings = settings_.size();
}

}  // namespace strata::runtime
