// Each key's rules, the legacy key, unknown keys and per-backend sections.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "strata/config.hpp"

namespace strata {
namespace {

using testing::kTestFile;
using testing::parse_error;

Config parse(std::string_view text) {
  return parse_config_text(text, kTestFile);
}

TEST(ConfigKeys, AbsentKeysTakeTheirDefaults) {
  const Config config = parse("{}");
  EXPECT_EQ(config.file, kTestFile);
  EXPECT_EQ(config.backend, "auto");
  EXPECT_EQ(config.backend_source, ValueSource::kDefault);
  EXPECT_EQ(config.floatx, "float32");
  EXPECT_EQ(config.floatx_source, ValueSource::kDefault);
  EXPECT_EQ(config.epsilon, 1e-7);
  EXPECT_EQ(config.epsilon_source, ValueSource::kDefault);
  EXPECT_EQ(config.image_data_format, "channels_last");
  EXPECT_EQ(config.image_data_format_source, ValueSource::kDefault);
  EXPECT_TRUE(config.backend_settings.empty());
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ConfigKeys, EveryKeyIsReadWithItsSource) {
  const Config config = parse(R"({"backend": "reference", "floatx": "float64", "epsilon": 0.001,
                                  "image_data_format": "channels_first"})");
  EXPECT_EQ(config.backend, "reference");
  EXPECT_EQ(config.backend_source, ValueSource::kFile);
  EXPECT_EQ(config.floatx, "float64");
  EXPECT_EQ(config.floatx_source, ValueSource::kFile);
  EXPECT_EQ(config.epsilon, 0.001);
  EXPECT_EQ(config.epsilon_source, ValueSource::kFile);
  EXPECT_EQ(config.image_data_format, "channels_first");
  EXPECT_EQ(config.image_data_format_source, ValueSource::kFile);
}

TEST(ConfigKeys, BackendMayBeAPath) {
  EXPECT_EQ(parse(R"({"backend": "/opt/strata/libmine.so"})").backend, "/opt/strata/libmine.so");
}

TEST(ConfigKeys, BackendMustBeANonEmptyString) {
  const ConfigError e = parse_error("{\n    \"backend\": \"\"\n}");
  EXPECT_EQ(e.file(), kTestFile);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 16u);
  EXPECT_EQ(std::string(e.what()),
            "/cfg/strata.json:2:16: 'backend' is \"\", which is not allowed: it must be a "
            "non-empty string: \"auto\", a backend's name (reference, avx, vulkan or a third "
            "party's) or the path to a plugin file\nhint: fix the value in the file, or run: "
            "strata config set backend auto");
  EXPECT_EQ(parse_error(R"({"backend": 3})").column(), 13u);
  EXPECT_EQ(parse_error(R"({"backend": null})").column(), 13u);
}

TEST(ConfigKeys, FloatxAcceptsTheFourTypes) {
  for (const char* type : {"float32", "float16", "bfloat16", "float64"}) {
    EXPECT_EQ(parse(fmt::format(R"({{"floatx": "{}"}})", type)).floatx, type);
  }
}

TEST(ConfigKeys, FloatxRejectsOtherValuesListingTheAllowedOnes) {
  const ConfigError e = parse_error("{\"backend\": \"avx\",\n \"floatx\": \"float8\"}");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 12u);
  EXPECT_EQ(std::string(e.what()),
            "/cfg/strata.json:2:12: 'floatx' is \"float8\", which is not allowed: it must be one "
            "of \"float32\", \"float16\", \"bfloat16\", \"float64\"\nhint: fix the value in the "
            "file, or run: strata config set floatx float32");
  EXPECT_THROW(parse(R"({"floatx": 32})"), ConfigError);
  EXPECT_THROW(parse(R"({"floatx": "Float32"})"), ConfigError);
}

TEST(ConfigKeys, EpsilonMustBePositiveAndFinite) {
  EXPECT_EQ(parse(R"({"epsilon": 1})").epsilon, 1.0);
  EXPECT_EQ(parse(R"({"epsilon": 1e-3})").epsilon, 1e-3);
  for (const char* bad : {"0", "-1e-7", "\"1e-7\"", "1e999", "true", "null"}) {
    const ConfigError e = parse_error(fmt::format(R"({{"epsilon": {}}})", bad));
    EXPECT_EQ(e.column(), 13u) << bad;
    EXPECT_NE(std::string(e.what()).find("it must be a positive finite number"), std::string::npos)
        << e.what();
  }
}

TEST(ConfigKeys, AnOverflowingEpsilonIsShownAsSuch) {
  EXPECT_EQ(std::string(parse_error(R"({"epsilon": 1e999})").what()),
            "/cfg/strata.json:1:13: 'epsilon' is a number too large (infinite), which is not "
            "allowed: it must be a positive finite number\nhint: fix the value in the file, or "
            "run: strata config set epsilon 1e-07");
}

TEST(ConfigKeys, ImageDataFormatIsChannelsLastOrFirst) {
  EXPECT_EQ(parse(R"({"image_data_format": "channels_first"})").image_data_format,
            "channels_first");
  const ConfigError e = parse_error(R"({"image_data_format": "NHWC"})");
  EXPECT_EQ(e.column(), 23u);
  EXPECT_NE(std::string(e.what()).find(R"(one of "channels_last", "channels_first")"),
            std::string::npos)
      << e.what();
}

