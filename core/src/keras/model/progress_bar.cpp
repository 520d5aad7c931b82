// Keras 3's Progbar output (keras/src/utils/progbar.py), character for character.
#include "progress_bar.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ostream>

namespace strata::detail {
namespace {

constexpr int kBarWidth = 20;
constexpr double kRedrawInterval = 0.05;  // seconds, Keras's `interval`
constexpr std::string_view kBarGlyph = "━";

std::string repeat(std::string_view text, int times) {
  std::string out;
  for (int k = 0; k < times; ++k) out += text;
  return out;
}

// Keras's "%{numdigits}d/%d".
std::string step_count(int64_t current, int64_t target) {
  const int digits = static_cast<int>(std::log10(static_cast<double>(target))) + 1;
  return fmt::format("{:>{}}/{}", current, digits, target);
}

std::string styled(std::string_view text, std::string_view code, bool ansi) {
  return ansi ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
}

std::string metrics_text(const Logs& logs, bool compare_magnitude) {
  std::string out;
  for (const auto& [key, value] : logs) {
    out += fmt::format(" - {}: {}", key, format_log_value(value, compare_magnitude));
  }
  return out;
}

}  // namespace

std::string format_log_value(double value, bool compare_magnitude) {
  const double compared = compare_magnitude ? std::abs(value) : value;
  return compared > 1e-3 ? fmt::format("{:.4f}", value) : fmt::format("{:.4e}", value);
}

std::string format_time_per_step(double seconds) {
  if (seconds >= 1 || seconds == 0) return fmt::format("{:.0f}s/step", seconds);
  if (seconds >= 1e-3) return fmt::format("{:.0f}ms/step", seconds * 1e3);
  return fmt::format("{:.0f}us/step", seconds * 1e6);
}

std::string format_eta(double seconds) {
  // Python's "%d" truncates the float operands, as the casts do here.
  const auto whole = [](double v) { return static_cast<int64_t>(v); };
  if (seconds > 3600) {
    return fmt::format("{}:{:02}:{:02}", whole(std::floor(seconds / 3600)),
                       whole(std::floor(std::fmod(seconds, 3600) / 60)),
                       whole(std::fmod(seconds, 60)));
  }
  if (seconds > 60) {
    return fmt::format("{}:{:02}", whole(std::floor(seconds / 60)), whole(std::fmod(seconds, 60)));
  }
  return fmt::format("{}s", whole(seconds));
}

std::string progress_line(const ProgressFigures& figures, const Logs& logs, bool finalize,
                          bool ansi) {
  const double fraction =
      static_cast<double>(figures.current) / static_cast<double>(figures.target);
  const int done = static_cast<int>(kBarWidth * fraction);
  std::string line = styled(step_count(figures.current, figures.target), "1", ansi) + " ";
  if (done > 0) line += styled(repeat(kBarGlyph, done), "32", ansi);
  line += styled(repeat(kBarGlyph, kBarWidth - done), "37", ansi);
  const double remaining = static_cast<double>(figures.target - figures.current);
  const std::string time = finalize ? fmt::format("{:.0f}s", figures.elapsed_s)
                                    : format_eta(figures.time_per_step_s * remaining);
  line += " " + styled(time, "1", ansi);
  line += " " + format_time_per_step(figures.time_per_step_s);
  return line + metrics_text(logs, /*compare_magnitude=*/true);
}

std::string plain_progress_line(const ProgressFigures& figures, const Logs& logs) {
  return fmt::format("{} - {:.0f}s - {}{}", step_count(figures.current, figures.target),
                     figures.elapsed_s, format_time_per_step(figures.time_per_step_s),
                     metrics_text(logs, /*compare_magnitude=*/false));
}

std::string redraw_message(size_t previous_width, const std::string& line, size_t line_width,
                           bool finalize) {
  std::string message(previous_width, '\b');
  message += '\r';
  message += line;
  if (previous_width > line_width) message.append(previous_width - line_width, ' ');
  if (finalize) message += '\n';
  return message;
}

ProgressBar::ProgressBar(std::ostream& out, int64_t target, int verbose, bool dynamic)
    : out_(out), target_(target), verbose_(verbose), dynamic_(dynamic), start_(Clock::now()) {}

ProgressFigures ProgressBar::figures(int64_t current, Clock::time_point now) const {
  const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  ProgressFigures out{current, target_, seconds(now - start_), 0};
  if (current > 1 && first_step_seen_) {
    out.time_per_step_s = seconds(now - after_first_step_) / static_cast<double>(current - 1);
  } else if (current > 0) {
    out.time_per_step_s = out.elapsed_s / static_cast<double>(current);
  }
  return out;
}

bool ProgressBar::step_done(int64_t current) {
  const Clock::time_point now = Clock::now();
  if (current == 1 && !first_step_seen_) {
    after_first_step_ = now;
    first_step_seen_ = true;
  }
  if (verbose_ != 1 || !dynamic_) return false;
  return !drawn_ || std::chrono::duration<double>(now - last_draw_).count() >= kRedrawInterval;
}

void ProgressBar::draw(int64_t current, const Logs& logs) {
  last_draw_ = Clock::now();
  drawn_ = true;
  redraw(figures(current, last_draw_), logs, false);
}

void ProgressBar::finish(const Logs& logs) {
  const ProgressFigures done = figures(target_, Clock::now());
  if (verbose_ == 1 && dynamic_) {
    redraw(done, logs, true);
  } else {
    out_ << plain_progress_line(done, logs) << '\n' << std::flush;
  }
}

void ProgressBar::redraw(const ProgressFigures& figures, const Logs& logs, bool finalize) {
  // The width to cover next time counts what shows: the line without its escape codes.
  const size_t width = display_width(progress_line(figures, logs, finalize, false));
  out_ << redraw_message(previous_width_, progress_line(figures, logs, finalize, true), width,
                         finalize)
       << std::flush;
  previous_width_ = width;
}

}  // namespace strata::detail
