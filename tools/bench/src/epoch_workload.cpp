// One training epoch of the Fashion-MNIST MLP (784-512-512-10) and of the demo CNN
// (examples/fashion_mnist_cnn.cpp), with Keras's fit, against PyTorch CPU training the same
// model (tools/bench/torch_peer.py): batch 128, Adam(1e-3), sparse categorical cross-entropy,
// shuffled, pixels / 255. Both sides report their mean training loss: visibly the same work.
#include <fmt/format.h>
#include <strata/error.hpp>
#include <strata/keras/datasets.hpp>
#include <strata/keras/layers.hpp>
#include <strata/keras/model.hpp>
#include <strata/keras/optimizers.hpp>
#include <strata/ops.hpp>

#include <chrono>
#include <vector>

#include "device_tensor.hpp"
#include "session.hpp"
#include "timing.hpp"

namespace strata::bench {
namespace {

constexpr int64_t kBatch = 128;
// As on PyTorch's side: first-touch allocations are not part of an epoch.
constexpr int kWarmUpSteps = 2;

Sequential build_model(Workload workload) {
  if (workload == Workload::kMlpEpoch) {
    return Sequential({Input({784}), Dense(512, "relu"), Dense(512, "relu"), Dense(10, "softmax")});
  }
  return Sequential({
      Input({28, 28, 1}),
      Conv2D(32, {3, 3}, {.padding = "same", .activation = "relu"}),
      MaxPooling2D({2, 2}),
      Conv2D(64, {3, 3}, {.padding = "same", .activation = "relu"}),
      MaxPooling2D({2, 2}),
      Flatten(),
      Dropout(0.25),
      Dense(128, "relu"),
      Dense(10, "softmax"),
  });
}

// The training images as float32 [n,28,28,1] in [0,1] and the labels, loaded once per run.
const std::pair<Tensor, Tensor>& train_data(Session& session) {
  if (!session.train_data) {
    auto [train, test] = datasets::fashion_mnist::load_data(session.options.data_folder);
    auto [x, y] = train;
    if (const int64_t limit = epoch_sample_limit(session.options); limit > 0) {
      x = ops::slice_axis(x, 0, 0, limit);
      y = ops::slice_axis(y, 0, 0, limit);
    }
    x = ops::expand_dims(ops::divide(ops::cast(x, DType::float32), Tensor::scalar(255.0)), -1);
    session.train_data.emplace(x, y);
  }
  return *session.train_data;
}

struct EpochFigures {
  double seconds;
  double loss;
};

EpochFigures train_one_epoch(Session& session, Workload workload) {
  BackendScope scope(session.context);
  auto [x, y] = train_data(session);
  if (workload == Workload::kMlpEpoch) x = ops::reshape(x, std::vector<int64_t>{x.shape()[0], 784});
  set_seed(1);
  Sequential model = build_model(workload);
  model.compile(Adam(1e-3), "sparse_categorical_crossentropy");
  const Tensor x_warm = ops::slice_axis(x, 0, 0, kBatch), y_warm = ops::slice_axis(y, 0, 0, kBatch);
  for (int i = 0; i < kWarmUpSteps; ++i) model.train_on_batch(x_warm, y_warm);
  session.context.synchronize();
  settle(session.options.min_time);
  const auto start = std::chrono::steady_clock::now();
  const History history = model.fit(x, y, {.batch_size = kBatch, .epochs = 1, .verbose = 0});
  session.context.synchronize();
  return {seconds_since(start), history["loss"].back()};
}

}  // namespace

void run_epoch(Session& session, Workload workload, int threads) {
  const bool mlp = workload == Workload::kMlpEpoch;
  const int64_t limit = epoch_sample_limit(session.options);
  Row row =
      make_row(workload_name(workload),
               fmt::format("{} {}, batch {}, Adam", mlp ? "MLP 784-512-512-10" : "CNN",
                           limit > 0 ? fmt::format("{} samples", limit) : "60000 samples", kBatch),
               threads, "s", false);
  // PyTorch first: its child process is gone before Strata's threads start.
  const TorchPeer::Result torch = session.torch.result(workload, threads);
  try {
    row.actual_threads = use_threads(session.context.backend(), threads);
    const EpochFigures ours = train_one_epoch(session, workload);
    row.ours = ours.seconds;
    row.loss = ours.loss;
  } catch (const Error& e) {
    row.note = fmt::format("failed: {}", e.what());
  }
  row.peers.push_back(
      {.name = "pytorch", .value = torch.seconds, .note = torch.note, .loss = torch.loss});
  session.add(std::move(row));
}

}  // namespace strata::bench