TEST(ConfigKeys, TopLevelMustBeAnObject) {
  const ConfigError e = parse_error("\n  [\"backend\"]");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 3u);
  EXPECT_NE(std::string(e.what()).find("must be a JSON object"), std::string::npos) << e.what();
}

TEST(LegacyImageKey, ThMeansChannelsFirstWithANotice) {
  const Config config = parse("{\n  \"image_dim_ordering\": \"th\"\n}");
  EXPECT_EQ(config.image_data_format, "channels_first");
  EXPECT_EQ(config.image_data_format_source, ValueSource::kFile);
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_EQ(config.warnings[0],
            "/cfg/strata.json:2:25: legacy key 'image_dim_ordering' (\"th\") read as "
            "\"image_data_format\": \"channels_first\"; write that instead to silence this notice");
}

TEST(LegacyImageKey, TfMeansChannelsLast) {
  const Config config = parse(R"({"image_dim_ordering": "tf"})");
  EXPECT_EQ(config.image_data_format, "channels_last");
  EXPECT_EQ(config.warnings.size(), 1u);
}

TEST(LegacyImageKey, AgreeingWithTheNewKeyIsOnlyANotice) {
  const Config config =
      parse(R"({"image_data_format": "channels_first", "image_dim_ordering": "th"})");
  EXPECT_EQ(config.image_data_format, "channels_first");
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_NE(config.warnings[0].find("can be deleted"), std::string::npos) << config.warnings[0];
}

TEST(LegacyImageKey, DisagreeingWithTheNewKeyIsAnError) {
  const ConfigError e = parse_error(
      "{\n  \"image_data_format\": \"channels_last\",\n  \"image_dim_ordering\": \"th\"\n}");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 25u);
  EXPECT_EQ(std::string(e.what()),
            "/cfg/strata.json:3:25: 'image_data_format' is \"channels_last\" but the legacy key "
            "'image_dim_ordering' is \"th\", which means \"channels_first\"\nhint: delete "
            "'image_dim_ordering' ('image_data_format' replaces it), or make the two agree");
}

TEST(LegacyImageKey, OtherValuesAreRejected) {
  const ConfigError e = parse_error(R"({"image_dim_ordering": "tensorflow"})");
  EXPECT_NE(std::string(e.what()).find(R"(it must be "tf" (channels_last) or "th")"),
            std::string::npos)
      << e.what();
}

TEST(UnknownKeys, WarnWithPositionAndClosestKey) {
  const Config config = parse("{\n    \"backnd\": \"avx\"\n}");
  EXPECT_EQ(config.backend, "auto");
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_EQ(config.warnings[0],
            "/cfg/strata.json:2:5: unknown key 'backnd' ignored; did you mean 'backend'?");
}

TEST(UnknownKeys, SuggestionsCoverCaseSwapsAndMissingWords) {
  const auto warning = [](std::string_view key) {
    return parse(fmt::format(R"({{"{}": 1}})", key)).warnings.at(0);
  };
  EXPECT_NE(warning("Backend").find("did you mean 'backend'?"), std::string::npos);
  EXPECT_NE(warning("flaotx").find("did you mean 'floatx'?"), std::string::npos);
  EXPECT_NE(warning("image_format").find("did you mean 'image_data_format'?"), std::string::npos);
  EXPECT_NE(warning("epsilion").find("did you mean 'epsilon'?"), std::string::npos);
}

TEST(UnknownKeys, WithoutACloseKeyListTheKnownOnes) {
  const Config config = parse(R"({"learning_rate": 0.1})");
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_EQ(config.warnings[0],
            "/cfg/strata.json:1:2: unknown key 'learning_rate' ignored; the known keys are "
            "backend, floatx, epsilon, image_data_format, and a backend's settings go in an "
            "object under its name, e.g. \"avx\": {\"threads\": 2}");
}

TEST(UnknownKeys, RepeatedKeysWarnAndTheLastCounts) {
  const Config config = parse("{\"backend\": \"avx\",\n \"backend\": \"vulkan\"}");
  EXPECT_EQ(config.backend, "vulkan");
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_EQ(config.warnings[0],
            "/cfg/strata.json:2:2: key 'backend' appears more than once (also at line 1); only "
            "the last one counts, so delete the others");
}

TEST(BackendSections, AnyObjectIsABackendsSettings) {
  const Config config = parse(R"({"backend": "avx", "avx": {"threads": 2},
                                  "vulkan": {"device": 0}, "acme-npu": {"mode": "fast"}})");
  EXPECT_TRUE(config.warnings.empty());
  ASSERT_NE(config.settings_for("avx"), nullptr);
  EXPECT_EQ(config.settings_for("avx")->at("threads").as_int64(), 2);
  EXPECT_EQ(config.settings_for("vulkan")->at("device").as_int64(), 0);
  EXPECT_EQ(config.settings_for("acme-npu")->at("mode").as_string(), "fast");
  EXPECT_EQ(config.settings_for("reference"), nullptr);
  EXPECT_EQ(config.backend_settings.size(), 3u);
}

TEST(BackendSections, KnownKeysCannotBeSections) {
  EXPECT_THROW(parse(R"({"floatx": {"x": 1}})"), ConfigError);
}

}  // namespace
}  // namespace strata
