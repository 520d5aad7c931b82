// Keras 3's progress output (keras.utils.Progbar as ProgbarLogger drives it), as pure
// formatting functions and the small stateful bar that fit/evaluate/predict draw with.
//
// verbose=1 on a terminal redraws one line, at most every 50 ms:
//    235/1875 ━━━━━━━━━━━━━━━━━━━━ 12s 7ms/step - accuracy: 0.8123 - loss: 0.5234
// and ends the epoch with the elapsed time instead of the ETA:
//   1875/1875 ━━━━━━━━━━━━━━━━━━━━ 15s 8ms/step - accuracy: 0.8312 - loss: 0.4821
// verbose=2, or verbose=1 when stdout is not a terminal, prints one plain line at the end:
//   1875/1875 - 15s - 8ms/step - accuracy: 0.8312 - loss: 0.4821
// Values print with 4 decimals, or as 1.2346e-04 at or below 1e-3 (Keras's rule; the plain
// line compares the signed value, the bar its magnitude, as Keras does).
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "display_width.hpp"
#include "strata/keras/callbacks.hpp"

namespace strata::detail {

struct ProgressFigures {
  int64_t current = 0;
  int64_t target = 0;
  double elapsed_s = 0;        // since the bar started
  double time_per_step_s = 0;  // Keras's estimate (the first step left out once there are more)
};

// " 0.4821" style value text without the leading space: "0.4821", "1.2346e-04".
std::string format_log_value(double value, bool compare_magnitude = true);
// "8ms/step", "2s/step", "350us/step" (Keras's _format_time without its leading space).
std::string format_time_per_step(double seconds);
// "12s", "1:05", "1:00:05".
std::string format_eta(double seconds);
// The running or final bar line. With `ansi`, Keras's escape codes (bold count and times,
// green done part, white rest) are included; without them the line is plain text.
std::string progress_line(const ProgressFigures& figures, const Logs& logs, bool finalize,
                          bool ansi);
// The verbose=2 line, without its newline.
std::string plain_progress_line(const ProgressFigures& figures, const Logs& logs);
// What Keras writes to redraw: backspaces over the previous line, a carriage return, the new
// line padded with spaces to cover the old one, and a newline when final.
std::string redraw_message(size_t previous_width, const std::string& line, size_t line_width,
                           bool finalize);

// One bar: created when an epoch (or evaluate/predict) starts.
class ProgressBar {
 public:
  // `verbose` 1 or 2; `dynamic` when the output is a terminal (verbose 1 then redraws).
  ProgressBar(std::ostream& out, int64_t target, int verbose, bool dynamic);

  // Records that `current` steps are done; true when the bar should redraw now (so the caller
  // reads the logs from the device only then).
  bool step_done(int64_t current);
  // Redraws the running line (after step_done answered true).
  void draw(int64_t current, const Logs& logs);
  // The final line for `target` steps.
  void finish(const Logs& logs);

 private:
  using Clock = std::chrono::steady_clock;
  ProgressFigures figures(int64_t current, Clock::time_point now) const;
  void redraw(const ProgressFigures& figures, const Logs& logs, bool finalize);

  std::ostream& out_;
  int64_t target_;
  int verbose_;
  bool dynamic_;
  Clock::time_point start_;
  Clock::time_point after_first_step_;
  bool first_step_seen_ = false;
  Clock::time_point last_draw_;
  bool drawn_ = false;
  size_t previous_width_ = 0;
};

}  // namespace strata::detail
