// Separate backend instances on parallel threads: each thread opens its own Context (reference,
// avx and vulkan when this machine runs them) and trains a small model and runs an op sequence; the
// results must equal, bit for bit, the same work run one job after another. Run under the tsan
// preset, this is also the data-race check of the loader, the contexts and the plugins.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "faults_test_support.hpp"
#include "strata/context.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/keras/optimizers.hpp"
#include "strata/ops.hpp"
#include "strata/random.hpp"

namespace faults_test {
namespace {

using strata::Tensor;

struct Job {
  std::string plugin;
  uint64_t seed;
};

void append(std::vector<float>& out, const Tensor& t) {
  const std::vector<float> values = t.to_vector<float>();
  out.insert(out.end(), values.begin(), values.end());
}

// Everything a job computes, flattened: the trained weights, the losses and the op results.
std::vector<float> run(const Job& job) {
  strata::Context context(strata::Backend(load(job.plugin), {.num_threads = 2}));
  const strata::BackendScope scope(context);
  context.set_seed(job.seed);
  std::vector<float> out;

  const Tensor x = strata::random::uniform({64, 8});
  const Tensor w = strata::random::normal({8, 16});
  const Tensor h = strata::ops::relu(strata::ops::matmul(x, w));
  append(out, strata::ops::softmax(h));
  append(out, strata::ops::sum(h, {0}));
  append(out, strata::ops::max(h, {1}));

  strata::Sequential model({strata::Input({8}), strata::Dense(16, "tanh"), strata::Dense(4)});
  model.compile(strata::Adam(0.01), "mse");
  const Tensor y = strata::ops::matmul(x, strata::random::uniform({8, 4}));
  const auto history =
      model.fit(x, y, {.batch_size = 16, .epochs = 3, .verbose = 0, .shuffle = false});
  for (double loss : history.history.at("loss")) out.push_back(static_cast<float>(loss));
  for (const strata::Variable& weight : model->weights()) append(out, weight.value());
  return out;
}

// Two jobs with different seeds on `plugin`, when this machine can start it.
void add_jobs(std::vector<Job>& out, const char* plugin) {
  try {
    strata::Backend probe(load(plugin));
    out.push_back({plugin, 1});
    out.push_back({plugin, 3});
  } catch (const std::exception& e) {
    std::printf("[ skipped  ] %s: %s\n", plugin, e.what());
  }
}

std::vector<Job> jobs() {
  std::vector<Job> out{{STRATA_TEST_REFERENCE_PLUGIN, 1}, {STRATA_TEST_REFERENCE_PLUGIN, 2}};
#ifdef STRATA_TEST_AVX_PLUGIN
  add_jobs(out, STRATA_TEST_AVX_PLUGIN);
#endif
#ifdef STRATA_TEST_VULKAN_PLUGIN
  add_jobs(out, STRATA_TEST_VULKAN_PLUGIN);
#endif
  return out;
}

TEST(Concurrency, ParallelBackendsGiveTheSequentialResultsBitForBit) {
  const std::vector<Job> work = jobs();
  std::vector<std::vector<float>> sequential;
  for (const Job& job : work) sequential.push_back(run(job));

  for (int round = 0; round < 2; ++round) {
    std::vector<std::vector<float>> parallel(work.size());
    std::vector<std::string> errors(work.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < work.size(); ++i) {
      threads.emplace_back([&, i] {
        try {
          parallel[i] = run(work[i]);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (size_t i = 0; i < work.size(); ++i) {
      SCOPED_TRACE(testing::Message() << "round " << round << ", job " << i << " ("
                                      << std::filesystem::path(work[i].plugin).filename().string()
                                      << ", seed " << work[i].seed << ")");
      EXPECT_EQ(errors[i], "");
      ASSERT_EQ(parallel[i].size(), sequential[i].size());
      EXPECT_EQ(std::memcmp(parallel[i].data(), sequential[i].data(),
                            sequential[i].size() * sizeof(float)),
                0);
    }
  }
  // Different seeds must differ, or the comparison could not tell jobs apart.
  EXPECT_NE(sequential[0], sequential[1]);
}

}  // namespace
}  // namespace faults_test
