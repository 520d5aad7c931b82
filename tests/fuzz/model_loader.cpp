// strata::load_model (docs/file-format.md): any file either loads into a model, which can then
// describe itself, or is refused with an IOError. The second byte of the input chooses whether
// the compile config is rebuilt too; model_file_input.hpp says what the rest holds.
#include <string>

#include "fuzz_support.hpp"
#include "model_file_input.hpp"
#include "strata/keras/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool compile = (data[0] & 2U) != 0;
  const auto file_bytes = strata_fuzz::model_file_bytes(strata_fuzz::as_bytes(data, size));
  const std::string file = strata_fuzz::input_file(file_bytes).string();
  strata_fuzz::expect_clean_rejection([&] {
    const strata::Model model = strata::load_model(file, compile);
    model.summary_text();
  });
  return 0;
}
