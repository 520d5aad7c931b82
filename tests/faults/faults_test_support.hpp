// Shared by the reliability tests: where the plugins are, and plain descriptors and calls.
#pragma once

#include <strata/backend.h>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "strata/backend.hpp"
#include "strata/plugin.hpp"

namespace faults_test {

// A plugin file of this build, loaded (throws std::runtime_error with the rejection).
const strata::Plugin& load(const std::filesystem::path& file);
const strata::Plugin& reference_plugin();  // STRATA_TEST_REFERENCE_PLUGIN
const strata::Plugin& fault_plugin();      // STRATA_TEST_FAULT_PLUGIN

// A contiguous descriptor of `shape` in `buffer`, at `byte_offset`.
strata_tensor contiguous(strata_dtype dtype, std::initializer_list<int64_t> shape,
                         strata_buffer* buffer, uint64_t byte_offset = 0);

// An op call over descriptor pointers that must outlive it.
strata_op_call make_call(strata_op op, int32_t sub_op, const void* params,
                         std::initializer_list<const strata_tensor*> inputs,
                         std::initializer_list<const strata_tensor*> outputs);

// A fresh private folder under the system temp folder, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace faults_test
