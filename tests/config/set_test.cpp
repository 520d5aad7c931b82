// set_config_value (`strata config set`): validated, atomic, preserving everything else.
#include <sys/stat.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "strata/config.hpp"

namespace strata {
namespace {

using testing::folder_listing;
using testing::kDefaultsText;
using testing::read_file;
using testing::ScratchFolder;
using testing::write_file;

class SetConfigValue : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return tmp_ / "strata.json"; }

  // The error set_config_value throws, after checking it left the file as it was.
  ConfigError set_error(std::string_view key, std::string_view value) {
    const bool existed = std::filesystem::exists(file());
    const std::string before = existed ? read_file(file()) : "";
    try {
      set_config_value(file(), key, value);
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::filesystem::exists(file()), existed);
      if (existed) {
        EXPECT_EQ(read_file(file()), before);
      }
      EXPECT_EQ(folder_listing(tmp_.path()),
                existed ? std::vector<std::string>{"strata.json"} : std::vector<std::string>{});
      return e;
    }
    ADD_FAILURE() << "no ConfigError for " << key << " = " << value;
    return ConfigError(file(), 0, 0, "(no error)");
  }

  ScratchFolder tmp_;
};

TEST_F(SetConfigValue, MissingFileStartsFromTheDefaults) {
  const Config config = set_config_value(file(), "backend", "avx");
  EXPECT_EQ(config.backend, "avx");
  EXPECT_EQ(read_file(file()),
            "{\n"
            "    \"backend\": \"avx\",\n"
            "    \"floatx\": \"float32\",\n"
            "    \"epsilon\": 1e-07,\n"
            "    \"image_data_format\": \"channels_last\"\n"
            "}\n");
  EXPECT_EQ(load_config_file(file()).backend, "avx");
  EXPECT_EQ(folder_listing(tmp_.path()), std::vector<std::string>{"strata.json"});
}

TEST_F(SetConfigValue, PreservesOtherKeysTheirOrderAndSections) {
  write_file(file(),
             R"({"image_data_format": "channels_first", "avx": {"threads": 2, "pin": true},
                 "note": "mine", "floatx": "float32"})");
  set_config_value(file(), "floatx", "float16");
  EXPECT_EQ(read_file(file()),
            "{\n"
            "    \"image_data_format\": \"channels_first\",\n"
            "    \"avx\": {\n"
            "        \"threads\": 2,\n"
            "        \"pin\": true\n"
            "    },\n"
            "    \"note\": \"mine\",\n"
            "    \"floatx\": \"float16\"\n"
            "}\n");
}

TEST_F(SetConfigValue, ValuesAreJsonWhenTheyParseAsJson) {
  set_config_value(file(), "epsilon", "0.001");
  set_config_value(file(), "avx.threads", "2");
  set_config_value(file(), "avx.pin", "true");
  set_config_value(file(), "avx.scale", "2.0");
  set_config_value(file(), "vulkan.device", "\"0\"");
  const Config config = load_config_file(file());
  EXPECT_EQ(config.epsilon, 0.001);
  EXPECT_EQ(config.settings_for("avx")->at("threads").as_int64(), 2);
  EXPECT_TRUE(config.settings_for("avx")->at("pin").as_bool());
  EXPECT_EQ(config.settings_for("avx")->at("scale").as_double(), 2.0);
  EXPECT_EQ(config.settings_for("vulkan")->at("device").as_string(), "0");
  EXPECT_NE(read_file(file()).find("\"scale\": 2.0\n"), std::string::npos) << read_file(file());
}

TEST_F(SetConfigValue, OtherValuesArePlainStrings) {
  set_config_value(file(), "backend", "/opt/strata plugins/libmine.so");
  EXPECT_EQ(load_config_file(file()).backend, "/opt/strata plugins/libmine.so");
}

TEST_F(SetConfigValue, RejectsBadValuesWithoutTouchingTheFile) {
  write_file(file(), kDefaultsText);
  const ConfigError e = set_error("floatx", "float8");
  EXPECT_EQ(e.line(), 0u);
  EXPECT_EQ(std::string(e.what()),
            file().string() +
                ": 'floatx' is \"float8\", which is not allowed: it must be one of \"float32\", "
                "\"float16\", \"bfloat16\", \"float64\"\nhint: fix the value in the file, or run: "
                "strata config set floatx float32");
  set_error("epsilon", "-1");
  set_error("epsilon", "tiny");
  set_error("backend", "\"\"");
  set_error("image_data_format", "NHWC");
}

