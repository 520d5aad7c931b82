// The console table: one line per (row, peer), columns padded to their widest cell.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "bench/report.hpp"

namespace strata::bench {
namespace {

using Line = std::array<std::string, 8>;

std::string figure_cell(std::optional<double> value, const std::string& unit) {
  return value ? fmt::format("{} {}", format_figure(*value), unit) : "-";
}

std::string notes_cell(const Row& row, const PeerFigure& peer) {
  std::vector<std::string> notes;
  if (!row.note.empty()) notes.push_back(row.note);
  if (row.actual_threads > 0 && row.actual_threads != row.threads) {
    notes.push_back(fmt::format("the backend used {} threads", row.actual_threads));
  }
  if (row.loss || peer.loss) {
    notes.push_back(fmt::format("loss strata {}, {} {}", row.loss ? format_figure(*row.loss) : "-",
                                peer.name, peer.loss ? format_figure(*peer.loss) : "-"));
  }
  if (peer.nmse) notes.push_back(fmt::format("nmse {:.1e}", *peer.nmse));
  if (!peer.note.empty()) notes.push_back(peer.note);
  return fmt::format("{}", fmt::join(notes, "; "));
}

std::vector<Line> lines(const Report& report) {
  std::vector<Line> out = {
      {"workload", "case", "threads", "strata", "peer", "peer figure", "ratio", "notes"}};
  for (const Row& row : report.rows) {
    const std::vector<PeerFigure> none = {PeerFigure{.name = "-"}};
    for (const PeerFigure& peer : row.peers.empty() ? none : row.peers) {
      const std::optional<double> r = ratio(row, peer);
      out.push_back({row.workload, row.name, fmt::format("{}", row.threads),
                     figure_cell(row.ours, row.unit), peer.name, figure_cell(peer.value, row.unit),
                     r ? fmt::format("{:.3f}", *r) : "-", notes_cell(row, peer)});
    }
  }
  return out;
}

}  // namespace

std::string console_report(const Report& report) {
  std::string text = fmt::format(
      "strata bench: {} backend ({}) on {}, {} cores{}\n"
      "ratio = strata / peer: above 1 is faster in GFLOP/s, below 1 is faster in s and us\n\n",
      report.backend, report.backend_file, report.cpu, report.cores,
      report.quick ? "; --quick: tiny sizes, figures mean nothing" : "");
  const std::vector<Line> table = lines(report);
  std::array<size_t, 8> width{};
  for (const Line& line : table) {
    for (size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  }
  for (const Line& line : table) {
    std::string out;
    for (size_t c = 0; c + 1 < line.size(); ++c) out += fmt::format("{:<{}}  ", line[c], width[c]);
    out += line.back();
    while (!out.empty() && out.back() == ' ') out.pop_back();
    text += out + "\n";
  }
  return text;
}

}  // namespace strata::bench
