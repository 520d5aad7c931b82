// Writes the seeds that Strata's own save functions make: model and weights files (in both
// input forms of model_file_input.hpp) and .npy files of each dtype save_npy writes.
//   fuzz_make_seeds tests/fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz_models.hpp"
#include "fuzz_support.hpp"
#include "model_file_header.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/npy.hpp"
#include "strata/keras/optimizers.hpp"
#include "strata/ops.hpp"

namespace {

namespace fs = std::filesystem;
using strata::Shape;
using strata::Tensor;

std::vector<char> read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& file, char first, const std::vector<char>& rest) {
  std::ofstream out(file, std::ios::binary);
  out.put(first);
  out.write(rest.data(), static_cast<std::streamsize>(rest.size()));
}

// The file as it is (form byte `raw`), and its JSON and data to be wrapped (form byte `raw|1`).
void write_both_forms(const fs::path& saved, const fs::path& folder, const std::string& name,
                      char raw) {
  const std::vector<char> bytes = read(saved);
  write(folder / (name + "-raw"), raw, bytes);
  const auto layout = strata::io_detail::decode_header(std::as_bytes(std::span(bytes)));
  std::vector<char> parts(bytes.begin() + static_cast<long>(layout.header_length),
                          bytes.begin() + static_cast<long>(layout.json_end()));
  parts.push_back('\0');
  parts.insert(parts.end(), bytes.begin() + static_cast<long>(layout.data_offset),
               bytes.begin() + static_cast<long>(layout.trailer_offset()));
  write(folder / (name + "-wrapped"), static_cast<char>(raw | 1), parts);
}

Tensor waves(const Shape& shape) {
  const Tensor ramp = Tensor::arange(double(shape.numel())).astype(strata::DType::float32);
  return strata::ops::tanh(ramp * 0.37 - 1.0).reshape(shape);
}

void model_seeds(const fs::path& root, const fs::path& scratch) {
  const fs::path models = root / "model_loader";
  const fs::path weights = root / "weights_loader";
  fs::create_directories(models);
  fs::create_directories(weights);
  const fs::path file = scratch / "model.strata";

  strata::Model functional = strata_fuzz::functional_seed_model();
  functional.fit({waves({8, 4}), waves({8, 4})}, {waves({8, 2})}, {.batch_size = 4, .verbose = 0});
  functional.save(file.string());
  write_both_forms(file, models, "functional-compiled", 2);

  strata::Sequential classifier({strata::Input({6}), strata::Dense(4, "relu"), strata::Dropout(0.5),
                                 strata::Dense(3, "softmax")});
  classifier.save(file.string());
  write_both_forms(file, models, "sequential", 0);

  strata::Sequential target = strata_fuzz::weights_target_model();
  target.save_weights(file.string());
  write_both_forms(file, weights, "weights", 0);
  target.save(file.string());
  write_both_forms(file, weights, "whole-model", 0);
}

void npy_seeds(const fs::path& root) {
  const fs::path folder = root / "npy_reader";
  fs::create_directories(folder);
  using strata::DType;
  strata::save_npy(folder / "float32-2x3.npy", waves({2, 3}));
  strata::save_npy(folder / "float64-scalar.npy", waves({}).astype(DType::float64));
  strata::save_npy(folder / "float16-4.npy", waves({4}).astype(DType::float16));
  strata::save_npy(folder / "int32-empty.npy", Tensor::zeros({0, 3}, DType::int32));
  strata::save_npy(folder / "int64-2x2x2.npy",
                   Tensor::arange(8).astype(DType::int64).reshape({2, 2, 2}));
  strata::save_npy(folder / "uint8-5.npy", Tensor::arange(5).astype(DType::uint8));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_seeds CORPUS_FOLDER\n");
    return 2;
  }
  strata_fuzz::isolate();
  const fs::path scratch = fs::path(std::getenv("STRATA_HOME"));
  model_seeds(argv[1], scratch);
  npy_seeds(argv[1]);
  return 0;
}
