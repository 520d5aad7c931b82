#include "cases.hpp"

namespace strata::conformance {

const std::vector<View>& elementwise_views() {
  static const std::vector<View> views = {
      {"scalar", {}},
      {"odd sizes", {7, 13}},
      {"size-1 axes", {1, 5, 1}},
      {"zero-size axis", {3, 0, 4}},
      {"transposed input", {9, 11}, Layout::kTransposed},
      {"sliced input, offset output", {6, 10}, Layout::kPadded, Layout::kOffset},
      {"stepped input", {25}, Layout::kStepped},
      {"broadcast input (stride 0)", {6, 8}, Layout::kDense, Layout::kDense, 0b01},
      {"padded output", {5, 9}, Layout::kDense, Layout::kPadded},
      {"rank 5, offset input", {2, 1, 3, 1, 4}, Layout::kOffset},
  };
  return views;
}

TensorSpec view_input(const View& view, std::string role, strata_dtype dtype, Domain domain) {
  if (view.broadcast != 0) {
    return make_broadcast(std::move(role), dtype, view.shape, view.broadcast, std::move(domain));
  }
  return make_tensor(std::move(role), dtype, view.shape, std::move(domain), view.input_layout);
}

TensorSpec view_output(const View& view, std::string role, strata_dtype dtype, Domain domain) {
  return make_tensor(std::move(role), dtype, view.shape, std::move(domain), view.output_layout);
}

Domain typical_domain(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_I32:
    case STRATA_I64:
      return Domain::grid(-1000, 1000);
    case STRATA_U8:
      return Domain::grid(0, 255);
    default:
      return Domain::uniform(-3, 3);
  }
}

uint64_t philox_seed(uint64_t run_seed, uint64_t salt) {
  return run_seed * 0x9E3779B97F4A7C15ull + salt;
}

}  // namespace strata::conformance
