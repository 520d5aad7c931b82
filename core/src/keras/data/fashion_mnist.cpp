#include <fmt/format.h>

#include <string>

#include "strata/keras/datasets.hpp"
#include "strata/keras/io_error.hpp"

namespace strata::datasets::fashion_mnist {
namespace {

// The file for `stem` in `folder`: the gzip-compressed one the package ships, else an
// uncompressed copy.
std::filesystem::path locate(const std::filesystem::path& folder, std::string_view stem) {
  const std::filesystem::path compressed = folder / fmt::format("{}.gz", stem);
  const std::filesystem::path plain = folder / std::string(stem);
  std::error_code ec;
  if (std::filesystem::exists(compressed, ec)) return compressed;
  if (std::filesystem::exists(plain, ec)) return plain;
  throw IOError(compressed,
                fmt::format("Fashion-MNIST file not found (nor {} beside it). Install the data set "
                            "with `apt-get install dataset-fashion-mnist`, or pass load_data() "
                            "the folder holding train-images-idx3-ubyte.gz, "
                            "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
                            "t10k-labels-idx1-ubyte.gz",
                            plain.filename().string()));
}

// uint8 images (n,28,28) with n uint8 labels (n,).
std::pair<Tensor, Tensor> load_split(const std::filesystem::path& folder, std::string_view prefix) {
  const auto images_file = locate(folder, fmt::format("{}-images-idx3-ubyte", prefix));
  const auto labels_file = locate(folder, fmt::format("{}-labels-idx1-ubyte", prefix));
  Tensor images = read_idx(images_file);
  Tensor labels = read_idx(labels_file);
  if (images.dtype() != DType::uint8 || images.rank() != 3 || images.dim(1) != 28 ||
      images.dim(2) != 28) {
    throw IOError(images_file, fmt::format("expected Fashion-MNIST images, uint8 (n,28,28); the "
                                           "file holds {} {}",
                                           dtype_name(images.dtype()), images.shape().to_string()));
  }
  if (labels.dtype() != DType::uint8 || labels.rank() != 1 || labels.dim(0) != images.dim(0)) {
    throw IOError(
        labels_file,
        fmt::format("expected {} uint8 labels, shape ({},), for the {} images of {}; the "
                    "file holds {} {}",
                    images.dim(0), images.dim(0), images.dim(0), images_file.filename().string(),
                    dtype_name(labels.dtype()), labels.shape().to_string()));
  }
  return {std::move(images), std::move(labels)};
}

}  // namespace

TrainTestSplit load_data(std::optional<std::filesystem::path> folder) {
  const std::filesystem::path from = folder.value_or(std::filesystem::path(kDefaultFolder));
  return {load_split(from, "train"), load_split(from, "t10k")};
}

}  // namespace strata::datasets::fashion_mnist
