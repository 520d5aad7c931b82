// Damaged, foreign and mismatched model files: every one an IOError that names the file and
// what is wrong where, never a crash; and saves that fail leave the previous file alone.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>

#include <csignal>
#include <cstring>

#include "io_test_support.hpp"
#include "model_test_models.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/keras/serialization.hpp"

namespace strata {
namespace {

using io_testing::expect_io_error;
using io_testing::expect_mentions;

// Fields of the format-1 header, read as docs/file-format.md lays them out.
uint64_t header_field(const std::string& bytes, std::size_t offset, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + size_t(i)]);
  }
  return value;
}

uint32_t crc_of(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// A format-1 file around `json` and `data`, made by following docs/file-format.md alone, so
// the tests can hand the reader documents whose checksums are right but whose content is not.
std::string assemble(std::string_view json, std::string_view data) {
  using io_testing::little_endian;
  const uint64_t data_offset = (48 + json.size() + 63) / 64 * 64;
  std::string file = std::string("STRATA\0\0", 8) + little_endian(1, 4) + little_endian(48, 4) +
                     little_endian(json.size(), 8) + little_endian(data_offset, 8) +
                     little_endian(data.size(), 8) + little_endian(crc_of(json), 4);
  file += little_endian(crc_of(file), 4);
  file += json;
  file.resize(data_offset, '\0');
  file += data;
  return file + little_endian(crc_of(file), 4) + little_endian(0, 4) + "STRATEND";
}

class ModelFileErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_.save(saved_.string());
    bytes_ = io_testing::read_file(saved_);
    json_length_ = header_field(bytes_, 16, 8);
    data_offset_ = header_field(bytes_, 24, 8);
    data_length_ = header_field(bytes_, 32, 8);
  }
  std::filesystem::path write(std::string_view name, std::string_view bytes) const {
    const auto file = folder_ / name;
    io_testing::write_file(file, bytes);
    return file;
  }
  IOError load_error(const std::filesystem::path& file) const {
    return expect_io_error([&] { load_model(file.string()); });
  }
  std::string json() const { return bytes_.substr(48, json_length_); }
  std::string data() const { return bytes_.substr(data_offset_, data_length_); }
  // The saved file with the first `from` in its JSON replaced by `to`, checksums made right.
  std::filesystem::path edited(std::string_view from, std::string_view to) const {
    std::string text = json();
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return write("edited.strata", assemble(text, data()));
  }
  std::string flipped(std::size_t offset) const {
    std::string copy = bytes_;
    copy[offset] = static_cast<char>(copy[offset] ^ 0x10);
    return copy;
  }

  io_testing::ScratchFolder folder_;
  Sequential model_ = io_testing::small_classifier();
  std::filesystem::path saved_ = folder_ / "model.strata";
  std::string bytes_;
  uint64_t json_length_ = 0, data_offset_ = 0, data_length_ = 0;
};

TEST_F(ModelFileErrorsTest, TheLayoutIsTheDocumentedOne) {
  EXPECT_EQ(bytes_.substr(0, 7), std::string("STRATA\0", 7));
  EXPECT_EQ(header_field(bytes_, 8, 4), 1u);    // format version
  EXPECT_EQ(header_field(bytes_, 12, 4), 48u);  // header length
  EXPECT_EQ(data_offset_ % 64, 0u);
  EXPECT_GE(data_offset_, 48 + json_length_);
  EXPECT_EQ(bytes_.size(), data_offset_ + data_length_ + 16);
  EXPECT_EQ(bytes_.substr(bytes_.size() - 8), "STRATEND");
  EXPECT_EQ(bytes_[48], '{');
  // The untrained model's four float32 weights, each starting at a multiple of 64: the 4x8
  // kernel at 0 (128 bytes), the 8 biases at 128 (32), the 8x3 kernel at 192 (96), the 3
  // biases at 320 (12); no optimizer slots before the first step.
  EXPECT_EQ(data_length_, 332u);
}

TEST_F(ModelFileErrorsTest, AFileWrittenFromTheDocumentationLoads) {
  Model loaded = load_model(write("same.strata", assemble(json(), data())).string());
  EXPECT_EQ(io_testing::weight_values(loaded), io_testing::weight_values(model_));
}

