// The progress output, character for character as Keras 3's Progbar writes it.
#include "progress_bar.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace model_test {
namespace {

using strata::Logs;
using strata::detail::format_eta;
using strata::detail::format_log_value;
using strata::detail::format_time_per_step;
using strata::detail::plain_progress_line;
using strata::detail::progress_line;
using strata::detail::ProgressBar;
using strata::detail::ProgressFigures;
using strata::detail::redraw_message;

const Logs kTrainLogs{{"accuracy", 0.81234}, {"loss", 0.52341}};

std::string without_escapes(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      i = text.find('m', i);
    } else {
      out += text[i];
    }
  }
  return out;
}

TEST(ProgressFormat, LogValuesUseFourDecimalsOrScientificBelowOneThousandth) {
  EXPECT_EQ(format_log_value(0.48213), "0.4821");
  EXPECT_EQ(format_log_value(12.5), "12.5000");
  EXPECT_EQ(format_log_value(1.23456e-4), "1.2346e-04");
  EXPECT_EQ(format_log_value(0.001), "1.0000e-03");  // Keras compares with >, not >=
  EXPECT_EQ(format_log_value(0.0011), "0.0011");
  EXPECT_EQ(format_log_value(0.0), "0.0000e+00");
  // The bar compares magnitudes, the plain line signed values (as Keras's two branches do).
  EXPECT_EQ(format_log_value(-0.5), "-0.5000");
  EXPECT_EQ(format_log_value(-0.5, /*compare_magnitude=*/false), "-5.0000e-01");
}

TEST(ProgressFormat, TimePerStepPicksItsUnit) {
  EXPECT_EQ(format_time_per_step(0.008), "8ms/step");
  EXPECT_EQ(format_time_per_step(0.0125), "12ms/step");  // 12.5 rounds to even, as Python
  EXPECT_EQ(format_time_per_step(2.4), "2s/step");
  EXPECT_EQ(format_time_per_step(0.00035), "350us/step");
  EXPECT_EQ(format_time_per_step(0), "0s/step");
}

TEST(ProgressFormat, EtaIsSecondsThenMinutesThenHours) {
  EXPECT_EQ(format_eta(12.7), "12s");
  EXPECT_EQ(format_eta(60), "60s");
  EXPECT_EQ(format_eta(65.5), "1:05");
  EXPECT_EQ(format_eta(3725.9), "1:02:05");
}

TEST(ProgressFormat, RunningLine) {
  // 235 of 1875 steps at 6.6 ms a step: 1640 steps left, 10.8 s.
  const ProgressFigures figures{235, 1875, 1.6, 0.0066};
  EXPECT_EQ(progress_line(figures, kTrainLogs, false, false),
            " 235/1875 ━━━━━━━━━━━━━━━━━━━━ 10s 7ms/step - accuracy: 0.8123 - loss: 0.5234");
  EXPECT_EQ(progress_line(figures, kTrainLogs, false, true),
            "\x1b[1m 235/1875\x1b[0m \x1b[32m━━\x1b[0m\x1b[37m━━━━━━━━━━━━━━━━━━\x1b[0m "
            "\x1b[1m10s\x1b[0m 7ms/step - accuracy: 0.8123 - loss: 0.5234");
}

TEST(ProgressFormat, NoGreenPartBeforeOneTwentieth) {
  const ProgressFigures figures{1, 100, 0.5, 0.5};
  EXPECT_EQ(progress_line(figures, {}, false, true),
            "\x1b[1m  1/100\x1b[0m \x1b[37m━━━━━━━━━━━━━━━━━━━━\x1b[0m \x1b[1m49s\x1b[0m "
            "500ms/step");
}

TEST(ProgressFormat, FinalLineShowsElapsedTime) {
  const ProgressFigures figures{1875, 1875, 15.2, 0.0081};
  Logs logs = kTrainLogs;
  logs.emplace_back("val_accuracy", 0.85);
  logs.emplace_back("val_loss", 1.234567e-4);
  EXPECT_EQ(progress_line(figures, logs, true, false),
            "1875/1875 ━━━━━━━━━━━━━━━━━━━━ 15s 8ms/step - accuracy: 0.8123 - loss: 0.5234 - "
            "val_accuracy: 0.8500 - val_loss: 1.2346e-04");
  // All green: Keras still writes the (empty) white part.
  EXPECT_TRUE(progress_line(figures, logs, true, true)
                  .starts_with("\x1b[1m1875/1875\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m"
                               "\x1b[37m\x1b[0m \x1b[1m15s\x1b[0m 8ms/step - accuracy: 0.8123"));
}

TEST(ProgressFormat, PlainLineForNonTerminalsAndVerboseTwo) {
  const ProgressFigures figures{1875, 1875, 15.4, 0.0081};
  EXPECT_EQ(plain_progress_line(figures, kTrainLogs),
            "1875/1875 - 15s - 8ms/step - accuracy: 0.8123 - loss: 0.5234");
  EXPECT_EQ(plain_progress_line({7, 7, 0.2, 0.03}, {}), "7/7 - 0s - 30ms/step");
}

TEST(ProgressFormat, RedrawBackspacesReturnsAndCoversTheOldLine) {
  EXPECT_EQ(redraw_message(0, "abc", 3, false), "\rabc");
  EXPECT_EQ(redraw_message(5, "abc", 3, false), "\b\b\b\b\b\rabc  ");
  EXPECT_EQ(redraw_message(2, "abc", 3, true), "\b\b\rabc\n");
}

TEST(ProgressBarTest, NotATerminalPrintsOnePlainLineAtTheEnd) {
  std::ostringstream out;
  ProgressBar bar(out, 3, 1, /*dynamic=*/false);
  EXPECT_FALSE(bar.step_done(1));
  EXPECT_FALSE(bar.step_done(2));
  EXPECT_FALSE(bar.step_done(3));
  EXPECT_EQ(out.str(), "");
  bar.finish({{"loss", 0.25}});
  EXPECT_TRUE(out.str().starts_with("3/3 - 0s - ")) << out.str();
  EXPECT_TRUE(out.str().ends_with("/step - loss: 0.2500\n")) << out.str();
}

TEST(ProgressBarTest, TerminalRedrawsAtMostEveryFiftyMilliseconds) {
  std::ostringstream out;
  ProgressBar bar(out, 100, 1, /*dynamic=*/true);
  ASSERT_TRUE(bar.step_done(1));  // the first update always draws
  const auto before_draw = std::chrono::steady_clock::now();
  bar.draw(1, {{"loss", 1.0}});
  EXPECT_TRUE(out.str().starts_with("\r\x1b[1m  1/100\x1b[0m ")) << out.str();
  const bool due = bar.step_done(2);
  // Only meaningful when this thread was not held up for 40 ms (a loaded machine may be).
  if (std::chrono::steady_clock::now() - before_draw < std::chrono::milliseconds(40)) {
    EXPECT_FALSE(due) << "redrawn within 50 ms of the last draw";
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  ASSERT_TRUE(bar.step_done(3));
  const std::string first = out.str();
  bar.draw(3, {{"loss", 0.5}});
  // The second draw backs over what the first showed (escape codes excluded), then returns.
  const size_t shown = strata::detail::display_width(without_escapes(first.substr(1)));
  EXPECT_EQ(out.str().substr(first.size(), shown + 1), std::string(shown, '\b') + "\r");
  bar.finish({{"loss", 0.4}});
  EXPECT_TRUE(out.str().ends_with(" - loss: 0.4000\n")) << out.str();
}

}  // namespace
}  // namespace model_test
