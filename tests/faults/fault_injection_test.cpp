// Fault injection: the fault plugin (plugins/fault_plugin.cpp) fails an allocation, the Nth call
// of an op, or loses its device, on command. Each fault must become an exception naming the
// plugin and the op; fit must stop with it and leave the weights of the last complete step
// (never half an optimiser step); and every buffer and instance must be freed afterwards.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "fault_plugin.hpp"
#include "faults_test_support.hpp"
#include "strata/context.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/keras/optimizers.hpp"

namespace faults_test {
namespace {

using strata::BackendError;
using strata::Context;
using strata::Tensor;

constexpr uint64_t kSeed = 31;
constexpr int64_t kSamples = 48;
constexpr int64_t kBatch = 8;  // six steps per epoch

strata_fault_stats stats() {
  fault_plugin();  // loaded, so that its counters exist
  void* library = dlopen(STRATA_TEST_FAULT_PLUGIN, RTLD_NOW | RTLD_NOLOAD);
  EXPECT_NE(library, nullptr) << "the fault plugin is not loaded";
  auto read = reinterpret_cast<strata_fault_stats_fn>(dlsym(library, STRATA_FAULT_STATS_SYMBOL));
  strata_fault_stats out{};
  read(&out);
  dlclose(library);  // drops the reference taken above; the loader's keeps it loaded
  return out;
}

Context fault_context(const boost::json::object& settings) {
  const strata::BackendOptions options{.num_threads = 0, .settings = &settings};
  return Context(strata::Backend(fault_plugin(), options));
}

struct Data {
  Tensor x, y;
};

Data data(int64_t samples) {
  std::vector<float> x;
  std::vector<int64_t> y;
  for (int64_t i = 0; i < samples; ++i) {
    for (int64_t j = 0; j < 4; ++j)
      x.push_back(static_cast<float>((i * 13 + j * 7) % 17) / 8.5f - 1);
    y.push_back(i % 3);
  }
  return {Tensor::from(x, strata::Shape{samples, 4}), Tensor::from(y, strata::Shape{samples})};
}

std::vector<float> weights_of(const strata::Model& model) {
  std::vector<float> out;
  for (const strata::Variable& weight : model->weights()) {
    const std::vector<float> values = weight.value().to_vector<float>();
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

strata::Sequential make_model() {
  strata::Sequential model(
      {strata::Input({4}), strata::Dense(8, "relu"), strata::Dense(3, "softmax")});
  model.compile(strata::Adam(0.05), "sparse_categorical_crossentropy");
  return model;
}

// The weights after each number of complete steps, 0 to 6, on the plain reference backend
// (the fault plugin forwards to it, so an unfaulted run agrees bit for bit).
const std::vector<std::vector<float>>& states_after_steps() {
  static const std::vector<std::vector<float>> states = [] {
    std::vector<std::vector<float>> out;
    Context reference{strata::Backend(reference_plugin())};
    const strata::BackendScope scope(reference);
    for (int64_t steps = 0; steps <= kSamples / kBatch; ++steps) {
      reference.set_seed(kSeed);
      strata::Sequential model = make_model();
      if (steps > 0) {
        const Data d = data(steps * kBatch);
        model.fit(d.x, d.y, {.batch_size = kBatch, .epochs = 1, .verbose = 0, .shuffle = false});
      }
      out.push_back(weights_of(model));
    }
    return out;
  }();
  return states;
}

struct FitOutcome {
  std::optional<std::string> error;  // what() of the exception fit (or its set-up) threw
  strata_status_code code = STRATA_OK;
  std::string context;         // BackendError::context()
  bool trained = false;        // the fault, if any, came after fit had started
  std::vector<float> weights;  // after fit returned or threw; empty if unreadable
  int64_t iterations = 0;
};

void record(FitOutcome& outcome, const std::exception& e) {
  outcome.error = e.what();
  if (const auto* backend = dynamic_cast<const BackendError*>(&e)) {
    outcome.code = backend->code();
    outcome.context = backend->context();
  }
}

// One epoch of the model on the fault backend with these settings. Faults count calls from the
// instance's creation, so a low call number may hit the set-up (weights, data) instead.
FitOutcome fit_with_fault(const boost::json::object& settings) {
  FitOutcome outcome;
  Context context = fault_context(settings);
  const strata::BackendScope scope(context);
  context.set_seed(kSeed);
  std::optional<strata::Sequential> model;
  try {
    model.emplace(make_model());
    const Data d = data(kSamples);
    outcome.trained = true;
    model->fit(d.x, d.y, {.batch_size = kBatch, .epochs = 1, .verbose = 0, .shuffle = false});
  } catch (const strata::Error& e) {
    record(outcome, e);
  }
  if (!outcome.trained) return outcome;
  try {
    outcome.weights = weights_of(*model);
    outcome.iterations = (*model).optimizer()->iterations();
  } catch (const strata::Error&) {
    outcome.weights.clear();  // a lost device: nothing can be read back
  }
  return outcome;
}

// Every buffer and instance the plugin handed out since `before` was given back.
void expect_nothing_leaked(const strata_fault_stats& before) {
  const strata_fault_stats after = stats();
  EXPECT_EQ(after.buffers_allocated - before.buffers_allocated,
            after.buffers_freed - before.buffers_freed);
  EXPECT_EQ(after.instances_created - before.instances_created,
            after.instances_destroyed - before.instances_destroyed);
  EXPECT_EQ(after.buffers_left_at_destroy, before.buffers_left_at_destroy);
}

TEST(FaultInjection, AnUnfaultedRunMatchesTheReference) {
  const FitOutcome outcome = fit_with_fault({});
  EXPECT_FALSE(outcome.error) << *outcome.error;
  EXPECT_EQ(outcome.weights, states_after_steps().back());
  EXPECT_NE(states_after_steps().front(), states_after_steps().back());
}

TEST(FaultInjection, OptimizerFailingMidStepLeavesTheLastCompleteStep) {
  const strata_fault_stats before = stats();
  // Four variables per step (two kernels, two biases): call 14 is the second update of step 4.
  const FitOutcome outcome =
      fit_with_fault({{"fail_op", "optimizer"}, {"fail_call", 14}, {"fail_status", "internal"}});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.code, STRATA_INTERNAL);
  EXPECT_NE(outcome.error->find("fault backend: "), std::string::npos) << *outcome.error;
  EXPECT_NE(outcome.error->find("fault injected: call 14 of optimizer failed (internal)"),
            std::string::npos)
      << *outcome.error;
  EXPECT_EQ(outcome.weights, states_after_steps()[3]);
  EXPECT_EQ(outcome.iterations, 3);
  expect_nothing_leaked(before);
}

TEST(FaultInjection, AllocationFailureIsOutOfMemoryNamingTheSlot) {
  const strata_fault_stats before = stats();
  const FitOutcome outcome = fit_with_fault(
      {{"fail_op", "buffer_alloc"}, {"fail_call", 200}, {"fail_status", "out_of_memory"}});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.code, STRATA_OUT_OF_MEMORY);
  EXPECT_EQ(outcome.context, "buffer_alloc");
  EXPECT_NE(outcome.error->find("fault backend: buffer_alloc: fault injected: call 200 of "
                                "buffer_alloc failed (out_of_memory)"),
            std::string::npos)
      << *outcome.error;
  const auto& states = states_after_steps();
  EXPECT_NE(std::find(states.begin(), states.end(), outcome.weights), states.end())
      << "the weights are not those of any complete step";
  expect_nothing_leaked(before);
}

TEST(FaultInjection, OpFailingOnItsNthCallNamesTheOp) {
  const strata_fault_stats before = stats();
  const FitOutcome outcome =
      fit_with_fault({{"fail_op", "matmul"}, {"fail_call", 9}, {"fail_status", "internal"}});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.code, STRATA_INTERNAL);
  EXPECT_NE(outcome.error->find("fault injected: call 9 of matmul failed"), std::string::npos)
      << *outcome.error;
  EXPECT_NE(outcome.error->find("fault backend: matmul"), std::string::npos) << *outcome.error;
  const auto& states = states_after_steps();
  EXPECT_NE(std::find(states.begin(), states.end(), outcome.weights), states.end());
  expect_nothing_leaked(before);
}

TEST(FaultInjection, DeviceLostStopsFitAndEveryLaterCall) {
  const strata_fault_stats before = stats();
  {
    Context context =
        fault_context({{"fail_op", "matmul"}, {"fail_call", 5}, {"fail_status", "device_lost"}});
    const strata::BackendScope scope(context);
    context.set_seed(kSeed);
    strata::Sequential model = make_model();
    const Data d = data(kSamples);
    try {
      model.fit(d.x, d.y, {.batch_size = kBatch, .epochs = 1, .verbose = 0, .shuffle = false});
      ADD_FAILURE() << "fit survived a lost device";
    } catch (const BackendError& e) {
      EXPECT_EQ(e.code(), STRATA_DEVICE_LOST);
      EXPECT_NE(std::string(e.what()).find("fault backend: matmul: fault injected: call 5 of "
                                           "matmul failed (device_lost)"),
                std::string::npos)
          << e.what();
    }
    try {
      (void)model->weights()[0].value().to_vector<float>();
      ADD_FAILURE() << "a lost device answered a read";
    } catch (const BackendError& e) {
      EXPECT_EQ(e.code(), STRATA_DEVICE_LOST);
      EXPECT_NE(std::string(e.what()).find("the device was lost earlier"), std::string::npos)
          << e.what();
    }
  }
  expect_nothing_leaked(before);
}

TEST(FaultInjection, DeviceLostMidStepSaysTheWeightsCouldNotBeRestored) {
  const FitOutcome outcome =
      fit_with_fault({{"fail_op", "optimizer"}, {"fail_call", 6}, {"fail_status", "device_lost"}});
  ASSERT_TRUE(outcome.error);
  EXPECT_NE(outcome.error->find("fault injected: call 6 of optimizer failed (device_lost)"),
            std::string::npos)
      << *outcome.error;
  EXPECT_NE(outcome.error->find("restoring the weights after it failed too"), std::string::npos)
      << *outcome.error;
}

// Every op kind and every call number a one-epoch fit makes, failing in turn: each run ends in
// an exception naming the plugin (or completes when the call number is beyond what fit makes),
// with the weights of a complete step, and frees everything it allocated.
TEST(FaultInjection, SweepOverOpsAndCallNumbers) {
  const strata_fault_stats before = stats();
  int faults = 0;
  for (const char* op : {"buffer_alloc", "buffer_write", "matmul", "binary", "unary", "reduce",
                         "copy", "optimizer", "synchronize"}) {
    for (int call = 1; call <= 40; call += 3) {
      SCOPED_TRACE(testing::Message() << op << " call " << call);
      const FitOutcome outcome =
          fit_with_fault({{"fail_op", op}, {"fail_call", call}, {"fail_status", "internal"}});
      if (outcome.trained) {
        const auto& states = states_after_steps();
        EXPECT_NE(std::find(states.begin(), states.end(), outcome.weights), states.end());
      }
      if (!outcome.error) continue;
      ++faults;
      EXPECT_NE(outcome.error->find("fault backend: "), std::string::npos) << *outcome.error;
      EXPECT_NE(outcome.error->find(std::string(" of ") + op + " failed"), std::string::npos)
          << *outcome.error;
    }
  }
  std::printf("[ faults   ] %d injected faults, each stopping fit with a message\n", faults);
  EXPECT_GT(faults, 60);
  expect_nothing_leaked(before);
}

}  // namespace
}  // namespace faults_test
