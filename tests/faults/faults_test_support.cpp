#include "faults_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace faults_test {
namespace {

// The developer's config and STRATA_BACKEND must not leak into the tests.
class FaultsEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    home_ = std::make_unique<TempDir>();
    setenv("STRATA_HOME", home_->path().c_str(), 1);
    setenv("STRATA_QUIET", "1", 1);
    unsetenv("STRATA_BACKEND");
  }
  void TearDown() override { home_.reset(); }

 private:
  std::unique_ptr<TempDir> home_;
};

[[maybe_unused]] const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new FaultsEnvironment);

// Operand arrays of calls made by make_call; they must outlive the calls, as the tests' do.
std::vector<std::vector<const strata_tensor*>>& operand_lists() {
  static std::vector<std::vector<const strata_tensor*>> lists;
  return lists;
}

const strata_tensor* const* keep(std::initializer_list<const strata_tensor*> list) {
  if (list.size() == 0) return nullptr;
  auto& lists = operand_lists();
  lists.emplace_back(list);
  return lists.back().data();
}

}  // namespace

const strata::Plugin& load(const std::filesystem::path& file) {
  const strata::Candidate fate = strata::load_plugin(file);
  if (fate.plugin == nullptr) throw std::runtime_error(file.string() + ": " + fate.rejection);
  return *fate.plugin;
}

const strata::Plugin& reference_plugin() {
  return load(STRATA_TEST_REFERENCE_PLUGIN);
}

const strata::Plugin& fault_plugin() {
  return load(STRATA_TEST_FAULT_PLUGIN);
}

strata_tensor contiguous(strata_dtype dtype, std::initializer_list<int64_t> shape,
                         strata_buffer* buffer, uint64_t byte_offset) {
  strata_tensor t{};
  t.struct_size = sizeof t;
  t.dtype = dtype;
  t.rank = static_cast<int32_t>(shape.size());
  int64_t stride = 1;
  for (int k = t.rank - 1; k >= 0; --k) {
    t.shape[k] = shape.begin()[k];
    t.strides[k] = stride;
    stride *= t.shape[k];
  }
  t.buffer = buffer;
  t.byte_offset = byte_offset;
  return t;
}

strata_op_call make_call(strata_op op, int32_t sub_op, const void* params,
                         std::initializer_list<const strata_tensor*> inputs,
                         std::initializer_list<const strata_tensor*> outputs) {
  return strata_op_call{
      sizeof(strata_op_call), op, sub_op, params, keep(inputs), inputs.size(), keep(outputs),
      outputs.size()};
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "strata_faults_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace faults_test
