// strata/keras/datasets.hpp: keras.datasets: small standard data sets, and the IDX reader they
// are stored with.
//
//   auto [train, test] = strata::datasets::fashion_mnist::load_data();
//   auto [x_train, y_train] = train;   // uint8 (60000,28,28) and uint8 (60000,)
//
// Unlike Keras, nothing is downloaded: the files come from a package (Debian's
// dataset-fashion-mnist) or a folder the caller names.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

#include "strata/tensor.hpp"

namespace strata::datasets {

// Reads an IDX file (the format of MNIST and Fashion-MNIST: a magic number holding the element
// type and rank, big-endian 32-bit sizes, then the big-endian elements), gzip-compressed or
// not, into a tensor on the current context. Element types: unsigned byte -> uint8, 32-bit
// int -> int32, float -> float32, double -> float64, and signed byte and 16-bit short widened
// to int32 (Strata has no narrower signed type). Throws IOError naming the file and the byte
// for a missing, truncated or malformed file (for gzip files, the byte of the decompressed
// contents, or of the file when the compressed data itself is damaged).
Tensor read_idx(const std::filesystem::path& file);

// (x, y) pairs as Keras's load_data() returns them: ((x_train, y_train), (x_test, y_test)).
using TrainTestSplit = std::pair<std::pair<Tensor, Tensor>, std::pair<Tensor, Tensor>>;

namespace fashion_mnist {

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr std::string_view kDefaultFolder = "/usr/share/datasets/fashion-mnist";

// The labels' meanings, by label value.
inline constexpr std::array<std::string_view, 10> kClassNames = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

// Reads train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte (each with or without .gz) from `folder`, kDefaultFolder when none is
// given: x_train uint8 (60000,28,28), y_train uint8 (60000,), x_test uint8 (10000,28,28),
// y_test uint8 (10000,), labels 0..9. Throws IOError naming the missing file (with the
// apt-get command that installs it) or what is wrong with a damaged one.
TrainTestSplit load_data(std::optional<std::filesystem::path> folder = std::nullopt);

}  // namespace fashion_mnist
}  // namespace strata::datasets
