#include "report_table.hpp"

#include <fmt/format.h>

namespace strata::bench {
namespace {

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

}  // namespace

std::string report_title(const Report& report) {
  return fmt::format(
      "strata bench: {} backend ({}) on {}, {} cores, load average {:.2f} at the start, {:.2f} "
      "at the end{}\n"
      "ratio = strata / peer: above 1 is faster in GFLOP/s, below 1 is faster in s and us",
      report.backend, report.backend_file, report.cpu, report.cores, report.load_start,
      report.load_end, report.quick ? "; --quick: tiny sizes, figures mean nothing" : "");
}

std::vector<TableLine> table_lines(const Report& report) {
  std::vector<TableLine> out = {
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

}  // namespace strata::bench
