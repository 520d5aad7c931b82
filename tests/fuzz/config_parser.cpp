// The config file parser (core/src/config): any text either parses into a Config or is refused
// with a ConfigError naming the line and column.
#include <string_view>

#include "fuzz_support.hpp"
#include "strata/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  strata_fuzz::expect_clean_rejection([&] { strata::parse_config_text(text, "fuzz/config.json"); });
  return 0;
}