TEST_F(ModelFileErrorsTest, HandEditedJsonIsCheckedFieldByField) {
  struct Edit {
    std::string from, to;
    std::vector<std::string> mentions;
  };
  const std::vector<Edit> edits = {
      {"{\"format\"", "[\"format\"", {"is not a JSON object"}},
      {"\"contents\":\"model\"", "\"contents\":7", {"document.contents is not a string"}},
      {"\"units\":8",
       "\"units\":\"eight\"",
       {"document.model.config.layers[1]", "(a Dense) cannot be rebuilt from its config"}},
      {"\"class_name\":\"Dense\"", "\"class_name\":\"Dense2\"", {"Dense2"}},
      {"\"batch_shape\":[null,4]",
       "\"batch_shape\":4",
       {"document.model.config.layers[0].config.batch_shape is not a list"}},
      {"\"crc32\":", "\"crc\":", {"tensor table", "entry 0 has no 'crc32'"}},
      {"\"length\":128",
       "\"length\":64",
       {"entry 0", "has length 64, but (4,8) of float32 takes 128 bytes"}},
      {"\"offset\":320", "\"offset\":330", {"entry 3", "lies at bytes 330-342", "holds 332"}},
      {"\"dtype\":\"float32\",\"shape\":[4,8]",
       "\"dtype\":\"float8\",\"shape\":[4,8]",
       {"unknown dtype 'float8'"}},
      {"\"shape\":[4,8]", "\"shape\":[4,16]", {"has length 128, but (4,16) of float32"}},
  };
  for (const Edit& edit : edits) {
    SCOPED_TRACE(edit.from);
    const IOError error = load_error(edited(edit.from, edit.to));
    for (const std::string& part : edit.mentions) expect_mentions(error.what(), {part});
  }
}

TEST_F(ModelFileErrorsTest, AFunctionalGraphReferringToNothingIsAnError) {
  Model functional = io_testing::two_input_model();
  functional.save(saved_.string());
  bytes_ = io_testing::read_file(saved_);
  json_length_ = header_field(bytes_, 16, 8);
  data_offset_ = header_field(bytes_, 24, 8);
  data_length_ = header_field(bytes_, 32, 8);
  expect_mentions(
      load_error(edited("\"output_layers\":[[\"", "\"output_layers\":[[\"ghost_")).what(),
      {"output_layers[0]", "names layer 'ghost_", "which the model lacks"});
  expect_mentions(
      load_error(edited("\"inbound_nodes\":[[[\"", "\"inbound_nodes\":[[[\"ghost_")).what(),
      {"inbound_nodes[0][0]", "names layer 'ghost_"});
}

TEST_F(ModelFileErrorsTest, TruncationNamesTheByteAndWhatWasCut) {
  const std::string first_kernel = model_.layers()[0]->weights()[0].name();
  struct Cut {
    uint64_t keep;
    std::string inside;
  };
  const std::vector<Cut> cuts = {
      {5, "inside the header"},
      {30, "inside the header"},
      {48 + json_length_ / 2, "inside the JSON document"},
      {data_offset_ + 10, fmt::format("inside tensor '{}'", first_kernel)},
      {bytes_.size() - 5, "inside the trailer"},
  };
  for (const Cut& cut : cuts) {
    SCOPED_TRACE(cut.keep);
    const auto file = write("cut.strata", bytes_.substr(0, cut.keep));
    const IOError error = load_error(file);
    expect_mentions(error.what(), {file.string(), "truncated",
                                   fmt::format("ends at byte {}", cut.keep), cut.inside});
    EXPECT_EQ(error.byte(), cut.keep);
  }
  const auto empty = write("empty.strata", "");
  expect_mentions(load_error(empty).what(), {"empty"});
}

TEST_F(ModelFileErrorsTest, AFlippedWeightByteNamesTheTensor) {
  const std::string first_kernel = model_.layers()[0]->weights()[0].name();
  const auto file = write("flip.strata", flipped(data_offset_ + 6));
  const IOError error = load_error(file);
  expect_mentions(error.what(),
                  {file.string(), fmt::format("tensor '{}' is corrupted", first_kernel), "CRC-32"});
  // load_weights checks the same way, and leaves the model untouched.
  const auto before = io_testing::weight_values(model_);
  expect_mentions(expect_io_error([&] { model_.load_weights(file.string()); }).what(),
                  {"is corrupted"});
  EXPECT_EQ(io_testing::weight_values(model_), before);
}

TEST_F(ModelFileErrorsTest, DamageElsewhereIsFoundToo) {
  expect_mentions(load_error(write("h.strata", flipped(20))).what(), {"header", "corrupted"});
  expect_mentions(load_error(write("j.strata", flipped(60))).what(),
                  {"JSON document", "corrupted"});
  // Padding between the JSON and the data is covered by the whole file's checksum.
  ASSERT_LT(48 + json_length_, data_offset_) << "no padding to damage in this file";
  expect_mentions(load_error(write("p.strata", flipped(data_offset_ - 1))).what(),
                  {"checksum does not match", "padding"});
  expect_mentions(load_error(write("t.strata", flipped(bytes_.size() - 2))).what(), {"STRATEND"});
  expect_mentions(load_error(write("x.strata", bytes_ + "extra")).what(),
                  {"5 unexpected bytes", fmt::format("at byte {}", bytes_.size())});
}

TEST_F(ModelFileErrorsTest, ForeignFilesAreNamedForWhatTheyAre) {
  expect_mentions(load_error(write("a.strata", "STRAT0\0 and more")).what(),
                  {"not a Strata model file", "STRATA\\0"});
  expect_mentions(load_error(write("b.keras", "PK\x03\x04 zip")).what(), {"zip archive"});
  expect_mentions(load_error(write("c.h5", "\x89HDF\r\n\x1a\n")).what(), {"HDF5"});
}

