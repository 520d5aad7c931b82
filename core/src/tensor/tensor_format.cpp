// Tensor::to_string: NumPy's layout of nested brackets with aligned columns, then shape and
// dtype, summarised with "..." beyond a thousand elements as NumPy does.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "strata/tensor.hpp"

namespace strata {
namespace {

constexpr int64_t kSummaryThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr std::string_view kPrefix = "tensor(";

// NumPy's spelling: shortest round-trip digits, and a trailing "." on whole floats ("1.").
std::string element_text(double v, DType dtype) {
  std::string text =
      dtype == DType::float64 ? fmt::format("{}", v) : fmt::format("{}", static_cast<float>(v));
  if (text.find_first_of(".eni") == std::string::npos) text += '.';
  return text;
}

class Printer {
 public:
  Printer(std::vector<std::string> elements, const Shape& shape, bool summarise)
      : elements_(std::move(elements)), shape_(shape), summarise_(summarise) {
    for (const std::string& e : elements_) width_ = std::max(width_, e.size());
  }

  std::string block(int axis, int64_t first) const {
    if (axis == shape_.rank()) return fmt::format("{:>{}}", elements_[size_t(first)], width_);
    int64_t stride = 1;
    for (int k = axis + 1; k < shape_.rank(); ++k) stride *= shape_[k];
    const std::string separator = axis == shape_.rank() - 1
                                      ? " "
                                      : std::string(size_t(shape_.rank() - axis - 1), '\n') +
                                            std::string(kPrefix.size() + size_t(axis) + 1, ' ');
    std::string out = "[";
    const int64_t n = shape_[axis];
    for (int64_t i = 0; i < n; ++i) {
      if (summarise_ && n > 2 * kEdgeItems && i == kEdgeItems) {
        out += "..." + separator;
        i = n - kEdgeItems;
      }
      out += block(axis + 1, first + i * stride);
      if (i + 1 < n) out += separator;
    }
    return out + "]";
  }

 private:
  std::vector<std::string> elements_;
  Shape shape_;
  bool summarise_;
  size_t width_ = 0;
};

template <typename T>
std::vector<std::string> element_texts(const Tensor& t) {
  std::vector<std::string> texts;
  for (T v : t.to_vector<T>()) {
    if constexpr (std::is_same_v<T, double>) {
      texts.push_back(element_text(v, t.dtype()));
    } else {
      texts.push_back(fmt::format("{}", v));
    }
  }
  return texts;
}

}  // namespace

std::string Tensor::to_string() const {
  if (!defined()) return "tensor(undefined)";
  const Shape& s = shape();
  std::vector<std::string> texts =
      is_floating(dtype()) ? element_texts<double>(*this) : element_texts<int64_t>(*this);
  const std::string values =
      numel() == 0 ? std::string(size_t(rank()), '[') + std::string(size_t(rank()), ']')
                   : Printer(std::move(texts), s, numel() > kSummaryThreshold).block(0, 0);
  return fmt::format("{}{}, shape={}, dtype={})", kPrefix, values, s.to_string(),
                     dtype_name(dtype()));
}

}  // namespace strata
