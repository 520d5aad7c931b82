// strata/keras/initializers.hpp: how a new weight gets its first values (keras.initializers).
//
// Every random initializer draws through the backend's Philox RANDOM op from the context's seed
// (strata::set_seed), so the same seed gives the same initial weights on every backend: bit for
// bit for the uniform-based ones (glorot_uniform, he_uniform, lecun_uniform, random_uniform)
// and the truncated normals (glorot_normal, he_normal, lecun_normal, truncated_normal), within
// rounding for random_normal and orthogonal.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "strata/tensor.hpp"

namespace strata {

class InitializerImpl {
 public:
  virtual ~InitializerImpl() = default;
  virtual Tensor operator()(const Shape& shape, DType dtype) const = 0;
  virtual std::string_view class_name() const = 0;  // "GlorotUniform"
  virtual boost::json::object get_config() const = 0;
};

// A value type: copies share the (immutable) implementation. Implicit from a Keras name, so
// `{.kernel_initializer = "he_normal"}` reads as in Keras.
class Initializer {
 public:
  // Keras names: "glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
  // "lecun_uniform", "lecun_normal", "random_normal", "random_uniform", "truncated_normal",
  // "orthogonal", "zeros", "ones". Throws ValueError listing them for anything else.
  Initializer(std::string_view name);  // NOLINT(google-explicit-constructor)
  Initializer(const char* name) : Initializer(std::string_view(name)) {}  // NOLINT
  explicit Initializer(std::shared_ptr<const InitializerImpl> impl) noexcept
      : impl_(std::move(impl)) {}

  Tensor operator()(const Shape& shape, DType dtype) const { return (*impl_)(shape, dtype); }
  std::string_view class_name() const { return impl_->class_name(); }
  boost::json::object get_config() const { return impl_->get_config(); }
  // {"class_name": ..., "config": {...}}, what initializer_from_config reads.
  boost::json::object to_json() const;

 private:
  std::shared_ptr<const InitializerImpl> impl_;
};

// Keras's classes with Keras's defaults. Fan-in/fan-out follow Keras: for a kernel of shape
// [..., in, out] (Dense [in, out], Conv2D [kh, kw, in, out]) fan_in = in * receptive field.
Initializer Zeros();
Initializer Ones();
Initializer Constant(double value);
Initializer RandomUniform(double minval = -0.05, double maxval = 0.05);
Initializer RandomNormal(double mean = 0.0, double stddev = 0.05);
// A normal truncated at 2 stddev, drawn by inverting the normal CDF on uniform draws (as
// jax.random.truncated_normal, which Keras 3 uses on JAX): the same distribution as redrawing
// beyond 2 stddev, with a fixed number of draws, so it is bit-identical on every backend.
Initializer TruncatedNormal(double mean = 0.0, double stddev = 0.05);
Initializer GlorotUniform();
Initializer GlorotNormal();
Initializer HeUniform();
Initializer HeNormal();
Initializer LecunUniform();
Initializer LecunNormal();
Initializer Orthogonal(double gain = 1.0);
// The family behind Glorot/He/Lecun: scale / fan (mode "fan_in", "fan_out" or "fan_avg") is the
// variance; distribution "truncated_normal" (alias "normal"), "untruncated_normal" or "uniform".
Initializer VarianceScaling(double scale = 1.0, std::string_view mode = "fan_in",
                            std::string_view distribution = "truncated_normal");

// Rebuilds an initializer from {"class_name": ..., "config": {...}} as Keras serializes it
// (an integer "seed" in the config makes every call draw the same values, as in Keras).
Initializer initializer_from_config(const boost::json::object& serialized);

}  // namespace strata
