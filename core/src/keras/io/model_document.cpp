#include "model_document.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>

#include "../model/model_layer.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/version.hpp"

namespace strata::io_detail {

boost::json::object document_header(std::string_view contents) {
  return {{"format", "strata.model"}, {"strata_version", version()}, {"contents", contents}};
}

std::vector<TensorRecord> weight_records(const Model& model) {
  std::vector<TensorRecord> records;
  for (const LayerRef& layer : model.layers()) {
    for (const Variable& weight : layer->weights()) {
      records.push_back({weight.name(), layer->name(), TensorSection::weights, weight.value()});
    }
  }
  return records;
}

boost::json::value compile_config(ModelLayer& model) {
  const auto& compiled = model.compiled();
  if (!compiled) return nullptr;
  boost::json::array metrics;
  for (const Metric& metric : compiled->metrics.requested()) {
    metrics.emplace_back(metric.requested_name().empty() ? std::string(metric->name())
                                                         : metric.requested_name());
  }
  return boost::json::object{
      {"optimizer",
       {{"class_name", compiled->optimizer->class_name()},
        {"config", compiled->optimizer->get_config()}}},
      {"loss", {{"name", compiled->loss->name()}, {"config", compiled->loss->get_config()}}},
      {"metrics", std::move(metrics)}};
}

void compile_from_config(Model& model, const JsonAccess& config) {
  const JsonAccess optimizer = config["optimizer"];
  const JsonAccess loss = config["loss"];
  const JsonAccess metrics = config["metrics"];
  try {
    std::vector<Metric> rebuilt;
    for (std::size_t k = 0; k < metrics.array().size(); ++k) {
      rebuilt.emplace_back(metrics[k].string());
    }
    model.compile(
        optimizer_from_config(optimizer["class_name"].string(), optimizer["config"].object()),
        loss_from_config(loss["name"].string(), loss["config"].object()), std::move(rebuilt));
  } catch (const IOError&) {
    throw;
  } catch (const Error& error) {
    config.fail(
        fmt::format("cannot be applied: {}; load the model with compile=false and call "
                    "compile() yourself",
                    error.what()));
  }
}

boost::json::object optimizer_state(const Optimizer& optimizer) {
  return {{"class_name", optimizer->class_name()},
          {"iterations", optimizer->iterations()},
          {"learning_rate", optimizer->learning_rate()}};
}

std::vector<TensorRecord> optimizer_records(const Optimizer& optimizer) {
  std::vector<TensorRecord> records;
  for (const Variable& slot : optimizer->variables()) {
    records.push_back({slot.name(), {}, TensorSection::optimizer, slot.value()});
  }
  return records;
}

}  // namespace strata::io_detail
