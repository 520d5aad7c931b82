// The JSON document: the same figures as the table at full precision, with each ratio.
#include <strata/version.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "bench/report.hpp"

namespace strata::bench {
namespace {

// Absent figures are null, so every row has the same keys.
boost::json::value optional_number(std::optional<double> value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object peer_json(const Row& row, const PeerFigure& peer) {
  boost::json::object out;
  out["name"] = peer.name;
  out["value"] = optional_number(peer.value);
  out["ratio"] = optional_number(ratio(row, peer));
  out["note"] = peer.note;
  if (peer.loss) out["loss"] = *peer.loss;
  if (peer.nmse) out["nmse"] = *peer.nmse;
  out["skipped"] = !peer.value.has_value();
  return out;
}

boost::json::object row_json(const Row& row) {
  boost::json::object out;
  out["workload"] = row.workload;
  out["case"] = row.name;
  out["threads"] = row.threads;
  out["backend_threads"] = row.actual_threads;
  out["unit"] = row.unit;
  out["better"] = row.higher_is_better ? "higher" : "lower";
  boost::json::object strata;
  strata["value"] = optional_number(row.ours);
  if (row.loss) strata["loss"] = *row.loss;
  strata["note"] = row.note;
  out["strata"] = std::move(strata);
  boost::json::array peers;
  for (const PeerFigure& peer : row.peers) peers.push_back(peer_json(row, peer));
  out["peers"] = std::move(peers);
  return out;
}

}  // namespace

std::string json_report(const Report& report) {
  boost::json::object doc;
  doc["tool"] = "strata bench";
  doc["strata_version"] = std::string(strata::version());
  doc["backend"] = {{"name", report.backend}, {"file", report.backend_file}};
  doc["machine"] = {{"cpu", report.cpu},
                    {"cores", report.cores},
                    {"load_average_start", report.load_start},
                    {"load_average_end", report.load_end}};
  doc["min_time"] = report.min_time;
  doc["quick"] = report.quick;
  boost::json::array rows;
  for (const Row& row : report.rows) rows.push_back(row_json(row));
  doc["rows"] = std::move(rows);
  return boost::json::serialize(doc) + "\n";
}

}  // namespace strata::bench
