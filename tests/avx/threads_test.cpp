// The instance's threads: the num_threads option, the "threads" setting, the set/get slots,
// the default (the cores this process may use), bad settings, and results that do not depend
// on the thread count (bit for bit: no op splits a sum differently for more threads).
#include <gtest/gtest.h>
#include <sched.h>

#include <string_view>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

strata_instance_options threads_option(int32_t n) {
  return {sizeof(strata_instance_options), n, nullptr, 0};
}

int32_t usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  return CPU_COUNT(&set);
}

// instance_create with the given settings; the status, and the thread count on success.
std::pair<Status, int32_t> create_with(const std::vector<std::pair<std::string, std::string>>& kv,
                                       int32_t num_threads = 0) {
  std::vector<strata_setting> settings;
  for (const auto& [k, v] : kv) {
    settings.push_back({sizeof(strata_setting), k.data(), k.size(), v.data(), v.size()});
  }
  const strata_instance_options options{sizeof options, num_threads, settings.data(),
                                        settings.size()};
  const strata_backend_api& api = avx().api();
  strata_instance* instance = nullptr;
  const Status s = avx().take(api.instance_create(&options, &instance));
  int32_t threads = 0;
  if (s.ok()) {
    threads = api.get_num_threads(instance);
    api.instance_destroy(instance);
  }
  return {s, threads};
}

TEST(AvxThreads, DefaultIsTheUsableCores) {
  EXPECT_EQ(avx().api().get_num_threads(avx().instance()), usable_cores());
  EXPECT_EQ(create_with({}).second, usable_cores());
}

TEST(AvxThreads, OptionAndSettingChooseTheCount) {
  EXPECT_EQ(create_with({}, 3).second, 3);
  EXPECT_EQ(create_with({{"threads", "1"}}).second, 1);
  EXPECT_EQ(create_with({{"threads", " 5 "}}).second, 5);
  EXPECT_EQ(create_with({{"threads", "0"}}).second, usable_cores());
  // An explicit num_threads wins over the configuration.
  EXPECT_EQ(create_with({{"threads", "4"}}, 2).second, 2);
}

