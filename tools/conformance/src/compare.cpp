#include "compare.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "dtype.hpp"

namespace strata::conformance {
namespace {

std::string element_text(const TensorSpec& t, int64_t linear) {
  return t.role + t.index_text(linear);
}

// Where buffer element `e` lies relative to the view, for guard messages.
std::string place_text(const TensorSpec& t, int64_t e) {
  const int64_t first = guard_elements(t.dtype) + t.offset;
  const int64_t last = guard_elements(t.dtype) + t.storage() - 1;
  if (t.elements() == 0) return fmt::format("buffer element {} (the view is empty)", e);
  if (e > last) return fmt::format("{} element(s) past the view's last element", e - last);
  if (e < first) return fmt::format("{} element(s) before the view's first element", first - e);
  return fmt::format("storage element {}, in a gap between the view's elements", e - first);
}

std::string bytes_text(std::span<const std::byte> bytes) {
  std::string text = "0x";
  for (size_t i = bytes.size(); i-- > 0;)
    text += fmt::format("{:02x}", std::to_integer<int>(bytes[i]));
  return text;
}

std::optional<Finding> values_differ(const TensorSpec& t, int64_t linear, double got,
                                     double expected, std::string check, std::string why) {
  return Finding{
      std::move(check),
      fmt::format("{} = {:.9g}, expected {:.9g}{}", element_text(t, linear), got, expected, why),
      element_text(t, linear), got, expected};
}

bool same_float(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

// Exact: integers by their bytes (i64 beyond 2^53 included), floats by value (any NaN
// matches any NaN; -0 matches +0).
std::optional<Finding> compare_exact(const TensorSpec& t, std::span<const std::byte> got,
                                     std::span<const std::byte> expected) {
  const size_t size = dtype_size(t.dtype);
  std::optional<Finding> failure;
  t.for_each_position([&](int64_t linear, int64_t position) {
    if (failure) return;
    const std::byte* a = &got[position_byte(t, position)];
    const std::byte* b = &expected[position_byte(t, position)];
    const bool equal = is_float(t.dtype) ? same_float(decode(t.dtype, a), decode(t.dtype, b))
                                         : std::memcmp(a, b, size) == 0;
    if (!equal) {
      failure = values_differ(t, linear, decode(t.dtype, a), decode(t.dtype, b), "exact",
                              " (exact match required)");
    }
  });
  return failure;
}

// NaN and infinities must match exactly; they are left out of the NMSE sums.
std::optional<Finding> check_specials(const TensorSpec& t, const std::vector<double>& a,
                                      const std::vector<double>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    const auto linear = static_cast<int64_t>(i);
    if (std::isnan(a[i]) != std::isnan(b[i])) {
      return values_differ(t, linear, a[i], b[i], "nan",
                           std::isnan(a[i]) ? " (NaN where the expected value has none)"
                                            : " (a number where NaN is expected)");
    }
    if ((std::isinf(a[i]) || std::isinf(b[i])) && a[i] != b[i]) {
      return values_differ(t, linear, a[i], b[i], "inf", " (infinities must agree in sign)");
    }
  }
  return std::nullopt;
}

double nmse_of(const std::vector<double>& a, const std::vector<double>& b) {
  double error = 0, energy = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(b[i])) continue;
    error += (a[i] - b[i]) * (a[i] - b[i]);
    energy += b[i] * b[i];
  }
  if (energy > 0) return error / energy;
  return error > 0 ? INFINITY : 0;  // all-zero expectations admit no error
}

// The first element whose own squared error exceeds the bound, relative to its value or to the
// tensor's mean square, whichever is larger: the place to start looking.
int64_t first_beyond(const std::vector<double>& a, const std::vector<double>& b, double bound) {
  double energy = 0;
  for (double v : b) energy += std::isfinite(v) ? v * v : 0;
  const double mean_square = b.empty() ? 0 : energy / static_cast<double>(b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const double e = (a[i] - b[i]) * (a[i] - b[i]);
    if (e > bound * std::max(b[i] * b[i], mean_square)) return static_cast<int64_t>(i);
  }
  return 0;
}

}  // namespace

std::optional<Finding> check_guards(const TensorSpec& t, std::span<const std::byte> before,
                                    std::span<const std::byte> after) {
  const size_t size = dtype_size(t.dtype);
  const int64_t total = static_cast<int64_t>(before.size() / size);
  std::vector<bool> addressed(static_cast<size_t>(total), false);
  t.for_each_position([&](int64_t, int64_t position) {
    addressed[static_cast<size_t>(guard_elements(t.dtype) + position)] = true;
  });
  for (int64_t e = 0; e < total; ++e) {
    const size_t at = static_cast<size_t>(e) * size;
    if (addressed[static_cast<size_t>(e)] || std::memcmp(&before[at], &after[at], size) == 0) {
      continue;
    }
    return Finding{"guard",
                   fmt::format("{} was written outside its view: {} holds {} instead of the "
                               "sentinel {} (out-of-bounds write)",
                               t.describe(), place_text(t, e), bytes_text(after.subspan(at, size)),
                               bytes_text(before.subspan(at, size))),
                   "", std::nullopt, std::nullopt};
  }
  return std::nullopt;
}

std::optional<Finding> compare_values(const TensorSpec& t, Tolerance tolerance,
                                      std::span<const std::byte> got,
                                      std::span<const std::byte> expected, double& nmse) {
  if (tolerance == Tolerance::kExact) return compare_exact(t, got, expected);
  const std::vector<double> a = unstage(t, got);
  const std::vector<double> b = unstage(t, expected);
  if (auto special = check_specials(t, a, b)) return special;
  nmse = nmse_of(a, b);
  const double bound = nmse_bound(tolerance, t.dtype);
  if (nmse <= bound) return std::nullopt;
  const int64_t i = first_beyond(a, b, bound);
  const auto at = static_cast<size_t>(i);
  return Finding{"nmse",
                 fmt::format("{}: NMSE {:.2e} > bound {:.0e} ({}, {}); first element beyond the "
                             "bound: {} = {:.9g}, expected {:.9g}",
                             t.role, nmse, bound, tolerance_name(tolerance), dtype_name(t.dtype),
                             element_text(t, i), a[at], b[at]),
                 element_text(t, i), a[at], b[at]};
}

Comparison compare_run(const Case& c, const StagedCase& staged, const std::vector<Image>& inputs,
                       const std::vector<Image>& outputs, const std::vector<Image>& expected) {
  Comparison result;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    if (inputs[i] == staged.inputs[i]) continue;
    result.failure = Finding{"input modified",
                             fmt::format("input {} was written to (an op must not modify its "
                                         "inputs)",
                                         c.inputs[i].describe()),
                             "", std::nullopt, std::nullopt};
    return result;
  }
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    const TensorSpec& t = c.outputs[i];
    result.bound = std::max(result.bound, nmse_bound(c.tolerance, t.dtype));
    if ((result.failure = check_guards(t, staged.outputs[i], outputs[i]))) return result;
    double nmse = 0;
    result.failure = compare_values(t, c.tolerance, outputs[i], expected[i], nmse);
    result.nmse = std::max(result.nmse, nmse);
    if (result.failure) return result;
  }
  return result;
}

}  // namespace strata::conformance
