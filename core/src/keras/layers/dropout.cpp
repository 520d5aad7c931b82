// Dropout: inverted dropout in training, the identity otherwise.
#include "builtin_layers.hpp"
#include "layer_support.hpp"
#include "strata/keras/layers.hpp"
#include "strata/ops.hpp"
#include "strata/random.hpp"

namespace strata {
namespace layers_detail {
namespace {

// SplitMix64's finaliser: distinct, well-mixed Philox keys for successive calls of a seeded
// layer (Keras's SeedGenerator likewise advances its state on every draw).
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class DropoutLayer final : public Layer {
 public:
  DropoutLayer(double rate, DropoutOptions options)
      : Layer("dropout", options.name), rate_(rate), seed_(options.seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw_layer_error<ValueError>(*this, "rate must lie in [0, 1], got {}", rate);
    }
  }

  std::string_view class_name() const override { return "Dropout"; }

  std::vector<Shape> compute_output_shapes(std::span<const Shape> input_shapes) const override {
    return {single_shape(*this, input_shapes)};
  }

  std::vector<Tensor> call(std::span<const Tensor> inputs, bool training) override {
    const Tensor x = autocast(inputs[0], dtype());
    if (!training || rate_ == 0) return {x};
    if (rate_ == 1) return {x * 0.0};
    std::optional<uint64_t> seed;
    if (seed_) seed = mix(*seed_ + 0x9E3779B97F4A7C15ULL * ++calls_);
    const Tensor keep = with_backend(
        x.context(), [&] { return random::bernoulli(x.shape(), 1 - rate_, x.dtype(), seed); });
    return {x * (keep * (1 / (1 - rate_)))};
  }

  boost::json::object get_config() const override {
    boost::json::object config = Layer::get_config();
    config["rate"] = rate_;
    config["seed"] = seed_ ? boost::json::value(*seed_) : boost::json::value(nullptr);
    return config;
  }

 private:
  double rate_;
  std::optional<uint64_t> seed_;
  uint64_t calls_ = 0;
};

}  // namespace

LayerRef dropout_from_config(ConfigReader& config) {
  DropoutOptions options;
  options.name = config.get("name", options.name);
  options.seed = config.get("seed", options.seed);
  return Dropout(config.require<double>("rate"), std::move(options));
}

}  // namespace layers_detail

Dropout::Dropout(double rate, DropoutOptions options)
    : LayerRef(std::make_shared<layers_detail::DropoutLayer>(rate, std::move(options))) {}

}  // namespace strata
