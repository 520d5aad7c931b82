// load_config: the defaults file, never rewriting it, and STRATA_BACKEND on top.
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "strata/config.hpp"

namespace strata {
namespace {

using testing::EnvironmentGuard;
using testing::kDefaultsText;
using testing::read_file;
using testing::ScratchFolder;
using testing::write_file;

class LoadConfig : public ::testing::Test {
 protected:
  LoadConfig() { env_.set("STRATA_HOME", home().string()).unset("STRATA_BACKEND"); }
  std::filesystem::path home() const { return tmp_ / "strata-home"; }
  std::filesystem::path file() const { return home() / "strata.json"; }

  ScratchFolder tmp_;
  EnvironmentGuard env_;
};

TEST_F(LoadConfig, CreatesTheDefaultsFileWithExactContent) {
  const Config config = load_config();
  EXPECT_TRUE(config.created);
  EXPECT_EQ(config.file, file());
  EXPECT_EQ(config.file_why, "STRATA_HOME");
  EXPECT_EQ(read_file(file()), kDefaultsText);
  EXPECT_EQ(config.backend, "auto");
  EXPECT_EQ(config.floatx, "float32");
  EXPECT_EQ(config.epsilon, 1e-7);
  EXPECT_EQ(config.image_data_format, "channels_last");
  EXPECT_EQ(config.backend_source, ValueSource::kFile);
  EXPECT_TRUE(config.warnings.empty());
}

TEST_F(LoadConfig, NeverRewritesAnExistingFile) {
  load_config();
  const std::string edited = "{ \"backend\":\"reference\",  \"avx\": {\"threads\": 3} }";
  write_file(file(), edited);
  const Config config = load_config();
  EXPECT_FALSE(config.created);
  EXPECT_EQ(read_file(file()), edited);
  EXPECT_EQ(config.backend, "reference");
  EXPECT_EQ(config.floatx, "float32");
  EXPECT_EQ(config.floatx_source, ValueSource::kDefault);
}

TEST_F(LoadConfig, SecondLoadDoesNotCreateAgain) {
  EXPECT_TRUE(load_config().created);
  EXPECT_FALSE(load_config().created);
  EXPECT_EQ(testing::folder_listing(home()), std::vector<std::string>{"strata.json"});
}

TEST_F(LoadConfig, UsesDefaultsWhenTheFileCannotBeCreated) {
  write_file(tmp_ / "afile", "");
  env_.set("STRATA_HOME", (tmp_ / "afile" / "sub").string());
  const Config config = load_config();
  EXPECT_FALSE(config.created);
  EXPECT_EQ(config.file, tmp_ / "afile" / "sub" / "strata.json");
  EXPECT_EQ(config.backend, "auto");
  EXPECT_EQ(config.backend_source, ValueSource::kDefault);
  EXPECT_TRUE(config.warnings.empty());
}

TEST_F(LoadConfig, StrataBackendOverridesTheFile) {
  std::filesystem::create_directories(home());
  write_file(file(), R"({"backend": "avx"})");
  env_.set("STRATA_BACKEND", "vulkan");
  const Config config = load_config();
  EXPECT_EQ(config.backend, "vulkan");
  EXPECT_EQ(config.backend_source, ValueSource::kEnvironment);
  EXPECT_EQ(to_string(config.backend_source), "STRATA_BACKEND");
}

TEST_F(LoadConfig, EmptyStrataBackendIsIgnored) {
  std::filesystem::create_directories(home());
  write_file(file(), R"({"backend": "avx"})");
  env_.set("STRATA_BACKEND", "");
  const Config config = load_config();
  EXPECT_EQ(config.backend, "avx");
  EXPECT_EQ(config.backend_source, ValueSource::kFile);
}

TEST_F(LoadConfig, LoadConfigFileIgnoresTheEnvironment) {
  std::filesystem::create_directories(home());
  write_file(file(), R"({"backend": "avx"})");
  env_.set("STRATA_BACKEND", "vulkan");
  EXPECT_EQ(load_config_file(file()).backend, "avx");
}

TEST_F(LoadConfig, ApplyEnvironmentTakesAPath) {
  env_.set("STRATA_BACKEND", "/opt/plugins/libstrata_mine.so");
  Config config;
  apply_environment(config);
  EXPECT_EQ(config.backend, "/opt/plugins/libstrata_mine.so");
  EXPECT_EQ(config.backend_source, ValueSource::kEnvironment);
}

TEST_F(LoadConfig, MalformedFileIsAnErrorNamingTheFile) {
  std::filesystem::create_directories(home());
  write_file(file(), "{\"backend\": \"avx\",}");
  try {
    load_config();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), file());
    EXPECT_EQ(std::string(e.what()).rfind(file().string() + ":1:18: trailing comma", 0), 0u)
        << e.what();
  }
}

TEST_F(LoadConfig, MissingFileIsAnErrorForLoadConfigFile) {
  try {
    load_config_file(file());
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              file().string() +
                  ": the config file does not exist\nhint: run any Strata program to create it "
                  "with the defaults, or create it with: strata config set backend auto");
  }
}

TEST_F(LoadConfig, UnreadableFileIsAnError) {
  std::filesystem::create_directories(file());  // a folder where the file should be
  EXPECT_THROW(load_config(), ConfigError);
}

TEST(ValueSourceNames, AreWhatUsersSee) {
  EXPECT_EQ(to_string(ValueSource::kDefault), "default");
  EXPECT_EQ(to_string(ValueSource::kFile), "file");
  EXPECT_EQ(to_string(ValueSource::kEnvironment), "STRATA_BACKEND");
  EXPECT_EQ(to_string(ValueSource::kArgument), "argument");
}

TEST(ByteOrderMark, IsAcceptedSilently) {
  const Config config = parse_config_text("\xEF\xBB\xBF{\"backend\": \"avx\"}", "bom.json");
  EXPECT_EQ(config.backend, "avx");
  EXPECT_TRUE(config.warnings.empty());
}

// Editors do not show the mark, so it must not shift the reported column either.
TEST(ByteOrderMark, DoesNotShiftColumns) {
  const ConfigError e = testing::parse_error(
      "\xEF\xBB\xBF{\xE2\x80\x9C"
      "backend\": 1}");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 2u);
}

}  // namespace
}  // namespace strata
