// Checkpoints survive crashes: a child process (checkpoint_writer.cpp) saves again and again and
// is killed, at chosen bytes of a save (SIGXFSZ from a file-size limit) and at random moments
// (SIGKILL), during Model::save and during fit's ModelCheckpoint. Each time the file on disk
// must load and hold a complete state the child had saved (never a partial file), and the
// temporary files the killed saves leave are removed by the next successful save.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "faults_test_support.hpp"
#include "strata/context.hpp"
#include "strata/keras/model.hpp"

namespace faults_test {
namespace {

namespace fs = std::filesystem;

// The writer, running with its stdout on a pipe.
class Writer {
 public:
  explicit Writer(std::vector<std::string> args) {
    // Built before fork: the child only calls async-signal-safe functions before exec.
    std::vector<char*> argv{const_cast<char*>(STRATA_TEST_CHECKPOINT_WRITER)};
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }
  ~Writer() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      wait();
    }
    if (out_ != nullptr) fclose(out_);
  }

  // The next line the writer printed ("saved 3"), or "" at end of output.
  std::string line() {
    char buffer[128];
    if (fgets(buffer, sizeof buffer, out_) == nullptr) return "";
    std::string text(buffer);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }
  // The last number it printed (after the word), reading to the end of its output.
  long last_number(long so_far) {
    for (std::string text = line(); !text.empty(); text = line()) {
      so_far = std::stol(text.substr(text.find(' ') + 1));
    }
    return so_far;
  }
  void kill_now() { kill(pid_, SIGKILL); }
  // The wait status once it has ended.
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  bool reaped_ = false;
};

int run_to_end(std::vector<std::string> args) {
  Writer writer(std::move(args));
  writer.last_number(0);
  const int status = writer.wait();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<float> weights_in(const fs::path& file) {
  static strata::Context reference{strata::Backend(reference_plugin())};
  const strata::BackendScope scope(reference);
  const strata::Model model = strata::load_model(file.string());
  std::vector<float> out;
  for (const strata::Variable& weight : model->weights()) {
    const std::vector<float> values = weight.value().to_vector<float>();
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

// The single value every weight in `file` holds (the writer's `save` mode), or NaN if mixed.
float uniform_value(const fs::path& file) {
  const std::vector<float> weights = weights_in(file);
  for (float w : weights) {
    if (w != weights.front()) return NAN;
  }
  return weights.front();
}

std::vector<fs::path> temporaries(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
      out.push_back(entry.path());
    }
  }
  return out;
}

TEST(CheckpointCrash, SaveKilledAtChosenBytesKeepsThePreviousFile) {
  const TempDir dir;
  const fs::path file = dir.path() / "model.strata";
  ASSERT_EQ(run_to_end({"save", file.string(), "0", "1"}), 0);
  const uint64_t size = fs::file_size(file);
  int kills = 0;
  for (const uint64_t limit : {uint64_t{0}, uint64_t{1}, uint64_t{100}, size / 2, size - 1}) {
    SCOPED_TRACE(testing::Message()
                 << "killed after writing " << limit << " of " << size << " bytes");
    const long first = 10 * (kills + 1);
    Writer writer({"save", file.string(), std::to_string(first), "0", std::to_string(limit)});
    EXPECT_EQ(writer.last_number(-1), first);  // the first save completed, the second died
    const int status = writer.wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) << "status " << status;
    ++kills;
    EXPECT_EQ(uniform_value(file), static_cast<float>(first));
    EXPECT_EQ(fs::file_size(file), size);
    const std::vector<fs::path> left = temporaries(dir.path());
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(fs::file_size(left[0]), limit);  // the crash came exactly where it was meant to
  }
  ASSERT_EQ(run_to_end({"save", file.string(), "99", "1"}), 0);
  EXPECT_EQ(uniform_value(file), 99.0f);
  EXPECT_TRUE(temporaries(dir.path()).empty()) << "a successful save removes dead writers' files";
  std::printf("[ crashes  ] %d saves killed at chosen bytes, previous file intact each time\n",
              kills);
}

TEST(CheckpointCrash, SaveKilledAtRandomMomentsKeepsACompleteFile) {
  const TempDir dir;
  const fs::path file = dir.path() / "model.strata";
  ASSERT_EQ(run_to_end({"save", file.string(), "0", "1"}), 0);
  std::mt19937 random(2026);
  std::uniform_int_distribution<int> delay_us(0, 40000);
  constexpr int kKills = 12;
  for (int run = 1; run <= kKills; ++run) {
    const long first = run * 100000L;
    Writer writer({"save", file.string(), std::to_string(first), "0"});
    ASSERT_EQ(writer.line(), "saved " + std::to_string(first));
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    writer.kill_now();
    const long last = writer.last_number(first);
    writer.wait();
    // The save in progress when the kill came may or may not have been renamed into place.
    const float value = uniform_value(file);
    EXPECT_TRUE(value == static_cast<float>(last) || value == static_cast<float>(last + 1))
        << "run " << run << ": the file holds " << value << ", the writer had saved " << last;
  }
  std::printf("[ crashes  ] %d saves killed at random moments, a complete file each time\n",
              kKills);
}

TEST(CheckpointCrash, ModelCheckpointKilledDuringFitKeepsACompleteEpoch) {
  const TempDir dir;
  constexpr int kEpochs = 6;
  ASSERT_EQ(
      run_to_end({"fit", (dir.path() / "epoch{epoch}.strata").string(), std::to_string(kEpochs)}),
      0);
  std::vector<std::vector<float>> epochs{{}};  // epochs[e]: the weights after epoch e
  for (int e = 1; e <= kEpochs; ++e) {
    epochs.push_back(weights_in(dir.path() / ("epoch" + std::to_string(e) + ".strata")));
  }
  const fs::path file = dir.path() / "checkpoint.strata";
  std::mt19937 random(7);
  std::uniform_int_distribution<int> delay_us(0, 30000);
  constexpr int kKills = 6;
  for (int run = 0; run < kKills; ++run) {
    Writer writer({"fit", file.string(), std::to_string(kEpochs)});
    ASSERT_EQ(writer.line(), "epoch 1");
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    writer.kill_now();
    const long last = writer.last_number(1);
    writer.wait();
    const std::vector<float> saved = weights_in(file);
    const bool complete = saved == epochs[static_cast<size_t>(last)] ||
                          (last < kEpochs && saved == epochs[static_cast<size_t>(last + 1)]);
    EXPECT_TRUE(complete) << "run " << run << ": the checkpoint is not epoch " << last << " or "
                          << last + 1;
  }
  std::printf("[ crashes  ] %d fits killed during ModelCheckpoint, a complete epoch each time\n",
              kKills);
}

}  // namespace
}  // namespace faults_test
