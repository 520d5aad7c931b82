// keras.callbacks.CSVLogger: one row per epoch, "epoch" then the logs' keys in sorted order,
// written as Python's csv module writes them (excel dialect: QUOTE_MINIMAL, "\r\n" line ends)
// and flushed after every row so a crash loses at most the epoch in progress.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "python_format.hpp"
#include "strata/keras/callbacks.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

class CSVLoggerImpl final : public CallbackImpl {
 public:
  CSVLoggerImpl(std::string filename, char separator, bool append)
      : filename_(std::move(filename)), separator_(separator), append_(append) {}

  void on_train_begin(const Logs& /*logs*/) override {
    // As Keras: appending to a file that already has content adds no second header.
    std::error_code ec;
    write_header_ = !append_ || !std::filesystem::exists(filename_, ec) ||
                    std::filesystem::file_size(filename_, ec) == 0;
    file_.close();
    file_.clear();
    file_.open(filename_, std::ios::binary | (append_ ? std::ios::app : std::ios::trunc));
    if (!file_) fail("cannot open it for writing");
    keys_.reset();
  }

  // Only epoch logs are read, so fit need not read every batch's back.
  bool uses_batch_logs() const override { return false; }

  void on_epoch_end(int epoch, const Logs& logs) override {
    if (!file_.is_open()) on_train_begin(logs);
    if (!keys_) start_table(logs);
    std::vector<std::string> row{std::to_string(epoch)};
    for (const std::string& key : *keys_) {
      const std::optional<double> value = find_log(logs, key);
      row.push_back(value ? training_detail::python_float(*value) : "NA");
    }
    write_row(row);
  }

  void on_train_end(const Logs& /*logs*/) override { file_.close(); }

 private:
  void start_table(const Logs& logs) {
    std::vector<std::string> keys;
    for (const auto& entry : logs) keys.push_back(entry.first);
    std::sort(keys.begin(), keys.end());
    keys_ = keys;
    if (!write_header_) return;
    keys.insert(keys.begin(), "epoch");
    write_row(keys);
  }

  // Python's csv.QUOTE_MINIMAL: quoted only when the cell holds the separator, a quote or a
  // line break, with quotes doubled.
  std::string cell(const std::string& text) const {
    if (text.find_first_of(std::string{separator_, '"', '\r', '\n'}) == std::string::npos) {
      return text;
    }
    std::string quoted = "\"";
    for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  }

  void write_row(const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) file_ << separator_;
      file_ << cell(cells[i]);
    }
    file_ << "\r\n";
    file_.flush();
    if (!file_) fail("writing a row failed");
  }

  [[noreturn]] void fail(std::string_view what) const {
    throw IOError(filename_, fmt::format("CSVLogger: {} ({})", what, std::strerror(errno)));
  }

  std::string filename_;
  char separator_;
  bool append_;
  bool write_header_ = true;
  std::ofstream file_;
  std::optional<std::vector<std::string>> keys_;
};

}  // namespace

Callback CSVLogger(std::string filename, char separator, bool append) {
  if (separator == '"' || separator == '\r' || separator == '\n') {
    throw ValueError(
        fmt::format("CSVLogger: the separator cannot be a quote or a line break "
                    "(character code {}); use ',', ';' or '\\t'",
                    static_cast<int>(separator)));
  }
  return Callback(std::make_shared<CSVLoggerImpl>(std::move(filename), separator, append));
}

}  // namespace strata
