// Orthogonal, as Keras 3's OrthogonalInitializer: the Q of a QR factorisation of a normal draw
// of shape (max(rows, cols), min(rows, cols)), rows being the product of all but the last size,
// signs fixed so that R's diagonal is positive, transposed when rows < cols, times the gain.
// The factorisation is modified Gram-Schmidt on the host in double; it yields the QR with a
// positive diagonal directly, which is what Keras's sign correction produces.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "initializer_impls.hpp"
#include "strata/op_error.hpp"
#include "strata/random.hpp"

namespace strata {
namespace layers_detail {
namespace {

// Orthonormalises the columns of the row-major m x n matrix `a` (m >= n) in place.
void gram_schmidt(std::vector<double>& a, int64_t m, int64_t n) {
  auto at = [&](int64_t row, int64_t col) -> double& { return a[size_t(row * n + col)]; };
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t k = 0; k < j; ++k) {
      double dot = 0;
      for (int64_t i = 0; i < m; ++i) dot += at(i, k) * at(i, j);
      for (int64_t i = 0; i < m; ++i) at(i, j) -= dot * at(i, k);
    }
    double norm = 0;
    for (int64_t i = 0; i < m; ++i) norm += at(i, j) * at(i, j);
    norm = std::sqrt(norm);
    if (!(norm > 0)) {
      throw ValueError("Orthogonal: the random draw was rank-deficient; draw again");
    }
    for (int64_t i = 0; i < m; ++i) at(i, j) /= norm;
  }
}

class OrthogonalInitializer final : public InitializerImpl {
 public:
  OrthogonalInitializer(double gain, Seed seed) : gain_(gain), seed_(seed) {}

  Tensor operator()(const Shape& shape, DType dtype) const override {
    if (shape.rank() < 2) {
      throw ShapeError(
          fmt::format("Orthogonal: the weight must have at least 2 axes, got shape "
                      "{}",
                      shape.to_string()));
    }
    const int64_t cols = shape[shape.rank() - 1];
    const int64_t rows = shape.numel() / std::max<int64_t>(cols, 1);
    const int64_t m = std::max(rows, cols), n = std::min(rows, cols);
    std::vector<double> q = random::normal(Shape{m, n}, 0, 1, dtype, seed_).to_vector<double>();
    gram_schmidt(q, m, n);
    std::vector<double> out(q.size());
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        // q is m x n; the weight is rows x cols, which is q or its transpose.
        const size_t target = rows >= cols ? size_t(i * n + j) : size_t(j * m + i);
        out[target] = gain_ * q[size_t(i * n + j)];
      }
    }
    return Tensor::from(out, shape, dtype);
  }
  std::string_view class_name() const override { return "Orthogonal"; }
  boost::json::object get_config() const override {
    return {{"gain", gain_}, {"seed", seed_json(seed_)}};
  }

 private:
  double gain_;
  Seed seed_;
};

}  // namespace

Initializer make_orthogonal(double gain, Seed seed) {
  if (!std::isfinite(gain)) {
    throw ValueError(fmt::format("Orthogonal: gain must be finite, got {}", gain));
  }
  return Initializer(std::make_shared<OrthogonalInitializer>(gain, seed));
}

}  // namespace layers_detail

Initializer Orthogonal(double gain) {
  return layers_detail::make_orthogonal(gain, std::nullopt);
}

}  // namespace strata
