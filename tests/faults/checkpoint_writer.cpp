// A program that saves checkpoints until it is killed, for checkpoint_crash_test.cpp. It runs
// on the reference backend and prints one line to stdout after each save returns, so the test
// knows which state must at least be on disk when it kills the process.
//
//   strata_checkpoint_writer save PATH FIRST COUNT [LIMIT]
//       Model::save of a fixed model to PATH, COUNT times (0: until killed), with every weight
//       set to FIRST, FIRST+1, ... ("saved K"). With LIMIT, the file-size limit drops to LIMIT
//       bytes after the first save, so the second one dies of SIGXFSZ having written exactly
//       LIMIT bytes of its temporary file: a crash at a chosen byte.
//   strata_checkpoint_writer fit PATH EPOCHS
//       fit of a seeded model with ModelCheckpoint(PATH), one epoch at a time ("epoch E", after
//       the checkpoint of epoch E was saved). PATH may contain {epoch}.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "strata/context.hpp"
#include "strata/keras/callbacks.hpp"
#include "strata/keras/layers.hpp"
#include "strata/keras/model.hpp"
#include "strata/keras/optimizers.hpp"
#include "strata/ops.hpp"

namespace {

strata::Sequential make_model() {
  strata::Sequential model(
      {strata::Input({32}), strata::Dense(64, "relu"), strata::Dense(10, "softmax")});
  model.compile(strata::Adam(0.001), "sparse_categorical_crossentropy");
  return model;
}

void limit_file_size(rlim_t bytes) {
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  const rlimit limit{bytes, bytes};
  setrlimit(RLIMIT_FSIZE, &limit);
}

int save_loop(const std::string& path, long first, long count, const char* limit) {
  strata::Sequential model = make_model();
  for (long k = first; count == 0 || k < first + count; ++k) {
    for (strata::Variable weight : model->weights()) {
      weight.assign(strata::ops::full_like(weight.value(), static_cast<double>(k)));
    }
    model.save(path);
    std::printf("saved %ld\n", k);
    std::fflush(stdout);
    if (limit != nullptr && k == first) limit_file_size(std::strtoull(limit, nullptr, 10));
  }
  return 0;
}

struct ReportEpoch : strata::CallbackImpl {
  bool uses_batch_logs() const override { return false; }
  void on_epoch_end(int epoch, const strata::Logs&) override {
    std::printf("epoch %d\n", epoch + 1);
    std::fflush(stdout);
  }
};

int fit_loop(const std::string& path, int epochs) {
  strata::set_seed(7);
  strata::Sequential model = make_model();
  std::vector<float> x(128 * 32);
  std::vector<int64_t> y(128);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 7919) % 101) / 101.0f;
  for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<int64_t>(i % 10);
  const strata::Tensor tx = strata::Tensor::from(x, strata::Shape{128, 32});
  const strata::Tensor ty = strata::Tensor::from(y, strata::Shape{128});
  model.fit(tx, ty,
            {.batch_size = 64,
             .epochs = epochs,
             .verbose = 0,
             .callbacks = {strata::ModelCheckpoint(path),
                           strata::Callback(std::make_shared<ReportEpoch>())},
             .shuffle = false});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  strata::Context reference("reference");
  const strata::BackendScope scope(reference);
  if (args.size() >= 4 && args[0] == "save") {
    return save_loop(args[1], std::stol(args[2]), std::stol(args[3]),
                     args.size() > 4 ? argv[5] : nullptr);
  }
  if (args.size() == 3 && args[0] == "fit") return fit_loop(args[1], std::stoi(args[2]));
  std::fprintf(stderr,
               "usage: strata_checkpoint_writer save PATH FIRST COUNT [LIMIT] | fit PATH EPOCHS\n");
  return 2;
}
