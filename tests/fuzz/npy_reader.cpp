// strata::load_npy: any file either reads into a tensor or is refused with an IOError.
#include "fuzz_support.hpp"
#include "strata/keras/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& file = strata_fuzz::input_file(strata_fuzz::as_bytes(data, size));
  strata_fuzz::expect_clean_rejection([&] { strata::load_npy(file); });
  return 0;
}
