// `strata config show` and `strata config set KEY VALUE`.
#include <fmt/format.h>
#include <strata/config.hpp>

#include "commands.hpp"
#include "settings_table.hpp"

namespace strata_cli {
namespace {

void print_config_help() {
  fmt::print(
      "usage: strata config show\n"
      "       strata config set KEY VALUE\n"
      "\n"
      "show   prints each effective setting, its value and where it came from\n"
      "       (default, file, STRATA_BACKEND).\n"
      "set    validates VALUE and writes it to the config file atomically. KEY is backend,\n"
      "       floatx, epsilon, image_data_format, or BACKEND.SETTING for a backend's own\n"
      "       section (e.g. avx.threads 2). A malformed file is reported, never overwritten.\n");
}

int show(CommandLine& args) {
  args.words(0);
  const strata::Config config = strata::load_config();
  fmt::print("config file: {} ({}{})\n", config.file.string(), config.file_why,
             config.created ? ", created now with the defaults" : "");
  print_setting_rows(setting_rows(config), 2);
  for (const std::string& warning : config.warnings) {
    fmt::print(stderr, "strata: warning: {}\n", warning);
  }
  return 0;
}

int set(CommandLine& args) {
  const std::vector<std::string> words = args.words(2);
  if (words.size() != 2) throw UsageError("config set needs KEY and VALUE");
  const strata::ConfigLocation location = strata::resolve_config_location();
  const strata::Config written = strata::set_config_value(location.file, words[0], words[1]);
  for (const std::string& warning : written.warnings) {
    fmt::print(stderr, "strata: warning: {}\n", warning);
  }
  fmt::print("{} = {} written to {}\n", words[0], words[1], location.file.string());
  return 0;
}

}  // namespace

int run_config(CommandLine& args) {
  if (args.flag("--help", "-h")) {
    print_config_help();
    return 0;
  }
  std::vector<std::string> words = args.words(3);
  const std::string action = words.empty() ? "show" : words.front();
  std::vector<char*> rest;
  for (size_t i = 1; i < words.size(); ++i) rest.push_back(words[i].data());
  CommandLine sub(rest);
  if (action == "show") return show(sub);
  if (action == "set") return set(sub);
  throw UsageError(fmt::format("unknown config action '{}': use show or set", action));
}

}  // namespace strata_cli
