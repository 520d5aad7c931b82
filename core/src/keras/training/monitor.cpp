#include "monitor.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "strata/op_error.hpp"

namespace strata::training_detail {

Direction monitor_direction(std::string_view who, std::string_view mode, std::string_view monitor) {
  if (mode == "min") return Direction::minimize;
  if (mode == "max") return Direction::maximize;
  if (mode != "auto") {
    throw ValueError(
        fmt::format("{}: mode \"{}\" is unknown; use \"auto\", \"min\" or \"max\"", who, mode));
  }
  return monitor.find("acc") != std::string_view::npos ? Direction::maximize : Direction::minimize;
}

bool improves(Direction direction, double current, double reference, double min_delta) {
  return direction == Direction::minimize ? current < reference - min_delta
                                          : current > reference + min_delta;
}

double worst_value(Direction direction) {
  return direction == Direction::minimize ? INFINITY : -INFINITY;
}

void warn_missing_monitor(std::string_view what, std::string_view monitor, const Logs& logs) {
  std::vector<std::string_view> keys;
  for (const auto& entry : logs) keys.push_back(entry.first);
  fmt::print(stderr,
             "WARNING: {} is conditioned on metric `{}` which is not available. "
             "Available metrics are: {}\n",
             what, monitor, fmt::join(keys, ","));
}

Model& attached_model(const CallbackImpl& callback, std::string_view who) {
  if (Model* model = callback.model()) return *model;
  throw ValueError(
      fmt::format("{}: the callback is not attached to a model; pass it to "
                  "Model::fit, which attaches it",
                  who));
}

}  // namespace strata::training_detail
