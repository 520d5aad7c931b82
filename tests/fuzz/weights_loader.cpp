// Model::load_weights (docs/file-format.md, "Loading weights into a model") into a model built
// in code: any file either loads, with every weight the shape the model wants, or is refused
// with an IOError, leaving the weights as they were. model_file_input.hpp says what the input
// holds.
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_models.hpp"
#include "fuzz_support.hpp"
#include "model_file_input.hpp"

namespace {

// Bit patterns, so that a NaN loaded by an earlier input compares equal to itself.
std::vector<std::vector<uint32_t>> weight_bits(const strata::Model& model) {
  std::vector<std::vector<uint32_t>> out;
  for (const strata::Variable& w : model->weights()) {
    std::vector<uint32_t>& bits = out.emplace_back();
    for (float v : w.value().to_vector<float>()) bits.push_back(std::bit_cast<uint32_t>(v));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static strata::Sequential model = strata_fuzz::weights_target_model();
  const auto file_bytes = strata_fuzz::model_file_bytes(strata_fuzz::as_bytes(data, size));
  const std::string file = strata_fuzz::input_file(file_bytes).string();
  const auto before = weight_bits(model);
  bool loaded = false;
  strata_fuzz::expect_clean_rejection([&] {
    model.load_weights(file);
    loaded = true;
  });
  // A refused file must leave every weight as it was (docs/file-format.md: nothing is
  // assigned until every pair has been checked).
  if (!loaded && weight_bits(model) != before) {
    std::fprintf(stderr, "fuzz: a refused weights file changed the model's weights\n");
    std::abort();
  }
  return 0;
}
