// strata::datasets::read_idx, raw and gzip-compressed: any file either reads into a tensor of
// the header's shape or is refused with an IOError.
#include "fuzz_support.hpp"
#include "strata/keras/datasets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& file = strata_fuzz::input_file(strata_fuzz::as_bytes(data, size));
  strata_fuzz::expect_clean_rejection([&] { strata::datasets::read_idx(file); });
  return 0;
}
