#include "bench/report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::bench {

std::optional<double> ratio(const Row& row, const PeerFigure& peer) {
  if (!row.ours || !peer.value || *peer.value == 0) return std::nullopt;
  return *row.ours / *peer.value;
}

bool Report::complete() const {
  return std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.ours.has_value(); });
}

std::string format_figure(double value) {
  return fmt::format("{:.4g}", value);
}

}  // namespace strata::bench
