#include "gradient_clipping.hpp"

#include <fmt/format.h>

#include <cmath>

#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata::training_detail {
namespace {

// c / max(norm, c): the factor that brings a norm above c down to c; 1 at or below it.
Tensor norm_scale(const Tensor& norm, double c) {
  const Tensor limit = ops::full_like(norm, c);
  return limit / ops::maximum(norm, limit);
}

Tensor squared_norm(const Tensor& g) {
  return ops::sum(ops::square(g));
}

std::vector<Tensor> clip_each_norm(std::span<const Tensor> gradients, double c) {
  std::vector<Tensor> out(gradients.begin(), gradients.end());
  for (Tensor& g : out) {
    if (g.defined()) g = g * norm_scale(ops::sqrt(squared_norm(g)), c);
  }
  return out;
}

std::vector<Tensor> clip_global_norm(std::span<const Tensor> gradients, double c) {
  std::vector<Tensor> out(gradients.begin(), gradients.end());
  Tensor total;
  for (const Tensor& g : out) {
    if (!g.defined()) continue;
    Tensor part = squared_norm(g);
    if (total.defined() && part.dtype() != total.dtype()) part = ops::cast(part, total.dtype());
    total = total.defined() ? total + part : part;
  }
  if (!total.defined()) return out;
  const Tensor scale = norm_scale(ops::sqrt(total), c);
  for (Tensor& g : out) {
    if (g.defined()) g = g * (scale.dtype() == g.dtype() ? scale : ops::cast(scale, g.dtype()));
  }
  return out;
}

std::vector<Tensor> clip_each_value(std::span<const Tensor> gradients, double c) {
  std::vector<Tensor> out(gradients.begin(), gradients.end());
  for (Tensor& g : out) {
    if (g.defined()) g = ops::clip(g, -c, c);
  }
  return out;
}

void require_positive(std::string_view optimizer, const char* what,
                      const std::optional<double>& value) {
  if (!value || (std::isfinite(*value) && *value > 0)) return;
  throw ValueError(fmt::format("{}: {} is {}; it must be a positive number (or unset)", optimizer,
                               what, *value));
}

}  // namespace

void validate_clip_options(std::string_view optimizer, const ClipOptions& clip) {
  const int set = int(clip.clipnorm.has_value()) + int(clip.clipvalue.has_value()) +
                  int(clip.global_clipnorm.has_value());
  if (set > 1) {
    throw ValueError(
        fmt::format("{}: only one of clipnorm, clipvalue and global_clipnorm can be "
                    "set; {} are",
                    optimizer, set));
  }
  require_positive(optimizer, "clipnorm", clip.clipnorm);
  require_positive(optimizer, "clipvalue", clip.clipvalue);
  require_positive(optimizer, "global_clipnorm", clip.global_clipnorm);
}

std::vector<Tensor> clip_gradients(std::span<const Tensor> gradients, const ClipOptions& clip) {
  if (clip.clipnorm) return clip_each_norm(gradients, *clip.clipnorm);
  if (clip.global_clipnorm) return clip_global_norm(gradients, *clip.global_clipnorm);
  if (clip.clipvalue) return clip_each_value(gradients, *clip.clipvalue);
  return {gradients.begin(), gradients.end()};
}

}  // namespace strata::training_detail
