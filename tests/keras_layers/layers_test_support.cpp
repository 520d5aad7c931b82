#include "layers_test_support.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "../support/isolated_home.hpp"

namespace layers_test {
namespace {

// The developer's config and STRATA_BACKEND must not leak into the tests.
[[maybe_unused]] const auto* const kEnvironment =
    strata_test_support::isolate_home("strata-keras-layers-test");

}  // namespace

void LayersTest::SetUp() {
  strata::Context& context = reference_context();
  context.set_floatx(DType::float32);
  context.set_image_data_format("channels_last");
  context.set_seed(1234);
  scope_.emplace(context);
}

void LayersTest::TearDown() {
  scope_.reset();
}

FloatxScope::FloatxScope(DType dtype) : previous_(strata::floatx()) {
  strata::set_floatx(dtype);
}
FloatxScope::~FloatxScope() {
  strata::set_floatx(previous_);
}

std::vector<double> host_values(size_t count, uint32_t seed, double lo, double hi) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> distribution(lo, hi);
  std::vector<double> out(count);
  for (double& value : out) value = distribution(generator);
  return out;
}

std::vector<double> host_floats(size_t count, uint32_t seed) {
  std::vector<double> out = host_values(count, seed);
  for (double& value : out) value = double(float(value));
  return out;
}

Shape symbolic(std::initializer_list<int64_t> sizes) {
  Shape shape;
  shape.resize(int(sizes.size()));
  int axis = 0;
  for (const int64_t size : sizes) shape[axis++] = size;
  return shape;
}

Tensor tensor_of(const std::vector<double>& values, const Shape& shape,
                 std::optional<DType> dtype) {
  return Tensor::from(values, shape, dtype.value_or(strata::floatx()));
}

Tensor random_tensor(const Shape& shape, uint32_t seed, std::optional<DType> dtype) {
  return tensor_of(host_values(size_t(shape.numel()), seed), shape, dtype);
}

std::vector<double> values_of(const Tensor& tensor) {
  return tensor.to_vector<double>();
}

void expect_close(const std::vector<double>& actual, const std::vector<double>& expected,
                  double atol, double rtol, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  int misses = 0;
  for (size_t i = 0; i < actual.size() && misses < 5; ++i) {
    const bool ok = std::abs(actual[i] - expected[i]) <= atol + rtol * std::abs(expected[i]) ||
                    (std::isnan(actual[i]) && std::isnan(expected[i]));
    if (!ok) {
      ++misses;
      ADD_FAILURE() << what << " element " << i << ": got " << actual[i] << ", expected "
                    << expected[i];
    }
  }
}

namespace {

// sum(layer(inputs) * weights) without recording.
double probe_loss(const strata::LayerRef& layer, const std::vector<Tensor>& inputs,
                  const Tensor& weights, bool training) {
  const strata::NoGradGuard no_grad;
  const Tensor out = (*layer)(inputs, training)[0];
  return strata::ops::sum(out * weights).item<double>();
}

// d(loss)/d(element) by central differences, perturbing through `set` (which installs a
// perturbed copy of `base`).
std::vector<double> central_differences(const std::vector<double>& base,
                                        const std::function<void(const std::vector<double>&)>& set,
                                        const std::function<double()>& loss) {
  constexpr double h = 1e-6;
  std::vector<double> out(base.size());
  std::vector<double> probe = base;
  for (size_t i = 0; i < base.size(); ++i) {
    probe[i] = base[i] + h;
    set(probe);
    const double plus = loss();
    probe[i] = base[i] - h;
    set(probe);
    const double minus = loss();
    probe[i] = base[i];
    out[i] = (plus - minus) / (2 * h);
  }
  set(base);
  return out;
}

}  // namespace

void expect_gradients_match_fd(const strata::LayerRef& layer, const std::vector<Tensor>& inputs,
                               bool training, double tolerance) {
  std::vector<Tensor> live = inputs;
  std::vector<Tensor> wrt;
  for (Tensor& input : live) {
    if (strata::is_floating(input.dtype())) {
      ASSERT_EQ(input.dtype(), DType::float64) << "gradient checks run in float64";
      input = Tensor::from(values_of(input), input.shape(), DType::float64);
      input.set_requires_grad();
      wrt.push_back(input);
    }
  }
  const Shape out_shape = (*layer)(live, training)[0].shape();
  const Tensor weights = random_tensor(out_shape, 99, DType::float64);
  const Tensor loss = strata::ops::sum((*layer)(live, training)[0] * weights);
  const std::vector<Tensor> input_grads = strata::gradients(loss, wrt);
  const std::vector<strata::Variable> variables = layer->trainable_weights();
  const std::vector<Tensor> weight_grads = strata::gradients(loss, variables);

  size_t next = 0;
  for (size_t k = 0; k < live.size(); ++k) {
    if (!strata::is_floating(live[k].dtype())) continue;
    std::vector<Tensor> probe = live;
    const auto set = [&](const std::vector<double>& values) {
      probe[k] = Tensor::from(values, live[k].shape(), DType::float64);
    };
    const std::vector<double> numeric = central_differences(
        values_of(live[k]), set, [&] { return probe_loss(layer, probe, weights, training); });
    const Tensor& analytic = input_grads[next++];
    ASSERT_TRUE(analytic.defined()) << "no gradient for input " << k;
    expect_close(values_of(analytic), numeric, tolerance, tolerance,
                 "d/d input " + std::to_string(k));
  }
  for (size_t k = 0; k < variables.size(); ++k) {
    strata::Variable variable = variables[k];
    const auto set = [&](const std::vector<double>& values) {
      variable.assign(Tensor::from(values, variable.shape(), DType::float64));
    };
    const std::vector<double> numeric = central_differences(values_of(variable.value()), set, [&] {
      return probe_loss(layer, live, weights, training);
    });
    ASSERT_TRUE(weight_grads[k].defined()) << "no gradient for " << variable.name();
    expect_close(values_of(weight_grads[k]), numeric, tolerance, tolerance,
                 "d/d " + variable.name());
  }
}

}  // namespace layers_test