TEST_F(ModelFileErrorsTest, ANewerFormatVersionAsksForANewerStrata) {
  std::string newer = bytes_;
  newer[8] = 2;
  const IOError error = load_error(write("v2.strata", newer));
  expect_mentions(error.what(), {"format version 2 is newer", "up to version 1", "newer Strata"});
}

TEST_F(ModelFileErrorsTest, AMissingFileIsNamed) {
  const auto file = folder_ / "nowhere" / "model.strata";
  expect_mentions(load_error(file).what(), {file.string(), "no such model file"});
}

TEST_F(ModelFileErrorsTest, WeightsOnlyFilesAreNotModels) {
  model_.save_weights((folder_ / "w.strata").string());
  expect_mentions(load_error(folder_ / "w.strata").what(), {"weights only", "load_weights"});
}

TEST_F(ModelFileErrorsTest, ShapeMismatchNamesTheLayerAndBothShapes) {
  Sequential wider = io_testing::small_classifier(/*hidden=*/16);
  const auto before = io_testing::weight_values(wider);
  const IOError error = expect_io_error([&] { wider.load_weights(saved_.string()); });
  expect_mentions(error.what(), {saved_.string(), wider.layers()[0]->name(), "(4,16)", "(4,8)"});
  EXPECT_EQ(io_testing::weight_values(wider), before) << "a failed load changed weights";

  Sequential deeper({Input({4}), Dense(8), Dense(8), Dense(3)});
  expect_mentions(expect_io_error([&] { deeper.load_weights(saved_.string()); }).what(),
                  {"weights for 2 layers", "has 3 layers with weights"});

  Sequential unbuilt;
  unbuilt.add(Dense(3));
  expect_mentions(expect_io_error([&] { unbuilt.load_weights(saved_.string()); }).what(),
                  {"no weights yet", "build it first"});
}

// ---- failed saves -----------------------------------------------------------------------

// A layer whose config cannot be written, to make saving fail midway.
class Unserializable : public Layer {
 public:
  Unserializable() : Layer("unserializable", {}) {}
  std::string_view class_name() const override { return "Unserializable"; }
  std::vector<Shape> compute_output_shapes(std::span<const Shape> shapes) const override {
    return {shapes.begin(), shapes.end()};
  }
  std::vector<Tensor> call(std::span<const Tensor> inputs, bool) override {
    return {inputs.begin(), inputs.end()};
  }
  boost::json::object get_config() const override { throw Error("get_config failed on purpose"); }
};

class FailedSaveTest : public ModelFileErrorsTest {
 protected:
  void expect_previous_file_intact() const {
    EXPECT_EQ(io_testing::read_file(saved_), bytes_);
    EXPECT_EQ(folder_.listing(), (std::vector<std::string>{"model.strata"}))
        << "a temporary file was left behind";
  }
};

TEST_F(FailedSaveTest, ASerializerThatThrowsLeavesThePreviousFile) {
  Sequential broken({Input({4}), LayerRef(std::make_shared<Unserializable>())});
  EXPECT_THROW(broken.save(saved_.string()), Error);
  expect_previous_file_intact();
}

TEST_F(FailedSaveTest, AWriteThatFailsMidwayLeavesThePreviousFile) {
  // The file size limit lets the temporary file grow to 100 bytes, then write() fails with
  // EFBIG, as on a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit previous{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &previous), 0);
  rlimit small = previous;
  small.rlim_cur = 100;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  const IOError error = expect_io_error([&] { model_.save(saved_.string()); });
  setrlimit(RLIMIT_FSIZE, &previous);
  expect_mentions(error.what(), {saved_.string(), "cannot save", "write failed", "unchanged"});
  expect_previous_file_intact();
}

TEST_F(FailedSaveTest, AFolderInTheWayIsAnError) {
  const auto inside = saved_ / "model.strata";  // model.strata is a file, not a folder
  expect_mentions(expect_io_error([&] { model_.save(inside.string()); }).what(),
                  {inside.string(), "cannot save"});
  expect_previous_file_intact();
}

TEST_F(ModelFileErrorsTest, AnUnknownLayerClassIsReportedNotCrashedOn) {
  // A layer class the loading program never registered.
  class Custom : public Unserializable {
   public:
    std::string_view class_name() const override { return "MyCustomLayer"; }
    boost::json::object get_config() const override { return Layer::get_config(); }
  };
  Sequential custom({Input({4}), LayerRef(std::make_shared<Custom>())});
  custom.save((folder_ / "custom.strata").string());
  expect_mentions(load_error(folder_ / "custom.strata").what(),
                  {"MyCustomLayer", "cannot be rebuilt"});
}

}  // namespace
}  // namespace strata
