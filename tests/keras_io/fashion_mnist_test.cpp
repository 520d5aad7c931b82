// fashion_mnist::load_data on the real files when the package is installed, and on small
// stand-ins the test writes, for the folder argument and the errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "io_test_support.hpp"
#include "strata/keras/datasets.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using datasets::fashion_mnist::kDefaultFolder;
using datasets::fashion_mnist::load_data;
using io_testing::big_endian;
using io_testing::expect_io_error;
using io_testing::expect_mentions;

bool installed() {
  return std::filesystem::exists(std::filesystem::path(kDefaultFolder) /
                                 "train-images-idx3-ubyte.gz");
}

TEST(FashionMnistTest, RealFilesHaveKerasShapesAndPublishedLabels) {
  if (!installed()) {
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  }
  const auto [train, test] = load_data();
  const auto& [x_train, y_train] = train;
  const auto& [x_test, y_test] = test;
  EXPECT_EQ(x_train.shape(), (Shape{60000, 28, 28}));
  EXPECT_EQ(y_train.shape(), (Shape{60000}));
  EXPECT_EQ(x_test.shape(), (Shape{10000, 28, 28}));
  EXPECT_EQ(y_test.shape(), (Shape{10000}));
  for (const Tensor* t : {&x_train, &y_train, &x_test, &y_test})
    EXPECT_EQ(t->dtype(), DType::uint8);

  const auto train_labels = y_train.to_vector<uint8_t>();
  const auto test_labels = y_test.to_vector<uint8_t>();
  EXPECT_EQ(*std::ranges::max_element(train_labels), 9);
  EXPECT_EQ(*std::ranges::max_element(test_labels), 9);
  // The data set's published samples: the first training image is an ankle boot (9), the
  // first test images an ankle boot, a pullover and two trousers; each class has 6000
  // training and 1000 test images.
  EXPECT_EQ(train_labels[0], 9);
  EXPECT_EQ(datasets::fashion_mnist::kClassNames[train_labels[0]], "Ankle boot");
  EXPECT_EQ((std::vector<uint8_t>(test_labels.begin(), test_labels.begin() + 4)),
            (std::vector<uint8_t>{9, 2, 1, 1}));
  for (uint8_t label = 0; label < 10; ++label) {
    EXPECT_EQ(std::ranges::count(train_labels, label), 6000) << int(label);
    EXPECT_EQ(std::ranges::count(test_labels, label), 1000) << int(label);
  }
  // The first image (an ankle boot on black) uses the full byte range.
  const auto first = ops::slice_axis(x_train, 0, 0, 1).to_vector<uint8_t>();
  EXPECT_EQ(first.size(), 784u);
  EXPECT_EQ(*std::ranges::max_element(first), 255);
  EXPECT_EQ(*std::ranges::min_element(first), 0);
}

class FashionMnistFolderTest : public ::testing::Test {
 protected:
  // `n` images of 28x28 (pixel i of image k is (k + i) % 256) and `n` labels k % 10.
  void write_split(std::string_view prefix, uint32_t n, bool compress = true) {
    std::string images =
        std::string("\0\0\x08\x03", 4) + big_endian(n, 4) + big_endian(28, 4) + big_endian(28, 4);
    std::string labels = std::string("\0\0\x08\x01", 4) + big_endian(n, 4);
    for (uint32_t k = 0; k < n; ++k) {
      for (int i = 0; i < 784; ++i) images.push_back(static_cast<char>((k + uint32_t(i)) % 256));
      labels.push_back(static_cast<char>(k % 10));
    }
    const std::string ext = compress ? ".gz" : "";
    io_testing::write_file(folder_ / fmt::format("{}-images-idx3-ubyte{}", prefix, ext),
                           compress ? io_testing::gzip(images) : images);
    io_testing::write_file(folder_ / fmt::format("{}-labels-idx1-ubyte{}", prefix, ext),
                           compress ? io_testing::gzip(labels) : labels);
  }
  io_testing::ScratchFolder folder_;
};

TEST_F(FashionMnistFolderTest, ReadsTheFilesOfTheGivenFolder) {
  write_split("train", 3);
  write_split("t10k", 2, /*compress=*/false);
  const auto [train, test] = load_data(folder_.path());
  EXPECT_EQ(train.first.shape(), (Shape{3, 28, 28}));
  EXPECT_EQ(train.second.to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 2}));
  EXPECT_EQ(test.first.shape(), (Shape{2, 28, 28}));
  const auto pixels = test.first.to_vector<uint8_t>();
  EXPECT_EQ(pixels[784 + 5], 6);  // image 1, pixel 5
}

TEST_F(FashionMnistFolderTest, MissingFilesSayHowToInstallThem) {
  const IOError error = expect_io_error([&] { load_data(folder_.path()); });
  expect_mentions(error.what(), {(folder_ / "train-images-idx3-ubyte.gz").string(), "not found",
                                 "apt-get install dataset-fashion-mnist"});
}

TEST_F(FashionMnistFolderTest, MismatchedCountsNameBothFiles) {
  write_split("train", 3);
  write_split("t10k", 2);
  io_testing::write_file(
      folder_ / "t10k-labels-idx1-ubyte.gz",
      io_testing::gzip(std::string("\0\0\x08\x01", 4) + big_endian(1, 4) + "\x01"));
  expect_mentions(expect_io_error([&] { load_data(folder_.path()); }).what(),
                  {"t10k-labels-idx1-ubyte.gz", "expected 2 uint8 labels",
                   "t10k-images-idx3-ubyte.gz", "(1,)"});
}

}  // namespace
}  // namespace strata
