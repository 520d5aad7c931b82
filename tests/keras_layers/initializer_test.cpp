// Initializers: exact formulas (uniform draws are reproducible, so the expected tensor can be
// drawn independently), statistics of large draws, orthogonality, seeds and backends.
#include <gmock/gmock.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <numeric>

#include "layers_test_support.hpp"
#include "strata/keras/initializers.hpp"
#include "strata/keras/layers.hpp"
#include "strata/random.hpp"

namespace layers_test {
namespace {

using namespace strata;
using InitializerTest = LayersTest;

struct Stats {
  double mean = 0, stddev = 0, largest = 0;
};

Stats stats_of(const std::vector<double>& v) {
  Stats s;
  for (double x : v) s.mean += x / double(v.size());
  for (double x : v) {
    s.stddev += (x - s.mean) * (x - s.mean) / double(v.size());
    s.largest = std::max(s.largest, std::abs(x));
  }
  s.stddev = std::sqrt(s.stddev);
  return s;
}

// The initializer's draw from seed `seed` against random::uniform(-limit, limit) from the same
// stream position: equal bit for bit when the limit is right.
void expect_uniform_limit(const Initializer& init, const Shape& shape, double limit) {
  set_seed(77);
  const std::vector<float> actual = init(shape, DType::float32).to_vector<float>();
  set_seed(77);
  const std::vector<float> expected =
      random::uniform(shape, -limit, limit, DType::float32).to_vector<float>();
  EXPECT_EQ(actual, expected) << init.class_name() << " " << shape.to_string();
}

TEST_F(InitializerTest, UniformVarianceScalingLimitsFollowKerasFans) {
  // Dense kernel [in, out]: fan_in = in, fan_out = out.
  expect_uniform_limit(GlorotUniform(), {20, 30}, std::sqrt(6.0 / (20 + 30)));
  expect_uniform_limit(HeUniform(), {20, 30}, std::sqrt(6.0 / 20));
  expect_uniform_limit(LecunUniform(), {20, 30}, std::sqrt(3.0 / 20));
  // Conv kernel [kh, kw, in, out]: both fans times the receptive field kh * kw.
  const double fan_in = 3 * 3 * 4, fan_out = 3 * 3 * 8;
  expect_uniform_limit(GlorotUniform(), {3, 3, 4, 8}, std::sqrt(6.0 / (fan_in + fan_out)));
  expect_uniform_limit(HeUniform(), {3, 3, 4, 8}, std::sqrt(6.0 / fan_in));
  // A bias [n]: fan_in = fan_out = n.
  expect_uniform_limit(GlorotUniform(), {10}, std::sqrt(6.0 / 20));
  expect_uniform_limit(VarianceScaling(3.0, "fan_out", "uniform"), {5, 7}, std::sqrt(9.0 / 7));
  expect_uniform_limit("uniform", {4, 4}, 0.05);
  expect_uniform_limit(RandomUniform(), {4, 4}, 0.05);
}

TEST_F(InitializerTest, TruncatedNormalsHaveTheTargetStddevAndStayWithinTwoOfTheirDraw) {
  struct Case {
    Initializer init;
    Shape shape;
    double stddev;  // of the result, after truncation
  };
  const double truncated = 0.87962566103423978;  // stddev of N(0,1) truncated at +-2
  const Case cases[] = {
      {HeNormal(), {200, 300}, std::sqrt(2.0 / 200)},
      {GlorotNormal(), {200, 300}, std::sqrt(2.0 / 500)},
      {LecunNormal(), {200, 300}, std::sqrt(1.0 / 200)},
      {HeNormal(), {3, 3, 16, 64}, std::sqrt(2.0 / 144)},
      {TruncatedNormal(0, 0.05), {200, 300}, 0.05 * truncated},
      {"truncated_normal", {200, 300}, 0.05 * truncated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.init.class_name()) + " " + c.shape.to_string());
    const Stats s = stats_of(values_of(c.init(c.shape, DType::float32)));
    // Keras divides by .8796 so that the truncated draws end with this stddev; the bound is
    // two stddevs of the untruncated normal.
    const double bound = 2 * c.stddev / truncated;
    EXPECT_NEAR(s.stddev, c.stddev, 0.03 * c.stddev);
    EXPECT_NEAR(s.mean, 0, 0.03 * c.stddev);
    EXPECT_LE(s.largest, bound * (1 + 1e-6));
    EXPECT_GT(s.largest, 0.97 * bound);
  }
}

TEST_F(InitializerTest, RandomNormalAndUniformStatistics) {
  const Stats normal = stats_of(values_of(RandomNormal(1.0, 0.5)({300, 200}, DType::float32)));
  EXPECT_NEAR(normal.mean, 1.0, 0.01);
  EXPECT_NEAR(normal.stddev, 0.5, 0.01);
  const Stats keras_normal = stats_of(values_of(Initializer("normal")({300, 200}, DType::float32)));
  EXPECT_NEAR(keras_normal.stddev, 0.05, 0.001);
  const Stats uniform = stats_of(values_of(GlorotUniform()({300, 200}, DType::float32)));
  const double limit = std::sqrt(6.0 / 500);
  EXPECT_NEAR(uniform.mean, 0, 0.01 * limit);
  EXPECT_NEAR(uniform.stddev, limit / std::sqrt(3.0), 0.01 * limit);
  EXPECT_LT(uniform.largest, limit);
}

// Checks that the rows (or columns) of `w` viewed as rows x cols are orthonormal times gain.
void expect_orthogonal(const Tensor& w, double gain) {
  const int64_t cols = w.dim(-1), rows = w.numel() / cols;
  const std::vector<double> v = values_of(w);
  const bool by_columns = rows >= cols;
  const int64_t k = by_columns ? cols : rows, len = by_columns ? rows : cols;
  const auto element = [&](int64_t vec, int64_t i) {
    return by_columns ? v[size_t(i * cols + vec)] : v[size_t(vec * cols + i)];
  };
  for (int64_t a = 0; a < k; ++a)
    for (int64_t b = 0; b < k; ++b) {
      double dot = 0;
      for (int64_t i = 0; i < len; ++i) dot += element(a, i) * element(b, i);
      EXPECT_NEAR(dot, a == b ? gain * gain : 0.0, 1e-5) << a << "," << b;
    }
}

TEST_F(InitializerTest, OrthogonalGivesOrthonormalRowsOrColumns) {
  expect_orthogonal(Orthogonal()({6, 4}, DType::float32), 1);  // W^T W = I
  expect_orthogonal(Orthogonal()({3, 5}, DType::float32), 1);  // W W^T = I
  expect_orthogonal(Orthogonal(2.0)({5, 5}, DType::float64), 2);
  expect_orthogonal(Orthogonal()({2, 2, 3, 4}, DType::float32), 1);  // as a 12 x 4 matrix
  EXPECT_THROW(Orthogonal()({5}, DType::float32), ShapeError);
}

TEST_F(InitializerTest, ConstantsAndNames) {
  EXPECT_EQ(values_of(Zeros()({2, 2}, DType::float32)), std::vector<double>(4, 0.0));
  EXPECT_EQ(values_of(Ones()({3}, DType::float64)), std::vector<double>(3, 1.0));
  EXPECT_EQ(values_of(Constant(2.5)({2}, DType::float32)), std::vector<double>(2, 2.5));
  EXPECT_EQ(Initializer("he_normal").class_name(), "HeNormal");
  EXPECT_EQ(Initializer("uniform").class_name(), "RandomUniform");
  EXPECT_EQ(Initializer("normal").class_name(), "RandomNormal");
  EXPECT_EQ(Initializer("GlorotUniform").class_name(), "GlorotUniform");
  try {
    Initializer("glorot");
    FAIL() << "expected ValueError";
  } catch (const ValueError& error) {
    EXPECT_THAT(error.what(), ::testing::AllOf(::testing::HasSubstr("\"glorot\""),
                                               ::testing::HasSubstr("glorot_uniform")));
  }
  EXPECT_THROW(RandomUniform(1, 0), ValueError);
  EXPECT_THROW(VarianceScaling(1, "fan_sideways"), ValueError);
  EXPECT_THROW(VarianceScaling(-1), ValueError);
}

TEST_F(InitializerTest, JsonRoundTripKeepsClassAndArguments) {
  for (const Initializer& init :
       {Zeros(), Ones(), Constant(3), RandomUniform(-1, 2), RandomNormal(0.5, 2),
        TruncatedNormal(1, 3), GlorotUniform(), GlorotNormal(), HeUniform(), HeNormal(),
        LecunUniform(), LecunNormal(), Orthogonal(1.5), VarianceScaling(2, "fan_avg", "uniform")}) {
    const boost::json::object json = init.to_json();
    const Initializer copy = initializer_from_config(json);
    EXPECT_EQ(copy.class_name(), init.class_name());
    EXPECT_EQ(copy.to_json(), json);
  }
  EXPECT_EQ(GlorotUniform().get_config(), boost::json::parse(R"({"seed": null})").as_object());
  EXPECT_THROW(
      initializer_from_config(boost::json::parse(R"({"class_name": "Glorot"})").as_object()),
      ValueError);
  EXPECT_THROW(
      initializer_from_config(
          boost::json::parse(R"({"class_name": "Ones", "config": {"value": 2}})").as_object()),
      ValueError);
}

TEST_F(InitializerTest, SameSeedSameWeights) {
  set_seed(2024);
  Dense a(8);
  a(Tensor::ones({1, 5}));
  set_seed(2024);
  Dense b(8);
  b(Tensor::ones({1, 5}));
  EXPECT_EQ(values_of(a->weights()[0].value()), values_of(b->weights()[0].value()));
  set_seed(2025);
  Dense c(8);
  c(Tensor::ones({1, 5}));
  EXPECT_NE(values_of(a->weights()[0].value()), values_of(c->weights()[0].value()));
}

// A seed in the config makes every call draw the same values, whatever the context's stream.
TEST_F(InitializerTest, SeededInitializerFromConfigRepeats) {
  const Initializer seeded = initializer_from_config(
      boost::json::parse(R"({"class_name": "HeNormal", "config": {"seed": 5}})").as_object());
  const std::vector<double> first = values_of(seeded({4, 4}, DType::float32));
  set_seed(999);
  EXPECT_EQ(values_of(seeded({4, 4}, DType::float32)), first);
  EXPECT_EQ(seeded.get_config().at("seed").as_uint64(), 5u);
}

TEST_F(InitializerTest, SameInitialWeightsOnReferenceAndAvx) {
  std::optional<Context> avx;
  try {
    avx.emplace("avx");
  } catch (const Error& error) {
    GTEST_SKIP() << "the avx backend is not available in this build: " << error.what();
  }
  const auto draw = [](Context& context, const Initializer& init, const Shape& shape) {
    return with_backend(context, [&] {
      set_seed(31337);
      return values_of(init(shape, DType::float32));
    });
  };
  // The comparison means something only if avx drew the numbers itself.
  const uint64_t fallbacks = avx->fallback_count();
  draw(*avx, GlorotUniform(), {64, 64});
  ASSERT_EQ(avx->fallback_count(), fallbacks) << "avx ran the uniform draw on the reference";
  // Uniform draws and the truncated normals built on them are bit-identical...
  for (const Initializer& init : {GlorotUniform(), HeUniform(), LecunUniform(), RandomUniform(),
                                  HeNormal(), GlorotNormal(), TruncatedNormal()}) {
    EXPECT_EQ(draw(reference_context(), init, {3, 3, 4, 8}), draw(*avx, init, {3, 3, 4, 8}))
        << init.class_name();
  }
  // ... and Box-Muller normals agree within rounding.
  for (const Initializer& init : {RandomNormal(), Orthogonal()}) {
    expect_close(draw(reference_context(), init, {16, 12}), draw(*avx, init, {16, 12}), 1e-6, 1e-5,
                 std::string(init.class_name()));
  }
  // A whole layer built on each backend from the same seed.
  const auto build = [](Context& context) {
    return with_backend(context, [] {
      set_seed(5);
      Conv2D conv(4, {3, 3});
      conv(Tensor::ones({1, 4, 4, 2}));
      return values_of(conv->weights()[0].value());
    });
  };
  EXPECT_EQ(build(reference_context()), build(*avx));
}

}  // namespace
}  // namespace layers_test
