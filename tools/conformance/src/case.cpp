#include "case.hpp"

#include <fmt/format.h>

#include "dtype.hpp"

namespace strata::conformance {
namespace {

std::string text_of(const std::monostate&) {
  return "";
}

std::string text_of(const strata_fill_params& p) {
  return fmt::format("value {}", p.value);
}

std::string text_of(const strata_unary_params& p) {
  return p.alpha == 0 && p.beta == 0 ? "" : fmt::format("alpha {} beta {}", p.alpha, p.beta);
}

std::string text_of(const strata_reduce_params& p) {
  return fmt::format("axes_mask {:#x}", p.axes_mask);
}

std::string text_of(const strata_matmul_params& p) {
  return fmt::format("alpha {} beta {}", p.alpha, p.beta);
}

std::string text_of(const strata_conv2d_params& p) {
  return fmt::format("stride {}x{} pad t{} b{} l{} r{} dilation {}x{} groups {}", p.stride_h,
                     p.stride_w, p.pad_top, p.pad_bottom, p.pad_left, p.pad_right, p.dilation_h,
                     p.dilation_w, p.groups);
}

std::string text_of(const strata_pool2d_params& p) {
  return fmt::format("window {}x{} stride {}x{} pad t{} b{} l{} r{}", p.window_h, p.window_w,
                     p.stride_h, p.stride_w, p.pad_top, p.pad_bottom, p.pad_left, p.pad_right);
}

std::string text_of(const strata_random_params& p) {
  return fmt::format("seed {:#x} offset {} a {} b {}", p.seed, p.offset, p.a, p.b);
}

std::string text_of(const strata_optimizer_params& p) {
  return fmt::format(
      "lr {} momentum {} nesterov {} beta1 {} beta2 {} rho {} epsilon {} weight_decay {} step {}",
      p.learning_rate, p.momentum, p.nesterov, p.beta1, p.beta2, p.rho, p.epsilon, p.weight_decay,
      p.step);
}

}  // namespace

std::string Case::key() const {
  return fmt::format("{}|{}|{}", op->name, dtype_label, label);
}

const void* Case::params_pointer() const {
  return std::visit(
      [](const auto& p) -> const void* {
        if constexpr (std::is_same_v<std::decay_t<decltype(p)>, std::monostate>) {
          return nullptr;
        } else {
          return &p;
        }
      },
      params);
}

std::string Case::params_text() const {
  return std::visit([](const auto& p) { return text_of(p); }, params);
}

std::string Case::tensors_text() const {
  std::string text;
  for (const auto* list : {&inputs, &outputs}) {
    for (const TensorSpec& t : *list) {
      text += fmt::format("{}{}", text.empty() ? "" : "; ", t.describe());
    }
  }
  return text;
}

Case make_case(const OpInfo& op, strata_dtype dtype, std::string label, Tolerance tolerance,
               Params params, std::vector<TensorSpec> inputs, std::vector<TensorSpec> outputs) {
  Case c;
  c.op = &op;
  c.label = std::move(label);
  c.dtype = dtype;
  c.dtype_label = std::string(dtype_name(dtype));
  c.params = std::move(params);
  c.inputs = std::move(inputs);
  c.outputs = std::move(outputs);
  c.tolerance = tolerance;
  return c;
}

}  // namespace strata::conformance