TEST(AvxThreads, BadSettingsAreRefusedWithTheReason) {
  const auto unknown = create_with({{"treads", "2"}}).first;
  EXPECT_EQ(unknown.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(unknown.message.find("unknown setting 'treads'"), std::string::npos) << unknown.message;
  for (const char* bad : {"two", "2.5", "-1", "100000", "\"2\""}) {
    const auto s = create_with({{"threads", bad}}).first;
    EXPECT_EQ(s.code, STRATA_INVALID_ARGUMENT) << bad;
    EXPECT_NE(s.message.find("threads"), std::string::npos) << s.message;
  }
  EXPECT_EQ(create_with({}, -3).first.code, STRATA_INVALID_ARGUMENT);
}

TEST(AvxThreads, SetAndGetSlots) {
  const strata_instance_options one = threads_option(1);
  const Plugin plugin(avx_plugin_file(), &one);
  const strata_backend_api& api = plugin.api();
  ASSERT_NE(api.set_num_threads, nullptr);
  EXPECT_EQ(api.get_num_threads(plugin.instance()), 1);
  EXPECT_TRUE(plugin.take(api.set_num_threads(plugin.instance(), 3)).ok());
  EXPECT_EQ(api.get_num_threads(plugin.instance()), 3);
  EXPECT_TRUE(plugin.take(api.set_num_threads(plugin.instance(), 0)).ok());
  EXPECT_EQ(api.get_num_threads(plugin.instance()), usable_cores());
  EXPECT_EQ(plugin.take(api.set_num_threads(plugin.instance(), -1)).code, STRATA_INVALID_ARGUMENT);
  EXPECT_EQ(api.get_num_threads(plugin.instance()), usable_cores());
}

// The op on instances of 1, 2, 3 and 4 threads: every output bit for bit the same.
void expect_same_for_any_thread_count(strata_op op, int32_t sub_op, const void* params,
                                      const std::vector<const HostTensor*>& inputs,
                                      const std::vector<HostTensor>& outputs,
                                      const std::string& what) {
  SCOPED_TRACE(what);
  const strata_instance_options single = threads_option(1);
  const Plugin one(avx_plugin_file(), &single);
  const Result expected = run(one, op, sub_op, params, inputs, outputs);
  ASSERT_TRUE(expected.status.ok()) << expected.status.message;
  for (int32_t n : {2, 3, 4}) {
    const strata_instance_options options = threads_option(n);
    const Plugin many(avx_plugin_file(), &options);
    const Result r = run(many, op, sub_op, params, inputs, outputs);
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    for (size_t i = 0; i < outputs.size(); ++i) {
      EXPECT_EQ(r.outputs[i].bytes, expected.outputs[i].bytes) << n << " threads, output " << i;
    }
  }
}

TEST(AvxThreads, ResultsDoNotDependOnTheThreadCount) {
  std::mt19937 rng(100);
  const HostTensor a = dense<float>(STRATA_F32, {200, 300}, random_floats(rng, 60000, -1, 1));
  const HostTensor b = dense<float>(STRATA_F32, {300, 250}, random_floats(rng, 75000, -1, 1));
  const strata_matmul_params mm{sizeof mm, 1.0, 0.0};
  expect_same_for_any_thread_count(STRATA_OP_MATMUL, 0, &mm, {&a, &b},
                                   {guarded(STRATA_F32, {200, 250})}, "matmul");

  const HostTensor x = dense<float>(STRATA_F32, {4, 12, 12, 8}, random_floats(rng, 4608, -1, 1));
  const HostTensor w = dense<float>(STRATA_F32, {3, 3, 8, 16}, random_floats(rng, 1152, -1, 1));
  const HostTensor dy = dense<float>(STRATA_F32, {4, 12, 12, 16}, random_floats(rng, 9216, -1, 1));
  const strata_conv2d_params cp{sizeof cp, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  expect_same_for_any_thread_count(STRATA_OP_CONV2D, 0, &cp, {&x, &w},
                                   {guarded(STRATA_F32, {4, 12, 12, 16})}, "conv2d");
  expect_same_for_any_thread_count(STRATA_OP_CONV2D_BACKWARD_DATA, 0, &cp, {&dy, &w},
                                   {guarded(STRATA_F32, {4, 12, 12, 8})}, "conv2d data");
  expect_same_for_any_thread_count(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &cp, {&x, &dy},
                                   {guarded(STRATA_F32, {3, 3, 8, 16})}, "conv2d filter");

  // Depthwise: the channel blocks of backward filter narrow as threads are added.
  const HostTensor dx_in =
      dense<float>(STRATA_F32, {2, 10, 10, 40}, random_floats(rng, 8000, -1, 1));
  const HostTensor dw_in =
      dense<float>(STRATA_F32, {2, 10, 10, 40}, random_floats(rng, 8000, -1, 1));
  const strata_conv2d_params dp{sizeof dp, 1, 1, 1, 1, 1, 1, 1, 1, 40};
  expect_same_for_any_thread_count(STRATA_OP_CONV2D_BACKWARD_FILTER, 0, &dp, {&dx_in, &dw_in},
                                   {guarded(STRATA_F32, {3, 3, 1, 40})}, "depthwise filter");

  const HostTensor long_vector =
      dense<float>(STRATA_F32, {400000}, random_floats(rng, 400000, -1, 1));
  const strata_reduce_params all{sizeof all, 1u};
  expect_same_for_any_thread_count(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &all, {&long_vector},
                                   {guarded(STRATA_F32, {1})}, "sum");
  const HostTensor rows = dense<float>(STRATA_F32, {1000, 400}, random_floats(rng, 400000, -1, 1));
  const strata_reduce_params first{sizeof first, 1u};
  expect_same_for_any_thread_count(STRATA_OP_REDUCE, STRATA_REDUCE_MEAN, &first, {&rows},
                                   {guarded(STRATA_F32, {1, 400})}, "column mean");
  expect_same_for_any_thread_count(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr, {&rows},
                                   {guarded(STRATA_F32, {1000, 400})}, "softmax");
  expect_same_for_any_thread_count(STRATA_OP_UNARY, STRATA_UNARY_GELU, nullptr, {&rows},
                                   {guarded(STRATA_F32, {1000, 400})}, "gelu");
  const strata_random_params rp{sizeof rp, 5, 9, 0, 1};
  expect_same_for_any_thread_count(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &rp, {},
                                   {guarded(STRATA_F32, {100000})}, "normal");
}

}  // namespace
}  // namespace avx_test