TEST_F(SetConfigValue, RejectsUnknownKeysWithTheClosestKey) {
  write_file(file(), kDefaultsText);
  const ConfigError e = set_error("backnd", "avx");
  EXPECT_EQ(std::string(e.what()),
            file().string() +
                ": unknown key 'backnd'; did you mean 'backend'?\nhint: the keys are backend, "
                "floatx, epsilon, image_data_format; a backend's setting is written "
                "BACKEND.SETTING, e.g. strata config set avx.threads 2");
  set_error("threads", "2");
  set_error("image_dim_ordering", "th");
  set_error("floatx.bits", "16");
  set_error(".threads", "2");
  set_error("avx.", "2");
}

TEST_F(SetConfigValue, RejectsUnknownKeysWithoutCreatingAFile) {
  set_error("colour", "blue");
}

TEST_F(SetConfigValue, RefusesToOverwriteAMalformedFile) {
  const std::string malformed = "{\n    \"backend\": \"avx\",\n}\n";
  write_file(file(), malformed);
  std::string load_message;
  try {
    load_config_file(file());
  } catch (const ConfigError& e) {
    load_message = e.what();
  }
  const ConfigError e = set_error("floatx", "float16");
  EXPECT_EQ(std::string(e.what()), load_message);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 21u);
  EXPECT_EQ(read_file(file()), malformed);
}

TEST_F(SetConfigValue, FixesAnInvalidValue) {
  write_file(file(), R"({"floatx": "float8"})");
  EXPECT_THROW(load_config_file(file()), ConfigError);
  set_config_value(file(), "floatx", "float32");
  EXPECT_EQ(load_config_file(file()).floatx, "float32");
}

TEST_F(SetConfigValue, WritingImageDataFormatRetiresTheLegacyKey) {
  write_file(file(), R"({"image_dim_ordering": "th", "backend": "avx"})");
  set_config_value(file(), "image_data_format", "channels_last");
  EXPECT_EQ(read_file(file()),
            "{\n    \"backend\": \"avx\",\n    \"image_data_format\": \"channels_last\"\n}\n");
}

TEST_F(SetConfigValue, SectionNameTakenByAPlainValueIsAnError) {
  write_file(file(), R"({"acme": 3})");
  const ConfigError e = set_error("acme.mode", "fast");
  EXPECT_NE(std::string(e.what()).find("delete the key 'acme' from the file first"),
            std::string::npos)
      << e.what();
}

TEST_F(SetConfigValue, ReturnsTheWarningsOfTheWrittenFile) {
  write_file(file(), R"({"backnd": "avx"})");
  const Config config = set_config_value(file(), "floatx", "float64");
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_NE(config.warnings[0].find("did you mean 'backend'?"), std::string::npos);
}

TEST_F(SetConfigValue, CreatesMissingFolders) {
  const std::filesystem::path nested = tmp_ / "a" / "b" / "strata.json";
  set_config_value(nested, "backend", "reference");
  EXPECT_EQ(load_config_file(nested).backend, "reference");
  EXPECT_EQ(folder_listing(tmp_ / "a" / "b"), std::vector<std::string>{"strata.json"});
}

TEST_F(SetConfigValue, KeepsTheFilesPermissions) {
  write_file(file(), kDefaultsText);
  std::filesystem::permissions(
      file(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  set_config_value(file(), "backend", "avx");
  EXPECT_EQ(std::filesystem::status(file()).permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(SetConfigValue, ReplacesTheFileRatherThanWritingIntoIt) {
  write_file(file(), kDefaultsText);
  struct stat before {};
  ASSERT_EQ(::stat(file().c_str(), &before), 0);
  set_config_value(file(), "backend", "avx");
  struct stat after {};
  ASSERT_EQ(::stat(file().c_str(), &after), 0);
  EXPECT_NE(before.st_ino, after.st_ino);  // a new file renamed into place
  EXPECT_EQ(folder_listing(tmp_.path()), std::vector<std::string>{"strata.json"});
}

TEST_F(SetConfigValue, InfiniteSectionValuesStayReadable) {
  write_file(file(), R"({"acme": {"limit": 1e999}})");
  set_config_value(file(), "backend", "avx");
  const Config config = load_config_file(file());
  EXPECT_TRUE(std::isinf(config.settings_for("acme")->at("limit").as_double()));
}

}  // namespace
}  // namespace strata
